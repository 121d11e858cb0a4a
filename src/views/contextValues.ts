// contextValue constants: package.json menus match on these (viewItem == / =~).
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
} as const;
