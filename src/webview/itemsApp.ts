// The items panel (`Items: <table>`), the tail panel's bundle in items mode: the query bar over the same list and
// detail modules. A row is one item (its position is its id); expanding it shows the item as JSON. Item data is text
// only, as in the tail panel.
import { defaultItemsQuery, toItemRowContext, toItemsQuery, validItemRows, type ItemRow, type ItemsQuerySpec, type ItemsStatus } from '../core/panel/itemsProtocol';
import type { HostToWebview, JsonView, WebviewToHost } from '../core/panel/protocol';
import type { RecordAction } from './detail';
import { onRecordAction } from './detail';
import { answeredItem, detailHeight, type DetailState } from './detailLines';
import { h, setText } from './dom';
import { ItemsQueryBar } from './itemsQueryBar';
import { ListView, type RowFormat } from './listView';
import { connectToHost, type HostChannel } from './messaging';
import { StatusView } from './statusView';
import { ListModel } from './virtualList';

const LOADING: DetailState = { kind: 'loading' };

function itemFormat(tableName: string, columns: readonly string[]): RowFormat<ItemRow> {
  const n = Math.max(1, columns.length);
  return {
    columns,
    gridColumns: `repeat(${n}, minmax(80px, 1fr))`,
    cells: (row) =>
      h(
        'div',
        { className: 'cells item-cells' },
        ...columns.map((_, i) => h('span', { className: 'cell', title: row.cells[i] ?? '', attrs: { role: 'gridcell' } }, row.cells[i] ?? '')),
      ),
    context: (row) => JSON.stringify(toItemRowContext(tableName, row.keys)),
  };
}

export class ItemsApp {
  private readonly channel: HostChannel;
  private readonly model: ListModel<ItemRow>;
  private readonly list: ListView<ItemRow>;
  private readonly bar: ItemsQueryBar;
  private readonly statusView: StatusView;
  private readonly details = new Map<number, DetailState>();
  private readonly title = h('span', { className: 'title' }, 'Items');
  private readonly summary = h('div', { className: 'status', attrs: { role: 'status' } });
  private tableName = '';
  private columns: string[] = [];
  private status: ItemsStatus = { loading: false, more: false, summary: '' };
  private jsonView?: JsonView;
  private lastQuery?: ItemsQuerySpec;

  constructor(root: HTMLElement) {
    this.channel = connectToHost((msg) => this.onMessage(msg));
    this.model = new ListModel<ItemRow>((id) => detailHeight(this.details.get(id) ?? LOADING, false), { follow: false });
    this.list = new ListView<ItemRow>(
      this.model,
      {
        detail: (id) => this.details.get(id) ?? LOADING,
        showUnchanged: () => false,
        expandedChanged: (id, expanded) => (expanded ? this.requestDetail(id) : this.details.delete(id)),
        copySelected: () => undefined,
        stateChanged: () => undefined,
        rendered: () => this.renderEmpty(),
        requestRows: ({ start, end }) => this.send({ type: 'requestRows', view: this.model.view, start, end }),
        // A row's id is its position: a range selection needs nothing from the host.
        requestIds: ({ start, end }) => {
          if (this.model.markIds(this.model.view, start, Array.from({ length: end - start }, (_, i) => start + i))) this.list.rowsArrived();
        },
      },
      itemFormat('', []),
      'Items',
    );
    this.bar = new ItemsQueryBar({
      run: (query) => {
        this.lastQuery = query;
        this.send({ type: 'itemsQuery', query });
      },
      // The query last run, from its first page (what the bar holds now may be half typed).
      refresh: () => this.send({ type: 'itemsQuery', query: this.lastQuery ?? this.bar.query() }),
      more: () => this.send({ type: 'itemsMore', view: this.model.view }),
    });
    onRecordAction(this.list.element, (id, action) => this.runItemAction(id, action));
    this.statusView = new StatusView(() => undefined);
    root.append(h('div', { className: 'heading' }, this.title), this.bar.element, this.bar.errorBox, this.summary, this.list.element, this.statusView.flash);
    root.removeAttribute('aria-busy');
    this.renderStatus();
    this.send({ type: 'ready' });
  }

  private send(message: WebviewToHost): void {
    this.channel.send(message);
  }

  private onMessage(msg: HostToWebview): void {
    switch (msg.type) {
      case 'itemsInit':
        this.tableName = String(msg.init.tableName);
        setText(this.title, `Items: ${this.tableName}`);
        this.lastQuery = toItemsQuery(msg.init.query) ?? defaultItemsQuery();
        this.bar.show(Array.isArray(msg.init.indexes) ? msg.init.indexes : [], this.lastQuery);
        this.list.setFormat(itemFormat(this.tableName, this.columns));
        break;
      case 'itemsView':
        this.onView(msg);
        break;
      case 'itemRows':
        this.model.addRows(msg.view, msg.start, validItemRows(msg.rows));
        this.list.rowsArrived();
        break;
      case 'itemsStatus':
        if (msg.view === this.model.view || this.model.view < 0) this.showStatus(msg.status);
        break;
      case 'itemDetail':
        if (msg.view !== this.model.view || !this.model.expanded.has(msg.id)) break;
        this.details.set(msg.id, answeredItem(msg.json, msg.missing));
        this.list.invalidateRow(msg.id);
        break;
      case 'jsonView':
        if (msg.view === this.jsonView) break;
        this.jsonView = msg.view;
        for (const id of this.model.expanded) this.requestDetail(id);
        this.list.rebuild();
        break;
      case 'flash':
        this.statusView.showFlash(String(msg.message));
        break;
      default:
        break; // tail messages
    }
  }

  /** A new view (a query run) replaces every row; a page loaded adds rows to the view. */
  private onView(msg: Extract<HostToWebview, { type: 'itemsView' }>): void {
    const rows = validItemRows(msg.rows);
    if (msg.reset || msg.view !== this.model.view) {
      this.model.expanded.clear();
      this.model.marked.clear();
      this.model.selectOnly(undefined);
      this.details.clear();
      this.columns = msg.columns.map(String);
      this.model.resetView(msg.view, 0, msg.end, rows);
      this.list.setFormat(itemFormat(this.tableName, this.columns));
    } else {
      const { dropped, removedHeight } = this.model.update(0, msg.end, rows, 0);
      this.list.rowsUpdated(dropped, removedHeight);
    }
    this.showStatus(msg.status);
  }

  private showStatus(status: ItemsStatus): void {
    this.status = status && typeof status === 'object' ? status : { loading: false, more: false, summary: '' };
    this.renderStatus();
    this.renderEmpty();
  }

  private renderStatus(): void {
    const s = this.status;
    setText(this.summary, `${s.loading ? 'Loading… · ' : ''}${String(s.summary ?? '')}`);
    this.bar.update({ more: s.more === true, error: typeof s.error === 'string' ? s.error : undefined });
  }

  private renderEmpty(): void {
    this.list.showEmpty(this.model.count > 0 ? undefined : this.status.loading ? 'Loading…' : 'No items.');
  }

  private requestDetail(id: number): void {
    this.details.set(id, LOADING);
    this.send({ type: 'requestDetail', id });
  }

  private runItemAction(id: number, action: RecordAction): void {
    if (action === 'editItem' || action === 'deleteItem') this.send({ type: 'itemAction', view: this.model.view, id, action });
  }
}
