// Host-side state of one tail panel, without vscode: holds records (heldRecords.ts), applies the filter, pauses,
// batches messages to the webview, keeps status and notices. The panel glue (src/panels/tailPanel.ts) feeds it
// reader events and webview messages and gives it a `post` function.
import { formatCount, RecordRow } from '../records/display';
import { createMatcher, defaultFilter, parseFilterText, RecordFilterSpec, RecordMatcher } from './filter';
import { lambdaEventOf, type LambdaEvent, type LambdaSource } from '../lambda/lambdaPanel';
import { LambdaVerdicts } from '../lambda/lambdaVerdicts';
import type { StreamRecord } from '../records/model';
import { clippedDetail, recordInView, recordJsonText } from './recordDetailView';
import type {
  HostToWebview,
  JsonView,
  LambdaFilterState,
  NoticeLevel,
  PanelInit,
  PanelNotice,
  PanelStatus,
  TailTarget,
} from './protocol';
import { MAX_IDS_PER_REQUEST, MAX_ROWS_PER_MESSAGE } from './protocol';
import { ShownRows } from './shownRows';
import { searchTextOf, toRecordRow } from '../records/records';
import { recordFromJsonLine, recordToJsonLine } from '../records/recordJson';
import { SearchIndex, type SearchIndexOptions } from './search/searchIndex';
import { jsonLinePrecheck } from './search/searchPrecheck';
import { HeldRecords, type HeldRecord } from './heldRecords';
import type { ShardPositions } from './panelRestore';
import { ShardPositionTracker } from './shardPositions';
import { describeStart } from '../tail/startPosition';
import type { StartPosition, TailEvent, TailState, TailStats } from '../tail/types';
import { realTimers, type Timers } from '../util/timers';
import { DEFAULT_MAX_HELD_MEGABYTES } from './recordCap';
import { failureText, unreadableStandIn } from './unreadableRecord';

export const BATCH_MS = 50;
const MAX_NOTICES = 50;

/** The step of converting a record that failed: each kind is logged once per panel. */
export type RecordFailureKind = 'JSON line' | 'row' | 'Lambda filter';

/** Region of a Lambda event when neither the record nor the connection names one. */
export const FALLBACK_REGION = 'us-east-1';

export interface TailSessionOptions {
  target: TailTarget;
  /** Sends a message to the webview; only called while the webview is ready. */
  post: (message: HostToWebview) => void;
  now?: () => number;
  timers?: Timers;
  batchMs?: number;
  onStateChange?: (state: TailState) => void;
  /** The background search index's timers, clock and slice sizes (defaults: real timers, DEFAULT_INDEX_OPTIONS). */
  searchIndex?: Partial<SearchIndexOptions>;
  /** Most bytes the held records may take (heldRecordBytes); the oldest are evicted beyond it. Default 256 MB. */
  maxHeldBytes?: number;
  /** A record could not be converted and is held as unreadable: called once per kind of failure (to log it). */
  onRecordFailure?: (kind: RecordFailureKind, message: string) => void;
  /** The first record id (default 1): a restored panel numbers on from its saved next id. */
  firstId?: number;
}

/** The text filter's search text of a held record (by parsing its line: ~25–60 µs). */
function searchTextOfHeld(held: HeldRecord): string {
  return searchTextOf(recordFromJsonLine(held.json));
}

export class TailSession {
  readonly target: TailTarget;
  private readonly buffer: HeldRecords;
  private readonly post: (message: HostToWebview) => void;
  private readonly now: () => number;
  private lastFlushAt = -Infinity;
  /** When rows last went to the webview: rows wait for a batch only if some went out less than batchMs ago. */
  private lastRowsAt = -Infinity;
  private readonly timers: Timers;
  private readonly batchMs: number;
  private readonly onStateChange?: (state: TailState) => void;

  private nextId = 1;
  /** Highest id handed to the webview's list (or skipped by a filter); ids above it are pending while paused. */
  private deliveredUpTo = 0;
  private ready = false;
  private disposed = false;
  private paused = false;
  private filter: RecordFilterSpec = defaultFilter();
  private matcher: RecordMatcher = createMatcher(this.filter, jsonLinePrecheck);
  /** The Lambda filter, its verdicts and counts. */
  private readonly lambda = new LambdaVerdicts<HeldRecord>(() => this.lambdaSource);
  private jsonView: JsonView = 'dynamodb';
  /** Fills held.search while the panel is idle, so a text filter rarely parses a held line. */
  private readonly searchIndex: SearchIndex<HeldRecord>;

