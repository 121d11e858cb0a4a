// Refresh, Filter tables…, Copy ARN, Describe table.
import * as vscode from 'vscode';
import { input } from '../ui/prompts';
import { DESCRIBE_SCHEME, DescribeTableDocuments } from '../views/describeDocuments';
import { ShardTreeNode, StreamNode, TableNode } from '../views/nodes';
import { CommandContext, forTable, requireTable, tableNameFor } from './context';

export function refresh(ctx: CommandContext, arg?: unknown): void {
  if (arg instanceof TableNode) void ctx.tables.reread(arg.name);
  else ctx.tables.refresh();
}

export async function filterTables(ctx: CommandContext): Promise<void> {
  const value = await input({ title: 'Filter tables', prompt: 'Show tables whose name contains (empty shows all)', value: ctx.tree.getFilter() });
  if (value !== undefined) ctx.tree.setFilter(value);
}

/** Copies the table ARN, the stream ARN, or for a shard its id (shards have no ARN of their own). */
export async function copyArn(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  let text: string | undefined;
  if (arg instanceof StreamNode) text = arg.streamArn;
  else if (arg instanceof ShardTreeNode) text = arg.shardId;
  else {
    const tableName = await tableNameFor(ctx, arg, 'Copy the ARN of which table?');
    text = tableName ? (await forTable(tableName, () => requireTable(ctx, tableName))).TableArn : undefined;
  }
  if (!text) return undefined;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  return text;
}

export async function describeTable(ctx: CommandContext, docs: DescribeTableDocuments, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const tableName = await tableNameFor(ctx, arg, 'Describe which table?');
  if (!tableName) return undefined;
  return forTable(tableName, async () => {
    const { tables } = await ctx.connection.getServices();
    const [table, extras] = await Promise.all([tables.describeTable(tableName), tables.describeExtras(tableName)]);
    // DescribeTable leaves out TTL, which matters to a stream (expiries arrive as REMOVE records): add what
    // DescribeTimeToLive says, when it could be read.
    const timeToLive = extras.ttlStatus === undefined ? undefined : { TimeToLiveStatus: extras.ttlStatus, AttributeName: extras.ttlAttribute };
    const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${tableName}.json` });
    docs.set(uri, JSON.stringify({ Table: table, TimeToLiveDescription: timeToLive }, null, 2) + '\n');
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }, 'dynamodb:DescribeTable');
}
