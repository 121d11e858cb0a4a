// What every command needs, and the shared "which table?" step.
import * as vscode from 'vscode';
import type { Session } from '../session';
import type { TablesTreeProvider } from '../views/tablesTree';
import { TableNode, TreeNode } from '../views/nodes';
import { formatError, ErrorContext } from '../core/errors';
import { pick } from '../ui/prompts';

export interface CommandContext {
  session: Session;
  tree: TablesTreeProvider;
  log: vscode.LogOutputChannel;
}

/** The table a command acts on: the right-clicked node's, or one picked from the current connection. */
export async function tableNameFor(ctx: CommandContext, arg: unknown, placeHolder = 'Table'): Promise<string | undefined> {
  if (arg instanceof TableNode) return arg.name;
  if (arg && typeof arg === 'object' && 'tableName' in arg && typeof (arg as { tableName: unknown }).tableName === 'string') {
    return (arg as { tableName: string }).tableName;
  }
  if (typeof arg === 'string' && arg) return arg;
  const names = ctx.tree.listTableNames();
  const chosen = await pick(names.then((list) => list.map((label) => ({ label }))), { placeHolder, matchOnDescription: true });
  return chosen?.label;
}

/** Shows an error with its next step; "Connect…" / "Refresh" buttons run them. */
export async function showError(ctx: CommandContext, what: string, err: unknown, errorContext: ErrorContext = {}): Promise<void> {
  const c = ctx.session.connection;
  const text = formatError(err, { endpoint: c.dynamodbEndpoint, region: c.region, profile: c.profile, ...errorContext });
  ctx.log.error(`${what}: ${String(err)}`);
  const choice = await vscode.window.showErrorMessage(`${what}: ${text}`, 'Connect…', 'Show Log');
  if (choice === 'Connect…') await vscode.commands.executeCommand('dynamodbStreams.connect');
  else if (choice === 'Show Log') ctx.log.show();
}

export type NodeArg = TreeNode | string | undefined;
