// Tail panel UI (browser). Speaks only the typed protocol of src/core/protocol.ts; imports nothing from vscode or
// node, and from core only dependency-free modules. Record data is rendered as text only (Text nodes, textContent,
// attributes via setAttribute).
import '../../media/tail.css';
import { EVENT_KIND_LABELS, isEventKind } from '../core/display';
import { defaultFilter, isFilterActive, MAX_FILTER_TEXT, toFilterSpec } from '../core/filter';
import {
  EVENT_KINDS,
  isHostMessage,
  isStartPosition,
  panelTitle,
  toStartPosition,
  type EventKind,
  type HostToWebview,
  type PanelInit,
  type PanelNotice,
  type PanelStatus,
  type RecordFilterSpec,
  type RecordRow,
  type StartPosition,
  type WebviewToHost,
} from '../core/protocol';
import { formatBytes } from '../core/tableDetails';
import { detailHeight, renderDetail, type DetailState } from './detail';
import { formatCount, formatDateTime, formatDuration, formatRate, formatTime, h, setText } from './dom';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** UI state kept by VS Code across the webview being hidden and re-shown. */
interface UiState {
  expanded: number[];
  selected?: number;
  follow: boolean;
  scrollTop: number;
  showUnchanged: boolean;
  /** Chosen by the user; until then the restart picker shows the panel's own start position. */
  restartPosition?: StartPosition;
  dismissed: number[];
}

const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const FILTER_DEBOUNCE_MS = 150;
const VISIBLE_NOTICES = 3;

function readUiState(raw: unknown): UiState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<UiState>;
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((n): n is number => Number.isSafeInteger(n)).slice(0, 1000) : []);
  return {
    expanded: ids(s.expanded),
    selected: Number.isSafeInteger(s.selected) ? s.selected : undefined,
    follow: typeof s.follow === 'boolean' ? s.follow : true,
    scrollTop: typeof s.scrollTop === 'number' && Number.isFinite(s.scrollTop) ? s.scrollTop : 0,
    showUnchanged: s.showUnchanged === true,
    restartPosition: isStartPosition(s.restartPosition) ? s.restartPosition : undefined,
    dismissed: ids(s.dismissed),
  };
}

function toRow(x: unknown): RecordRow | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  if (!Number.isSafeInteger(r.id)) return undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  return {
    id: r.id as number,
    kind: isEventKind(r.kind) ? r.kind : 'MODIFY',
    eventName: str(r.eventName),
    keys: str(r.keys),
    sequenceNumber: str(r.sequenceNumber),
    shardId: str(r.shardId),
    sizeBytes: num(r.sizeBytes),
    approximateCreationMs: num(r.approximateCreationMs),
    arrivalMs: num(r.arrivalMs) ?? 0,
  };
}

function toRows(list: unknown[]): RecordRow[] {
  const out: RecordRow[] = [];
  for (const x of list) {
    const r = toRow(x);
    if (r) out.push(r);
  }
  return out;
}

class TailApp {
  private readonly api = acquireVsCodeApi();
  private ui: UiState = readUiState(this.api.getState());

  private init?: PanelInit;
  private rows: RecordRow[] = [];
  private status?: PanelStatus;
  private notices: PanelNotice[] = [];
  private readonly expanded = new Set<number>(this.ui.expanded);
  private readonly details = new Map<number, DetailState>();
  private filter: RecordFilterSpec = defaultFilter();
  private restored = false;

  private tops = new Float64Array(1);
  private topsDirty = true;
  private readonly rendered = new Map<number, HTMLElement>();
  private renderQueued = false;
  private saveQueued = false;
  private filterTimer?: ReturnType<typeof setTimeout>;
  private flashTimer?: ReturnType<typeof setTimeout>;
  private programmaticScroll = false;

