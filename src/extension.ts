// Entry point: builds the services and registers everything into context.subscriptions; nothing else.
import * as vscode from 'vscode';
import { connect } from './commands/connect';
import { tailKinesisStream } from './commands/kinesis';
import { createKinesisStream } from './commands/kinesisStreams';
import { changeKinesisPrecision, disableKinesisDestination, enableKinesisDestination } from './commands/kinesisDestinations';
import { changeTableClass, disableTtl, enableTtl } from './commands/tableSettings';
import type { CommandContext } from './commands/context';
import { COMMANDS, CommandId } from './ids';
import { registerCommand } from './commands/register';
import { changeViewType, disableStream, enableStream } from './commands/streamCommands';
import { copyArn, describeTable, filterTables, refresh } from './commands/tableCommands';
import { tailReplicaStream } from './commands/replicas';
import { addReplicaRegion, removeReplicaRegion } from './commands/replicaUpdates';
import { applyTriggerFilter } from './commands/triggers';
import { createLambdaTrigger, deleteLambdaTrigger, updateTriggerFilter } from './commands/lambdaTriggerCommands';
import { tailStream } from './commands/tail';
import { copyLambdaEventCommand, copyRecordCommand, exportLambdaEventCommand, invokeHandlerCommand, recordItemReference } from './commands/recordCommands';
import { createTable, deleteTable } from './commands/tableLifecycle';
import { deleteItem, editItem, putItem } from './commands/items';
import { itemHistoryCommand, restoreVersionCommand, undoChangeCommand, type UndoDeps } from './commands/undoCommands';
import { searchRetainedStreamCommand } from './commands/retainedSearch';
import { exportUndoReportCommand, undoChangesCommand } from './commands/undoChanges';
import { loadItemsFromFile } from './commands/loadItems';
import { browseItems, itemRowHistory } from './commands/browseItems';
import { removeLocalTrigger, resumeLocalTrigger, runHandlerAsTrigger, runTriggerLocally, showLocalTriggerOutput, stopLocalTrigger, type LocalTriggerDeps } from './commands/localTriggerCommands';
import { importWorkbenchModel } from './commands/importModel';
import { ConnectionManager } from './connection/connectionManager';
import { TableService } from './connection/tableService';
import type { ReplicaSource } from './core/table/replicas';
import { HandlerInvoker, handlerConnection } from './handlers/invokeHandler';
import { LocalTriggerManager } from './handlers/localTriggers';
import { TailPanelManager } from './panels/tailPanelManager';
import { ItemsPanelManager } from './panels/itemsPanel';
import { TAIL_WEBVIEW_TYPE } from './panels/tailPanel';
import { TailPanelSerializer } from './commands/restoreTail';
import { connectionIdOf, connectionLabelOf } from './core/panel/panelRestore';
import { testHooks } from './ui/prompts';
import { DESCRIBE_SCHEME, DescribeTableDocuments } from './views/describeDocuments';
import { ITEM_SCHEME, ItemDocuments } from './views/itemDocuments';
import { HISTORY_SCHEME, HistoryDocuments } from './views/historyDocuments';
import { TablesTreeProvider } from './views/tablesTree';
import { LocalTriggersView } from './views/localTriggersView';
import { notify } from './ui/prompts';

/** What activate() returns to the extension-host tests (only in ExtensionMode.Test). */
export interface TestApi {
  tree: TablesTreeProvider;
  tables: TableService;
  connection: ConnectionManager;
  /** Replica listings to use instead of the connection's (DynamoDB Local has no global tables); unset: the real ones. */
  replicas: { source?: ReplicaSource };
  panels: TailPanelManager;
  testHooks: typeof testHooks;
  items: ItemDocuments;
  itemsPanels: ItemsPanelManager;
  /** Restores tail panels after a reload; tests call it as VS Code would, with a panel's saved state. */
  tailSerializer: TailPanelSerializer;
  localTriggers: LocalTriggerManager;
  localTriggersView: LocalTriggersView;
}

