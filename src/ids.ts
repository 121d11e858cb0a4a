// Command ids and tree context values, in one neutral module: commands, views and panels all read them, and it imports
// nothing. package.json contributes the same ids and matches menus on the same context values.
export const COMMANDS = {
  connect: 'dynamodbStreams.connect',
  refresh: 'dynamodbStreams.refresh',
  tailStream: 'dynamodbStreams.tailStream',
  enableStream: 'dynamodbStreams.enableStream',
  disableStream: 'dynamodbStreams.disableStream',
  changeViewType: 'dynamodbStreams.changeViewType',
  copyArn: 'dynamodbStreams.copyArn',
  describeTable: 'dynamodbStreams.describeTable',
  filterTables: 'dynamodbStreams.filterTables',
  showRunningTails: 'dynamodbStreams.showRunningTails',
  tailKinesisStream: 'dynamodbStreams.tailKinesisStream',
  /** The same, titled for a Kinesis destination node (right-click): "Tail Kinesis stream". */
  tailKinesisDestination: 'dynamodbStreams.tailKinesisDestination',
  enableTtl: 'dynamodbStreams.enableTtl',
  disableTtl: 'dynamodbStreams.disableTtl',
  changeTableClass: 'dynamodbStreams.changeTableClass',
  enableKinesisDestination: 'dynamodbStreams.enableKinesisDestination',
  disableKinesisDestination: 'dynamodbStreams.disableKinesisDestination',
  changeKinesisPrecision: 'dynamodbStreams.changeKinesisPrecision',
  tailReplicaStream: 'dynamodbStreams.tailReplicaStream',
  applyTriggerFilter: 'dynamodbStreams.applyTriggerFilter',
  // A tail panel's record commands: its rows' right-click menu (webview/context) runs them with the row's context.
  copyRecord: 'dynamodbStreams.tail.copyRecord',
  copyLambdaEvent: 'dynamodbStreams.tail.copyLambdaEvent',
  exportLambdaEvent: 'dynamodbStreams.tail.exportLambdaEvent',
  invokeHandler: 'dynamodbStreams.tail.invokeHandler',
  undoChange: 'dynamodbStreams.tail.undoChange',
  itemHistory: 'dynamodbStreams.tail.itemHistory',
  /** Edit item on a row: the row's item (the panel's table, the record's keys). */
  editRecordItem: 'dynamodbStreams.tail.editItem',
  /** The selected records (the row's context), or without one the records the panel shows. */
  undoChanges: 'dynamodbStreams.tail.undoChanges',
  /** Takes an optional target Uri (tests); otherwise asks where to save. */
  exportUndoReport: 'dynamodbStreams.exportUndoReport',
  /** A CodeLens of an item history document: takes the document's address and the entry's index. */
  restoreVersion: 'dynamodbStreams.history.restoreVersion',
  /** A CodeLens of an item history document: takes the document's address. */
  searchRetainedStream: 'dynamodbStreams.history.searchRetainedStream',
  createTable: 'dynamodbStreams.createTable',
  deleteTable: 'dynamodbStreams.deleteTable',
  putItem: 'dynamodbStreams.putItem',
  /** Takes `{ tableName, keys }` (keys in DynamoDB JSON, binary as base64 or bytes), e.g. a tail panel record's. */
  editItem: 'dynamodbStreams.editItem',
  /** Takes `{ tableName, keys }` like editItem; asks before deleting. */
  deleteItem: 'dynamodbStreams.deleteItem',
  /** Takes a table node or a table name; opens (or reveals) its `Items: <table>` panel. */
  browseItems: 'dynamodbStreams.browseItems',
  /** An items panel row's Item history (its context: `{ tableName, keys }`). */
  itemRowHistory: 'dynamodbStreams.items.itemHistory',
  /** Takes a table node, a table name or `{ tableName, file }` (a path or Uri: no file dialog). */
  loadItemsFromFile: 'dynamodbStreams.loadItemsFromFile',
  /** Takes nothing (a file dialog) or `{ file }` (a path or Uri). */
  importWorkbenchModel: 'dynamodbStreams.importWorkbenchModel',
  createKinesisStream: 'dynamodbStreams.createKinesisStream',
  addReplicaRegion: 'dynamodbStreams.addReplicaRegion',
  removeReplicaRegion: 'dynamodbStreams.removeReplicaRegion',
  createLambdaTrigger: 'dynamodbStreams.createLambdaTrigger',
  updateTriggerFilter: 'dynamodbStreams.updateTriggerFilter',
  deleteLambdaTrigger: 'dynamodbStreams.deleteLambdaTrigger',
  /** A table (with a stream), a stream node, or `{ tableName, handler?, settings? }` (no dialogs for what it gives). */
  runHandlerAsTrigger: 'dynamodbStreams.runHandlerAsTrigger',
  /** A Lambda trigger node (`{ stream, trigger }`): its event source mapping's settings, run by a local handler. */
  runTriggerLocally: 'dynamodbStreams.runTriggerLocally',
  // A `Local triggers` row, or a trigger's id.
  stopLocalTrigger: 'dynamodbStreams.stopLocalTrigger',
  resumeLocalTrigger: 'dynamodbStreams.resumeLocalTrigger',
  removeLocalTrigger: 'dynamodbStreams.removeLocalTrigger',
  showLocalTriggerOutput: 'dynamodbStreams.showLocalTriggerOutput',
  /** A local trigger's status bar item: reveals its row. */
  revealLocalTrigger: 'dynamodbStreams.revealLocalTrigger',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const CONTEXT = {
  connection: 'connection',
  tableStreamOn: 'table.streamOn',
  tableStreamOff: 'table.streamOff',
  tableUnknown: 'table.unknown',
  streamCurrent: 'stream.current',
  streamPrevious: 'stream.previous',
  previousStreams: 'previousStreams',
  shard: 'shard',
  kinesisDestination: 'kinesisDestination',
  replicas: 'replicas',
  replica: 'replica',
  lambdaTriggers: 'lambdaTriggers',
  lambdaTrigger: 'lambdaTrigger',
  /** A trigger with FilterCriteria: "Apply filter to tail" applies. */
  lambdaTriggerFiltered: 'lambdaTrigger.filtered',
  error: 'error',
  message: 'message',
  // The `Local triggers` view's rows.
  localTriggerRunning: 'localTrigger.running',
  localTriggerStopped: 'localTrigger.stopped',
  localTriggerBatch: 'localTrigger.batch',
} as const;
