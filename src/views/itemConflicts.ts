// A save that found the item changed since it was opened: the item as it is now beside the user's version (a diff
// editor), and the user's choice: overwrite, take theirs into the editor, or cancel. Nothing is overwritten without it.
import * as vscode from 'vscode';
import { itemToDocument } from '../core/items/itemDocument';
import { keyOf } from '../core/items/itemKeys';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import { pick } from '../ui/prompts';
import type { DocumentView } from '../core/items/itemDocument';
import type { KeyAttribute } from '../core/table/createTable';
import { DESCRIBE_SCHEME, type DescribeTableDocuments } from './describeDocuments';

export type ConflictChoice = 'overwrite' | 'theirs' | 'cancel';

export const CONFLICT_CHOICES = {
  overwrite: 'Overwrite with mine',
  recreate: 'Recreate with mine',
  theirs: 'Take theirs into the editor',
  cancel: 'Cancel',
} as const;

/** The document whose save met a conflict. */
export interface ConflictSubject {
  tableName: string;
  keys: KeyAttribute[];
  view: DocumentView;
  /** Undefined for a new item (its key was free when the editor opened). */
  asRead: Item | undefined;
}

/**
 * Shows the conflict and asks. "Take theirs": `takeTheirs` makes the item as it is now what the document holds as read
 * and returns its text, which then replaces the editor's text.
 */
export async function resolveConflict(
  readonlyDocs: DescribeTableDocuments,
  uri: vscode.Uri,
  state: ConflictSubject,
  mine: Item,
  current: Item | undefined,
  takeTheirs: () => string,
): Promise<ConflictChoice> {
  const keyNames = state.keys.map((k) => k.name);
  const label = keysText(keyOf(mine, state.keys));
  const theirsUri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/items/${state.tableName}/${label.replace(/[/\\]/g, '_')} (in DynamoDB now).json` });
  readonlyDocs.set(theirsUri, current ? itemToDocument(current, state.view, keyNames) : '');
  const what = state.asRead ? (current ? 'changed since you opened it' : 'was deleted since you opened it') : 'already exists';
  await vscode.commands.executeCommand('vscode.diff', theirsUri, uri, `${state.tableName} ${label}: in DynamoDB now ↔ yours`, { preview: true });
  const items: { label: string; choice: ConflictChoice; detail: string }[] = current
    ? [
        { label: CONFLICT_CHOICES.overwrite, choice: 'overwrite', detail: 'Write your version, replacing the item as it is now' },
        { label: CONFLICT_CHOICES.theirs, choice: 'theirs', detail: 'The editor gets the item as it is now; Undo brings your version back' },
        { label: CONFLICT_CHOICES.cancel, choice: 'cancel', detail: 'Write nothing; keep editing' },
      ]
    : [
        { label: CONFLICT_CHOICES.recreate, choice: 'overwrite', detail: 'Write your version as a new item' },
        { label: CONFLICT_CHOICES.cancel, choice: 'cancel', detail: 'Write nothing; keep editing' },
      ];
  const chosen = await pick(items, { title: `${state.tableName} ${label} ${what}`, placeHolder: 'Left: the item in DynamoDB now; right: yours. What should be saved?', ignoreFocusOut: true });
  const choice = chosen?.choice ?? 'cancel';
  await closeDiff(theirsUri);
  if (choice === 'theirs') void putTheirsInEditor(uri, takeTheirs());
  return choice;
}

async function closeDiff(theirsUri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === theirsUri.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

/** Replaces the editor's text with theirs (one undoable edit), then saves it: the same item, so nothing is written. */
async function putTheirsInEditor(uri: vscode.Uri, text: string): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  if (await vscode.workspace.applyEdit(edit)) await doc.save();
}
