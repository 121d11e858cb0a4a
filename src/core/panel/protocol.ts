// The tail panel's message protocol: one discriminated union each way, shared by the host (src/panels, the core
// TailSession) and the webview bundle (src/webview). Pure: imports only dependency-free core modules, so the webview
// bundle stays small and core does not depend on anything outside core.
import { EVENT_KINDS, isEventKind, type DiffEntry, type EventKind, type RecordDetail, type RecordRow, type ValueEntry } from '../records/display';
import { toFilterSpec, type RecordFilterSpec } from './filter';
import type { StartKind, StartPosition, TailState, TailStats } from '../tail/types';
import { isItemsHostMessage, isItemsWebviewMessage, ITEMS_HOST_TYPES, type ItemsHostMessage, type ItemsWebviewMessage } from './itemsProtocol';

export type { DiffEntry, EventKind, RecordDetail, RecordRow, RecordFilterSpec, ValueEntry, StartKind, StartPosition, TailState, TailStats };
export { EVENT_KINDS };


/** The two change-data paths a tail panel shows the same way. */
export type TailSourceKind = 'dynamodb' | 'kinesis';

/** What a tail panel reads: the stream (or one shard of it), where it starts, how many records it holds. */
export interface TailTarget {
  /** A table's DynamoDB stream, or a Kinesis data stream (a table's Kinesis destination, or any stream). */
  source: TailSourceKind;
  /** DynamoDB: the table's name. Kinesis: the data stream's name. */
  name: string;
  /** DynamoDB: the stream ARN. Kinesis: the data stream's ARN, or its name when no ARN is known. */
  streamArn: string;
  viewType?: string;
  onlyShardId?: string;
  /** DynamoDB: a global table's replica in another region than the connection's (read there). */
  region?: string;
  startPosition: StartPosition;
  maxRecords: number;
  /** The connection's region: a Lambda event's awsRegion when neither the record nor `region` names one. */
  eventRegion?: string;
}

/** How a record's detail and Copy record show items: DynamoDB JSON (typed, as received) or plain JSON (unmarshalled). */
export type JsonView = 'dynamodb' | 'plain';
export const JSON_VIEWS: readonly JsonView[] = ['dynamodb', 'plain'];

export function isJsonView(x: unknown): x is JsonView {
  return x === 'dynamodb' || x === 'plain';
}

/** Longest Lambda filter text accepted: 5 patterns of 4,096 characters and the FilterCriteria around them. */
export const MAX_LAMBDA_FILTER_TEXT = 32_768;
/** Most record ids in one message (a multi-selection). */
export const MAX_IDS_PER_MESSAGE = 100_000;

/** The panel's Lambda filter: its text (empty: none), whether only matching records are shown, and the last error. */
export interface LambdaFilterState {
  text: string;
  only: boolean;
  /** Why the text last typed was refused (the filter in force is unchanged). */
  error?: string;
}

/** "12 of 40 would invoke": records held that the Lambda filter passes, of all held. */
export interface LambdaCounts {
  wouldInvoke: number;
  held: number;
}

/**
 * The panel's title (users and tests find panels by it): `Tail: <table>` for a DynamoDB stream (`Tail: <table> (<region>)` for a
 * replica in another region), `Kinesis: <stream>`.
 */
export function panelTitle(target: Pick<TailTarget, 'source' | 'name' | 'region'>): string {
  const region = target.region ? ` (${target.region})` : '';
  return `${target.source === 'kinesis' ? 'Kinesis' : 'Tail'}: ${target.name}${region}`;
}

/** What the panel tails and how it is set up; sent first after every `ready` and after a restart. */
export interface PanelInit extends TailTarget {
  /** The filter the host applies (it survives the webview being hidden and re-shown). */
  filter: RecordFilterSpec;
  paused: boolean;
  lambda?: LambdaFilterState;
  jsonView?: JsonView;
}

