// Applying Undo changes…'s planned writes: a few items at a time, each only if the item is still what the plan expects
// (nothing is written for an item whose check fails; that item is a conflict, reported with what it is now). Pure: the
// guarded writes are injected (src/aws/items.ts implements them), so the command and the tests run the same path.
import type { Item } from '../records/model';
import { applyTtlFix, type TtlFix } from './restoreOne';
import { runBounded, type UndoOutcome, type WriteStep } from './undoRun';

/** Items written at once by Undo changes…: enough to keep DynamoDB busy, few enough not to be throttled on a small table. */
export const UNDO_PARALLELISM = 8;

export type GuardedWriteResult = { conflict: true; current: Item | undefined } | { conflict: false };

/** Reads and "only if unchanged" writes of single items (compared in full, then a conditional write). */
export interface GuardedItemWrites {
  getItem(tableName: string, key: Item): Promise<Item | undefined>;
  deleteIfUnchanged(tableName: string, asRead: Item, key: Item, keyNames: readonly string[]): Promise<GuardedWriteResult>;
  /** `asRead` undefined: only if no item has the key. */
  saveIfUnchanged(tableName: string, item: Item, asRead: Item | undefined, key: Item, keyNames: readonly string[]): Promise<GuardedWriteResult>;
}

export interface ApplyUndoOptions {
  /** Items written at once. */
  parallelism: number;
  /** Checked before each item's write starts: true leaves the rest "not started". */
  stopped?: () => boolean;
  /** After each item's write (or conflict, or failure). */
  onFinished?: (finished: number, total: number) => void;
}

/** Runs `writes` (one per item, so items never race each other); resolves to one outcome per write, in their order. */
export async function applyUndo(items: GuardedItemWrites, tableName: string, writes: readonly WriteStep[], options: ApplyUndoOptions): Promise<UndoOutcome[]> {
  const outcomes: UndoOutcome[] = writes.map((step) => ({ status: 'not started', step }));
  let finished = 0;
  await runBounded(
    writes,
    options.parallelism,
    async (step, index) => {
      outcomes[index] = await writeUndoStep(items, tableName, step);
      options.onFinished?.(++finished, writes.length);
    },
    options.stopped,
  );
  return outcomes;
}

/** One item's guarded write; never rejects (AWS's refusal is a "failed" outcome with its message). */
export async function writeUndoStep(items: GuardedItemWrites, tableName: string, step: WriteStep): Promise<UndoOutcome> {
  const keyNames = Object.keys(step.keys);
  try {
    let written: GuardedWriteResult;
    if (step.action === 'delete') {
      // planUndo deletes only an item a change left present; an absent expectation has nothing to delete.
      if (step.expected.absent) return { status: 'conflict', step, current: await items.getItem(tableName, step.keys) };
      written = await items.deleteIfUnchanged(tableName, step.expected.item, step.keys, keyNames);
    } else {
      // Expected absent (the last change was a REMOVE): the put happens only if no item has the key.
      written = await items.saveIfUnchanged(tableName, step.item, step.expected.absent ? undefined : step.expected.item, step.keys, keyNames);
    }
    if (written.conflict) return { status: 'conflict', step, current: written.current };
    return { status: step.action === 'delete' ? 'deleted' : 'restored', step };
  } catch (err) {
    return { status: 'failed', step, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The restores whose TTL value lies in the past, after the user's one choice for all of them (clear, move, as is). */
export function withTtlFix(writes: readonly WriteStep[], fix: TtlFix, nowMs = Date.now()): WriteStep[] {
  return writes.map((step) => (step.action === 'restore' && step.ttlInPast ? { ...step, item: applyTtlFix(step.item, step.ttlInPast.attribute, fix, nowMs) } : step));
}
