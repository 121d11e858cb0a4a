// Enable stream…, Disable stream, Change stream view type…: each reads the table first (it may have changed outside
// VS Code), waits until the table is ACTIVE again and then rereads only that table.
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import * as vscode from 'vscode';
import { replicationWarning } from '../core/table/replicas';
import { STREAM_VIEW_TYPES, StreamViewType } from '../core/records/model';
import { streamEnabled, VIEW_TYPE_DESCRIPTIONS } from '../core/table/tableDetails';
import { StreamLeftOffError } from '../aws/tables';
import { confirm, pick } from '../ui/prompts';
import { CommandContext, onTable, requireTable, withTableProgress } from './context';

export async function pickViewType(title: string, exclude?: string): Promise<StreamViewType | undefined> {
  const items = STREAM_VIEW_TYPES.filter((v) => v !== exclude).map((v) => ({ label: v, detail: VIEW_TYPE_DESCRIPTIONS[v] }));
  return (await pick(items, { placeHolder: title, title }))?.label;
}

/** A confirmation's detail, led by the replication warning when there is one. */
function withWarning(warning: string | undefined, detail: string): string {
  return warning ? `⚠ ${warning}\n\n${detail}` : detail;
}

export function enableStream(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Enable a stream on which table?', async (tableName) => {
    const table = await requireTable(ctx, tableName);
    if (streamEnabled(table)) {
      void vscode.window.showInformationMessage(`${tableName} already has a ${table.StreamSpecification?.StreamViewType} stream. Use "Change stream view type…" to change it.`);
      return false;
    }
    const chosen = await pickViewType(`Stream view type for ${tableName}`);
    if (!chosen) return false;
    const { tables } = await ctx.connection.getServices();
    await withTableProgress(ctx, tableName, 'enabling stream…', () => tables.enableStream(tableName, chosen));
    ctx.log.info(`Enabled ${chosen} stream on ${tableName}`);
    return true;
  });
}

export function disableStream(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Disable the stream of which table?', async (tableName) => {
    const table = await requireTable(ctx, tableName);
    if (!streamEnabled(table)) {
      void vscode.window.showInformationMessage(`${tableName} has no stream enabled.`);
      return false;
    }
    const replication = await replicationWarningFor(ctx, table);
    const ok = await confirm(
      `Disable the stream of ${tableName}?`,
      withWarning(replication, 'Readers of this stream (Lambda triggers, pipelines, tails) lose it. Its records stay readable for about 24 hours. Enabling again creates a new stream with a new ARN.'),
      'Disable',
    );
    if (!ok) return false;
    const { tables } = await ctx.connection.getServices();
    await withTableProgress(ctx, tableName, 'disabling stream…', () => tables.disableStream(tableName));
    ctx.log.info(`Disabled the stream of ${tableName}`);
    return true;
  });
}

export function changeViewType(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Change the stream view type of which table?', async (tableName) => {
    const table = await requireTable(ctx, tableName);
    if (!streamEnabled(table)) {
      void vscode.window.showInformationMessage(`${tableName} has no stream. Use "Enable stream…".`);
      return false;
    }
    const current = table.StreamSpecification?.StreamViewType;
    const chosen = await pickViewType(`New view type for ${tableName} (now ${current ?? 'unknown'})`, current);
    if (!chosen) return false;
    const replication = await replicationWarningFor(ctx, table);
    const ok = await confirm(
      `Change the stream of ${tableName} from ${current} to ${chosen}?`,
      withWarning(replication, 'DynamoDB cannot change a view type in place: the current stream is disabled and a new one enabled, with a new ARN. Readers of the current stream lose it; its records stay readable for about 24 hours.'),
      'Disable and re-enable',
    );
    if (!ok) return false;
    const { tables } = await ctx.connection.getServices();
    try {
      await withTableProgress(ctx, tableName, 'changing view type…', (report) => tables.changeViewType(tableName, chosen, report));
    } catch (err) {
      if (!(err instanceof StreamLeftOffError)) throw err;
      void offerEnableAgain(ctx, err);
      return false;
    }
    ctx.log.info(`Changed the stream of ${tableName} to ${chosen}`);
    return true;
  });
}

export const ENABLE_AGAIN = 'Enable again';

/** The table was left without a stream: say so, and offer the enable again (as often as it fails). */
async function offerEnableAgain(ctx: CommandContext, failure: StreamLeftOffError): Promise<void> {
  const { tableName, viewType } = failure;
  ctx.log.error(`${tableName}: ${failure.message}`);
  const choice = await vscode.window.showErrorMessage(`${tableName}: ${failure.message}`, ENABLE_AGAIN);
  if (choice !== ENABLE_AGAIN) return;
  try {
    const { tables } = await ctx.connection.getServices();
    await withTableProgress(ctx, tableName, 'enabling stream…', () => tables.enableStream(tableName, viewType));
    ctx.log.info(`Enabled ${viewType} stream on ${tableName}`);
    void vscode.window.showInformationMessage(`${tableName}: ${viewType} stream enabled.`);
  } catch (err) {
    await offerEnableAgain(ctx, new StreamLeftOffError(tableName, viewType, err));
  }
}

/** The warning to show before disabling or changing the stream of `table`, when it has replicas. */
export async function replicationWarningFor(ctx: CommandContext, table: TableDescription): Promise<string | undefined> {
  const name = table.TableName ?? 'This table';
  try {
    return replicationWarning(name, await ctx.tables.listReplicas(table));
  } catch (err) {
    // Not knowing must not hide the warning's reason to exist: say it could not be checked.
    ctx.log.warn(`Replicas of ${name}: ${String(err)}`);
    return `Could not check whether ${name} is a global table (${String(err)}). If it has replicas, disabling or changing its stream breaks replication.`;
  }
}

/**
 * Gives the table a stream of `viewType` (enabling one, or replacing one of another type), with progress: for
 * commands that need a particular stream (a replica needs NEW_AND_OLD_IMAGES). The caller has asked the user.
 */
export async function ensureStreamViewType(ctx: CommandContext, tableName: string, viewType: StreamViewType): Promise<void> {
  const table = await requireTable(ctx, tableName);
  const current = streamEnabled(table) ? table.StreamSpecification?.StreamViewType : undefined;
  if (current === viewType) return;
  const { tables } = await ctx.connection.getServices();
  if (!current) await withTableProgress(ctx, tableName, 'enabling stream…', () => tables.enableStream(tableName, viewType));
  else await withTableProgress(ctx, tableName, 'changing view type…', (report) => tables.changeViewType(tableName, viewType, report));
  ctx.log.info(`${current ? `Changed the stream of ${tableName} from ${current} to` : `Enabled a stream on ${tableName}:`} ${viewType}`);
}