export interface PanelStatus {
  state: TailState;
  reason?: string;
  paused: boolean;
  /** Records received while paused and not shown yet (held by the host, delivered on resume). */
  pending: number;
  /** Records held by the host (at most maxRecords). */
  held: number;
  /** Oldest records dropped to stay within maxRecords or the byte budget, since the start or the last clear. */
  evicted: number;
  /** Of those, how many the byte budget (tail.maxHeldMegabytes) evicted. */
  evictedByBytes?: number;
  /** Records held as unreadable because the panel could not convert them (shown raw, cut). */
  unreadable?: number;
  /** Records received since the tail (re)started. */
  received: number;
  /** Of those, items deleted by TTL (REMOVE by the DynamoDB service). */
  ttlExpired: number;
  shards: { reading: number; closed: number; waitingParent: number };
  /** Latest reader statistics (records/s, lag, ...). */
  stats?: TailStats;
  /** Set while a Lambda filter is. */
  lambda?: LambdaCounts;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** A state change worth showing: reconnecting, stream disabled, a gap after trimmed data, errors. */
export interface PanelNotice {
  id: number;
  level: NoticeLevel;
  kind: 'state' | 'gap' | 'error' | 'info';
  message: string;
  atMs: number;
}

/** Most rows in one `view`, `records` or `rows` message: a screenful or two, whatever the number held. */
export const MAX_ROWS_PER_MESSAGE = 500;
/** Most positions one requestIds covers (Ctrl/Cmd+A over every row held). */
export const MAX_IDS_PER_REQUEST = 200_000;

/**
 * The rows the list shows (held records the filters pass, pending ones excluded) are numbered by position: a view
 * holds positions base … end - 1, oldest first. Positions never change within a view: evictions raise `base`, new
 * rows raise `end`. A filter change, clear or restart starts a new view (numbered by `view`), and the webview drops
 * every answer to a request made for an older one. The webview asks for the rows it lacks (requestRows), so no message
 * carries every row held.
 */
export interface ViewRange {
  view: number;
  base: number;
  end: number;
}

export type HostToWebview =
  | { type: 'init'; init: PanelInit }
  /** A new view (after ready, a filter change, clear, restart), with its newest rows (ending at `end`). */
  | ({ type: 'view'; rows: RecordRow[]; status: PanelStatus; notices: PanelNotice[] } & ViewRange)
  /**
   * The current view grew or shrank: rows up to `end` are shown (the newest of them in `rows`, ending at `end`), the
   * first is at `base`; every record whose id < dropBefore was evicted by the host.
   */
  | ({ type: 'records'; rows: RecordRow[]; dropBefore: number } & ViewRange)
  /** Answer to requestRows: the rows at positions start, start + 1, … of that view. */
  | { type: 'rows'; view: number; start: number; rows: RecordRow[] }
  /** Answer to requestIds: the record ids at positions start, start + 1, … of that view. */
  | { type: 'ids'; view: number; start: number; ids: number[] }
  /** Answer to locate: each id's position in that view, -1 when it is not shown. */
  | { type: 'located'; view: number; ids: number[]; positions: number[] }
  | { type: 'status'; status: PanelStatus }
  | { type: 'notice'; notice: PanelNotice }
  /** Answer to requestDetail: the diff of one record, or why it is gone. */
  | { type: 'detail'; id: number; detail?: RecordDetail; missing?: string; lambda?: LambdaVerdict; json?: RecordJsonText }
  /** The Lambda filter after setLambdaFilter / setLambdaOnly (or set from outside the panel). */
  | { type: 'lambdaFilter'; lambda: LambdaFilterState }
  | { type: 'jsonView'; view: JsonView }
  /** Short feedback for an action (copied, exported). */
  | { type: 'flash'; message: string }
  /** What the panel needs to come back after a reload (panelRestore.ts): the webview keeps it in its saved state. */
  | { type: 'persist'; state: object }
  // The items panel (`Items: <table>`): the same bundle in items mode.
  | ItemsHostMessage;

/** Whether the Lambda filter passes a record, and if not, the first rule that failed. */
export interface LambdaVerdict {
  matches: boolean;
  reason?: string;
}

/** A record's keys and images as pretty JSON in the panel's JSON view (clipped like diff values). */
export interface RecordJsonText {
  view: JsonView;
  text: string;
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'clear' }
  | { type: 'setFilter'; filter: RecordFilterSpec }
  | { type: 'export' }
  | { type: 'copyRecord'; id: number }
  /** A kind alone: the host asks for what it needs (a time, sequence numbers); or a whole start position. */
  | { type: 'restart'; startPosition: StartKind | StartPosition }
  | { type: 'requestDetail'; id: number }
  /** The rows at positions start … end - 1 of a view (at most MAX_ROWS_PER_MESSAGE are sent). */
  | { type: 'requestRows'; view: number; start: number; end: number }
  /** The record ids at positions start … end - 1 of a view (a range selected beyond the rows the webview has). */
  | { type: 'requestIds'; view: number; start: number; end: number }
  /** Where these records (expanded, selected) are in a view, after it changed. */
  | { type: 'locate'; view: number; ids: number[] }
  /** Empty text clears the Lambda filter. */
  | { type: 'setLambdaFilter'; text: string }
  | { type: 'setLambdaOnly'; only: boolean }
  /** The records' Lambda event to the clipboard (ids: the selection, or the record in view). */
  | { type: 'copyLambdaEvent'; ids: number[] }
  /** The records shown (filters applied) as one Lambda event, to a file. */
  | { type: 'exportLambdaEvent' }
  /** Undo changes… over the records shown (filters applied). */
  | { type: 'undoChanges' }
  | { type: 'setJsonView'; view: JsonView }
  /** Run a local handler on these records (none: the records shown). */
  | { type: 'invokeHandler'; ids: number[] }
  | ItemsWebviewMessage;

export type HostMessageType = HostToWebview['type'];

// ---------------------------------------------------------------------------------------------------------------
// Start positions (host and webview; the reader-side parts are in core/tail/startPosition.ts)

/** The start positions the restart picker offers, by kind (the host asks for a time or sequence numbers). */
export const START_KINDS: readonly StartKind[] = ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP', 'AFTER_SEQUENCE_NUMBER'];

/** The labels users and tests rely on, by kind. */
export const START_LABELS: Readonly<Record<StartKind, string>> = {
  LATEST: 'from now (LATEST)',
  TRIM_HORIZON: 'everything retained (TRIM_HORIZON)',
  AT_TIMESTAMP: 'since a time…',
  AFTER_SEQUENCE_NUMBER: 'after a sequence number…',
};

export function isStartKind(x: unknown): x is StartKind {
  return typeof x === 'string' && (START_KINDS as readonly string[]).includes(x);
}

export function startKindOf(p: StartPosition): StartKind {
  return typeof p === 'string' ? p : p.type;
}

/** A start position with its parameters, for the panel's heading, notices and logs. */
export function describeStart(p: StartPosition): string {
  if (p === 'LATEST') return 'new records only (LATEST)';
  if (p === 'TRIM_HORIZON') return 'the oldest record retained (TRIM_HORIZON)';
  if (p.type === 'AT_TIMESTAMP') return `records since ${new Date(p.timestampMs).toISOString()}`;
  return `after ${Object.entries(p.checkpoints).map(([shard, seq]) => `${seq} in ${shard}`).join(', ')}`;
}

/** Untrusted input (a message, saved state) as a start position, or undefined. */
export function toStartPosition(x: unknown): StartPosition | undefined {
  if (x === 'LATEST' || x === 'TRIM_HORIZON') return x;
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  // Only times a Date can hold (±8.64e15 ms): others cannot even be shown.
  if (o.type === 'AT_TIMESTAMP' && typeof o.timestampMs === 'number' && Math.abs(o.timestampMs) <= 8.64e15) return { type: 'AT_TIMESTAMP', timestampMs: o.timestampMs };
  if (o.type === 'AFTER_SEQUENCE_NUMBER' && typeof o.checkpoints === 'object' && o.checkpoints !== null) {
    const parsed = parseCheckpoints(Object.entries(o.checkpoints).map(([k, v]) => `${k}=${String(v)}`).join(', '));
    return parsed.ok ? { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: parsed.checkpoints } : undefined;
  }
  return undefined;
}

/**
 * "after a sequence number…": `shardId=sequenceNumber`, several separated by commas or new lines. Sequence numbers
 * are decimal digits (up to 128: Kinesis's are 56 today); shard ids as DynamoDB Streams and Kinesis name them.
 */
export function parseCheckpoints(text: string): { ok: true; checkpoints: Record<string, string> } | { ok: false; error: string } {
  const checkpoints: Record<string, string> = {};
  const parts = text.split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: 'Enter shardId=sequenceNumber, e.g. shardId-00000001722945587123-abcd1234=000000000000000000123' };
  for (const part of parts) {
    const m = /^([A-Za-z0-9_.:-]{1,128})\s*=\s*(\S+)$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not shardId=sequenceNumber.` };
    if (!/^\d{1,128}$/.test(m[2])) return { ok: false, error: `The sequence number of ${m[1]} must be decimal digits (up to 128), not "${m[2]}".` };
    checkpoints[m[1]] = m[2];
  }
  return { ok: true, checkpoints };
}



function isRecordId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isRecordIds(x: unknown): x is number[] {
  return Array.isArray(x) && x.length <= MAX_IDS_PER_MESSAGE && x.every(isRecordId);
}

/** A start kind from untrusted input (a <select> value, saved webview state); anything else is `fallback`. */
export function toStartKind(x: unknown, fallback: StartKind = 'LATEST'): StartKind {
  return isStartKind(x) ? x : fallback;
}

/** Runtime check of a message from the webview; the host calls it before touching a message. */
export function isWebviewMessage(x: unknown): x is WebviewToHost {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'pause':
    case 'resume':
    case 'clear':
    case 'export':
      return true;
    case 'setFilter':
      return toFilterSpec(m.filter) !== undefined;
    case 'copyRecord':
    case 'requestDetail':
      return isRecordId(m.id);
    case 'requestRows':
    case 'requestIds':
      return isRecordId(m.view) && isRecordId(m.start) && isRecordId(m.end) && m.start <= m.end;
    case 'locate':
      return isRecordId(m.view) && isRecordIds(m.ids);
    case 'restart':
      return isStartKind(m.startPosition) || toStartPosition(m.startPosition) !== undefined;
    case 'setLambdaFilter':
      return typeof m.text === 'string' && m.text.length <= MAX_LAMBDA_FILTER_TEXT;
    case 'setLambdaOnly':
      return typeof m.only === 'boolean';
    case 'copyLambdaEvent':
    case 'invokeHandler':
      return isRecordIds(m.ids);
    case 'exportLambdaEvent':
    case 'undoChanges':
      return true;
    case 'setJsonView':
      return isJsonView(m.view);
    default:
      return isItemsWebviewMessage(m);
  }
}

const HOST_TYPES: ReadonlySet<string> = new Set<HostMessageType>([
  'init',
  'view',
  'records',
  'rows',
  'ids',
  'located',
  'status',
  'notice',
  'detail',
  'flash',
  'lambdaFilter',
  'jsonView',
  'persist',
  ...ITEMS_HOST_TYPES,
]);

function isViewRange(m: Record<string, unknown>): boolean {
  return isRecordId(m.view) && isRecordId(m.base) && isRecordId(m.end) && (m.base) <= (m.end);
}

/** Minimal shape check of a message from the host (the webview still renders every field as text). */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  if (typeof m.type !== 'string' || !HOST_TYPES.has(m.type)) return false;
  const obj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  switch (m.type as HostMessageType) {
    case 'init':
      return obj(m.init);
    case 'view':
      return isViewRange(m) && Array.isArray(m.rows) && obj(m.status) && Array.isArray(m.notices);
    case 'records':
      return isViewRange(m) && Array.isArray(m.rows) && typeof m.dropBefore === 'number';
    case 'rows':
      return isRecordId(m.view) && isRecordId(m.start) && Array.isArray(m.rows);
    case 'ids':
      return isRecordId(m.view) && isRecordId(m.start) && Array.isArray(m.ids) && m.ids.every(isRecordId);
    case 'located':
      return isRecordId(m.view) && Array.isArray(m.ids) && Array.isArray(m.positions) && m.ids.length === m.positions.length;
    case 'status':
      return obj(m.status);
    case 'notice':
      return obj(m.notice);
    case 'detail':
      return isRecordId(m.id);
    case 'flash':
      return typeof m.message === 'string';
    case 'lambdaFilter':
      return obj(m.lambda);
    case 'jsonView':
      return isJsonView(m.view);
    case 'persist':
      return obj(m.state);
    default:
      return isItemsHostMessage(m);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What the webview checks on each incoming row: the host is trusted to send the right shape, but a row is rendered
// field by field, so anything malformed is normalised to text or dropped rather than trusted.

/** One row from a host message; undefined when it has no usable id. Text fields become strings, numbers must be finite. */
export function validRecordRow(x: unknown): RecordRow | undefined {
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

/** The valid rows of a host message, in order; malformed entries are skipped. */
export function validRecordRows(list: readonly unknown[]): RecordRow[] {
  const out: RecordRow[] = [];
  for (const x of list) {
    const r = validRecordRow(x);
    if (r) out.push(r);
  }
  return out;
}
