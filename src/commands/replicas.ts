// Tail stream on a global table's replica: reads the stream of the replica's own region, with the connection's
// profile and credentials (the table is described there for its LatestStreamArn). Also the replication warning that
// the stream commands show before disabling or changing a replicated table's stream.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { replicationWarning } from '../core/replicas';
import { streamEnabled } from '../core/tableDetails';
import { streamRecordSource } from '../core/tail/reader';
import type { StreamsApi } from '../core/tail/types';
import type { ConnectionManager } from '../connectionManager';
import type { TailPanel, TailPanelManager } from '../panels/tailPanel';
import { tailSettings } from '../settings';
import { ReplicaNode } from '../views/nodes';
import { CommandContext, forTable } from './context';
import { tailStream } from './tail';

/** DynamoDB Streams of another region, through whatever the connection is at each call (like ConnectionManager.streams). */
function streamsInRegion(connection: ConnectionManager, region: string): StreamsApi {
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
  const reader = streamRecordSource(streamsInRegion(ctx.connection, region), { streamArn, loopback: ctx.connection.current.loopback });
  const viewType = table.StreamSpecification?.StreamViewType;
  return panels.open({ source: 'dynamodb', name: tableName, streamArn, viewType, region, ...tailSettings(), reader, log: ctx.log });
}

/** The warning to show before disabling or changing the stream of `table`, when it has replicas. */
export async function replicationWarningFor(ctx: CommandContext, table: TableDescription): Promise<string | undefined> {
  const name = table.TableName ?? 'This table';
  try {
    return replicationWarning(name, await ctx.tree.listReplicas(table));
  } catch (err) {
    // Not knowing must not hide the warning's reason to exist: say it could not be checked.
    ctx.log.warn(`Replicas of ${name}: ${String(err)}`);
    return `Could not check whether ${name} is a global table (${String(err)}). If it has replicas, disabling or changing its stream breaks replication.`;
  }
}
