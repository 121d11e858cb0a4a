// Create table… and Delete table…: every choice CreateTable offers, progress until ACTIVE (or gone), AWS's refusals
// as AWS words them, and deletion protection's refusal with its next step.
import * as vscode from 'vscode';
import { STREAM_VIEW_TYPES, type StreamViewType } from '../core/records/model';
import {
  describeNewTable,
  isDeletionProtected,
  KEY_TYPE_LABELS,
  KEY_TYPES,
  validateCapacityUnits,
  validateKeyName,
  validateTableName,
  type Billing,
  type KeyAttribute,
  type NewTableSpec,
} from '../core/table/createTable';
import { TABLE_CLASS_DESCRIPTIONS, TABLE_CLASS_LABELS, TABLE_CLASSES, validateAttributeName } from '../core/table/tableSettings';
import { tablesKeyOf } from '../core/connection/connection';
import type { ItemsPanelManager } from '../panels/itemsPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { confirm, input, pick } from '../ui/prompts';
import { CommandContext, forTable, tableNameFor } from './context';
import { plural } from '../core/util/plural';

const TITLE = 'Create table';
// Every question of the wizard has ignoreFocusOut: ten answers are not lost when focus moves (a webview or an output
// taking it while the user reads elsewhere); Escape still cancels.
const NO_STREAM = 'Off';
const STREAM_DETAILS: Record<StreamViewType, string> = {
  KEYS_ONLY: 'Only the key attributes of the changed item',
  NEW_IMAGE: 'The item as it is after the change',
  OLD_IMAGE: 'The item as it was before the change',
  NEW_AND_OLD_IMAGES: 'Both: the tail shows what changed (needed for global table replicas)',
};

async function askKey(role: 'Partition key' | 'Sort key', other?: string): Promise<KeyAttribute | undefined> {
  const optional = role === 'Sort key';
  const name = await input({
    ignoreFocusOut: true, title: `${TITLE}: ${role.toLowerCase()}`,
    prompt: optional ? 'Sort key attribute name (leave empty for a table with a partition key only)' : 'Partition key attribute name',
    placeHolder: optional ? 'SK' : 'PK',
    validateInput: (v) => (optional && v === '' ? undefined : validateKeyName(v, other)),
  });
  if (name === undefined || name === '') return undefined;
  const type = await pick(KEY_TYPES.map((t) => ({ label: t, description: KEY_TYPE_LABELS[t], type: t })), { ignoreFocusOut: true, title: `${TITLE}: type of ${name}`, placeHolder: `${role} type` });
  return type && { name, type: type.type };
}

async function askBilling(): Promise<Billing | undefined> {
  const mode = await pick(
    [
      { label: 'On-demand', description: 'PAY_PER_REQUEST', detail: 'Pay per request; no capacity to plan' },
      { label: 'Provisioned', description: 'PROVISIONED', detail: 'Read and write capacity units you set' },
    ],
    { ignoreFocusOut: true, title: `${TITLE}: billing mode`, placeHolder: 'Billing mode' },
  );
  if (!mode) return undefined;
  if (mode.label === 'On-demand') return { mode: 'PAY_PER_REQUEST' };
  const read = await input({ ignoreFocusOut: true, title: `${TITLE}: provisioned`, prompt: 'Read capacity units', value: '5', validateInput: validateCapacityUnits });
  if (read === undefined) return undefined;
  const write = await input({ ignoreFocusOut: true, title: `${TITLE}: provisioned`, prompt: 'Write capacity units', value: '5', validateInput: validateCapacityUnits });
  if (write === undefined) return undefined;
  return { mode: 'PROVISIONED', readUnits: Number(read.trim()), writeUnits: Number(write.trim()) };
}

/** Asks every CreateTable choice in turn; undefined once the user cancels one. */
async function askNewTable(): Promise<NewTableSpec | undefined> {
  const name = await input({ ignoreFocusOut: true, title: `${TITLE}: name`, prompt: 'Table name: 3–255 characters of a-z, A-Z, 0-9, "_", "-", "."', validateInput: validateTableName });
  if (!name) return undefined;
  const partitionKey = await askKey('Partition key');
  if (!partitionKey) return undefined;
  const sortKey = await askKey('Sort key', partitionKey.name);
  const billing = await askBilling();
  if (!billing) return undefined;
  const stream = await pick(
    [{ label: NO_STREAM, detail: 'No stream (it can be enabled later)' }, ...STREAM_VIEW_TYPES.map((v) => ({ label: v, detail: STREAM_DETAILS[v] }))],
    { ignoreFocusOut: true, title: `${TITLE}: stream`, placeHolder: 'DynamoDB stream view type' },
  );
  if (!stream) return undefined;
  const tableClass = await pick(TABLE_CLASSES.map((c) => ({ label: TABLE_CLASS_LABELS[c], detail: TABLE_CLASS_DESCRIPTIONS[c], tableClass: c })), { ignoreFocusOut: true, title: `${TITLE}: table class`, placeHolder: 'Table class' });
  if (!tableClass) return undefined;
  const ttl = await input({
    ignoreFocusOut: true, title: `${TITLE}: time to live`,
    prompt: 'TTL attribute (epoch seconds, type N); leave empty for no TTL',
    placeHolder: 'expiresAt',
    validateInput: (v) => (v === '' ? undefined : validateAttributeName(v)),
  });
  if (ttl === undefined) return undefined;
  const protection = await pick(
    [
      { label: 'Off', detail: 'The table can be deleted' },
      { label: 'On', detail: 'DeleteTable is refused until deletion protection is turned off' },
    ],
    { ignoreFocusOut: true, title: `${TITLE}: deletion protection`, placeHolder: 'Deletion protection' },
  );
  if (!protection) return undefined;
  return {
    name,
    partitionKey,
    sortKey,
    billing,
    streamViewType: stream.label === NO_STREAM ? undefined : (stream.label as StreamViewType),
    tableClass: tableClass.tableClass,
    ttlAttribute: ttl || undefined,
    deletionProtection: protection.label === 'On',
  };
}

