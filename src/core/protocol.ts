// The tail panel's message protocol: one discriminated union each way, shared by the host (src/panels, the core
// TailSession) and the webview bundle (src/webview). Pure: imports only dependency-free core modules, so the webview
// bundle stays small and core does not depend on anything outside core.
import { EVENT_KINDS, isEventKind, type DiffEntry, type EventKind, type RecordDetail, type RecordRow, type ValueEntry } from './display';
import { toFilterSpec, type RecordFilterSpec } from './filter';
import type { StartPosition, TailState, TailStats } from './tail/types';

export type { DiffEntry, EventKind, RecordDetail, RecordRow, RecordFilterSpec, ValueEntry, StartPosition, TailState, TailStats };
export { EVENT_KINDS };

export const START_POSITIONS: readonly StartPosition[] = ['LATEST', 'TRIM_HORIZON'];

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
}

/**
 * The panel's title, fixed by the design: `Tail: <table>` for a DynamoDB stream (`Tail: <table> (<region>)` for a
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
}

export interface PanelStatus {
  state: TailState;
  reason?: string;
  paused: boolean;
  /** Records received while paused and not shown yet (held by the host, delivered on resume). */
  pending: number;
  /** Records held by the host (at most maxRecords). */
  held: number;
  /** Oldest records dropped to stay within maxRecords, since the start or the last clear. */
  evicted: number;
  /** Records received since the tail (re)started. */
  received: number;
  shards: { reading: number; closed: number; waitingParent: number };
  /** Latest reader statistics (records/s, lag, ...). */
  stats?: TailStats;
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

export type HostToWebview =
  | { type: 'init'; init: PanelInit }
  /** Replaces every row (after ready, filter change, restart). */
  | { type: 'snapshot'; rows: RecordRow[]; status: PanelStatus; notices: PanelNotice[] }
  /** Appends rows (oldest first) and drops every row whose id < dropBefore (evicted by the host). */
  | { type: 'records'; rows: RecordRow[]; dropBefore: number }
  | { type: 'status'; status: PanelStatus }
  | { type: 'notice'; notice: PanelNotice }
  | { type: 'cleared'; status: PanelStatus }
  /** Answer to requestDetail: the diff of one record, or why it is gone. */
  | { type: 'detail'; id: number; detail?: RecordDetail; missing?: string }
  /** Short feedback for an action (copied, exported). */
  | { type: 'flash'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'clear' }
  | { type: 'setFilter'; filter: RecordFilterSpec }
  | { type: 'export' }
  | { type: 'copyRecord'; id: number }
  | { type: 'restart'; startPosition: StartPosition }
  | { type: 'requestDetail'; id: number };

export type HostMessageType = HostToWebview['type'];

function isRecordId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

export function isStartPosition(x: unknown): x is StartPosition {
  return typeof x === 'string' && (START_POSITIONS as readonly string[]).includes(x);
}

/** A start position from untrusted input (a <select> value, saved webview state); anything else is `fallback`. */
export function toStartPosition(x: unknown, fallback: StartPosition = 'LATEST'): StartPosition {
  return isStartPosition(x) ? x : fallback;
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
    case 'restart':
      return isStartPosition(m.startPosition);
    default:
      return false;
  }
}

const HOST_TYPES: ReadonlySet<string> = new Set<HostMessageType>(['init', 'snapshot', 'records', 'status', 'notice', 'cleared', 'detail', 'flash']);

/** Minimal shape check of a message from the host (the webview still renders every field as text). */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const m = x as Record<string, unknown>;
  if (typeof m.type !== 'string' || !HOST_TYPES.has(m.type)) return false;
  const obj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  switch (m.type as HostMessageType) {
    case 'init':
      return obj(m.init);
    case 'snapshot':
      return Array.isArray(m.rows) && obj(m.status) && Array.isArray(m.notices);
    case 'records':
      return Array.isArray(m.rows) && typeof m.dropBefore === 'number';
    case 'status':
    case 'cleared':
      return obj(m.status);
    case 'notice':
      return obj(m.notice);
    case 'detail':
      return isRecordId(m.id);
    case 'flash':
      return typeof m.message === 'string';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What the webview checks on each incoming row: the host is trusted to send the right shape, but a row is rendered
// field by field, so anything malformed is normalised to text or dropped rather than trusted.

/** One row from a host message; undefined when it has no usable id. Text fields become strings, numbers must be finite. */
export function toRecordRow(x: unknown): RecordRow | undefined {
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
export function toRecordRows(list: readonly unknown[]): RecordRow[] {
  const out: RecordRow[] = [];
  for (const x of list) {
    const r = toRecordRow(x);
    if (r) out.push(r);
  }
  return out;
}
