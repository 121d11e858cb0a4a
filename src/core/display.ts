// Display model of stream records, shared by the panel host and the webview (through src/core/protocol.ts).
// Plain data only: no imports, so the webview bundle can use it.

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
