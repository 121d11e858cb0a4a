// The items panel's query bar: Scan or Query, the table or an index, the partition key value and an optional sort-key
// condition, Run, Refresh and Load more. It only draws and reports; the host checks the input and says what is wrong
// (shown inline under the bar).
import { SORT_OPERATORS, type IndexChoice, type ItemsQuerySpec, type SortOperator } from '../core/panel/itemsProtocol';
import { h, setText } from './dom';
import { icon } from './icons';

export interface QueryBarActions {
  run(query: ItemsQuerySpec): void;
  refresh(): void;
  more(): void;
}

const TYPE_NAMES: Record<string, string> = { S: 'String', N: 'Number', B: 'Binary' };

function indexLabel(c: IndexChoice): string {
  const keys = [c.partitionKey.name, c.sortKey?.name].filter(Boolean).join(', ');
  return c.kind === 'table' ? `Table (${keys})` : `${c.kind} ${c.name} (${keys})`;
}

function select(label: string, onChange: () => void): HTMLSelectElement {
  const el = h('select', { className: 'query-select', attrs: { 'aria-label': label } });
  el.addEventListener('change', onChange);
  return el;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = h('option', null, text);
  o.value = value;
  return o;
}

export class ItemsQueryBar {
  readonly element: HTMLElement;
  readonly errorBox = h('div', { className: 'notice error query-error', attrs: { role: 'alert' } });
  private readonly mode = select('Operation', () => this.layout());
  private readonly index = select('Table or index', () => this.layout());
  private readonly partition = h('input', { className: 'filter query-input', attrs: { type: 'text', 'aria-label': 'Partition key value', spellcheck: 'false' } });
  private readonly operator = select('Sort key condition', () => this.layout());
  private readonly sortValue = h('input', { className: 'filter query-input', attrs: { type: 'text', 'aria-label': 'Sort key value', spellcheck: 'false' } });
  private readonly sortValue2 = h('input', { className: 'filter query-input', attrs: { type: 'text', 'aria-label': 'Sort key high value', spellcheck: 'false' } });
  private readonly andText = h('span', { className: 'query-and' }, 'and');
  private readonly runBtn: HTMLButtonElement;
  private readonly moreBtn: HTMLButtonElement;
  private indexes: IndexChoice[] = [];

  constructor(actions: QueryBarActions) {
    this.mode.append(option('scan', 'Scan'), option('query', 'Query'));
    this.operator.append(option('', 'no sort key condition'), ...SORT_OPERATORS.map((op) => option(op, op)));
    this.runBtn = h('button', { className: 'btn', title: 'Run: the first page of this Scan or Query', attrs: { type: 'button' }, on: { click: () => actions.run(this.query()) } }, 'Run');
    const refreshBtn = h('button', { className: 'icon-btn', title: 'Refresh: run the query again from its first page', attrs: { type: 'button', 'aria-label': 'Refresh' }, on: { click: () => actions.refresh() } });
    refreshBtn.append(icon('refresh'));
    this.moreBtn = h('button', { className: 'btn', title: 'Load the next page (LastEvaluatedKey)', attrs: { type: 'button' }, on: { click: () => actions.more() } }, 'Load more');
    for (const input of [this.partition, this.sortValue, this.sortValue2]) {
      input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') actions.run(this.query());
      });
    }
    this.element = h(
      'div',
      { className: 'toolbar query-bar', attrs: { role: 'toolbar', 'aria-label': 'Query' } },
      this.mode,
      this.index,
      this.partition,
      this.operator,
      this.sortValue,
      this.andText,
      this.sortValue2,
      h('span', { className: 'group' }, this.runBtn, refreshBtn, this.moreBtn),
    );
    this.errorBox.hidden = true;
    this.layout();
  }

  /** The table's indexes, and the query to show (the last one run). */
  show(indexes: readonly IndexChoice[], query: ItemsQuerySpec): void {
    this.indexes = [...indexes];
    this.index.replaceChildren(...this.indexes.map((c) => option(c.name, indexLabel(c))));
    this.mode.value = query.mode;
    this.index.value = query.index;
    this.partition.value = query.partitionValue;
    this.operator.value = query.sortOperator;
    this.sortValue.value = query.sortValue;
    this.sortValue2.value = query.sortValue2;
    this.layout();
  }

  query(): ItemsQuerySpec {
    return {
      mode: this.mode.value === 'query' ? 'query' : 'scan',
      index: this.index.value,
      partitionValue: this.partition.value,
      // A condition the chosen index cannot take is not shown, so not sent.
      sortOperator: !this.operator.hidden && (SORT_OPERATORS as readonly string[]).includes(this.operator.value) ? (this.operator.value as SortOperator) : '',
      sortValue: this.sortValue.value,
      sortValue2: this.sortValue2.value,
    };
  }

  update(state: { more: boolean; error?: string }): void {
    this.moreBtn.disabled = !state.more;
    // Run stays enabled while a page loads: a new run supersedes it (its answer is dropped).
    this.errorBox.hidden = !state.error;
    setText(this.errorBox, state.error ?? '');
  }

  /** Only the fields the chosen operation and index use; their placeholders name the key and its type. */
  private layout(): void {
    const choice = this.indexes.find((c) => c.name === this.index.value) ?? this.indexes[0];
    const querying = this.mode.value === 'query';
    const sortKey = choice?.sortKey;
    const op = this.operator.value;
    this.partition.hidden = !querying;
    this.operator.hidden = !querying || !sortKey;
    this.sortValue.hidden = !querying || !sortKey || op === '';
    this.sortValue2.hidden = this.andText.hidden = !querying || !sortKey || op !== 'between';
    if (choice) this.partition.placeholder = `${choice.partitionKey.name} (${TYPE_NAMES[choice.partitionKey.type] ?? choice.partitionKey.type}) =`;
    if (sortKey) {
      const type = TYPE_NAMES[sortKey.type] ?? sortKey.type;
      this.sortValue.placeholder = op === 'between' ? `${sortKey.name} from (${type})` : `${sortKey.name} (${type})`;
      this.sortValue2.placeholder = `${sortKey.name} to (${type})`;
    }
  }
}