  private state: TailState = 'starting';
  private reason?: string;
  private received = 0;
  private ttlExpired = 0;
  private stats?: TailStats;
  private readonly shards = new Map<string, 'reading' | 'closed' | 'waiting-parent'>();
  private notices: PanelNotice[] = [];
  private nextNoticeId = 1;
  /** Records held as unreadable stand-ins since the tail (re)started. */
  private unreadable = 0;
  private readonly onRecordFailure?: (kind: RecordFailureKind, message: string) => void;
  private readonly failuresLogged = new Set<RecordFailureKind>();
  /** Per shard, the first record held and the last delivered: saved for a reload. */
  private readonly positions = new ShardPositionTracker();
  /** Changes whenever what the panel saves for a reload changes (positions, filters, start position). */
  private savedVersion = 0;

  /** The rows the list shows, by position; kept while the webview is hidden, so a re-show sends only a window. */
  private readonly shown = new ShownRows();
  /** Numbers the views (protocol.ts, ViewRange); answers to requests for an older view are not sent. */
  private view = 0;
  /** The view's base and end last told to the webview. */
  private sentBase = 0;
  private sentEnd = 0;
  private outNotices: PanelNotice[] = [];
  private statusDirty = false;
  private timer: unknown;
  /** dropBefore last told to the webview: evictions since then are sent even without new rows. */
  private sentOldest = 0;

