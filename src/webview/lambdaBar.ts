// The Lambda filter strip under the toolbar, shown or hidden by the toolbar's λ button: the filter (a FilterCriteria
// JSON, a Filters array or one pattern; the host parses it and answers with its precise error), Apply, Remove filter
// and "only would invoke". It only draws and reports; the controller owns the state.
import { MAX_LAMBDA_FILTER_TEXT, type LambdaFilterState } from '../core/panel/protocol';
import { h, setText } from './dom';

export interface LambdaBarActions {
  apply(text: string): void;
  setOnly(only: boolean): void;
}

function button(label: string, title: string, onClick: () => void, className = 'btn'): HTMLButtonElement {
  return h('button', { className, title, attrs: { type: 'button' }, on: { click: () => onClick() } }, label);
}

export class LambdaBar {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly onlyBtn: HTMLButtonElement;
  private readonly error = h('div', { className: 'lambda-error', attrs: { role: 'alert' } });
  private filter: LambdaFilterState = { text: '', only: false };

  constructor(actions: LambdaBarActions) {
    this.input = h('input', {
      className: 'lambda-filter',
      attrs: {
        type: 'text',
        placeholder: 'FilterCriteria, Filters or a pattern, e.g. {"eventName":["REMOVE"]}; Enter applies',
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
    this.element = h(
      'div',
      { className: 'lambda-bar', attrs: { id: 'lambda-strip' } },
      h(
        'div',
        { className: 'strip', attrs: { role: 'group', 'aria-label': 'Lambda filter' } },
        h('span', { className: 'lambda-label', attrs: { 'aria-hidden': 'true' } }, 'λ filter'),
        this.input,
        h('span', { className: 'group' }, applyBtn, clearBtn, this.onlyBtn),
      ),
      this.error,
    );
    this.error.hidden = true;
  }

  /** A filter (or an error) is in force: the toolbar marks its λ button while the strip is hidden. */
  get isActive(): boolean {
    return this.filter.text !== '' || this.filter.only;
  }

  setShown(shown: boolean): void {
    this.element.hidden = !shown;
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
}
