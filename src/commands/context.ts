// What every command needs, the shared "which table?" step, and error reporting with a next step.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { ConnectionManager } from '../connection/connectionManager';
import { KnownTableError, type TableService } from '../connection/tableService';
import type { TablesTreeProvider } from '../views/tablesTree';
import { TableNode } from '../views/nodes';
import { errorText } from '../core/connection/awsError';
import { describeError, ErrorContext } from '../core/connection/errors';
import { notify, pick } from '../ui/prompts';
import { COMMANDS } from '../ids';

export interface CommandContext {
  connection: ConnectionManager;
  /** What is known about the connection's tables; commands read tables through it, never through the tree. */
  tables: TableService;
  /** The view: only for what is the view's own (its filter). */
  tree: TablesTreeProvider;
  log: vscode.LogOutputChannel;
}

/** The table a command acts on: the right-clicked node's, or one picked from the current connection. */
export async function tableNameFor(ctx: CommandContext, arg: unknown, placeHolder = 'Table'): Promise<string | undefined> {
  if (arg instanceof TableNode) return arg.name;
  if (arg && typeof arg === 'object' && 'tableName' in arg && typeof arg.tableName === 'string') {
    return (arg as { tableName: string }).tableName;
  }
  if (typeof arg === 'string' && arg) return arg;
  const names = ctx.tables.listNames().then((listing) => {
    if (!listing.ok) throw new KnownTableError(listing.error);
    return listing.names;
  });
  const chosen = await pick(names.then((list) => list.map((label) => ({ label }))), { placeHolder, matchOnDescription: true });
  return chosen?.label;
}

/** A failure while a command worked on one table: reported as "<command> for <table>", with the table as context. */
export class TableFailure extends Error {
  constructor(readonly tableName: string, readonly error: unknown, readonly action?: string) {
    super(`${tableName}: ${errorText(error)}`, { cause: error });
    this.name = 'TableFailure';
  }
}

/** A failure of another service than DynamoDB (Kinesis): reported with that service's endpoint as context. */
export class ServiceFailure extends Error {
  constructor(readonly error: unknown, readonly context: ErrorContext) {
    super(errorText(error), { cause: error });
    this.name = 'ServiceFailure';
  }
}

/** Runs a command's work on one table, so that a failure names the table (see TableFailure). */
export async function forTable<T>(tableName: string, work: () => Promise<T>, action?: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof TableFailure ? err : new TableFailure(tableName, err, action);
  }
}

/**
 * The table as it is now (a new DescribeTable, never a kept copy: it may have changed outside VS Code); the tree
 * follows the answer. A failed read throws its friendly error.
 */
export function requireTable(ctx: CommandContext, tableName: string): Promise<TableDescription> {
  return ctx.tables.fresh(tableName);
}

/**
 * Shows an error with its next step as a button (Connect… or Refresh), plus Show Log. Resolves once shown: the
 * command that failed ends now, not when the user dismisses the message.
 */
export async function showError(ctx: CommandContext, what: string, err: unknown, errorContext: ErrorContext = {}): Promise<void> {
  if (err instanceof TableFailure) {
    return showError(ctx, `${what} for ${err.tableName}`, err.error, { ...errorContext, table: err.tableName, action: err.action ?? errorContext.action });
  }
  if (err instanceof ServiceFailure) return showError(ctx, what, err.error, { ...errorContext, ...err.context });
  const c = ctx.connection.current;
  const friendly = err instanceof KnownTableError
    ? err.friendly
    : describeError(err, { endpoint: c.dynamodbEndpoint, region: c.region, profile: c.profile, ...errorContext });
  ctx.log.error(`${what}: ${String(err)}`);
  const next = friendly.next === 'connect' ? 'Connect…' : friendly.next === 'none' ? undefined : 'Refresh';
  void vscode.window.showErrorMessage(`${what}: ${friendly.message} — ${friendly.hint}`, ...(next ? [next] : []), 'Show Log').then((choice) => {
    if (choice === 'Connect…') void vscode.commands.executeCommand(COMMANDS.connect);
    else if (choice === 'Refresh') void vscode.commands.executeCommand(COMMANDS.refresh);
    else if (choice === 'Show Log') ctx.log.show();
  });
}

/** Runs a table change with a progress notification and the node marked busy; refreshes the node afterwards. */
export async function withTableProgress<T>(ctx: CommandContext, tableName: string, title: string, work: (report: (m: string) => void) => Promise<T>): Promise<T> {
  ctx.tables.setBusy(tableName, title);
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${tableName}: ${title}` }, (progress) =>
      work((message) => {
        progress.report({ message });
        ctx.tables.setBusy(tableName, message);
      }),
    );
  } finally {
    ctx.tables.setBusy(tableName, undefined);
    await ctx.tables.reread(tableName);
  }
}

/** Runs a command on the chosen table (false when none was chosen); a failure names the table. */
export async function onTable(ctx: CommandContext, arg: unknown, question: string, run: (tableName: string) => Promise<boolean>): Promise<boolean> {
  const tableName = await tableNameFor(ctx, arg, question);
  return tableName ? forTable(tableName, () => run(tableName)) : false;
}

/** A table's stream, as the stream commands (Lambda and local triggers) act on it. */
export interface StreamRef {
  tableName: string;
  streamArn: string;
}

/**
 * The stream a command acts on: the node's (a stream node, or a `Lambda triggers` node's `stream`), else the current
 * stream of a table (a table node, a name, `{ tableName }`, or one picked with `question`), read fresh.
 */
export async function streamFor(ctx: CommandContext, arg: unknown, question: string): Promise<StreamRef | undefined> {
  const node = arg as { stream?: { tableName?: unknown; streamArn?: unknown }; tableName?: unknown; streamArn?: unknown } | undefined;
  const stream = node?.stream ?? node;
  if (typeof stream?.tableName === 'string' && typeof stream.streamArn === 'string') return { tableName: stream.tableName, streamArn: stream.streamArn };
  const tableName = await tableNameFor(ctx, arg, question);
  if (!tableName) return undefined;
  const table = await requireTable(ctx, tableName);
  if (!table.LatestStreamArn || table.StreamSpecification?.StreamEnabled !== true) {
    notify('info', `${tableName} has no stream: enable one first ("Enable stream…").`);
    return undefined;
  }
  return { tableName, streamArn: table.LatestStreamArn };
}