  constructor(options: TailSessionOptions) {
    // A copy: restart and setMaxRecords change it. The cap comes clamped from the setting (recordCap.ts).
    this.target = { ...options.target };
    this.post = options.post;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.batchMs = options.batchMs ?? BATCH_MS;
    this.onStateChange = options.onStateChange;
    this.buffer = new HeldRecords(this.target.maxRecords, options.maxHeldBytes ?? DEFAULT_MAX_HELD_MEGABYTES * 1024 * 1024, (held) => this.lambda.evicted(held));
    this.onRecordFailure = options.onRecordFailure;
    this.nextId = Math.max(1, options.firstId ?? 1);
    this.deliveredUpTo = this.nextId - 1;
    const source = { get: (id: number) => this.get(id), oldestId: () => this.buffer.oldest?.row.id, newestId: () => this.buffer.newest?.row.id };
    this.searchIndex = new SearchIndex(source, searchTextOfHeld, options.searchIndex);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reader events

  handleEvent(event: TailEvent): void {
    if (this.disposed) return;
    switch (event.type) {
      case 'records':
        this.addRecords(event.shardId, event.records);
        break;
      case 'state':
        this.setState(event.state, event.reason);
        break;
      case 'shard':
        this.shards.set(event.shardId, event.status);
        this.statusDirty = true;
        break;
      case 'gap':
        this.addNotice('warning', 'gap', `Gap in shard ${event.shardId}: ${event.message}`);
        break;
      case 'error':
        this.addNotice(event.fatal ? 'error' : 'warning', 'error', event.message);
        break;
      case 'stats':
        this.stats = event.stats;
        this.statusDirty = true;
        break;
      case 'notice':
        this.addNotice('info', 'info', event.message);
        break;
    }
    this.schedule();
  }

  private addRecords(shardId: string, records: readonly StreamRecord[]): void {
    const arrivalMs = this.now();
    for (const record of records) {
      const id = this.nextId++;
      const held = this.hold(record, id, shardId, arrivalMs);
      this.buffer.push(held);
      this.positions.delivered(shardId, held.row.sequenceNumber);
      this.savedVersion++;
      this.received++;
      if (held.row.kind === 'TTL') this.ttlExpired++;
      if (!this.paused) {
        this.deliveredUpTo = id;
        if (this.matches(held)) this.shown.push(id);
      }
    }
    this.shown.dropBefore(this.oldestHeldId());
    this.statusDirty = true;
    if (records.length > 0) this.searchIndex.noteArrival();
  }

  /**
   * A restored panel starts from the positions it saved before the reload (ShardPositionTracker.seed); they are
   * part of the state saved from then on.
   */
  seedPositions(shards: Record<string, ShardPositions>): void {
    this.positions.seed(shards);
    this.savedVersion++;
  }

  /** Per shard: the first record held (or the seeded one) and the last one delivered, for the state saved for a reload. */
  shardPositions(): Record<string, ShardPositions> {
    return this.positions.positions(this.buffer);
  }

  /** The id the next record held gets. */
  get nextRecordId(): number {
    return this.nextId;
  }

  /** Changes whenever shardPositions, the filters or the start position may have: the panel saves its state again. */
  get savedStateVersion(): number {
    return this.savedVersion;
  }

  /**
   * The record as held, with its Lambda verdict counted. A record that cannot be converted (its JSON line, its row or
   * its verdict throws: values that are not attribute values, BigInts, cycles…) is held as an unreadable stand-in
   * showing its text, cut, so the rest of its batch is still delivered; each kind of failure is reported once.
   */
  private hold(record: StreamRecord, id: number, shardId: string, arrivalMs: number): HeldRecord {
    let step: RecordFailureKind = 'JSON line';
    try {
      const json = recordToJsonLine(record);
      step = 'row';
      // `search` present from the start keeps every held record one shape (the filter's cache fills it in place).
      const held: HeldRecord = { json, row: toRecordRow(record, { id, shardId, arrivalMs }), search: undefined };
      step = 'Lambda filter';
      this.lambda.add(held, record, undefined);
      return held;
    } catch (err) {
      const why = `${step} failed: ${failureText(err)}`;
      if (!this.failuresLogged.has(step)) {
        this.failuresLogged.add(step);
        this.onRecordFailure?.(step, `a record could not be converted (${why}); it is held as unreadable (further ${step} failures are counted, not logged)`);
      }
      this.unreadable++;
      const standIn = unreadableStandIn(record, shardId, why);
      const held: HeldRecord = { json: recordToJsonLine(standIn), row: toRecordRow(standIn, { id, shardId, arrivalMs }), search: undefined };
      this.lambda.add(held, standIn, undefined);
      return held;
    }
  }

  /** A state change, with its notice unless the caller (`notice` false) says what happened itself. */
  private setState(state: TailState, reason?: string, notice = true): void {
    const previous = this.state;
    this.state = state;
    this.reason = reason;
    this.statusDirty = true;
    if (notice) this.noticeStateChange(state, previous, reason);
    if (state !== previous) this.onStateChange?.(state);
  }

  private noticeStateChange(state: TailState, previous: TailState, reason?: string): void {
    // A throttled or signed-out tail's reason says so itself ("Throttled (…)", "Sign in again (…)").
    if (state === 'reconnecting') this.addNotice('warning', 'state', reason && /^(Throttled|Sign in again)\b/.test(reason) ? reason : `Reconnecting${reason ? `: ${reason}` : '…'}`);
    else if (state === 'stopped') this.addNotice(reason ? 'warning' : 'info', 'state', `Tail stopped${reason ? `: ${reason}` : '.'}`);
    else if (state === 'running' && previous === 'reconnecting') this.addNotice('info', 'state', 'Reconnected.');
  }

  addNotice(level: NoticeLevel, kind: PanelNotice['kind'], message: string): void {
    const notice: PanelNotice = { id: this.nextNoticeId++, level, kind, message, atMs: this.now() };
    this.notices.push(notice);
    if (this.notices.length > MAX_NOTICES) this.notices.splice(0, this.notices.length - MAX_NOTICES);
    if (this.ready) this.outNotices.push(notice);
    this.schedule();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Webview lifecycle and actions

  /** The webview (re)loaded: send everything it needs to rebuild its view. */
  onReady(): void {
    if (this.disposed) return;
    this.ready = true;
    this.post({ type: 'init', init: this.init() });
    this.sendView();
  }

  /** The webview is gone (panel hidden without retained context): stop sending until the next ready. */
  onHidden(): void {
    this.ready = false;
    this.outNotices = [];
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.statusDirty = true;
    this.schedule();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const held of this.buffer) if (held.row.id > this.deliveredUpTo && this.matches(held)) this.shown.push(held.row.id);
    this.deliveredUpTo = this.nextId - 1;
    this.statusDirty = true;
    this.schedule();
  }

  clear(): void {
    this.buffer.clear();
    this.positions.cleared();
    this.savedVersion++;
    this.lambda.cleared();
    this.deliveredUpTo = this.nextId - 1;
    this.rebuildShown();
    if (this.ready) this.sendView();
  }

  setFilter(filter: RecordFilterSpec): void {
    this.filter = { text: filter.text, kinds: [...filter.kinds] };
    this.savedVersion++;
    this.matcher = createMatcher(this.filter, jsonLinePrecheck);
    this.rebuildShown();
    if (this.ready) this.sendView();
  }

  /**
   * The host stopped the tail (its reader is aborted, e.g. because the connection changed): the state says why, a
   * notice says how to go on. Restart (restart()) tails again.
   */
  stop(reason: string): void {
    if (this.disposed) return;
    const why = reason.trim().replace(/[.\s]+$/, '') || 'Stopped';
    this.setState('stopped', why, false);
    this.addNotice('warning', 'state', `${why}: this tail stopped; use Restart to tail again.`);
  }

  /**
   * A fresh start (restart, possibly from another start position): records, stats and shards are reset; notices
   * stay. The target's start position is the one the reader is told next (the panel reads it from here).
   */
  restart(startPosition: StartPosition): void {
    this.target.startPosition = startPosition;
    this.buffer.clear();
    this.positions.reset();
    this.savedVersion++;
    this.unreadable = 0;
    this.lambda.cleared();
    this.deliveredUpTo = this.nextId - 1;
    this.received = 0;
    this.ttlExpired = 0;
    this.stats = undefined;
    this.shards.clear();
    this.paused = false;
    this.setState('starting');
    this.rebuildShown();
    this.addNotice('info', 'info', `Restarted: ${describeStart(startPosition)}.`);
    if (this.ready) {
      this.post({ type: 'init', init: this.init() });
      this.sendView();
    }
  }

  /**
   * The record cap changed (the tail.maxRecords setting): holds at most `maxRecords` from now on; lowering it evicts
   * the oldest records beyond it at once, and a notice and the status say so.
   */
  setMaxRecords(maxRecords: number): void {
    if (this.disposed || maxRecords === this.buffer.capacity) return;
    const dropped = this.buffer.resize(maxRecords);
    this.shown.dropBefore(this.oldestHeldId());
    this.target.maxRecords = maxRecords;
    if (this.ready) this.post({ type: 'init', init: this.init() }); // the heading and status line show the cap
    this.statusDirty = true;
    const now = `Holding at most ${formatCount(maxRecords)} records now`;
    this.addNotice('info', 'info', dropped ? `${now}: the oldest ${formatCount(dropped)} evicted.` : `${now}.`);
  }

  /**
   * The byte budget changed (the tail.maxHeldMegabytes setting): lowering it evicts the oldest records beyond it at
   * once, and a notice and the status say so.
   */
  setMaxHeldBytes(maxHeldBytes: number): void {
    if (this.disposed || maxHeldBytes === this.buffer.maxByteCount) return;
    // The newest record stays even when it alone is over the budget: a panel always shows the latest change.
    const dropped = this.buffer.setMaxBytes(maxHeldBytes);
    this.shown.dropBefore(this.oldestHeldId());
    this.statusDirty = true;
    const now = `Holding at most ${formatCount(Math.round(maxHeldBytes / (1024 * 1024)))} MB of records now`;
    this.addNotice('info', 'info', dropped ? `${now}: the oldest ${formatCount(dropped)} evicted.` : `${now}.`);
  }

  /** The held records' estimated bytes (heldRecordBytes). */
  get heldByteCount(): number {
    return this.buffer.byteCount;
  }

  sendDetail(id: number): void {
    if (!this.ready) return;
    const held = this.get(id);
    if (!held) {
      this.post({ type: 'detail', id, missing: 'This record is no longer held (evicted or cleared).' });
      return;
    }
    const detail = clippedDetail(recordFromJsonLine(held.json), id, this.target.viewType);
    this.post({ type: 'detail', id, detail, lambda: this.lambda.explain(held), json: recordJsonText(held.json, this.jsonView) });
  }

  /** The record as pretty JSON, for Copy record: as received (DynamoDB JSON), or with its images as plain JSON. */
  recordJson(id: number): string | undefined {
    const held = this.get(id);
    return held ? JSON.stringify(recordInView(held.json, this.jsonView), null, 2) : undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lambda filter, Lambda events, JSON view

  /**
   * Sets (or, with empty text, clears) the Lambda filter and evaluates it over every held record at once, so the
   * counts are exact. Invalid text changes nothing: the parser's message is returned and shown.
   */
  setLambdaFilter(text: string): LambdaFilterState {
    const { error } = this.lambda.set(text, this.buffer);
    if (error) {
      const state = { ...this.lambda.state, error };
      if (this.ready) this.post({ type: 'lambdaFilter', lambda: state });
      return state;
    }
    this.afterLambdaChange();
    return this.lambda.state;
  }

  setLambdaOnly(only: boolean): void {
    if (this.lambda.only === only) return;
    this.lambda.only = only;
    this.afterLambdaChange();
  }

  /** Verdicts for every held record under the current filter; returns how many pass. */
  reevaluateLambda(): number {
    return this.lambda.reevaluate(this.buffer);
  }

  private afterLambdaChange(): void {
    this.savedVersion++;
    this.rebuildShown();
    if (!this.ready) return;
    this.post({ type: 'lambdaFilter', lambda: this.lambda.state });
    this.sendView();
  }

  get lambdaState(): LambdaFilterState {
    return this.lambda.state;
  }

  /** Held records the Lambda filter passes; undefined without a filter. */
  get lambdaCounts(): { wouldInvoke: number; held: number } | undefined {
    return this.lambda.counts(this.buffer.size);
  }

  /** Where this panel's records come from, as Lambda names it. */
  get lambdaSource(): LambdaSource {
    const t = this.target;
    return { source: t.source, streamArn: t.streamArn, region: t.region || t.eventRegion || FALLBACK_REGION };
  }

  /** The Lambda event of the given held records (missing ids skipped), or of the records shown when `ids` is empty. */
  lambdaEvent(ids: readonly number[] = []): LambdaEvent {
    const records: StreamRecord[] = [];
    if (ids.length === 0) {
      for (const held of this.buffer) if (this.matches(held)) records.push(recordFromJsonLine(held.json));
    } else {
      for (const id of [...ids].sort((a, b) => a - b)) {
        const held = this.get(id);
        if (held) records.push(recordFromJsonLine(held.json));
      }
    }
    return lambdaEventOf(records, this.lambdaSource);
  }

  get currentJsonView(): JsonView {
    return this.jsonView;
  }

  setJsonView(view: JsonView): void {
    this.jsonView = view;
    if (this.ready) this.post({ type: 'jsonView', view });
  }

  /** The newest sequence number held per shard (to offer as "after a sequence number…"). */
  lastSequenceNumbers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const held of this.buffer) if (held.row.sequenceNumber && /^\d+$/.test(held.row.sequenceNumber)) out[held.row.shardId] = held.row.sequenceNumber;
    return out;
  }