/** Stopped at deactivation (awaited by VS Code): the handler processes end, the checkpoints are written. */
let localTriggerShutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('DynamoDB Streams', { log: true });
  const connection = new ConnectionManager(log);
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  // Tests stand in global tables' replicas through the test API; normal use lists them from the connection.
  const replicaStandIn: TestApi['replicas'] = {};
  const replicas: ReplicaSource | undefined = testing
    ? { list: async (table) => (replicaStandIn.source ?? (await connection.getServices()).replicas).list(table) }
    : undefined;
  const tables = new TableService(connection, log, { replicas });
  const tree = new TablesTreeProvider(tables, connection, log);
  const view = vscode.window.createTreeView('dynamodbStreams.tables', { treeDataProvider: tree, showCollapseAll: true });
  const docs = new DescribeTableDocuments();
  const handlers = new HandlerInvoker({ workspaceState: context.workspaceState, secrets: context.secrets, extensionUri: context.extensionUri, connection: () => handlerConnection(connection.current) });
  const panels = new TailPanelManager({
    extensionUri: context.extensionUri,
    log,
    handlers,
    defaultRegion: () => connection.current.region,
    handlerConnection: () => handlerConnection(connection.current),
    connection: (source) => ({ id: connectionIdOf(connection.current, source), label: connectionLabelOf(connection.current, source) }),
  });
  const ctx: CommandContext = { connection, tables, tree, log };
  const itemsPanels = new ItemsPanelManager(context.extensionUri, log);
  const items = new ItemDocuments(async () => (await connection.getServices()).items, docs, log, () => connectionIdOf(connection.current, 'dynamodb'), context.workspaceState);
  const command = (id: CommandId, what: string, run: (arg?: unknown) => unknown) => registerCommand(ctx, id, what, run);
  const histories = new HistoryDocuments();
  const undo: UndoDeps = { ctx, panels, docs, histories };
  const tailSerializer = new TailPanelSerializer(ctx, panels);
  const localTriggers = new LocalTriggerManager({
    workspaceState: context.workspaceState,
    secrets: context.secrets,
    streams: connection.streams,
    runnersDir: vscode.Uri.joinPath(context.extensionUri, 'media', 'runners').fsPath,
    connection: () => ({ ...handlerConnection(connection.current), label: connection.current.label }),
  });
  localTriggerShutdown = () => localTriggers.shutdown();
  const localTriggersView = new LocalTriggersView(localTriggers);
  const local: LocalTriggerDeps = { ctx, panels, handlers, manager: localTriggers, view: localTriggersView };

  context.subscriptions.push(
    log,
    connection,
    tables,
    tree,
    view,
    docs,
    panels,
    handlers,
    vscode.window.registerWebviewPanelSerializer(TAIL_WEBVIEW_TYPE, tailSerializer),
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, docs),
    items,
    vscode.workspace.registerFileSystemProvider(ITEM_SCHEME, items, { isCaseSensitive: true }),
    command(COMMANDS.connect, 'Connect', () => connect(ctx)),
    command(COMMANDS.refresh, 'Refresh', (arg) => refresh(ctx, arg)),
    command(COMMANDS.filterTables, 'Filter tables', () => filterTables(ctx)),
    command(COMMANDS.enableStream, 'Enable stream', (arg) => enableStream(ctx, arg)),
    command(COMMANDS.disableStream, 'Disable stream', (arg) => disableStream(ctx, arg)),
    command(COMMANDS.changeViewType, 'Change stream view type', (arg) => changeViewType(ctx, arg)),
    command(COMMANDS.copyArn, 'Copy ARN', (arg) => copyArn(ctx, arg)),
    command(COMMANDS.describeTable, 'Describe table', (arg) => describeTable(ctx, docs, arg)),
    command(COMMANDS.tailStream, 'Tail stream', (arg) => tailStream(ctx, panels, arg)),
    command(COMMANDS.enableTtl, 'Enable TTL', (arg) => enableTtl(ctx, arg)),
    command(COMMANDS.disableTtl, 'Disable TTL', (arg) => disableTtl(ctx, arg)),
    command(COMMANDS.changeTableClass, 'Change table class', (arg) => changeTableClass(ctx, arg)),
    command(COMMANDS.enableKinesisDestination, 'Enable Kinesis destination', (arg) => enableKinesisDestination(ctx, arg)),
    command(COMMANDS.disableKinesisDestination, 'Disable Kinesis destination', (arg) => disableKinesisDestination(ctx, arg)),
    command(COMMANDS.changeKinesisPrecision, 'Change Kinesis time precision', (arg) => changeKinesisPrecision(ctx, arg)),
    command(COMMANDS.tailKinesisStream, 'Tail Kinesis data stream', (arg) => tailKinesisStream(ctx, panels, arg)),
    command(COMMANDS.tailKinesisDestination, 'Tail Kinesis stream', (arg) => tailKinesisStream(ctx, panels, arg)),
    command(COMMANDS.tailReplicaStream, 'Tail stream', (arg) => tailReplicaStream(ctx, panels, arg)),
    command(COMMANDS.applyTriggerFilter, 'Apply filter to tail', (arg) => applyTriggerFilter(ctx, panels, arg)),
    command(COMMANDS.createTable, 'Create table', () => createTable(ctx)),
    command(COMMANDS.deleteTable, 'Delete table', (arg) => deleteTable(ctx, panels, itemsPanels, arg)),
    command(COMMANDS.putItem, 'Put item', (arg) => putItem(ctx, items, arg)),
    command(COMMANDS.editItem, 'Edit item', (arg) => editItem(ctx, items, arg)),
    command(COMMANDS.deleteItem, 'Delete item', (arg) => deleteItem(ctx, arg)),
    itemsPanels,
    command(COMMANDS.browseItems, 'Browse items', (arg) => browseItems(ctx, itemsPanels, arg)),
    command(COMMANDS.itemRowHistory, 'Item history', (arg) => itemRowHistory(undo, arg)),
    command(COMMANDS.loadItemsFromFile, 'Load items from file', (arg) => loadItemsFromFile(ctx, arg)),
    command(COMMANDS.importWorkbenchModel, 'Import NoSQL Workbench model', (arg) => importWorkbenchModel(ctx, arg)),
    command(COMMANDS.createKinesisStream, 'Create Kinesis data stream', () => createKinesisStream(ctx)),
    command(COMMANDS.addReplicaRegion, 'Add replica region', (arg) => addReplicaRegion(ctx, arg)),
    command(COMMANDS.removeReplicaRegion, 'Remove replica region', (arg) => removeReplicaRegion(ctx, arg)),
    command(COMMANDS.createLambdaTrigger, 'Create Lambda trigger', (arg) => createLambdaTrigger(ctx, panels, arg)),
    command(COMMANDS.updateTriggerFilter, 'Update trigger filter', (arg) => updateTriggerFilter(ctx, panels, arg)),
    command(COMMANDS.deleteLambdaTrigger, 'Delete Lambda trigger', (arg) => deleteLambdaTrigger(ctx, arg)),
    command(COMMANDS.showRunningTails, 'Show running tails', () => panels.showRunningTails()),
    command(COMMANDS.copyRecord, 'Copy record', (arg) => copyRecordCommand(panels, arg)),
    command(COMMANDS.copyLambdaEvent, 'Copy as Lambda event', (arg) => copyLambdaEventCommand(panels, arg)),
    command(COMMANDS.exportLambdaEvent, 'Export Lambda event', (arg) => exportLambdaEventCommand(panels, arg)),
    command(COMMANDS.invokeHandler, 'Invoke handler', (arg) => invokeHandlerCommand(panels, arg)),
    histories,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, histories),
    vscode.languages.registerCodeLensProvider({ scheme: HISTORY_SCHEME }, histories),
    command(COMMANDS.undoChange, 'Undo change', (arg) => undoChangeCommand(undo, arg)),
    command(COMMANDS.itemHistory, 'Item history', (arg) => itemHistoryCommand(undo, arg)),
    command(COMMANDS.editRecordItem, 'Edit item', (arg) => editItem(ctx, items, recordItemReference(panels, arg))),
    command(COMMANDS.undoChanges, 'Undo changes', (arg) => undoChangesCommand(undo, arg)),
    command(COMMANDS.exportUndoReport, 'Export undo report', (arg) => exportUndoReportCommand(arg)),
    registerCommand(ctx, COMMANDS.restoreVersion, 'Restore this version', (uri, index) => restoreVersionCommand(undo, uri, index)),
    command(COMMANDS.searchRetainedStream, 'Search retained stream', (uri) => searchRetainedStreamCommand(undo, uri)),
    localTriggers,
    localTriggersView,
    command(COMMANDS.runHandlerAsTrigger, 'Run handler as trigger', (arg) => runHandlerAsTrigger(local, arg)),
    command(COMMANDS.runTriggerLocally, 'Run locally', (arg) => runTriggerLocally(local, arg)),
    command(COMMANDS.stopLocalTrigger, 'Stop local trigger', (arg) => stopLocalTrigger(localTriggers, arg)),
    command(COMMANDS.resumeLocalTrigger, 'Start local trigger again', (arg) => resumeLocalTrigger(localTriggers, arg)),
    command(COMMANDS.removeLocalTrigger, 'Remove local trigger', (arg) => removeLocalTrigger(localTriggers, arg)),
    command(COMMANDS.showLocalTriggerOutput, 'Show local trigger output', (arg) => showLocalTriggerOutput(localTriggers, arg)),
    command(COMMANDS.revealLocalTrigger, 'Show in Local triggers', (id) => (typeof id === 'string' ? localTriggersView.reveal(id) : undefined)),
    // A tail must not go on silently against a connection the user has left.
    connection.onDidChange(() => panels.stopAll('Connection changed: this tail stopped; use Restart to tail again')),
    // Nor a local trigger: each says why in its row, and Start local trigger again resumes it once connected back.
    connection.onDidChange(() => {
      void localTriggers.stopAll('the connection changed').then((n) => {
        if (n > 0) notify('warning', `The connection changed: ${n === 1 ? 'the local trigger' : `${n} local triggers`} stopped. Connect back to start ${n === 1 ? 'it' : 'them'} again from Local triggers.`);
      });
    }),
  );
  // Triggers that were running when the window closed or reloaded go on from their checkpoints.
  void localTriggers.restore().then(
    (n) => (n > 0 ? log.info(`Resumed ${n} local trigger(s) from their checkpoints`) : undefined),
    (err: unknown) => log.error(`Local triggers could not be resumed: ${String(err)}`),
  );

  // Only for extension-host tests: the real tree and connection, plus answers for quick picks and confirmations.
  // Never in normal use, where another extension could otherwise answer a confirmation.
  return testing
    ? { tree, tables, connection, replicas: replicaStandIn, panels, testHooks, items, itemsPanels, tailSerializer, localTriggers, localTriggersView }
    : undefined;
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is disposed through context.subscriptions; local triggers are awaited so that their handler
  // processes are gone and their checkpoints written before the extension host ends.
  return localTriggerShutdown?.();
}
