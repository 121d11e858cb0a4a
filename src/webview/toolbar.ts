// The panel's one toolbar: icon buttons for pause/resume, clear and restart, the event-kind toggles and the text filter
// (always visible), follow, show unchanged, the Lambda filter strip's toggle, and an overflow menu ("…") with the rest:
// copy, export, the Lambda event actions, the JSON view and the restart positions. It only draws and reports clicks;
// the controller owns the state it shows.
import { EVENT_KIND_LABELS } from '../core/records/display';
import { MAX_FILTER_TEXT } from '../core/panel/filter';
import { EVENT_KINDS, START_LABELS, START_KINDS, type EventKind, type JsonView, type StartKind } from '../core/panel/protocol';
import { h } from './dom';
import { icon, setIcon, type IconName } from './icons';
import { PopupMenu, type MenuEntry } from './menu';
import { pauseButtonOf } from './status';

export interface ToolbarActions {
  pauseOrResume(): void;
  clear(): void;
  toggleKind(kind: EventKind): void;
  /** Every edit of the filter text (the controller debounces what it sends). */
  filterText(text: string): void;
  toggleUnchanged(): void;
  toggleFollow(): void;
  toggleLambdaStrip(): void;
  copySelected(): void;
  exportShown(): void;
  copyLambdaEvent(): void;
  exportLambdaEvent(): void;
  invokeHandler(): void;
  undoChanges(): void;
  setJsonView(view: JsonView): void;
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
  /** Records selected (the Lambda actions' target); 0: the records shown. */
  selectedCount: number;
  /** Rows shown (Export Lambda event… and Invoke handler… need some). */
  rowsShown: number;
  jsonView: JsonView;
  lambdaStripShown: boolean;
  lambdaFilterActive: boolean;
}

/** A button showing only an icon: its name is the aria-label (what screen readers and tests use), the tooltip says more. */
function iconButton(name: IconName, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { className: 'icon-btn', title, attrs: { type: 'button', 'aria-label': label }, on: { click: () => onClick() } });
  b.append(icon(name));
  return b;
}

function iconToggle(name: IconName, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = iconButton(name, label, title, onClick);
  b.classList.add('toggle');
  b.setAttribute('aria-pressed', 'false');
  return b;
}

export class Toolbar {
  readonly element: HTMLElement;
  private readonly pauseBtn: HTMLButtonElement;
  private readonly restartBtn: HTMLButtonElement;
  private readonly kindBtns = new Map<EventKind, HTMLButtonElement>();
  private readonly filterInput: HTMLInputElement;
  private readonly unchangedBtn: HTMLButtonElement;
  private readonly followBtn: HTMLButtonElement;
  private readonly lambdaBtn: HTMLButtonElement;
  private readonly menu: PopupMenu;
  private restartPosition: StartKind;
  private state: ToolbarState = {
    paused: false,
    kinds: EVENT_KINDS,
    showUnchanged: false,
    follow: true,
    canCopy: false,
    canExport: false,
    selectedCount: 0,
    rowsShown: 0,
    jsonView: 'dynamodb',
    lambdaStripShown: false,
    lambdaFilterActive: false,
  };