  /** A held record, as received. */
  record(id: number): StreamRecord | undefined {
    const held = this.get(id);
    return held ? recordFromJsonLine(held.json) : undefined;
  }

  /** Every held record with its row id, oldest first (parsed: for an item's history and undo, not for hot paths). */
  heldChanges(): { id: number; record: StreamRecord }[] {
    const out: { id: number; record: StreamRecord }[] = [];
    for (const held of this.buffer) out.push({ id: held.row.id, record: recordFromJsonLine(held.json) });
    return out;
  }

  /** The held records with these ids, or (no ids) the records the filters show; oldest first, parsed. */
  changesFor(ids: readonly number[]): { id: number; record: StreamRecord }[] {
    const wanted = new Set(ids);
    const out: { id: number; record: StreamRecord }[] = [];
    for (const held of this.buffer) {
      if (wanted.size ? wanted.has(held.row.id) : this.matches(held)) out.push({ id: held.row.id, record: recordFromJsonLine(held.json) });
    }
    return out;
  }

  /**
   * What Export writes: the held records the current filter shows (pending ones included), oldest first, each as
   * received (one JSON line, without its newline). The held strings themselves, not copies; a snapshot, unchanged by
   * records arriving or evicted later. Turn it into bytes with ndjsonChunks.
   */
  exportLines(): string[] {
    const lines: string[] = [];
    for (const held of this.buffer) if (this.matches(held)) lines.push(held.json);
    return lines;
  }

