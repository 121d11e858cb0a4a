// Display model of stream records and the formatting of numbers and times, shared by the panel host and the
// webview (through src/core/panel/protocol.ts). Plain data and pure functions only: no imports, so the webview bundle can use it.

/** TTL: a REMOVE made by the DynamoDB service (userIdentity {Type: "Service", PrincipalId: "dynamodb.amazonaws.com"}). */
export type EventKind = 'INSERT' | 'MODIFY' | 'REMOVE' | 'TTL';

export const EVENT_KINDS: readonly EventKind[] = ['INSERT', 'MODIFY', 'REMOVE', 'TTL'];

/** The event name as users read it. */
export const EVENT_KIND_LABELS: Readonly<Record<EventKind, string>> = {
  INSERT: 'INSERT',
  MODIFY: 'MODIFY',
  REMOVE: 'REMOVE',
  TTL: 'TTL expired',
};

export function isEventKind(x: unknown): x is EventKind {
  return typeof x === 'string' && (EVENT_KINDS as readonly string[]).includes(x);
}

/** One row of the record list: small, so thousands can be held and sent. */
export interface RecordRow {
  /** Panel-local id, increasing in arrival order. */
  id: number;
  kind: EventKind;
  /** Event name as text: INSERT, MODIFY, REMOVE, TTL expired (or the raw name if unknown). */
  eventName: string;
  /** e.g. `PK="ORDER#1001", SK=5` */
  keys: string;
  sequenceNumber: string;
  shardId: string;
  sizeBytes?: number;
  /** ApproximateCreationDateTime, ms since epoch. */
  approximateCreationMs?: number;
  /** When the host received it, ms since epoch. */
  arrivalMs: number;
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffEntry {
  /** Attribute path: `status`, `address.city`, `items[2].qty`, `map["odd.key"]`. */
  path: string;
  change: ChangeKind;
  /** Absent when the attribute did not exist in the old image. */
  oldText?: string;
  /** Absent when the attribute does not exist in the new image. */
  newText?: string;
}

export interface ValueEntry {
  path: string;
  text: string;
}

/** What the expanded row shows. */
export interface RecordDetail {
  id: number;
  eventName: string;
  keys: ValueEntry[];
  /** True when both images needed for this event are present: `diff` is meaningful. */
  diffAvailable: boolean;
  diff: DiffEntry[];
  /** Why there is no diff (view type, missing image); absent when diffAvailable. */
  note?: string;
  /** When there is no diff: the image the record does carry (or nothing for KEYS_ONLY). */
  image?: { label: string; values: ValueEntry[] };
  viewType?: string;
  eventId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting of numbers and times for the panel (host and webview). Inputs may come from untrusted messages, so
// every helper accepts anything and answers text.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** HH:MM:SS.mmm in local time; an em dash when there is no time. */
export function formatTime(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** ISO 8601 (UTC); empty when there is no time. */
export function formatDateTime(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString();
}

/** A whole number with thousands separators (`12,345`); `0` for anything that is not a number. */
export function formatCount(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '0';
}

export function formatDuration(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatRate(n: number | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '0';
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
