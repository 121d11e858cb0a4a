// Putting one item back to a version (Undo change, Restore this version): the TTL question, a preview (the item in
// DynamoDB now beside the version to write, in a diff editor), the user's go-ahead — a choice when the item differs from
// what the stream says it is —, then a write guarded by the item as previewed: a consistent read compared in full, and
// a condition on what fits in DynamoDB's expression limits. Nothing is written without the user's choice.
import * as vscode from 'vscode';
import type { ItemsService } from '../aws/items';
import { applyTtlFix, sameState, type RestoreOne, type TtlFix } from '../core/history/restoreOne';
import type { ItemState } from '../core/history/undoPlan';
import { itemToDocument } from '../core/items/itemDocument';
import { sameItem } from '../core/records/sameItem';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import { confirm, pick } from '../ui/prompts';
import { DESCRIBE_SCHEME, type DescribeTableDocuments } from '../views/describeDocuments';
import { forTable } from './context';

/** The choices offered; tests answer with these labels. */
export const RESTORE_CHOICES = {
  overwrite: 'Overwrite it',
  cancel: 'Cancel',
  ttlClear: 'Clear the TTL value',
  ttlMove: 'Move it a day ahead',
  ttlKeep: 'Restore as is',
} as const;

export type RestoreOutcome = 'restored' | 'deleted' | 'unchanged' | 'cancelled' | 'conflict';

export interface RestoreResult {
  outcome: RestoreOutcome;
  message: string;
}

export interface RestoreRequest {
  /** The command's title: "Undo change" or "Restore this version" (the confirmation's button too). */
  what: string;
  tableName: string;
  plan: RestoreOne;
}

export interface RestoreDeps {
  items: ItemsService;
  docs: DescribeTableDocuments;
  log: vscode.LogOutputChannel;
}

const stateOf = (item: Item | undefined): ItemState => (item ? { absent: false, item } : { absent: true });

export async function restoreItem(deps: RestoreDeps, request: RestoreRequest): Promise<RestoreResult> {
  const { what, tableName, plan } = request;
  const label = `${tableName} ${keysText(plan.keys)}`;
  const keyNames = Object.keys(plan.keys);
  let target = plan.target;
  if (plan.ttlInPast && !target.absent) {
    const fix = await askTtlFix(plan.ttlInPast.attribute, plan.ttlInPast.epochSeconds);
    if (!fix) return done(deps, 'cancelled', `${what} ${label}: cancelled; nothing was written.`);
    target = { absent: false, item: applyTtlFix(target.item, plan.ttlInPast.attribute, fix) };
  }
  const current = stateOf(await forTable(tableName, () => deps.items.getItem(tableName, plan.keys), 'dynamodb:GetItem'));
  if (sameState(current, target, sameItem)) return done(deps, 'unchanged', `${what} ${label}: the item already is that version; nothing was written.`);

  const diff = await showPreview(deps.docs, label, what, current, target, keyNames);
  try {
    const newerWrite = plan.expected !== undefined && !sameState(plan.expected, current, sameItem);
    const go = newerWrite ? await askOverwrite(label, plan.expected!) : await confirmWrite(what, label, target, plan);
    if (!go) return done(deps, 'cancelled', `${what} ${label}: cancelled; nothing was written.`);
  } finally {
    await closeDiff(diff);
  }

  // Guarded by the item as previewed: a write made since then is not overwritten.
  const result = await forTable(tableName, () =>
    target.absent
      ? deps.items.deleteIfUnchanged(tableName, (current as { item: Item }).item, plan.keys, keyNames)
      : deps.items.saveIfUnchanged(tableName, target.item, current.absent ? undefined : current.item, plan.keys, keyNames),
  );
  if (result.conflict) {
    const message = `${what} ${label}: the item changed after the preview, so nothing was written. Run ${what} again to see it as it is now.`;
    void vscode.window.showWarningMessage(message);
    return done(deps, 'conflict', message);
  }
  const unguarded = result.unguarded.length ? ` (${result.unguarded.length} attributes too many for the write's condition were compared by a consistent read just before it)` : '';
  const outcome = target.absent ? 'deleted' : 'restored';
  const message = `${what} ${label}: ${outcome === 'deleted' ? 'deleted the item' : 'put the version back'}${unguarded}.`;
  void vscode.window.showInformationMessage(message);
  return done(deps, outcome, message);
}