  // DOM
  private readonly title = h('span', { className: 'title' }, 'Tail');
  private readonly meta = h('span', { className: 'meta' });
  private readonly pauseBtn = this.button('Pause', 'Pause: keep receiving records but stop adding them to the list', () =>
    this.send({ type: this.status?.paused ? 'resume' : 'pause' }),
  );
  private readonly clearBtn = this.button('Clear', 'Clear: drop every record held by this panel', () => this.send({ type: 'clear' }));
  private readonly kindBtns = new Map<EventKind, HTMLButtonElement>();
  private readonly filterInput = h('input', {
    className: 'filter',
    attrs: { type: 'search', placeholder: 'Filter keys and values ("phrase", -exclude)', 'aria-label': 'Filter records by keys and values', spellcheck: 'false', maxlength: MAX_FILTER_TEXT },
  });
  private readonly unchangedBtn = this.toggle('Show unchanged', 'Show unchanged attributes in diffs', () => {
    this.ui.showUnchanged = !this.ui.showUnchanged;
    this.rendered.forEach((el) => el.remove());
    this.rendered.clear();
    this.topsDirty = true;
    this.updateToolbar();
    this.saveState();
    this.scheduleRender();
  });
  private readonly followBtn = this.toggle('Follow', 'Follow: keep the newest record in view', () => {
    this.ui.follow = !this.ui.follow;
    if (this.ui.follow) this.scrollToBottom();
    this.updateToolbar();
    this.saveState();
  });
  private readonly copyBtn = this.button('Copy record', 'Copy the selected record as JSON', () => this.copySelected());
  private readonly exportBtn = this.button('Export…', 'Export the records shown (filter applied) as NDJSON, as received', () => this.send({ type: 'export' }));
  private readonly restartSelect = h(
    'select',
    { className: 'restart-position', attrs: { 'aria-label': 'Start position for restart' } },
    h('option', { attrs: { value: 'LATEST' } }, 'from now (LATEST)'),
    h('option', { attrs: { value: 'TRIM_HORIZON' } }, 'from oldest (TRIM_HORIZON)'),
  );
  private readonly restartBtn = this.button('Restart', 'Restart the tail from the chosen position (clears the records held)', () =>
    this.send({ type: 'restart', startPosition: toStartPosition(this.restartSelect.value) }),
  );
  private readonly statusLine = h('div', { className: 'status', attrs: { role: 'status' } });
  private readonly noticeBox = h('div', { className: 'notices', attrs: { 'aria-live': 'polite' } });
  private readonly flash = h('div', { className: 'flash', attrs: { 'aria-live': 'polite' } });
  private readonly viewport = h('div', { className: 'viewport', attrs: { tabindex: 0, role: 'grid', 'aria-label': 'Stream records' } });
  private readonly canvas = h('div', { className: 'canvas' });
  private readonly empty = h('div', { className: 'empty' });

