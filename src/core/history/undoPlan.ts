// What undoing stream changes writes, decided before anything is written (the dry run): per item, the state before
// the first selected change is put back — its old image, or a delete when the first change was an INSERT — but only
// if the item is still what the newest known change left. Pure: the writes themselves are conditional (src/aws).
import type { Item, StreamRecord } from '../records/model';
import { eventKindOf } from '../records/records';
import { sameItem } from '../records/sameItem';
import { compareChanges, itemIdentity, type HeldChange } from './itemHistory';

/** What an item is expected to be right now: absent, or exactly this item. */
export type ItemState = { absent: true } | { absent: false; item: Item };

export type UndoStep =
  /** Put `item` back, if the item is `expected`. */
  | { action: 'restore'; keys: Item; item: Item; expected: ItemState; changes: number[]; ttlInPast?: TtlInPast }
  /** Delete the item (its first selected change created it), if the item is `expected`. */
  | { action: 'delete'; keys: Item; expected: ItemState; changes: number[] }
  /** Nothing is written, for `reason`. `current` is the newest version known when a later change is the reason. */
  | { action: 'skip'; keys: Item; reason: string; changes: number[]; current?: ItemState };

/** The TTL attribute of an item to restore already lies in the past: DynamoDB would delete it again. */
export interface TtlInPast {
  attribute: string;
  epochSeconds: number;
}

export interface UndoOptions {
  /** Every change held (or found), selected or not: a later change of an item means it changed after the selection. */
  known?: Iterable<HeldChange>;
  /** The table's TTL attribute, to flag restored items whose expiry has passed. */
  ttlAttribute?: string;
  nowMs?: number;
}

const absent: ItemState = { absent: true };

/** One step per item, in the order the items first appear among the selected changes. */
export function planUndo(selected: Iterable<HeldChange>, options: UndoOptions = {}): UndoStep[] {
  const byItem = new Map<string, HeldChange[]>();
  for (const change of selected) {
    const keys = change.record.dynamodb?.Keys;
    if (!keys || change.record.kinesis?.duplicate) continue;
    const id = itemIdentity(keys);
    const list = byItem.get(id);
    if (list) list.push(change);
    else byItem.set(id, [change]);
  }
  const newestKnown = newestPerItem(options.known ?? [], byItem);
  const steps: UndoStep[] = [];
  for (const [id, changes] of byItem) {
    changes.sort((a, b) => compareChanges(a.record, b.record));
    steps.push(stepFor(changes, newestKnown.get(id), options));
  }
  return steps;
}

function stepFor(changes: HeldChange[], newestKnown: StreamRecord | undefined, options: UndoOptions): UndoStep {
  const first = changes[0].record;
  const last = changes[changes.length - 1].record;
  const keys = first.dynamodb!.Keys!;
  const ids = changes.map((c) => c.id);
  if (newestKnown && compareChanges(newestKnown, last) > 0) {
    return { action: 'skip', keys, reason: 'changed after the selected changes', changes: ids, current: stateAfter(newestKnown) };
  }
  const expected = stateAfter(last);
  if (!expected) {
    return { action: 'skip', keys, reason: "the stream does not say what the item is now (its view type carries no new image)", changes: ids };
  }
  if (eventKindOf(first) === 'INSERT') {
    if (expected.absent) return { action: 'skip', keys, reason: 'already absent, as before the selected changes', changes: ids };
    return { action: 'delete', keys, expected, changes: ids };
  }
  const item = first.dynamodb?.OldImage;
  if (!item) return { action: 'skip', keys, reason: 'the stream does not carry the version to restore (its view type has no old image)', changes: ids };
  if (!expected.absent && sameItem(expected.item, item)) return { action: 'skip', keys, reason: 'already as before the selected changes', changes: ids };
  const step: UndoStep = { action: 'restore', keys, item, expected, changes: ids };
  const ttl = ttlInPast(item, options);
  if (ttl) step.ttlInPast = ttl;
  return step;
}

/** The item as a change left it: absent after a REMOVE, its new image otherwise; undefined when not carried. */
export function stateAfter(record: StreamRecord): ItemState | undefined {
  const kind = eventKindOf(record);
  if (kind === 'REMOVE' || kind === 'TTL') return absent;
  const image = record.dynamodb?.NewImage;
  return image ? { absent: false, item: image } : undefined;
}

function newestPerItem(known: Iterable<HeldChange>, wanted: ReadonlyMap<string, unknown>): Map<string, StreamRecord> {
  const newest = new Map<string, StreamRecord>();
  for (const { record } of known) {
    const keys = record.dynamodb?.Keys;
    if (!keys || record.kinesis?.duplicate) continue;
    const id = itemIdentity(keys);
    if (!wanted.has(id)) continue;
    const seen = newest.get(id);
    if (!seen || compareChanges(record, seen) > 0) newest.set(id, record);
  }
  return newest;
}

function ttlInPast(item: Item, options: UndoOptions): TtlInPast | undefined {
  const name = options.ttlAttribute;
  const n = name ? item[name]?.N : undefined;
  if (!name || n === undefined) return undefined;
  const epochSeconds = Number(n);
  const now = (options.nowMs ?? Date.now()) / 1000;
  return Number.isFinite(epochSeconds) && epochSeconds < now ? { attribute: name, epochSeconds } : undefined;
}
