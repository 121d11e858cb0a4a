// Records as the event a Lambda function receives (AWS Lambda docs: "Using AWS Lambda with Amazon DynamoDB" and
// "... with Amazon Kinesis", their sample events): for "Copy as Lambda event", "Export Lambda event…", "Invoke
// handler…", and as exactly what a Lambda filter is evaluated on.
import { kinesisFilterInput } from './filter/lambdaFilter';
import { approximateCreationMs, type StreamRecord } from '../records/model';
import { binaryToBase64, itemAsDynamoDbJson, type DynamoDbJsonItem } from '../records/plainJson';

export interface LambdaEventContext {
  /** Used when the record does not name its region (GetRecords records do, e.g. "ddblocal" on DynamoDB Local). */
  awsRegion: string;
  /** The stream ARN: the event source mapping's source. */
  eventSourceARN: string;
}

export interface LambdaDynamoDbRecord {
  eventID?: string;
  eventName?: string;
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, a JSON number. */
    ApproximateCreationDateTime?: number;
    /** Read-only: the record's own image objects when they hold no bytes (itemAsDynamoDbJson). */
    Keys?: Readonly<DynamoDbJsonItem>;
    NewImage?: Readonly<DynamoDbJsonItem>;
    OldImage?: Readonly<DynamoDbJsonItem>;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  eventSourceARN: string;
  /** Only on records made by a service: a TTL expiry is {type: "Service", principalId: "dynamodb.amazonaws.com"}. */
  userIdentity?: { type: string; principalId: string };
}

export interface LambdaDynamoDbEvent {
  Records: LambdaDynamoDbRecord[];
}

/** A GetRecords record (SDK shape: userIdentity Type/PrincipalId, a Date, binary as bytes) as Lambda delivers it. */
export function toLambdaDynamoDbRecord(record: StreamRecord, context: LambdaEventContext): LambdaDynamoDbRecord {
  const d = record.dynamodb ?? {};
  const dynamodb: LambdaDynamoDbRecord['dynamodb'] = {};
  const ms = approximateCreationMs(record);
  if (ms !== undefined) dynamodb.ApproximateCreationDateTime = ms / 1000;
  if (d.Keys) dynamodb.Keys = itemAsDynamoDbJson(d.Keys);
  if (d.NewImage) dynamodb.NewImage = itemAsDynamoDbJson(d.NewImage);
  if (d.OldImage) dynamodb.OldImage = itemAsDynamoDbJson(d.OldImage);
  if (d.SequenceNumber !== undefined) dynamodb.SequenceNumber = d.SequenceNumber;
  if (d.SizeBytes !== undefined) dynamodb.SizeBytes = d.SizeBytes;
  if (d.StreamViewType !== undefined) dynamodb.StreamViewType = d.StreamViewType;

  // Fields in the order Lambda's sample events have them; eventID and eventName only when the record has them.
  const out = {} as LambdaDynamoDbRecord;
  if (record.eventID !== undefined) out.eventID = record.eventID;
  if (record.eventName !== undefined) out.eventName = record.eventName;
  out.eventVersion = '1.1';
  out.eventSource = 'aws:dynamodb';
  out.awsRegion = record.awsRegion || context.awsRegion;
  out.dynamodb = dynamodb;
  out.eventSourceARN = context.eventSourceARN;
  const identity = userIdentityOf(record);
  if (identity) out.userIdentity = identity;
  return out;
}

export function toLambdaDynamoDbEvent(records: readonly StreamRecord[], context: LambdaEventContext): LambdaDynamoDbEvent {
  return { Records: records.map((r) => toLambdaDynamoDbRecord(r, context)) };
}

/**
 * The `record` argument of lambdaFilterMatches for a DynamoDB-stream source: the event record itself, since Lambda
 * evaluates the filter on the record it would deliver (lower-case userIdentity, epoch-second time, N values as strings).
 */
export function dynamoDbFilterInput(record: LambdaDynamoDbRecord): unknown {
  return record;
}

/** Streams API records say Type/PrincipalId; the Lambda event (and DynamoDB's Kinesis records) say type/principalId. */
function userIdentityOf(record: StreamRecord): LambdaDynamoDbRecord['userIdentity'] {
  const u: { Type?: string; PrincipalId?: string; type?: string; principalId?: string } | undefined = record.userIdentity;
  if (!u) return undefined;
  const type = u.Type ?? u.type;
  const principalId = u.PrincipalId ?? u.principalId;
  return type !== undefined || principalId !== undefined ? { type: type ?? '', principalId: principalId ?? '' } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Kinesis data streams

/** A Kinesis GetRecords record (SDK shape, structurally). */
export interface KinesisRecordInput {
  SequenceNumber?: string;
  ApproximateArrivalTimestamp?: Date | number | string;
  Data?: Uint8Array | string;
  PartitionKey?: string;
}

export interface KinesisEventContext {
  shardId: string;
  awsRegion: string;
  /** The Kinesis stream ARN. */
  eventSourceARN: string;
  /** The function's execution role, when known. */
  invokeIdentityArn?: string;
}

export interface LambdaKinesisRecord {
  kinesis: {
    kinesisSchemaVersion: '1.0';
    partitionKey: string;
    sequenceNumber: string;
    /** base64 of the record's bytes. */
    data: string;
    /** Epoch seconds with milliseconds, a JSON number. */
    approximateArrivalTimestamp?: number;
  };
  eventSource: 'aws:kinesis';
  eventVersion: '1.0';
  eventID: string;
  eventName: 'aws:kinesis:record';
  invokeIdentityArn?: string;
  awsRegion: string;
  eventSourceARN: string;
}

export interface LambdaKinesisEvent {
  Records: LambdaKinesisRecord[];
}

export function toLambdaKinesisRecord(record: KinesisRecordInput, context: KinesisEventContext): LambdaKinesisRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  const kinesis: LambdaKinesisRecord['kinesis'] = {
    kinesisSchemaVersion: '1.0',
    partitionKey: record.PartitionKey ?? '',
    sequenceNumber,
    data: record.Data === undefined ? '' : binaryToBase64(record.Data),
  };
  const seconds = epochSeconds(record.ApproximateArrivalTimestamp);
  if (seconds !== undefined) kinesis.approximateArrivalTimestamp = seconds;
  return {
    kinesis,
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${context.shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    ...(context.invokeIdentityArn ? { invokeIdentityArn: context.invokeIdentityArn } : {}),
    awsRegion: context.awsRegion,
    eventSourceARN: context.eventSourceARN,
  };
}

export function toLambdaKinesisEvent(records: readonly KinesisRecordInput[], context: KinesisEventContext): LambdaKinesisEvent {
  return { Records: records.map((r) => toLambdaKinesisRecord(r, context)) };
}

/** The `record` a Kinesis-source filter is evaluated on: the `kinesis` fields with `data` decoded as JSON. */
export function kinesisLambdaFilterInput(record: LambdaKinesisRecord): unknown {
  return kinesisFilterInput(record);
}

/** A Date, epoch seconds or ms, or a date string, as epoch seconds: read by model.ts's one time parser. */
function epochSeconds(t: Date | number | string | undefined): number | undefined {
  const ms = approximateCreationMs({ dynamodb: { ApproximateCreationDateTime: t as Date | undefined } });
  return ms === undefined ? undefined : ms / 1000;
}
