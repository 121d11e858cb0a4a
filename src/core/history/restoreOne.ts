// One item put back to one version, decided before anything is written: Undo change (the version before a change)
// and Restore this version (the version after a history entry). The write is guarded by what the newest known change
// of the item left. Pure; the preview, the consistent read and the conditional write are the caller's.
import type { Item, StreamRecord } from '../records/model';
import { eventKindOf } from '../records/records';
import { compareChanges, itemIdentity, type HeldChange } from './itemHistory';
import { stateAfter, type ItemState, type TtlInPast } from './undoPlan';

export interface RestoreOne {
  keys: Item;
  /** The version to put back, or absent: the item is deleted. */
  target: ItemState;
  /** What the newest known change left; undefined when no image says it (the current item is then the guard). */
  expected?: ItemState;
  /** The newest known change is later than the one undone (the item changed after it, as far as the stream shows). */
  changedAfter: boolean;
  ttlInPast?: TtlInPast;
}

export interface RestoreOptions {
  ttlAttribute?: string;
  nowMs?: number;
}

/** Undo change: a MODIFY or REMOVE (TTL expiry too) puts the old image back; an INSERT deletes the item. */
export function planUndoChange(change: StreamRecord, known: Iterable<HeldChange>, options: RestoreOptions = {}): RestoreOne {
  const keys = change.dynamodb?.Keys;
  if (!keys) throw new Error('This record names no item (it has no keys).');
  if (eventKindOf(change) === 'INSERT') return guarded(keys, { absent: true }, change, known, options);
  const old = change.dynamodb?.OldImage;
  if (!old) {
    throw new Error(`This record does not carry the version before the change (view type ${change.dynamodb?.StreamViewType ?? 'unknown'}): only NEW_AND_OLD_IMAGES and OLD_IMAGE streams can undo it.`);
  }
  return guarded(keys, { absent: false, item: old }, change, known, options);
}

/** Restore this version: the item as `change` left it (absent after a REMOVE). */
export function planRestoreVersion(change: StreamRecord, known: Iterable<HeldChange>, options: RestoreOptions = {}): RestoreOne {
  const keys = change.dynamodb?.Keys;
  if (!keys) throw new Error('This record names no item (it has no keys).');
  const target = stateAfter(change);
  if (!target) throw new Error(`The stream does not carry the version after this change (view type ${change.dynamodb?.StreamViewType ?? 'unknown'}).`);
  return guarded(keys, target, change, known, options);
}

function guarded(keys: Item, target: ItemState, change: StreamRecord, known: Iterable<HeldChange>, options: RestoreOptions): RestoreOne {
  const newest = newestChange(change, known);
  const plan: RestoreOne = { keys, target, expected: stateAfter(newest), changedAfter: newest !== change && compareChanges(newest, change) > 0 };
  const ttl = target.absent ? undefined : ttlInPastOf(target.item, options);
  if (ttl) plan.ttlInPast = ttl;
  return plan;
}

/** The newest change of `change`'s item among `known` (and `change` itself). */
export function newestChange(change: StreamRecord, known: Iterable<HeldChange>): StreamRecord {
  const identity = itemIdentity(change.dynamodb!.Keys!);
  let newest = change;
  for (const { record } of known) {
    const keys = record.dynamodb?.Keys;
    if (!keys || record.kinesis?.duplicate || itemIdentity(keys) !== identity) continue;
    if (compareChanges(record, newest) > 0) newest = record;
  }
  return newest;
}

export function ttlInPastOf(item: Item, options: RestoreOptions): TtlInPast | undefined {
  const name = options.ttlAttribute;
  const n = name ? item[name]?.N : undefined;
  if (!name || n === undefined) return undefined;
  const epochSeconds = Number(n);
  return Number.isFinite(epochSeconds) && epochSeconds < (options.nowMs ?? Date.now()) / 1000 ? { attribute: name, epochSeconds } : undefined;
}

export type TtlFix = 'clear' | 'move' | 'keep';

/** The item to write after the user's TTL choice: without the TTL attribute, with it a day from now, or as is. */
export function applyTtlFix(item: Item, attribute: string, fix: TtlFix, nowMs = Date.now()): Item {
  if (fix === 'keep') return item;
  const { [attribute]: _dropped, ...rest } = item;
  if (fix === 'clear') return rest;
  return { ...item, [attribute]: { N: String(Math.floor(nowMs / 1000) + 24 * 3600) } };
}

/** Both absent, or both items with the same attributes and values. */
export function sameState(a: ItemState, b: ItemState, equal: (x: Item, y: Item) => boolean): boolean {
  if (a.absent || b.absent) return a.absent && b.absent;
  return equal(a.item, b.item);
}
