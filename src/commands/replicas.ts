// Tail stream on a global table's replica: reads the stream of the replica's own region, with the connection's
// profile and credentials (the table is described there for its LatestStreamArn).
import { streamEnabled } from '../core/table/tableDetails';
import { streamRecordSource } from '../core/tail/dynamodb/reader';
import type { StreamsApi } from '../core/tail/types';
import type { ConnectionManager } from '../connection/connectionManager';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { tailSettings } from '../config/settings';
import { ReplicaNode } from '../views/nodes';
import { CommandContext, forTable } from './context';
import { tailStream } from './tail';
import { confirmShardReaders } from './shardReaders';

/** DynamoDB Streams of another region, through whatever the connection is at each call (like ConnectionManager.streams). */
export function streamsInRegion(connection: ConnectionManager, region: string): StreamsApi {
  const regional = async () => (await connection.getServices()).inRegion(region).streams;
  return {
    describeStream: async (...args) => (await regional()).describeStream(...args),
    getShardIterator: async (...args) => (await regional()).getShardIterator(...args),
    getRecords: async (...args) => (await regional()).getRecords(...args),
  };
}

/** Opens (or reveals) `Tail: <table> (<region>)`; the connection's own region is the table's usual tail. */
export async function tailReplicaStream(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  if (!(arg instanceof ReplicaNode)) throw new Error('Tail a replica from the tree: expand a global table\'s Replicas and right-click a region');
  const { tableName } = arg;
  const { region } = arg.replica;
  if (region === ctx.connection.current.region) return tailStream(ctx, panels, tableName);
  const table = await forTable(`${tableName} (${region})`, async () => {
    const described = await (await ctx.connection.getServices()).inRegion(region).tables.describeTable(tableName);
    if (!streamEnabled(described) || !described.LatestStreamArn) {
      throw new Error(`The replica in ${region} has no stream enabled (a global table's replicas normally stream NEW_AND_OLD_IMAGES)`);
    }
    return described;
  }, 'dynamodb:DescribeTable');
  const streamArn = table.LatestStreamArn as string;
  if (!(await confirmShardReaders(ctx, panels, { streamArn, region }, false))) return undefined;
  const reader = streamRecordSource(streamsInRegion(ctx.connection, region), { streamArn, loopback: ctx.connection.current.loopback });
  const viewType = table.StreamSpecification?.StreamViewType;
  return panels.open({ source: 'dynamodb', name: tableName, streamArn, viewType, region, ...tailSettings(), reader, log: ctx.log });
}
