// The panel's toolbar: pause/resume, clear, event-kind toggles, text filter, show unchanged, follow, copy, export,
// and the restart picker. It only draws and reports clicks; the controller owns the state it shows.
import { EVENT_KIND_LABELS } from '../core/records/display';
import { MAX_FILTER_TEXT } from '../core/panel/filter';
import { EVENT_KINDS, START_LABELS, START_KINDS, toStartKind, type EventKind, type StartKind } from '../core/panel/protocol';
import { h, setText } from './dom';
import { pauseButtonOf } from './status';

export interface ToolbarActions {
  pauseOrResume(): void;
  clear(): void;
  toggleKind(kind: EventKind): void;
  /** Every edit of the filter text (the controller debounces what it sends). */
  filterText(text: string): void;
  toggleUnchanged(): void;
  toggleFollow(): void;
  copySelected(): void;
  exportShown(): void;
  /** The user picked a restart position (remembered across hide/show). */
  restartPositionChosen(position: StartKind): void;
  restart(position: StartKind): void;
}

export interface ToolbarState {
  paused: boolean;
  kinds: readonly EventKind[];
  showUnchanged: boolean;
  follow: boolean;
  canCopy: boolean;
  canExport: boolean;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  return h('button', { className: 'btn', title, attrs: { type: 'button' }, on: { click: () => onClick() } }, label);
}

function toggle(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = button(label, title, onClick);
  b.classList.add('toggle');
  b.setAttribute('aria-pressed', 'false');
  return b;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly pauseBtn: HTMLButtonElement;
  private readonly kindBtns = new Map<EventKind, HTMLButtonElement>();
  private readonly filterInput: HTMLInputElement;
  private readonly unchangedBtn: HTMLButtonElement;
  private readonly followBtn: HTMLButtonElement;
  private readonly copyBtn: HTMLButtonElement;
  private readonly exportBtn: HTMLButtonElement;
  private readonly restartSelect: HTMLSelectElement;

  constructor(actions: ToolbarActions, restartPosition: StartKind) {
    this.pauseBtn = button('Pause', pauseButtonOf(false).title, () => actions.pauseOrResume());
    const clearBtn = button('Clear', 'Clear: drop every record held by this panel', () => actions.clear());
    const kinds = h('span', { className: 'group', attrs: { role: 'group', 'aria-label': 'Event kinds shown' } });
    for (const kind of EVENT_KINDS) {
      const btn = toggle(EVENT_KIND_LABELS[kind], `Show ${EVENT_KIND_LABELS[kind]} records`, () => actions.toggleKind(kind));
      btn.classList.add('kind', `kind-${kind}`);
      this.kindBtns.set(kind, btn);
      kinds.append(btn);
    }
    this.filterInput = h('input', {
      className: 'filter',
      attrs: { type: 'search', placeholder: 'Filter keys and values ("phrase", -exclude)', 'aria-label': 'Filter records by keys and values', spellcheck: 'false', maxlength: MAX_FILTER_TEXT },
    });
    this.filterInput.addEventListener('input', () => actions.filterText(this.filterText()));
    this.filterInput.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && this.filterInput.value) {
        this.filterInput.value = '';
        actions.filterText('');
      }
    });
    this.unchangedBtn = toggle('Show unchanged', 'Show unchanged attributes in diffs', () => actions.toggleUnchanged());
    this.followBtn = toggle('Follow', 'Follow: keep the newest record in view', () => actions.toggleFollow());
    this.copyBtn = button('Copy record', 'Copy the selected record as JSON', () => actions.copySelected());
    this.exportBtn = button('Export…', 'Export the records shown (filter applied) as NDJSON, as received', () => actions.exportShown());
    this.restartSelect = h(
      'select',
      { className: 'restart-position', attrs: { 'aria-label': 'Start position for restart' } },
      ...START_KINDS.map((kind) => h('option', { attrs: { value: kind } }, START_LABELS[kind])),
    );
    this.restartSelect.value = restartPosition;
    this.restartSelect.addEventListener('change', () => actions.restartPositionChosen(toStartKind(this.restartSelect.value)));
    const restartBtn = button('Restart', 'Restart the tail from the chosen position (clears the records held); a time or sequence numbers are asked for', () =>
      actions.restart(toStartKind(this.restartSelect.value)),
    );
    this.element = h(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Tail actions' } },
      h('span', { className: 'group' }, this.pauseBtn, clearBtn),
      kinds,
      this.filterInput,
      h('span', { className: 'group' }, this.unchangedBtn, this.followBtn),
      h('span', { className: 'group' }, this.copyBtn, this.exportBtn),
      h('span', { className: 'group' }, this.restartSelect, restartBtn),
    );
  }

  filterText(): string {
    return this.filterInput.value.slice(0, MAX_FILTER_TEXT);
  }

  /** Shows the host's filter text, unless the user is typing in the box. */
  showFilterText(text: string): void {
    if (document.activeElement !== this.filterInput) this.filterInput.value = text;
  }

  showRestartPosition(position: StartKind): void {
    this.restartSelect.value = position;
  }

  update(state: ToolbarState): void {
    const pause = pauseButtonOf(state.paused);
    setText(this.pauseBtn, pause.label);
    this.pauseBtn.setAttribute('aria-pressed', String(state.paused));
    this.pauseBtn.classList.toggle('paused', state.paused);
    this.pauseBtn.title = pause.title;
    for (const [kind, btn] of this.kindBtns) btn.setAttribute('aria-pressed', String(state.kinds.includes(kind)));
    this.unchangedBtn.setAttribute('aria-pressed', String(state.showUnchanged));
    this.followBtn.setAttribute('aria-pressed', String(state.follow));
    this.copyBtn.disabled = !state.canCopy;
    this.exportBtn.disabled = !state.canExport;
  }
}