  constructor(actions: ToolbarActions, restartPosition: StartKind) {
    this.restartPosition = restartPosition;
    this.pauseBtn = iconButton('pause', 'Pause', pauseButtonOf(false).title, () => actions.pauseOrResume());
    const clearBtn = iconButton('clear', 'Clear', 'Clear: drop every record held by this panel', () => actions.clear());
    this.restartBtn = iconButton('restart', 'Restart', '', () => actions.restart(this.restartPosition));
    const kinds = h('span', { className: 'group kinds', attrs: { role: 'group', 'aria-label': 'Event kinds shown' } });
    for (const kind of EVENT_KINDS) {
      const btn = h('button', { className: `chip kind kind-${kind}`, title: `Show ${EVENT_KIND_LABELS[kind]} records`, attrs: { type: 'button', 'aria-pressed': 'true' }, on: { click: () => actions.toggleKind(kind) } }, EVENT_KIND_LABELS[kind]);
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
    this.followBtn = iconToggle('follow', 'Follow', 'Follow: keep the newest record in view', () => actions.toggleFollow());
    this.unchangedBtn = iconToggle('unchanged', 'Show unchanged', 'Show unchanged attributes in diffs', () => actions.toggleUnchanged());
    this.lambdaBtn = iconToggle('lambda', 'Lambda filter', 'Show or hide the Lambda filter: which records a Lambda trigger\'s FilterCriteria would pass', () => actions.toggleLambdaStrip());
    this.lambdaBtn.setAttribute('aria-controls', 'lambda-strip');
    this.menu = new PopupMenu('More actions', this.menuEntries(actions));
    this.element = h(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Tail actions' } },
      h('span', { className: 'group' }, this.pauseBtn, clearBtn, this.restartBtn),
      kinds,
      this.filterInput,
      h('span', { className: 'group' }, this.followBtn, this.unchangedBtn, this.lambdaBtn, this.menu.element),
    );
    this.showRestartPosition(restartPosition);
  }

  private menuEntries(actions: ToolbarActions): MenuEntry[] {
    const s = () => this.state;
    const restartItems: MenuEntry[] = START_KINDS.map((kind) => ({
      kind: 'item',
      role: 'menuitemradio',
      label: START_LABELS[kind],
      title: `Restart the tail ${START_LABELS[kind]} (clears the records held); a time or sequence numbers are asked for`,
      checked: () => this.restartPosition === kind,
      run: () => {
        this.showRestartPosition(kind);
        actions.restartPositionChosen(kind);
        actions.restart(kind);
      },
    }));
    return [
      { kind: 'item', label: 'Copy record', title: 'Copy the selected record as JSON (Ctrl/Cmd+C)', enabled: () => s().canCopy, run: () => actions.copySelected() },
      {
        kind: 'item',
        label: () => (s().selectedCount > 1 ? `Copy as Lambda event (${s().selectedCount})` : 'Copy as Lambda event'),
        title: 'Copy the selected records as the event a Lambda function receives',
        enabled: () => s().selectedCount > 0,
        run: () => actions.copyLambdaEvent(),
      },
      { kind: 'separator' },
      { kind: 'item', label: 'Export as NDJSON…', title: 'Export the records shown (filter applied) as NDJSON, as received', enabled: () => s().canExport, run: () => actions.exportShown() },
      { kind: 'item', label: 'Export Lambda event…', title: 'Save the records shown (filters applied) as one Lambda event (.json)', enabled: () => s().rowsShown > 0, run: () => actions.exportLambdaEvent() },
      { kind: 'separator' },
      {
        kind: 'item',
        label: 'Invoke handler…',
        title: 'Run a local handler (Node.js or Python) on the selected records, or on the records shown',
        enabled: () => s().selectedCount > 0 || s().rowsShown > 0,
        run: () => actions.invokeHandler(),
      },
      { kind: 'separator' },
      {
        kind: 'item',
        label: 'Undo changes…',
        title: 'Put the items of the records shown (filters applied) back as before those changes: a dry run first',
        enabled: () => s().rowsShown > 0,
        run: () => actions.undoChanges(),
      },
      { kind: 'separator' },
      {
        kind: 'item',
        role: 'menuitemcheckbox',
        label: 'Plain JSON',
        title: 'Show record details and Copy record as plain JSON (off: DynamoDB JSON)',
        checked: () => s().jsonView === 'plain',
        run: () => actions.setJsonView(s().jsonView === 'plain' ? 'dynamodb' : 'plain'),
      },
      { kind: 'separator' },
      { kind: 'heading', label: 'Restart from' },
      ...restartItems,
    ];
  }

  filterText(): string {
    return this.filterInput.value.slice(0, MAX_FILTER_TEXT);
  }

  /** Shows the host's filter text, unless the user is typing in the box. */
  showFilterText(text: string): void {
    if (document.activeElement !== this.filterInput) this.filterInput.value = text;
  }

  /** The position the Restart button restarts from (the last one chosen, else the panel's own). */
  showRestartPosition(position: StartKind): void {
    this.restartPosition = position;
    this.restartBtn.title = `Restart ${START_LABELS[position]} (clears the records held); other start positions are under More actions`;
  }

  update(state: ToolbarState): void {
    this.state = state;
    const pause = pauseButtonOf(state.paused);
    this.pauseBtn.setAttribute('aria-label', pause.label);
    setIcon(this.pauseBtn, state.paused ? 'play' : 'pause');
    this.pauseBtn.setAttribute('aria-pressed', String(state.paused));
    this.pauseBtn.classList.toggle('paused', state.paused);
    this.pauseBtn.title = pause.title;
    for (const [kind, btn] of this.kindBtns) btn.setAttribute('aria-pressed', String(state.kinds.includes(kind)));
    this.unchangedBtn.setAttribute('aria-pressed', String(state.showUnchanged));
    this.followBtn.setAttribute('aria-pressed', String(state.follow));
    this.lambdaBtn.setAttribute('aria-pressed', String(state.lambdaStripShown));
    this.lambdaBtn.classList.toggle('active', state.lambdaFilterActive);
  }
}
