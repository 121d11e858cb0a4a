// Add replica region… (a table's Replicas, or the palette) and Remove replica region… (a replica): UpdateTable
// ReplicaUpdates (global tables version 2019.11.21). A replica needs a NEW_AND_OLD_IMAGES stream: offered first. The
// replica's status is followed (DescribeTable with backoff, through the table service, so the tree shows each status)
// until ACTIVE or gone. DynamoDB Local has no replicas: said in those words.
import * as vscode from 'vscode';
import { replicasFromTable } from '../core/table/replicas';
import {
  REPLICA_VIEW_TYPE,
  REPLICAS_UNSUPPORTED,
  replicaPollDelayMs,
  replicaProgress,
  streamNeededForReplica,
  validateReplicaRegion,
  type ReplicaAction,
} from '../core/table/replicaUpdates';
import { KnownTableError } from '../connection/tableService';
import { confirm, input, notify, pick } from '../ui/prompts';
import { CommandContext, forTable, onTable, requireTable } from './context';
import { ensureStreamViewType } from './streamCommands';

/** Waits `ms`, or less when the user stops following. */
function pause(ms: number, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const listener = token.onCancellationRequested(done);
    function done() {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

/** Sends the update, then follows the replica until it is ACTIVE (or gone); false when the endpoint has no replicas. */
async function updateAndFollow(ctx: CommandContext, tableName: string, region: string, action: ReplicaAction): Promise<boolean> {
  const { replicas } = await ctx.connection.getServices();
  try {
    await forTable(tableName, () => replicas.update(tableName, region, action), 'dynamodb:UpdateTable');
  } catch (err) {
    if ((err as { error?: { name?: string } }).error?.name !== 'ReplicasUnsupportedError') throw err;
    ctx.log.info(`${action === 'Create' ? 'Add' : 'Remove'} replica ${region} of ${tableName}: ${REPLICAS_UNSUPPORTED}`);
    notify('warning', `${REPLICAS_UNSUPPORTED}. Connect… to AWS to ${action === 'Create' ? 'add' : 'remove'} a replica region.`);
    return false;
  }
  const doing = action === 'Create' ? `adding replica ${region}…` : `removing replica ${region}…`;
  ctx.log.info(`${tableName}: ${doing}`);
  const followed = await forTable(tableName, async () => await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${tableName}: ${doing}`, cancellable: true },
    async (progress, token) => {
      try {
        for (let attempt = 0; !token.isCancellationRequested; attempt++) {
          // Reread through the table service: the tree redraws the table and its Replicas with each status.
          await ctx.tables.reread(tableName);
          const state = ctx.tables.known(tableName);
          if (state.error) throw new KnownTableError(state.error);
          const step = replicaProgress(state.table ?? {}, region, action);
          if ('failed' in step) throw new Error(step.failed);
          if (step.done) return true;
          progress.report({ message: step.message });
          ctx.tables.setBusy(tableName, step.message);
          await pause(replicaPollDelayMs(attempt), token);
        }
        return false;
      } finally {
        ctx.tables.setBusy(tableName, undefined);
      }
    },
  ), 'dynamodb:DescribeTable');
  if (!followed) {
    notify('info', `Stopped following the replica in ${region}; DynamoDB goes on (Refresh shows its status).`);
    return false;
  }
  const done = action === 'Create' ? `The replica of ${tableName} in ${region} is ACTIVE.` : `The replica of ${tableName} in ${region} is removed.`;
  ctx.log.info(done);
  notify('info', done);
  return true;
}

export function addReplicaRegion(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Add a replica region to which table?', async (tableName) => {
    const table = await requireTable(ctx, tableName);
    const existing = replicasFromTable(table).map((r) => r.region);
    const own = ctx.connection.current.region;
    const region = await input({
      title: `Add replica region to ${tableName}`,
      prompt: `Region of the new replica (DynamoDB copies ${tableName} there and keeps both in sync)`,
      placeHolder: 'eu-west-1',
      validateInput: (value) => validateReplicaRegion(value, own, existing),
    });
    if (!region) return false;
    const need = streamNeededForReplica(table);
    if (need !== 'ok') {
      const current = table.StreamSpecification?.StreamViewType;
      const ok = await confirm(
        `A replica needs a ${REPLICA_VIEW_TYPE} stream on ${tableName}`,
        need === 'enable'
          ? `${tableName} has no stream. Replication reads the table's changes from a ${REPLICA_VIEW_TYPE} stream: enable one now?`
          : `${tableName} streams ${current}. Replication needs ${REPLICA_VIEW_TYPE}; DynamoDB cannot change a view type in place, so the current stream is disabled and a new one enabled, with a new ARN. Readers of the current stream lose it.`,
        need === 'enable' ? 'Enable stream' : 'Change view type',
      );
      if (!ok) return false;
      await ensureStreamViewType(ctx, tableName, REPLICA_VIEW_TYPE);
    }
    return updateAndFollow(ctx, tableName, region.trim(), 'Create');
  });
}

/** The replica a command acts on: the right-clicked one, or one picked from the table's replicas. */
async function replicaFor(ctx: CommandContext, arg: unknown): Promise<{ tableName: string; region: string } | undefined> {
  const clicked = arg as { tableName?: unknown; replica?: { region?: unknown } } | undefined;
  if (typeof clicked?.tableName === 'string' && typeof clicked.replica?.region === 'string') return { tableName: clicked.tableName, region: clicked.replica.region };
  let chosen: { tableName: string; region: string } | undefined;
  await onTable(ctx, arg, 'Remove a replica region of which table?', async (tableName) => {
    const table = await requireTable(ctx, tableName);
    const replicas = await ctx.tables.listReplicas(table);
    if (replicas.length === 0) {
      notify('info', `${tableName} has no replicas.`);
      return false;
    }
    const region = await pick(replicas.map((r) => ({ label: r.region, description: r.status })), { title: `Remove a replica region of ${tableName}`, placeHolder: 'Replica region' });
    chosen = region && { tableName, region: region.label };
    return true;
  });
  return chosen;
}

export async function removeReplicaRegion(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const target = await replicaFor(ctx, arg);
  if (!target) return false;
  const { tableName, region } = target;
  if (region === ctx.connection.current.region) {
    notify('info', `${region} is this connection's own table ${tableName}: remove the other replicas first, then use "Delete table…".`);
    return false;
  }
  const ok = await confirm(
    `Remove the replica of ${tableName} in ${region}?`,
    `DynamoDB deletes the table in ${region}, with its items and its stream; the other regions keep theirs.`,
    'Remove replica',
  );
  if (!ok) return false;
  return updateAndFollow(ctx, tableName, region, 'Delete');
}
