// Browse items (a table's right-click menu and the palette): the table's `Items: <table>` panel, and Item history on
// one of its rows (the changes to that item a tail panel of the table holds).
import * as vscode from 'vscode';
import { tablesKeyOf } from '../core/connection/connection';
import { indexChoicesOf } from '../core/items/browseRequest';
import { keyAttributesOf, keyFromReference } from '../core/items/itemKeys';
import { plural } from '../core/util/plural';
import type { PageFetcher } from '../core/items/browseSession';
import type { ItemsPanel, ItemsPanelManager } from '../panels/itemsPanel';
import { forTable, requireTable, tableNameFor, type CommandContext } from './context';
import type { UndoDeps } from './undoCommands';

/** Opens (or reveals) the table's items panel; a new one runs a first Scan. */
export async function browseItems(ctx: CommandContext, panels: ItemsPanelManager, arg?: unknown): Promise<ItemsPanel | undefined> {
  const tableName = await tableNameFor(ctx, arg, 'Browse the items of which table?');
  if (!tableName) return undefined;
  const key = tablesKeyOf(ctx.connection.current);
  const open = panels.get(tableName, key);
  if (open) {
    open.reveal();
    return open;
  }
  const table = await forTable(tableName, () => requireTable(ctx, tableName), 'dynamodb:DescribeTable');
  // Pages are read through the connection the panel was opened with: after a change, its answers would be another's.
  const fetch: PageFetcher = async (request, limit, startKey) => {
    if (tablesKeyOf(ctx.connection.current) !== key) throw new Error('The connection changed since this panel opened: use Browse items again to read the new one.');
    const { items } = await ctx.connection.getServices();
    return items.browsePage(tableName, request, limit, startKey);
  };
  return panels.open({
    tableName,
    connectionKey: key,
    tableKeys: keyAttributesOf(table).map((k) => k.name),
    indexes: indexChoicesOf(table),
    fetch,
  });
}

/**
 * Item history on an items panel row (its context: `{ tableName, keys }`): the changes to that item held by the tail
 * panel of the table's stream, as Item history on a tail record shows them. Without a tail panel there is nothing held.
 */
export async function itemRowHistory(deps: UndoDeps, arg?: unknown): Promise<vscode.Uri> {
  const ref = arg as { tableName?: unknown; keys?: unknown } | undefined;
  if (typeof ref?.tableName !== 'string' || typeof ref.keys !== 'object' || ref.keys === null) throw new Error('Right-click an item in an items panel.');
  const tableName = ref.tableName;
  const panel = deps.panels.openPanels.find((p) => p.session.target.source === 'dynamodb' && p.session.target.name === tableName && !p.session.target.region);
  if (!panel) throw new Error(`Item history shows the changes a tail panel holds: use Tail stream on ${tableName} first; the item's changes from then on are its history.`);
  const changes = panel.session.heldChanges();
  const uri = deps.histories.set({
    tableName,
    keys: keyFromReference(ref.keys as Record<string, unknown>),
    panelKey: panel.key,
    viewType: panel.session.target.viewType,
    changes,
    source: `the ${plural(changes.length, 'record')} held by the tail panel "${panel.title}"`,
    streamArn: panel.session.target.streamArn,
  });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}
