// Put item…, Edit item, Delete item: items as JSON documents in VS Code's editor (ItemDocuments saves them).
// Edit item and Delete item take a reference `{ tableName, keys }` (keys in DynamoDB JSON as a stream record carries
// them, binary as base64 or bytes), e.g. a tail panel record's; from the palette they ask for the table and key.
import * as vscode from 'vscode';
import { keyAttributesOf, keyFromReference, keyValueFromText, validateKeyValue } from '../core/items/itemKeys';
import type { DocumentView } from '../core/items/itemDocument';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import type { KeyAttribute } from '../core/table/createTable';
import { jsonViewSetting } from '../config/settings';
import { confirm, input } from '../ui/prompts';
import type { ItemDocuments } from '../views/itemDocuments';
import { CommandContext, forTable, requireTable, tableNameFor } from './context';

/**
 * What Edit item and Delete item act on. `table` is accepted as another name for `tableName`, and a stream record
 * (`record`, whose `dynamodb.Keys` are used) in place of `keys`.
 */
export interface ItemReference {
  tableName: string;
  keys: Record<string, unknown>;
}

function documentView(): DocumentView {
  return jsonViewSetting();
}

async function show(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function keySchema(ctx: CommandContext, tableName: string): Promise<KeyAttribute[]> {
  return keyAttributesOf(await requireTable(ctx, tableName));
}

/** The table and key from a reference, or asked (table, then each key attribute's value). */
async function itemTarget(ctx: CommandContext, arg: unknown, question: string): Promise<{ tableName: string; keys: KeyAttribute[]; key: Item } | undefined> {
  const ref = arg as (Partial<ItemReference> & { table?: unknown; record?: { dynamodb?: { Keys?: Record<string, unknown> } } }) | undefined;
  const named = typeof ref?.tableName === 'string' ? ref.tableName : typeof ref?.table === 'string' ? ref.table : undefined;
  const tableName = named ?? (await tableNameFor(ctx, arg, question));
  if (!tableName) return undefined;
  const keys = await forTable(tableName, () => keySchema(ctx, tableName), 'dynamodb:DescribeTable');
  const given = ref?.keys ?? ref?.record?.dynamodb?.Keys;
  if (given && typeof given === 'object') return { tableName, keys, key: keyFromReference(given) };
  const key: Item = {};
  for (const k of keys) {
    const text = await input({ title: `${question} ${tableName}`, prompt: `${k.name} (${k.type})`, validateInput: (v) => validateKeyValue(k.type, v) });
    if (text === undefined) return undefined;
    key[k.name] = keyValueFromText(k.type, text);
  }
  return { tableName, keys, key };
}

/** Put item…: an editor holding a new item's template; saving writes it (only if no item has its key). */
export async function putItem(ctx: CommandContext, docs: ItemDocuments, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const tableName = await tableNameFor(ctx, arg, 'Put an item into which table?');
  if (!tableName) return undefined;
  const keys = await forTable(tableName, () => keySchema(ctx, tableName), 'dynamodb:DescribeTable');
  return show(docs.openNew(tableName, keys, documentView()));
}

/** Edit item: the item as it is now (consistent read) in an editor; saving writes it only if it is unchanged. */
export async function editItem(ctx: CommandContext, docs: ItemDocuments, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const target = await itemTarget(ctx, arg, 'Edit an item of');
  if (!target) return undefined;
  const { tableName, keys, key } = target;
  const { items } = await ctx.connection.getServices();
  const item = await forTable(tableName, () => items.getItem(tableName, key), 'dynamodb:GetItem');
  if (!item) {
    void vscode.window.showWarningMessage(`${tableName} has no item ${keysText(key)} (deleted since?). Put item… creates one.`);
    return undefined;
  }
  return show(docs.openExisting(tableName, keys, documentView(), item));
}

/** Delete item: asks first. Resolves true once deleted. */
export async function deleteItem(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const target = await itemTarget(ctx, arg, 'Delete an item of');
  if (!target) return false;
  const { tableName, key } = target;
  const label = keysText(key);
  const ok = await confirm(`Delete item ${label} from ${tableName}?`, 'The item is deleted now; with a stream, a REMOVE record follows.', 'Delete item');
  if (!ok) return false;
  const { items } = await ctx.connection.getServices();
  await forTable(tableName, () => items.deleteItem(tableName, key), 'dynamodb:DeleteItem');
  ctx.log.info(`Deleted ${tableName} item ${label}`);
  vscode.window.setStatusBarMessage(`Deleted ${tableName} item ${label}`, 5000);
  return true;
}