  get(id: number): HeldRecord | undefined {
    const oldest = this.buffer.oldest;
    if (!oldest) return undefined;
    const held = this.buffer.at(id - oldest.row.id);
    return held?.row.id === id ? held : undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.ready = false;
    this.searchIndex.dispose();
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Views of the state

  /** The webview said `ready` and has not been hidden since. */
  get isWebviewReady(): boolean {
    return this.ready;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get currentState(): TailState {
    return this.state;
  }

  get currentFilter(): RecordFilterSpec {
    return { text: this.filter.text, kinds: [...this.filter.kinds] };
  }

  /** The notices kept for the webview (the last 50), oldest first. */
  get currentNotices(): PanelNotice[] {
    return [...this.notices];
  }

  get held(): number {
    return this.buffer.size;
  }

  get evicted(): number {
    return this.buffer.evicted;
  }

  get pending(): number {
    const newest = this.buffer.newest;
    if (!newest) return 0;
    const oldest = (this.buffer.oldest as HeldRecord).row.id;
    return Math.max(0, newest.row.id - Math.max(this.deliveredUpTo, oldest - 1));
  }

  /** Rows the webview list shows now (filter applied, pending excluded). */
  visibleRows(): RecordRow[] {
    return this.rowsOf(this.shown.all());
  }

  /** How many rows the list shows now. */
  get shownCount(): number {
    return this.shown.count;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The webview asks for the rows it lacks

  /** Answers requestRows: the rows at positions start … end - 1 of the current view (at most MAX_ROWS_PER_MESSAGE). */
  sendRows(view: number, start: number, end: number): void {
    if (!this.ready || view !== this.view) return; // the webview has a newer view by the time this arrives
    const from = Math.max(start, this.shown.base);
    this.post({ type: 'rows', view, start: from, rows: this.rowsOf(this.shown.idsBetween(from, Math.min(end, from + MAX_ROWS_PER_MESSAGE))) });
  }

  /** Answers requestIds: the ids at positions start … end - 1 of the current view (a selected range). */
  sendIds(view: number, start: number, end: number): void {
    if (!this.ready || view !== this.view) return;
    const from = Math.max(start, this.shown.base);
    this.post({ type: 'ids', view, start: from, ids: this.shown.idsBetween(from, Math.min(end, from + MAX_IDS_PER_REQUEST)) });
  }

  /** Answers locate: where these records are in the current view (-1: not shown). */
  sendLocated(view: number, ids: readonly number[]): void {
    if (!this.ready || view !== this.view) return;
    this.post({ type: 'located', view, ids: [...ids], positions: ids.map((id) => this.shown.positionOf(id)) });
  }

  private rowsOf(ids: readonly number[]): RecordRow[] {
    const rows: RecordRow[] = [];
    for (const id of ids) {
      const held = this.get(id);
      if (held) rows.push(held.row);
    }
    return rows;
  }

  init(): PanelInit {
    return { ...this.target, filter: this.currentFilter, paused: this.paused, lambda: this.lambda.state, jsonView: this.jsonView };
  }

  status(): PanelStatus {
    let reading = 0;
    let closed = 0;
    let waitingParent = 0;
    for (const s of this.shards.values()) {
      if (s === 'reading') reading++;
      else if (s === 'closed') closed++;
      else waitingParent++;
    }
    return {
      state: this.state,
      reason: this.reason,
      paused: this.paused,
      pending: this.pending,
      held: this.buffer.size,
      evicted: this.buffer.evicted,
      evictedByBytes: this.buffer.evictedByBytes,
      unreadable: this.unreadable,
      received: this.received,
      ttlExpired: this.ttlExpired,
      shards: { reading, closed, waitingParent },
      stats: this.stats,
      lambda: this.lambdaCounts,
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Batching

  private matches(held: HeldRecord): boolean {
    if (this.lambda.only && !this.lambda.passes(held)) return false;
    // Without an indexed search text, the held JSON line rules most records out before it is built (by parsing them);
    // with one, testing it directly is cheaper than the pre-check.
    return this.matcher(held.row.kind, () => this.searchText(held), held.search === undefined ? held.json : undefined);
  }

  /** Only asked for while the filter has text (the matcher skips it otherwise); the search index may have it. */
  private searchText(held: HeldRecord): string {
    return (held.search ??= searchTextOfHeld(held));
  }

  /** The filters changed (or the records were cleared): which held records the list shows, from scratch. */
  private rebuildShown(): void {
    const ids: number[] = [];
    // Without filter text or "only matching", a kind test is all: skip the matcher's closure per held record.
    const kinds = !this.lambda.only && parseFilterText(this.filter.text).length === 0 ? new Set(this.filter.kinds) : undefined;
    for (let i = 0; i < this.buffer.size; i++) {
      const held = this.buffer.at(i) as HeldRecord;
      if (held.row.id > this.deliveredUpTo) break; // ids ascend; the rest are pending
      if (kinds ? kinds.has(held.row.kind) : this.matches(held)) ids.push(held.row.id);
    }
    this.shown.reset(ids);
  }

  /** A new view: its range and newest rows (the webview asks for others as it scrolls), status and notices. */
  private sendView(): void {
    this.view++;
    this.outNotices = [];
    this.statusDirty = false;
    this.sentOldest = this.oldestHeldId();
    this.sentBase = this.shown.base;
    this.sentEnd = this.shown.end;
    this.lastFlushAt = this.lastRowsAt = this.now(); // a view is a batch too
    const rows = this.rowsOf(this.shown.idsBetween(this.sentEnd - MAX_ROWS_PER_MESSAGE, this.sentEnd));
    this.post({ type: 'view', view: this.view, base: this.sentBase, end: this.sentEnd, rows, status: this.status(), notices: [...this.notices] });
  }

  private rowsChanged(): boolean {
    return this.shown.end !== this.sentEnd || this.shown.base !== this.sentBase || this.oldestHeldId() !== this.sentOldest;
  }

  private oldestHeldId(): number {
    return this.buffer.oldest?.row.id ?? this.nextId;
  }

  /**
   * Rows go out at once unless rows went out less than batchMs ago (then they wait for that batch): a lone record on
   * an idle panel is not delayed, a busy stream sends at most one batch of rows per batchMs. Status and notices alone
   * wait for batchMs after the last message.
   */
  private schedule(): void {
    if (this.disposed || !this.ready) return;
    const rowsWaiting = this.rowsChanged();
    if (!rowsWaiting && this.outNotices.length === 0 && !this.statusDirty) return;
    const now = this.now();
    const wait = (rowsWaiting ? this.lastRowsAt : this.lastFlushAt) + this.batchMs - now;
    if (this.timer !== undefined) {
      if (!rowsWaiting || wait > 0) return;
      this.timers.clear(this.timer); // a status batch is waiting, rows need not
      this.timer = undefined;
    }
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Sends what accumulated since the last batch (called by the timer; public for tests). */
  flush(): void {
    if (this.disposed || !this.ready) return;
    this.lastFlushAt = this.now();
    if (this.rowsChanged()) {
      const { base, end } = this.shown;
      // Only the newest rows: the webview asks for any others it shows (after a burst, or when scrolled up).
      const rows = this.rowsOf(this.shown.idsBetween(Math.max(this.sentEnd, end - MAX_ROWS_PER_MESSAGE), end));
      if (rows.length > 0) this.lastRowsAt = this.lastFlushAt;
      this.sentOldest = this.oldestHeldId();
      this.sentBase = base;
      this.sentEnd = end;
      this.post({ type: 'records', view: this.view, base, end, rows, dropBefore: this.sentOldest });
      this.statusDirty = true;
    }
    for (const notice of this.outNotices) this.post({ type: 'notice', notice });
    this.outNotices = [];
    if (this.statusDirty) {
      this.statusDirty = false;
      this.post({ type: 'status', status: this.status() });
    }
  }
}
