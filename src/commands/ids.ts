// Command ids, in one place: package.json contributes the same ids.
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
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
