// Tail stream: from a table (its current stream; offers to enable one), a stream node, or a shard node.
import * as vscode from 'vscode';
import { streamEnabled } from '../core/tableDetails';
import type { TailPanel, TailPanelManager } from '../panels/tailPanel';
import { tailSettings } from '../settings';
import { confirm } from '../ui/prompts';
import { ShardTreeNode, StreamNode } from '../views/nodes';
import { CommandContext, showError, tableNameFor } from './context';
import { pickViewType } from './streamCommands';

interface TailTarget {
  tableName: string;
  streamArn: string;
  viewType?: string;
  onlyShardId?: string;
}

async function targetFor(ctx: CommandContext, arg: unknown): Promise<TailTarget | undefined> {
  if (arg instanceof StreamNode) return { tableName: arg.tableName, streamArn: arg.streamArn, viewType: arg.viewType };
  if (arg instanceof ShardTreeNode) {
    return { tableName: arg.stream.tableName, streamArn: arg.stream.streamArn, viewType: arg.stream.viewType, onlyShardId: arg.shardId };
  }
  const tableName = await tableNameFor(ctx, arg, 'Tail the stream of which table?');
  if (!tableName) return undefined;
  let node = await ctx.tree.getTable(tableName);
  if (node.error) throw Object.assign(new Error(node.error.message), { friendly: node.error });
  if (!node.table || !streamEnabled(node.table)) {
    const enable = await confirm(`${tableName} has no stream. Enable one and tail it?`, 'Changes are recorded only from the moment the stream is enabled.', 'Enable stream');
    if (!enable) return undefined;
    const viewType = await pickViewType(`Stream view type for ${tableName}`);
    if (!viewType) return undefined;
    const { tables } = await ctx.session.getServices();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${tableName}: enabling ${viewType} stream…` }, () =>
      tables.enableStream(tableName, viewType),
    );
    node = (await ctx.tree.refreshTable(tableName)) ?? (await ctx.tree.getTable(tableName));
  }
  const arn = node.table?.LatestStreamArn;
  if (!arn) return undefined;
  return { tableName, streamArn: arn, viewType: node.table?.StreamSpecification?.StreamViewType };
}

/** Opens (or reveals) the tail panel; returns it, or undefined when cancelled or failed. */
export async function tailStream(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  try {
    const target = await targetFor(ctx, arg);
    if (!target) return undefined;
    const { streams } = await ctx.session.getServices();
    const settings = tailSettings();
    return panels.open({
      ...target,
      startPosition: settings.startPosition,
      maxRecords: settings.maxRecords,
      streamsApi: streams,
      loopback: ctx.session.connection.loopback,
      log: ctx.log,
    });
  } catch (err) {
    await showError(ctx, 'Tail stream', err, { action: 'dynamodb:DescribeStream' });
    return undefined;
  }
}
