// A tail panel's records as Lambda sees them: the event record of each held record (DynamoDB-stream or Kinesis-source,
// by the panel's source), the input its Lambda filter is evaluated on, and the whole event for Copy as Lambda event,
// Export Lambda event… and Invoke handler…. Pure: no vscode, no SDK.
import {
  dynamoDbFilterInput,
  toLambdaDynamoDbRecord,
  toLambdaKinesisRecord,
  type LambdaDynamoDbRecord,
  type LambdaKinesisRecord,
} from './lambdaEvent';
import { kinesisFilterInput } from './filter/lambdaFilter';
import { approximateCreationMs, type StreamRecord } from '../records/model';
import { itemToDynamoDbJson } from '../records/plainJson';

/** Where the panel's records come from, as the event source mapping would name it. */
export interface LambdaSource {
  source: 'dynamodb' | 'kinesis';
  /** The stream ARN (DynamoDB stream, or Kinesis data stream): the event's eventSourceARN. */
  streamArn: string;
  /** The connection's region: used when a record does not name its own. */
  region: string;
}

export type LambdaEventRecord = LambdaDynamoDbRecord | LambdaKinesisRecord;

export interface LambdaEvent {
  Records: LambdaEventRecord[];
}

const BINARY_PREFIX = '(binary data, base64) ';

/** The event record Lambda would deliver for one held record. */
export function lambdaEventRecordOf(record: StreamRecord, src: LambdaSource): LambdaEventRecord {
  if (src.source === 'dynamodb') return toLambdaDynamoDbRecord(record, { awsRegion: src.region, eventSourceARN: src.streamArn });
  const k = record.kinesis;
  const region = record.awsRegion || src.region;
  return toLambdaKinesisRecord(
    { SequenceNumber: k?.sequenceNumber, PartitionKey: k?.partitionKey, ApproximateArrivalTimestamp: k?.arrivalMs, Data: kinesisDataOf(record, region) },
    { shardId: k?.shardId ?? '', awsRegion: region, eventSourceARN: src.streamArn },
  );
}

export function lambdaEventOf(records: readonly StreamRecord[], src: LambdaSource): LambdaEvent {
  return { Records: records.map((r) => lambdaEventRecordOf(r, src)) };
}

/** What a Lambda filter is evaluated on for one held record: the DynamoDB event record, or Kinesis fields with `data` as JSON. */
export function lambdaFilterInputOf(record: StreamRecord, src: LambdaSource): unknown {
  const event = lambdaEventRecordOf(record, src);
  return src.source === 'dynamodb' ? dynamoDbFilterInput(event as LambdaDynamoDbRecord) : kinesisFilterInput(event);
}

/**
 * lambdaFilterInputOf for a record held as its JSON line (records.ts recordToJsonLine), without the full conversion:
 * for a DynamoDB stream the line already carries the event record's fields in their Lambda form (DynamoDB JSON with
 * binary as base64, the time in epoch seconds), so only the fixed fields and userIdentity's casing are set — a filter
 * over 10,000 held records stays within 50 ms. Deep-equal to lambdaFilterInputOf (unit-tested).
 */
export function lambdaFilterInputOfLine(json: string, src: LambdaSource, revive: (json: string) => StreamRecord): unknown {
  if (src.source !== 'dynamodb') return lambdaFilterInputOf(revive(json), src);
  // The parsed line is ours alone: completed in place rather than copied.
  const r = JSON.parse(json) as Record<string, unknown> & { userIdentity?: { Type?: string; PrincipalId?: string }; kinesis?: unknown };
  const u = r.userIdentity;
  r.eventVersion = '1.1';
  r.eventSource = 'aws:dynamodb';
  r.awsRegion = r.awsRegion || src.region;
  r.dynamodb ??= {};
  r.eventSourceARN = src.streamArn;
  delete r.kinesis;
  if (u) r.userIdentity = { type: u.Type ?? '', principalId: u.PrincipalId ?? '' } as never;
  return r;
}

/**
 * The bytes a table's Kinesis destination wrote for this change, rebuilt from the decoded record (the decoder keeps
 * no copy): the documented JSON with the time in ms (MILLISECOND precision). A record that was not a change keeps
 * its own text. The table's name is not known to a Kinesis panel and is left out.
 */
export function kinesisDataOf(record: StreamRecord, region: string): Uint8Array {
  const raw = record.kinesis?.raw;
  if (raw !== undefined) return raw.startsWith(BINARY_PREFIX) ? Uint8Array.from(atob(raw.slice(BINARY_PREFIX.length)), (c) => c.charCodeAt(0)) : new TextEncoder().encode(raw);
  const d = record.dynamodb ?? {};
  const u = record.userIdentity;
  const change = {
    awsRegion: region,
    eventID: record.eventID,
    eventName: record.eventName,
    ...(u ? { userIdentity: { type: u.Type ?? '', principalId: u.PrincipalId ?? '' } } : {}),
    recordFormat: 'application/json',
    dynamodb: {
      ApproximateCreationDateTime: approximateCreationMs(record),
      ...(d.Keys ? { Keys: itemToDynamoDbJson(d.Keys) } : {}),
      ...(d.NewImage ? { NewImage: itemToDynamoDbJson(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: itemToDynamoDbJson(d.OldImage) } : {}),
      SizeBytes: d.SizeBytes,
      ApproximateCreationDateTimePrecision: 'MILLISECOND',
    },
    eventSource: 'aws:dynamodb',
  };
  return new TextEncoder().encode(JSON.stringify(change));
}
