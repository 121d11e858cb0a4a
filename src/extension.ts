// Entry point: builds the services and registers everything into context.subscriptions; nothing else.
import * as vscode from 'vscode';
import { COMMANDS } from './commands/ids';
import { CommandContext } from './commands/context';
import { connect } from './commands/connect';
import { changeViewType, disableStream, enableStream } from './commands/streamCommands';
import { copyArn, describeTable, DescribeTableDocuments, DESCRIBE_SCHEME, filterTables, refresh } from './commands/tableCommands';
import { tailStream } from './commands/tail';
import { TailPanelManager } from './panels/tailPanel';
import { Session } from './session';
import { testHooks } from './ui/prompts';
import { TablesTreeProvider } from './views/tablesTree';

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('DynamoDB Streams', { log: true });
  const session = new Session(log);
  const tree = new TablesTreeProvider(session, log);
  const view = vscode.window.createTreeView('dynamodbStreams.tables', { treeDataProvider: tree, showCollapseAll: true });
  const docs = new DescribeTableDocuments();
  const panels = new TailPanelManager(context.extensionUri, log);
  const ctx: CommandContext = { session, tree, log };

  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    log,
    session,
    tree,
    view,
    docs,
    panels,
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, docs),
    register(COMMANDS.connect, () => connect(ctx)),
    register(COMMANDS.refresh, (arg) => refresh(ctx, arg)),
    register(COMMANDS.filterTables, () => filterTables(ctx)),
    register(COMMANDS.enableStream, (arg) => enableStream(ctx, arg)),
    register(COMMANDS.disableStream, (arg) => disableStream(ctx, arg)),
    register(COMMANDS.changeViewType, (arg) => changeViewType(ctx, arg)),
    register(COMMANDS.copyArn, (arg) => copyArn(ctx, arg)),
    register(COMMANDS.describeTable, (arg) => describeTable(ctx, docs, arg)),
    register(COMMANDS.tailStream, (arg) => tailStream(ctx, panels, arg)),
    // A tail must not go on silently against a connection the user has left.
    session.onDidChange(() => panels.stopAll('Connection changed: this tail stopped; use Restart to tail again')),
  );

  // Only for extension-host tests: the real tree and session, plus answers for quick picks and confirmations.
  // Never in normal use, where another extension could otherwise answer a confirmation.
  return context.extensionMode === vscode.ExtensionMode.Test ? { tree, session, panels, testHooks } : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