function done(deps: RestoreDeps, outcome: RestoreOutcome, message: string): RestoreResult {
  deps.log.info(message);
  return { outcome, message };
}

const ttlChoices = (attribute: string): { label: string; fix: TtlFix; detail: string }[] => [
  { label: RESTORE_CHOICES.ttlClear, fix: 'clear', detail: `Write the item without ${attribute}: it no longer expires` },
  { label: RESTORE_CHOICES.ttlMove, fix: 'move', detail: `Set ${attribute} to 24 hours from now` },
  { label: RESTORE_CHOICES.ttlKeep, fix: 'keep', detail: 'DynamoDB will delete it again, usually within a few days' },
];

async function askTtlFix(attribute: string, epochSeconds: number): Promise<TtlFix | undefined> {
  const when = new Date(epochSeconds * 1000).toISOString();
  const chosen = await pick(ttlChoices(attribute), {
    title: `The version's TTL (${attribute} = ${when}) is in the past: DynamoDB would delete the item again`,
    placeHolder: 'What should the restored item expire at?',
    ignoreFocusOut: true,
  });
  return chosen?.fix;
}

/** Undo changes…: one choice for every item to restore whose TTL value is in the past. */
export async function askTtlFixForItems(attribute: string, count: number): Promise<TtlFix | undefined> {
  const chosen = await pick(ttlChoices(attribute), {
    title: `${count === 1 ? '1 item' : `${count} items`} to restore carry a TTL (${attribute}) in the past: DynamoDB would delete them again`,
    placeHolder: 'What should the restored items expire at? (Escape: write nothing)',
    ignoreFocusOut: true,
  });
  return chosen?.fix;
}

async function askOverwrite(label: string, expected: ItemState): Promise<boolean> {
  const was = expected.absent ? 'absent' : 'the version it left';
  const items = [
    { label: RESTORE_CHOICES.overwrite, detail: 'Write the version on the right, replacing the item as it is now (left)' },
    { label: RESTORE_CHOICES.cancel, detail: 'Write nothing' },
  ];
  const chosen = await pick(items, {
    title: `${label} was written after the newest change the stream shows (it is no longer ${was})`,
    placeHolder: 'Left: the item in DynamoDB now; right: the version to restore. Overwrite the newer write?',
    ignoreFocusOut: true,
  });
  return chosen?.label === RESTORE_CHOICES.overwrite;
}

function confirmWrite(what: string, label: string, target: ItemState, plan: RestoreOne): Promise<boolean> {
  const action = target.absent ? `delete ${label}` : `put ${label} back to the version shown`;
  const detail =
    'The diff editor shows the item in DynamoDB now (left) and after the write (right). The write happens only if the item is still as shown.' +
    (plan.changedAfter ? ' The item changed again after this change (later records in the panel): those changes are undone too.' : '') +
    (plan.expected === undefined ? ' The stream does not say what the item should be now (no new image): check the left side.' : '');
  return confirm(`${what}: ${action}?`, detail, what);
}

async function showPreview(docs: DescribeTableDocuments, label: string, what: string, current: ItemState, target: ItemState, keyNames: string[]): Promise<vscode.Uri> {
  const base = `/restore/${label.replace(/[/\\?#%]/g, '_')}`;
  const left = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `${base} (in DynamoDB now).json` });
  const right = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `${base} (after ${what}).json` });
  docs.set(left, current.absent ? '' : itemToDocument(current.item, 'dynamodb', keyNames));
  docs.set(right, target.absent ? '' : itemToDocument(target.item, 'dynamodb', keyNames));
  await vscode.commands.executeCommand('vscode.diff', left, right, `${label}: in DynamoDB now ↔ after ${what}${target.absent ? ' (deleted)' : ''}`, { preview: true });
  return left;
}

async function closeDiff(left: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === left.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}