  constructor(root: HTMLElement) {
    const kinds = h('span', { className: 'group', attrs: { role: 'group', 'aria-label': 'Event kinds shown' } });
    for (const kind of EVENT_KINDS) {
      const btn = this.toggle(EVENT_KIND_LABELS[kind], `Show ${EVENT_KIND_LABELS[kind]} records`, () => this.toggleKind(kind));
      btn.classList.add('kind', `kind-${kind}`);
      this.kindBtns.set(kind, btn);
      kinds.append(btn);
    }
    this.restartSelect.value = this.ui.restartPosition ?? 'LATEST';
    this.restartSelect.addEventListener('change', () => {
      this.ui.restartPosition = toStartPosition(this.restartSelect.value);
      this.saveState();
    });
    this.filterInput.addEventListener('input', () => this.onFilterInput());
    this.filterInput.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && this.filterInput.value) {
        this.filterInput.value = '';
        this.onFilterInput();
      }
    });

    const header = h(
      'div',
      { className: 'grid-header cells', attrs: { role: 'row' } },
      ...['Arrived', 'Created', 'Event', 'Keys', 'Sequence number', 'Shard', 'Size'].map((t) => h('span', { className: 'cell', attrs: { role: 'columnheader' } }, t)),
    );
    this.viewport.append(this.canvas, this.empty);
    root.append(
      h('div', { className: 'heading' }, this.title, this.meta),
      h(
        'div',
        { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Tail actions' } },
        h('span', { className: 'group' }, this.pauseBtn, this.clearBtn),
        kinds,
        this.filterInput,
        h('span', { className: 'group' }, this.unchangedBtn, this.followBtn),
        h('span', { className: 'group' }, this.copyBtn, this.exportBtn),
        h('span', { className: 'group' }, this.restartSelect, this.restartBtn),
      ),
      this.statusLine,
      this.noticeBox,
      h('div', { className: 'list' }, header, this.viewport),
      this.flash,
    );
    root.removeAttribute('aria-busy');

    this.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.viewport.addEventListener('click', (ev) => this.onClick(ev));
    this.viewport.addEventListener('keydown', (ev) => this.onKey(ev));
    window.addEventListener('resize', () => this.scheduleRender());
    window.addEventListener('message', (ev: MessageEvent) => {
      if (isHostMessage(ev.data)) this.onMessage(ev.data);
    });
    this.updateToolbar();
    this.renderStatus();
    this.send({ type: 'ready' });
  }

  // -----------------------------------------------------------------------------------------------------------
  // Messages

  private send(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  private onMessage(msg: HostToWebview): void {
    switch (msg.type) {
      case 'init':
        this.onInit(msg.init);
        break;
      case 'snapshot':
        this.onSnapshot(toRows(msg.rows), msg.status, msg.notices);
        break;
      case 'records':
        this.onRecords(toRows(msg.rows), msg.dropBefore);
        break;
      case 'status':
        this.status = msg.status;
        this.renderStatus();
        this.updateToolbar();
        break;
      case 'notice':
        this.notices.push(msg.notice);
        if (this.notices.length > 50) this.notices.splice(0, this.notices.length - 50);
        this.renderNotices();
        break;
      case 'cleared':
        this.rows = [];
        this.expanded.clear();
        this.details.clear();
        this.ui.selected = undefined;
        this.status = msg.status;
        this.afterRowsReplaced();
        break;
      case 'detail':
        if (!this.expanded.has(msg.id)) break;
        this.details.set(
          msg.id,
          msg.detail && typeof msg.detail === 'object'
            ? { kind: 'ready', detail: msg.detail }
            : { kind: 'missing', message: typeof msg.missing === 'string' ? msg.missing : 'This record is no longer held.' },
        );
        this.invalidateRow(msg.id);
        break;
      case 'flash':
        this.showFlash(String(msg.message));
        break;
    }
  }

  private onInit(init: PanelInit): void {
    this.init = init;
    setText(this.title, panelTitle(init));
    const parts = [
      init.viewType ? String(init.viewType) : 'view type unknown',
      init.onlyShardId ? `shard ${String(init.onlyShardId)} only` : 'all shards',
      `started at ${String(init.startPosition)}`,
      `holds ${formatCount(init.maxRecords)} records`,
    ];
    setText(this.meta, parts.join(' · '));
    if (!this.ui.restartPosition) this.restartSelect.value = toStartPosition(init.startPosition);
    this.meta.title = String(init.streamArn ?? '');
    const f = toFilterSpec(init.filter);
    if (f) {
      this.filter = f;
      if (document.activeElement !== this.filterInput) this.filterInput.value = f.text;
    }
    this.updateToolbar();
  }

  private onSnapshot(rows: RecordRow[], status: PanelStatus, notices: PanelNotice[]): void {
    this.rows = rows;
    this.status = status;
    this.notices = Array.isArray(notices) ? notices.slice(-50) : [];
    const ids = new Set(rows.map((r) => r.id));
    for (const id of [...this.expanded]) if (!ids.has(id)) this.expanded.delete(id);
    for (const id of [...this.details.keys()]) if (!ids.has(id)) this.details.delete(id);
    if (this.ui.selected !== undefined && !ids.has(this.ui.selected)) this.ui.selected = undefined;
    for (const id of this.expanded) if (!this.details.has(id)) this.requestDetail(id);
    this.afterRowsReplaced();
    this.renderNotices();
    if (!this.restored) {
      this.restored = true;
      if (!this.ui.follow) this.setScrollTop(this.ui.scrollTop);
    }
  }

  private onRecords(rows: RecordRow[], dropBefore: number): void {
    let removedHeight = 0;
    if (typeof dropBefore === 'number' && this.rows.length > 0 && this.rows[0].id < dropBefore) {
      let k = 0;
      while (k < this.rows.length && this.rows[k].id < dropBefore) k++;
      this.ensureTops();
      removedHeight = this.tops[k];
      for (const r of this.rows.slice(0, k)) {
        this.expanded.delete(r.id);
        this.details.delete(r.id);
        this.rendered.get(r.id)?.remove();
        this.rendered.delete(r.id);
        if (this.ui.selected === r.id) this.ui.selected = undefined;
      }
      this.rows.splice(0, k);
    }
    const last = this.rows.length > 0 ? this.rows[this.rows.length - 1].id : -1;
    for (const r of rows) if (r.id > last) this.rows.push(r);
    this.topsDirty = true;
    if (!this.ui.follow && removedHeight > 0) this.setScrollTop(this.viewport.scrollTop - removedHeight);
    this.scheduleRender();
  }

  private afterRowsReplaced(): void {
    this.rendered.forEach((el) => el.remove());
    this.rendered.clear();
    this.topsDirty = true;
    this.updateToolbar();
    this.renderStatus();
    this.saveState();
    this.scheduleRender();
  }

  private requestDetail(id: number): void {
    this.details.set(id, { kind: 'loading' });
    this.send({ type: 'requestDetail', id });
  }

  // -----------------------------------------------------------------------------------------------------------
  // Filter and actions

  private toggleKind(kind: EventKind): void {
    const kinds = new Set(this.filter.kinds);
    if (kinds.has(kind)) kinds.delete(kind);
    else kinds.add(kind);
    this.filter = { text: this.filter.text, kinds: EVENT_KINDS.filter((k) => kinds.has(k)) };
    this.updateToolbar();
    this.sendFilter();
  }

  private onFilterInput(): void {
    this.filter = { text: this.filterInput.value.slice(0, MAX_FILTER_TEXT), kinds: this.filter.kinds };
    if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => {
      this.filterTimer = undefined;
      this.sendFilter();
    }, FILTER_DEBOUNCE_MS);
  }

  private sendFilter(): void {
    this.send({ type: 'setFilter', filter: { text: this.filter.text, kinds: [...this.filter.kinds] } });
  }

  private copySelected(): void {
    if (this.ui.selected !== undefined) this.send({ type: 'copyRecord', id: this.ui.selected });
  }

  private showFlash(message: string): void {
    setText(this.flash, message);
    this.flash.classList.add('visible');
    if (this.flashTimer !== undefined) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.flash.classList.remove('visible'), 4000);
  }

  // -----------------------------------------------------------------------------------------------------------
  // Toolbar, status, notices

  private button(label: string, title: string, onClick: () => void): HTMLButtonElement {
    return h('button', { className: 'btn', title, attrs: { type: 'button' }, on: { click: () => onClick() } }, label);
  }

  private toggle(label: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = this.button(label, title, onClick);
    b.classList.add('toggle');
    b.setAttribute('aria-pressed', 'false');
    return b;
  }

  private updateToolbar(): void {
    const paused = this.status?.paused === true;
    setText(this.pauseBtn, paused ? 'Resume' : 'Pause');
    this.pauseBtn.setAttribute('aria-pressed', String(paused));
    this.pauseBtn.classList.toggle('paused', paused);
    this.pauseBtn.title = paused ? 'Resume: show the records received while paused' : 'Pause: keep receiving records but stop adding them to the list';
    for (const [kind, btn] of this.kindBtns) btn.setAttribute('aria-pressed', String(this.filter.kinds.includes(kind)));
    this.unchangedBtn.setAttribute('aria-pressed', String(this.ui.showUnchanged));
    this.followBtn.setAttribute('aria-pressed', String(this.ui.follow));
    this.copyBtn.disabled = this.ui.selected === undefined;
    this.exportBtn.disabled = !this.status || this.status.held === 0;
  }

  private renderStatus(): void {
    const s = this.status;
    this.statusLine.replaceChildren();
    if (!s) {
      this.statusLine.append(h('span', { className: 'state state-starting' }, 'Connecting…'));
      return;
    }
    const stateText: Record<string, string> = { starting: 'Starting', running: 'Running', reconnecting: 'Reconnecting', stopped: 'Stopped' };
    const state = String(s.state);
    const stateEl = h('span', { className: `state state-${stateText[state] ? state : 'unknown'}` }, stateText[state] ?? state);
    if (s.reason) stateEl.title = String(s.reason);
    const parts: (string | HTMLElement)[] = [stateEl];
    if (s.reason && (state === 'stopped' || state === 'reconnecting')) parts.push(h('span', { className: 'reason' }, String(s.reason)));
    if (s.paused) parts.push(h('span', { className: 'paused-note' }, `Paused: ${formatCount(s.pending)} new record${s.pending === 1 ? '' : 's'} held, shown on resume`));
    const sh = s.shards ?? { reading: 0, closed: 0, waitingParent: 0 };
    const shardText = [`${formatCount(sh.reading)} shard${sh.reading === 1 ? '' : 's'} tailed`];
    if (sh.closed) shardText.push(`${formatCount(sh.closed)} closed`);
    if (sh.waitingParent) shardText.push(`${formatCount(sh.waitingParent)} waiting for parent`);
    parts.push(shardText.join(', '));
    parts.push(`${formatRate(s.stats?.recordsPerSecond)} records/s`);
    parts.push(`lag ${formatDuration(s.stats?.lagMs)}`);
    parts.push(`${formatCount(s.held)} held${this.init ? ` of ${formatCount(this.init.maxRecords)}` : ''}`);
    parts.push(`${formatCount(s.evicted)} evicted`);
    const filtered = isFilterActive(this.filter) ? ` · ${formatCount(this.rows.length)} shown (filtered)` : '';
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.statusLine.append(h('span', { className: 'sep', attrs: { 'aria-hidden': 'true' } }, ' · '));
      const p = parts[i];
      this.statusLine.append(typeof p === 'string' ? h('span', null, p) : p);
    }
    if (filtered) this.statusLine.append(h('span', null, filtered));
    this.renderEmpty();
  }

  private renderNotices(): void {
    const dismissed = new Set(this.ui.dismissed);
    const shown = this.notices.filter((n) => n && !dismissed.has(n.id)).slice(-VISIBLE_NOTICES);
    this.noticeBox.replaceChildren();
    for (const n of shown) {
      const level = n.level === 'error' || n.level === 'warning' ? n.level : 'info';
      this.noticeBox.append(
        h(
          'div',
          { className: `notice ${level}`, attrs: { role: level === 'error' ? 'alert' : 'note' } },
          h('span', { className: 'notice-time' }, formatTime(n.atMs)),
          h('span', { className: 'notice-text', title: String(n.message) }, String(n.message)),
          h(
            'button',
            {
              className: 'dismiss',
              title: 'Dismiss',
              attrs: { type: 'button', 'aria-label': 'Dismiss' },
              on: {
                click: () => {
                  this.ui.dismissed = [...this.ui.dismissed, n.id].slice(-200);
                  this.saveState();
                  this.renderNotices();
                },
              },
            },
            '×',
          ),
        ),
      );
    }
  }

  private renderEmpty(): void {
    if (this.rows.length > 0) {
      this.empty.hidden = true;
      return;
    }
    this.empty.hidden = false;
    const s = this.status;
    let text: string;
    if (s && s.held > 0 && isFilterActive(this.filter)) text = `No record matches the filter (${formatCount(s.held)} held).`;
    else if (s?.state === 'stopped') text = 'The tail stopped. Restart it from the toolbar.';
    else if (s && s.received > 0) text = s.paused ? 'Paused. New records are held and shown on resume.' : 'Cleared. New records will appear here.';
    else if (this.init?.startPosition === 'TRIM_HORIZON') text = 'Reading from the oldest record still in the stream…';
    else text = 'Waiting for changes… (LATEST: only changes made from now on appear; restart from TRIM_HORIZON to read the last 24 hours)';
    setText(this.empty, text);
  }

  // -----------------------------------------------------------------------------------------------------------
  // Virtual list

  private rowHeight(row: RecordRow): number {
    if (!this.expanded.has(row.id)) return ROW_HEIGHT;
    return ROW_HEIGHT + detailHeight(this.details.get(row.id) ?? { kind: 'loading' }, this.ui.showUnchanged);
  }

  private ensureTops(): void {
    if (!this.topsDirty) return;
    const n = this.rows.length;
    if (this.tops.length < n + 1) this.tops = new Float64Array(Math.max(n + 1, this.tops.length * 2));
    let y = 0;
    this.tops[0] = 0;
    for (let i = 0; i < n; i++) {
      y += this.expanded.size === 0 ? ROW_HEIGHT : this.rowHeight(this.rows[i]);
      this.tops[i + 1] = y;
    }
    this.topsDirty = false;
  }

  /** Index of the row at vertical offset y. */
  private indexAt(y: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tops[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  private indexOf(id: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.rows[mid].id;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private render(): void {
    this.ensureTops();
    const n = this.rows.length;
    const total = this.tops[n];
    this.canvas.style.height = `${total}px`;
    if (this.ui.follow) this.scrollToBottom();
    const top = this.viewport.scrollTop;
    const bottom = top + this.viewport.clientHeight;
    const start = n === 0 ? 0 : Math.max(0, this.indexAt(top) - OVERSCAN);
    const end = n === 0 ? 0 : Math.min(n, this.indexAt(bottom) + 1 + OVERSCAN);
    const wanted = new Set<number>();
    for (let i = start; i < end; i++) {
      const row = this.rows[i];
      wanted.add(row.id);
      let el = this.rendered.get(row.id);
      if (!el) {
        el = this.buildRow(row);
        this.rendered.set(row.id, el);
        this.canvas.append(el);
      }
      el.style.transform = `translateY(${this.tops[i]}px)`;
      el.style.height = `${this.tops[i + 1] - this.tops[i]}px`;
      el.setAttribute('aria-rowindex', String(i + 1));
    }
    for (const [id, el] of this.rendered) {
      if (!wanted.has(id)) {
        el.remove();
        this.rendered.delete(id);
      }
    }
    this.viewport.setAttribute('aria-rowcount', String(n));
    this.renderEmpty();
    this.updateToolbar();
  }

  private buildRow(row: RecordRow): HTMLElement {
    const expanded = this.expanded.has(row.id);
    const selected = this.ui.selected === row.id;
    const kind = isEventKind(row.kind) ? row.kind : 'MODIFY';
    const cell = (cls: string, text: string, title?: string) => h('span', { className: `cell ${cls}`, title: title ?? text, attrs: { role: 'gridcell' } }, text);
    const el = h(
      'div',
      {
        className: `row${expanded ? ' expanded' : ''}${selected ? ' selected' : ''}`,
        attrs: { role: 'row', 'aria-expanded': String(expanded), 'aria-selected': String(selected) },
        dataset: { id: String(row.id) },
      },
      h(
        'div',
        { className: `cells kind-${kind}` },
        cell('arrived', formatTime(row.arrivalMs), `Arrived ${formatDateTime(row.arrivalMs)}`),
        cell('created', formatTime(row.approximateCreationMs), row.approximateCreationMs === undefined ? 'No ApproximateCreationDateTime' : `Approximate creation ${formatDateTime(row.approximateCreationMs)}`),
        cell('event', row.eventName),
        cell('keys', row.keys),
        cell('seq', row.sequenceNumber),
        cell('shard', row.shardId),
        cell('size', formatBytes(row.sizeBytes), row.sizeBytes === undefined ? '' : `${row.sizeBytes} bytes`),
      ),
    );
    if (expanded) {
      el.append(renderDetail(this.details.get(row.id) ?? { kind: 'loading' }, this.ui.showUnchanged, () => this.send({ type: 'copyRecord', id: row.id })));
    }
    return el;
  }

  private invalidateRow(id: number): void {
    this.rendered.get(id)?.remove();
    this.rendered.delete(id);
    this.topsDirty = true;
    this.scheduleRender();
  }

  private setScrollTop(y: number): void {
    this.programmaticScroll = true;
    this.viewport.scrollTop = Math.max(0, y);
  }

  private scrollToBottom(): void {
    const max = this.viewport.scrollHeight - this.viewport.clientHeight;
    if (this.viewport.scrollTop < max - 1) this.setScrollTop(max);
  }

  private onScroll(): void {
    if (this.programmaticScroll) {
      this.programmaticScroll = false;
    } else {
      const atBottom = this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - ROW_HEIGHT / 2;
      if (atBottom !== this.ui.follow) {
        this.ui.follow = atBottom;
        this.updateToolbar();
      }
    }
    this.ui.scrollTop = this.viewport.scrollTop;
    this.saveState();
    this.scheduleRender();
  }

  private select(id: number | undefined): void {
    const previous = this.ui.selected;
    this.ui.selected = id;
    for (const x of [previous, id]) {
      if (x === undefined) continue;
      const el = this.rendered.get(x);
      if (el) {
        el.classList.toggle('selected', x === id);
        el.setAttribute('aria-selected', String(x === id));
      }
    }
    this.updateToolbar();
    this.saveState();
  }

  private toggleExpanded(id: number): void {
    if (this.expanded.has(id)) {
      this.expanded.delete(id);
      this.details.delete(id);
    } else {
      this.expanded.add(id);
      this.requestDetail(id);
      // Reading a record: stop following, or new records would scroll it away.
      if (this.ui.follow) {
        this.ui.follow = false;
        this.updateToolbar();
      }
    }
    this.saveState();
    this.invalidateRow(id);
  }

  private onClick(ev: MouseEvent): void {
    const target = ev.target as Element | null;
    const rowEl = target?.closest('.row') as HTMLElement | null;
    if (!rowEl || target?.closest('.detail')) return;
    const id = Number(rowEl.dataset.id);
    if (!Number.isSafeInteger(id)) return;
    this.select(id);
    this.toggleExpanded(id);
    this.viewport.focus({ preventScroll: true });
  }

  private onKey(ev: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    let index = this.ui.selected === undefined ? -1 : this.indexOf(this.ui.selected);
    switch (ev.key) {
      case 'ArrowDown':
        index = Math.min(this.rows.length - 1, index + 1);
        break;
      case 'ArrowUp':
        index = index < 0 ? this.rows.length - 1 : Math.max(0, index - 1);
        break;
      case 'Home':
        index = 0;
        break;
      case 'End':
        index = this.rows.length - 1;
        break;
      case 'Enter':
      case ' ':
        if (this.ui.selected !== undefined) this.toggleExpanded(this.ui.selected);
        ev.preventDefault();
        return;
      case 'c':
        if ((ev.ctrlKey || ev.metaKey) && !String(window.getSelection() ?? '')) {
          this.copySelected();
          ev.preventDefault();
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    this.select(this.rows[index].id);
    this.scrollIntoView(index);
  }

  private scrollIntoView(index: number): void {
    this.ensureTops();
    const top = this.tops[index];
    const bottom = top + ROW_HEIGHT;
    if (top < this.viewport.scrollTop) this.setScrollTop(top);
    else if (bottom > this.viewport.scrollTop + this.viewport.clientHeight) this.setScrollTop(bottom - this.viewport.clientHeight);
    this.ui.follow = index === this.rows.length - 1 && this.ui.follow;
    this.scheduleRender();
  }

  private saveState(): void {
    if (this.saveQueued) return;
    this.saveQueued = true;
    setTimeout(() => {
      this.saveQueued = false;
      this.ui.expanded = [...this.expanded].slice(-1000);
      this.api.setState(this.ui);
    }, 200);
  }
}

const root = document.getElementById('app');
if (root) new TailApp(root);
