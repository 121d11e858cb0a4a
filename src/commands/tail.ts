// Tail stream: from a table (its current stream; offers to enable one), a stream node, or a shard node.
import { streamEnabled } from '../core/table/tableDetails';
import type { TailTarget } from '../core/panel/protocol';
import { streamRecordSource } from '../core/tail/dynamodb/reader';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { tailSettings } from '../config/settings';
import { confirm } from '../ui/prompts';
import { ShardTreeNode, StreamNode } from '../views/nodes';
import { CommandContext, forTable, requireTable, tableNameFor } from './context';
import { enableStream } from './streamCommands';
import { confirmShardReaders } from './shardReaders';

type Target = Omit<TailTarget, 'source' | 'startPosition' | 'maxRecords'>;

/**
 * What to tail. A table, or its row's current stream, means the table's current stream as DynamoDB says now (the
 * tree's copy may be stale: a stream disabled and enabled again elsewhere has a new ARN). A previous stream or a
 * shard is tailed as it was clicked.
 */
async function targetFor(ctx: CommandContext, arg: unknown): Promise<Target | undefined> {
  if (arg instanceof StreamNode && arg.current) return forTable(arg.tableName, () => currentStreamOf(ctx, arg.tableName));
  if (arg instanceof StreamNode) return exactStream(arg);
  if (arg instanceof ShardTreeNode) {
    return { name: arg.stream.tableName, streamArn: arg.stream.streamArn, viewType: arg.stream.viewType, onlyShardId: arg.shardId };
  }
  const tableName = await tableNameFor(ctx, arg, 'Tail the stream of which table?');
  return tableName ? forTable(tableName, () => currentStreamOf(ctx, tableName)) : undefined;
}

/** The table's current stream, read now; offers to enable one when it has none. */
async function currentStreamOf(ctx: CommandContext, tableName: string): Promise<Target | undefined> {
  let table = await requireTable(ctx, tableName);
  if (!streamEnabled(table)) {
    const enable = await confirm(`${tableName} has no stream. Enable one and tail it?`, 'Changes are recorded only from the moment the stream is enabled.', 'Enable stream');
    if (!enable || !(await enableStream(ctx, tableName))) return undefined;
    table = await requireTable(ctx, tableName);
  }
  if (!table.LatestStreamArn) return undefined;
  return { name: tableName, streamArn: table.LatestStreamArn, viewType: table.StreamSpecification?.StreamViewType };
}

function exactStream(stream: StreamNode): Target {
  return { name: stream.tableName, streamArn: stream.streamArn, viewType: stream.viewType };
}

/** Opens (or reveals) the tail panel; returns it, or undefined when cancelled. A failure throws (registerCommand shows it). */
export async function tailStream(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  const target = await targetFor(ctx, arg);
  return target ? openTail(ctx, panels, target) : undefined;
}

/** Opens (or reveals) the tail of exactly this stream (a Lambda trigger's: the stream its mapping reads). */
export function tailExactStream(ctx: CommandContext, panels: TailPanelManager, stream: StreamNode): Promise<TailPanel | undefined> {
  return openTail(ctx, panels, exactStream(stream));
}

/** Opens (or reveals) the panel, after asking when it would be a third reader of a shard; undefined when cancelled. */
async function openTail(ctx: CommandContext, panels: TailPanelManager, target: Target): Promise<TailPanel | undefined> {
  const { streamArn, onlyShardId } = target;
  if (!(await confirmShardReaders(ctx, panels, { streamArn, onlyShardId }))) return undefined;
  const reader = streamRecordSource(ctx.connection.streams, { streamArn, onlyShardId, loopback: ctx.connection.current.loopback });
  return panels.open({ source: 'dynamodb', ...target, ...tailSettings(), reader, log: ctx.log });
}
