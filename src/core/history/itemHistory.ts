// An item's history from stream records: every change of one key, oldest first, with who made it and what changed
// between consecutive versions. Pure: works on the records a panel holds or a search of the retained stream found.
import type { DiffEntry, EventKind } from '../records/display';
import { approximateCreationMs, compareSequenceNumbers, type AttributeValue, type Item, type StreamRecord } from '../records/model';
import { diffImages, eventKindOf, toBase64 } from '../records/records';

/** A record and the id it has where it is held (a panel row id), so an entry can point back at it. */
export interface HeldChange {
  id: number;
  record: StreamRecord;
}

export interface HistoryEntry {
  id: number;
  record: StreamRecord;
  kind: EventKind;
  timeMs?: number;
  /** A user write, a TTL expiry (the DynamoDB service), or a global table's replication. */
  who: string;
  /** The version before and after the change, as far as the record (or its neighbours) tells. */
  before?: Item;
  after?: Item;
  /** Attribute by attribute, `before` → `after`; empty when either side is unknown. */
  diff: DiffEntry[];
  /** Why `diff` is empty although the item changed (the view type lacks an image). */
  diffMissing?: string;
}

export interface ItemHistory {
  entries: HistoryEntry[];
  /** Set when the stream cannot give a history at all (KEYS_ONLY). */
  unavailable?: string;
}

export const KEYS_ONLY_HISTORY =
  'The stream records keys only (view type KEYS_ONLY): they hold no item versions, so there is no history to show or ' +
  'restore. Change the stream view type to NEW_AND_OLD_IMAGES to record them from now on.';

/**
 * One text per item key, whatever the order of the key's attributes: names sorted, each value as its type and text
 * (binary as base64). Two keys give the same text exactly when they name the same item.
 */
export function itemIdentity(keys: Item): string {
  return JSON.stringify(Object.keys(keys).sort().map((name) => [name, attributeText(keys[name])]));
}

function attributeText(value: AttributeValue | undefined): [string, string] {
  if (!value) return ['?', ''];
  if (value.S !== undefined) return ['S', value.S];
  if (value.N !== undefined) return ['N', value.N];
  if (value.B !== undefined) return ['B', toBase64(value.B)];
  return ['?', JSON.stringify(value)];
}

/** Stream order of two changes of one item: sequence numbers (DynamoDB Streams), else creation time (Kinesis). */
export function compareChanges(a: StreamRecord, b: StreamRecord): number {
  const sa = a.dynamodb?.SequenceNumber;
  const sb = b.dynamodb?.SequenceNumber;
  if (sa !== undefined && sb !== undefined) return compareSequenceNumbers(sa, sb);
  const ta = approximateCreationMs(a) ?? 0;
  const tb = approximateCreationMs(b) ?? 0;
  if (ta !== tb) return ta - tb;
  return compareSequenceNumbers(a.kinesis?.sequenceNumber ?? '0', b.kinesis?.sequenceNumber ?? '0');
}

/** Who made a change: TTL (the DynamoDB service), a global table's replication (version 2017.11.29 marks the item
 * with the region it came from), or a user write. */
export function whoChanged(record: StreamRecord): string {
  if (eventKindOf(record) === 'TTL') return 'TTL expiry (the DynamoDB service)';
  const identity = record.userIdentity;
  if (identity?.Type === 'Service') return `the service ${identity.PrincipalId ?? '(unnamed)'}`;
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  const from = image?.['aws:rep:updateregion']?.S;
  if (from && record.awsRegion && from !== record.awsRegion) return `replication from ${from}`;
  return 'a user write';
}

/**
 * Every change of the item with `keys` among `changes`, oldest first. Kinesis repeats of a change are left out. A
 * version an image does not carry is taken from the neighbouring change when that one has it (NEW_IMAGE: the
 * previous change's new image is this change's old one).
 */
export function itemHistory(changes: Iterable<HeldChange>, keys: Item, viewType?: string): ItemHistory {
  if (viewType === 'KEYS_ONLY') return { entries: [], unavailable: KEYS_ONLY_HISTORY };
  const identity = itemIdentity(keys);
  const mine: HeldChange[] = [];
  for (const change of changes) {
    const k = change.record.dynamodb?.Keys;
    if (k && !change.record.kinesis?.duplicate && itemIdentity(k) === identity) mine.push(change);
  }
  mine.sort((a, b) => compareChanges(a.record, b.record));
  const entries: HistoryEntry[] = [];
  let previousAfter: Item | undefined;
  let previousKnown = false;
  for (const { id, record } of mine) {
    const kind = eventKindOf(record);
    const d = record.dynamodb;
    const before = kind === 'INSERT' ? undefined : (d?.OldImage ?? (previousKnown ? previousAfter : undefined));
    const after = kind === 'REMOVE' || kind === 'TTL' ? undefined : d?.NewImage;
    const beforeKnown = kind === 'INSERT' || before !== undefined;
    const afterKnown = kind === 'REMOVE' || kind === 'TTL' || after !== undefined;
    const entry: HistoryEntry = { id, record, kind, timeMs: approximateCreationMs(record), who: whoChanged(record), before, after, diff: [] };
    if (beforeKnown && afterKnown) entry.diff = diffImages(before, after, Object.keys(keys));
    else entry.diffMissing = `This change's ${beforeKnown ? 'new' : 'old'} version is not in the stream (view type ${d?.StreamViewType ?? viewType ?? 'unknown'}).`;
    entries.push(entry);
    previousAfter = after;
    previousKnown = afterKnown;
  }
  return { entries };
}
