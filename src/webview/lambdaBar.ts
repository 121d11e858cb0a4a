// The panel's Lambda row: the Lambda filter (a FilterCriteria JSON, a Filters array or one pattern; the host parses and
// answers with its precise error), "only would invoke", the Lambda actions (Copy as Lambda event, Export Lambda event…,
// Invoke handler…) and the JSON view toggle. It only draws and reports; the controller owns the state.
import { MAX_LAMBDA_FILTER_TEXT, type JsonView, type LambdaFilterState } from '../core/panel/protocol';
import { h, setText } from './dom';

export interface LambdaBarActions {
  apply(text: string): void;
  setOnly(only: boolean): void;
  copyEvent(): void;
  exportEvent(): void;
  invokeHandler(): void;
  setJsonView(view: JsonView): void;
}

export interface LambdaBarState {
  /** Records selected (the actions' target); 0: the record in view or the records shown. */
  selectedCount: number;
  canExport: boolean;
  jsonView: JsonView;
}

function button(label: string, title: string, onClick: () => void, className = 'btn'): HTMLButtonElement {
  return h('button', { className, title, attrs: { type: 'button' }, on: { click: () => onClick() } }, label);
}

export class LambdaBar {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly onlyBtn: HTMLButtonElement;
  private readonly error = h('div', { className: 'lambda-error', attrs: { role: 'alert' } });
  private readonly copyBtn: HTMLButtonElement;
  private readonly exportBtn: HTMLButtonElement;
  private readonly invokeBtn: HTMLButtonElement;
  private readonly plainBtn: HTMLButtonElement;
  private filter: LambdaFilterState = { text: '', only: false };
  private jsonView: JsonView = 'dynamodb';

  constructor(actions: LambdaBarActions) {
    this.input = h('input', {
      className: 'lambda-filter',
      attrs: {
        type: 'text',
        placeholder: 'Lambda filter: FilterCriteria, Filters or a pattern, e.g. {"eventName":["REMOVE"]}',
        'aria-label': 'Lambda filter',
        spellcheck: 'false',
        maxlength: MAX_LAMBDA_FILTER_TEXT,
      },
    });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') actions.apply(this.input.value);
      else if (ev.key === 'Escape') this.input.value = this.filter.text;
    });
    const applyBtn = button('Apply', 'Apply the Lambda filter: count and mark the records it would pass to the function', () => actions.apply(this.input.value));
    const clearBtn = button('Remove filter', 'Remove the Lambda filter', () => {
      this.input.value = '';
      actions.apply('');
    });
    this.onlyBtn = button('Only would invoke', 'Show only the records the Lambda filter passes', () => actions.setOnly(!this.filter.only), 'btn toggle');
    this.copyBtn = button('Copy as Lambda event', 'Copy the selected records (or the one in view) as the event a Lambda function receives', () => actions.copyEvent());
    this.exportBtn = button('Export Lambda event…', 'Save the records shown (filters applied) as one Lambda event (.json)', () => actions.exportEvent());
    this.invokeBtn = button('Invoke handler…', 'Run a local handler (Node.js or Python) on the selected records, or on the records shown', () => actions.invokeHandler());
    this.plainBtn = button('Plain JSON', 'Show record details and Copy record as plain JSON (off: DynamoDB JSON)', () =>
      actions.setJsonView(this.jsonView === 'plain' ? 'dynamodb' : 'plain'),
    'btn toggle');
    this.element = h(
      'div',
      { className: 'lambda-bar' },
      h(
        'div',
        { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Lambda' } },
        h('label', { className: 'lambda-label' }, 'Lambda filter'),
        this.input,
        h('span', { className: 'group' }, applyBtn, clearBtn, this.onlyBtn),
        h('span', { className: 'group' }, this.copyBtn, this.exportBtn, this.invokeBtn),
        h('span', { className: 'group' }, this.plainBtn),
      ),
      this.error,
    );
    this.error.hidden = true;
  }

  /** The host's answer: the filter in force, and the error of the text last applied (which the box keeps). */
  showFilter(state: LambdaFilterState): void {
    this.filter = { text: String(state.text ?? ''), only: state.only === true };
    this.error.hidden = !state.error;
    setText(this.error, state.error ? `Lambda filter not applied: ${String(state.error)}` : '');
    if (!state.error && document.activeElement !== this.input) this.input.value = this.filter.text;
    this.onlyBtn.setAttribute('aria-pressed', String(this.filter.only));
    this.onlyBtn.disabled = this.filter.text === '' && !this.filter.only;
  }

  update(state: LambdaBarState): void {
    this.jsonView = state.jsonView;
    this.plainBtn.setAttribute('aria-pressed', String(state.jsonView === 'plain'));
    const n = state.selectedCount;
    setText(this.copyBtn, n > 1 ? `Copy as Lambda event (${n})` : 'Copy as Lambda event');
    this.copyBtn.disabled = n === 0;
    this.exportBtn.disabled = !state.canExport;
    this.invokeBtn.disabled = n === 0 && !state.canExport;
  }
}
