// Undo changes… over many records: running the planned writes a few items at a time, and the texts shown before
// (the dry run) and after (the report, also as NDJSON). Pure; the writes are the caller's.
import { itemToDocument } from '../items/itemDocument';
import type { Item } from '../records/model';
import { keysText } from '../records/records';
import { plural } from '../util/plural';
import type { ItemState, UndoStep } from './undoPlan';

export type WriteStep = Extract<UndoStep, { action: 'restore' | 'delete' }>;

export type UndoOutcome =
  | { status: 'restored' | 'deleted'; step: WriteStep }
  /** Nothing was written: the item is not what the plan expected. `current` is what it is now (undefined: absent). */
  | { status: 'conflict'; step: WriteStep; current: Item | undefined }
  | { status: 'failed'; step: WriteStep; error: string }
  /** Cancel came before the item's write started. */
  | { status: 'not started'; step: WriteStep }
  | { status: 'skipped'; step: Extract<UndoStep, { action: 'skip' }> };

/**
 * Runs `work` for each item, at most `limit` at once, in order; once `stopped()` says so no new item is started (the
 * running ones finish). Resolves to how many were started.
 */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>, stopped: () => boolean = () => false): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopped()) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return next;
}

export const isWrite = (step: UndoStep): step is WriteStep => step.action !== 'skip';

const stateText = (state: ItemState | undefined, keyNames: string[]) =>
  state === undefined ? 'unknown' : state.absent ? 'absent' : fenced(itemToDocument(state.item, 'dynamodb', keyNames));
const fenced = (text: string) => `\n\n\`\`\`json\n${text}\`\`\``;

/** The dry run: what will be restored, deleted and skipped (each skipped item with its keys and reason). */
export function dryRunText(tableName: string, steps: readonly UndoStep[]): string {
  const restores = steps.filter((s) => s.action === 'restore');
  const deletes = steps.filter((s) => s.action === 'delete');
  const skips = steps.filter((s): s is Extract<UndoStep, { action: 'skip' }> => s.action === 'skip');
  const ttl = steps.flatMap((s) => (s.action === 'restore' && s.ttlInPast ? [{ keys: s.keys, ...s.ttlInPast }] : []));
  const lines = [
    `# Undo changes… on ${tableName}: dry run`,
    '',
    `- ${plural(restores.length, 'item')} will be restored (put back as before the first selected change)`,
    `- ${plural(deletes.length, 'item')} will be deleted (the first selected change created them)`,
    `- ${plural(skips.length, 'item')} will be skipped`,
    '',
    'Each write happens only if the item is still what the newest change the panel holds left; otherwise nothing is written for it and it is reported as a conflict.',
  ];
  if (ttl.length) {
    lines.push('', `${plural(ttl.length, 'item')} to restore carry a TTL value in the past: DynamoDB would delete them again. Before the writes you choose to clear the value, move it a day ahead, or restore as is.`);
    lines.push('', ...ttl.map((t) => `- ${keysText(t.keys)}: ${t.attribute} = ${new Date(t.epochSeconds * 1000).toISOString()}`));
  }
  const section = (title: string, list: readonly UndoStep[], line: (s: UndoStep) => string) => {
    if (list.length) lines.push('', `## ${title}`, '', ...list.map(line));
  };
  section('Skipped', skips, (s) => `- ${keysText(s.keys)}: ${(s as { reason: string }).reason}`);
  section('Restored', restores, (s) => `- ${keysText(s.keys)} (${plural(s.changes.length, 'change')} undone)`);
  section('Deleted', deletes, (s) => `- ${keysText(s.keys)} (${plural(s.changes.length, 'change')} undone)`);
  return lines.join('\n') + '\n';
}

export interface UndoCounts {
  restored: number;
  deleted: number;
  conflict: number;
  failed: number;
  skipped: number;
  notStarted: number;
}

export function countOutcomes(outcomes: readonly UndoOutcome[]): UndoCounts {
  const counts: UndoCounts = { restored: 0, deleted: 0, conflict: 0, failed: 0, skipped: 0, notStarted: 0 };
  for (const o of outcomes) {
    if (o.status === 'not started') counts.notStarted++;
    else counts[o.status]++;
  }
  return counts;
}

/** The report after the writes: restored, deleted, conflicts (with the item as it is now), failures (AWS's message). */
export function reportText(tableName: string, outcomes: readonly UndoOutcome[]): string {
  const c = countOutcomes(outcomes);
  const lines = [
    `# Undo changes… on ${tableName}: report`,
    '',
    `- Restored: ${c.restored}`,
    `- Deleted: ${c.deleted}`,
    `- Skipped as conflict (changed since; nothing written): ${c.conflict}`,
    `- Failed: ${c.failed}`,
    `- Skipped in the dry run: ${c.skipped}`,
  ];
  if (c.notStarted) lines.push(`- Not started (cancelled): ${c.notStarted}`);
  lines.push('', 'Run "Export undo report as NDJSON" to save this report, one line per item.');
  const of = (status: UndoOutcome['status']) => outcomes.filter((o) => o.status === status);
  const conflicts = of('conflict');
  if (conflicts.length) {
    lines.push('', '## Conflicts');
    for (const o of conflicts) {
      const names = Object.keys(o.step.keys);
      const current = (o as { current: Item | undefined }).current;
      lines.push('', `### ${keysText(o.step.keys)}`, '', `Now: ${stateText(current ? { absent: false, item: current } : { absent: true }, names)}`);
    }
  }
  const failed = of('failed');
  if (failed.length) lines.push('', '## Failed', '', ...failed.map((o) => `- ${keysText(o.step.keys)}: ${(o as { error: string }).error}`));
  const skipped = of('skipped');
  if (skipped.length) lines.push('', '## Skipped in the dry run', '', ...skipped.map((o) => `- ${keysText(o.step.keys)}: ${(o.step as { reason: string }).reason}`));
  for (const status of ['restored', 'deleted', 'not started'] as const) {
    const list = of(status);
    if (list.length) lines.push('', `## ${status[0].toUpperCase()}${status.slice(1)}`, '', ...list.map((o) => `- ${keysText(o.step.keys)}`));
  }
  return lines.join('\n') + '\n';
}

/** DynamoDB JSON with binary as base64, on one line. */
const itemJson = (item: Item): unknown => JSON.parse(itemToDocument(item, 'dynamodb'));

/** The report as NDJSON: one line per item with its keys, outcome, and the current item or error where there is one. */
export function reportNdjson(outcomes: readonly UndoOutcome[]): string {
  return outcomes
    .map((o) => {
      const line: Record<string, unknown> = { keys: itemJson(o.step.keys), outcome: o.status };
      if (o.status === 'conflict') line.current = o.current ? itemJson(o.current) : null;
      if (o.status === 'failed') line.error = o.error;
      if (o.status === 'skipped') line.reason = o.step.reason;
      return JSON.stringify(line) + '\n';
    })
    .join('');
}