/** Create table…: resolves to the new table's name once it is ACTIVE and in the tree. */
export async function createTable(ctx: CommandContext): Promise<string | undefined> {
  const spec = await askNewTable();
  if (!spec) return undefined;
  const { tableLifecycle } = await ctx.connection.getServices();
  try {
    await forTable(spec.name, async () =>
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating table ${spec.name}` }, (progress) =>
        tableLifecycle.create(spec, (message) => progress.report({ message })),
      ), 'dynamodb:CreateTable');
  } catch (err) {
    const cause = (err as { error?: { name?: string; message?: string } }).error;
    if (cause?.name !== 'ResourceInUseException') throw err;
    // The usual wording of this error is about a table being updated; here AWS means the name is taken: say it as AWS does.
    ctx.log.warn(`Create table ${spec.name}: ${cause.name}: ${cause.message}`);
    void vscode.window.showErrorMessage(`Create table ${spec.name}: ${cause.message} — choose another name, or delete that table first.`);
    return undefined;
  }
  ctx.log.info(`Created table ${spec.name}: ${describeNewTable(spec)}`);
  ctx.tables.namesChanged(spec.name);
  if (spec.tableClass !== 'STANDARD' && ctx.connection.current.loopback) {
    // DynamoDB Local accepts a class and ignores it: say so rather than let the tree suggest the class applies.
    void vscode.window.showWarningMessage(`Table ${spec.name} was created; DynamoDB Local ignores table classes, so ${TABLE_CLASS_LABELS[spec.tableClass]} has no effect on this endpoint.`);
  } else {
    void vscode.window.showInformationMessage(`Table ${spec.name} is ACTIVE: ${describeNewTable(spec)}.`);
  }
  return spec.name;
}

/** Delete table…: the user types the name; resolves true once the table is gone. */
export async function deleteTable(ctx: CommandContext, panels: TailPanelManager, itemsPanels: ItemsPanelManager, arg?: unknown): Promise<boolean> {
  const tableName = await tableNameFor(ctx, arg, 'Delete which table?');
  if (!tableName) return false;
  const typed = await input({
    title: `Delete table ${tableName}`,
    prompt: `This deletes ${tableName} and all its items; its stream stays readable for 24 hours. Type the table's name to confirm.`,
    placeHolder: tableName,
    validateInput: (v) => (v === tableName ? undefined : `Type "${tableName}" exactly to delete it`),
  });
  if (typed !== tableName) return false;
  const { tableLifecycle } = await ctx.connection.getServices();
  let stopped = 0;
  const remove = async () =>
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting table ${tableName}` }, async (progress) => {
      await tableLifecycle.startDelete(tableName);
      // Stopped as soon as DynamoDB accepted the deletion, so the tails say why rather than fail on a missing stream.
      stopped = panels.stopTable(tableName, `Table ${tableName} was deleted: this tail stopped`);
      itemsPanels.tableDeleted(tableName, tablesKeyOf(ctx.connection.current));
      progress.report({ message: 'waiting until deleted…' });
      await tableLifecycle.waitUntilDeleted(tableName);
    });
  try {
    await forTable(tableName, remove, 'dynamodb:DeleteTable');
  } catch (err) {
    const cause = (err as { error?: unknown }).error ?? err;
    if (!isDeletionProtected(cause)) throw err;
    // The next step is turning protection off; offered here, so the user need not leave for the console.
    const off = await confirm(
      `${tableName} is protected against deletion`,
      `DynamoDB: ${(cause as Error).message}\nTurn deletion protection off and delete ${tableName} now?`,
      'Turn off protection and delete',
    );
    if (!off) return false;
    await forTable(tableName, async () => {
      await tableLifecycle.setDeletionProtection(tableName, false);
      await remove();
    }, 'dynamodb:UpdateTable');
  }
  ctx.log.info(`Deleted table ${tableName}${stopped ? ` (stopped ${plural(stopped, 'tail')})` : ''}`);
  ctx.tables.namesChanged(tableName);
  void vscode.window.showInformationMessage(`Table ${tableName} deleted.`);
  return true;
}
