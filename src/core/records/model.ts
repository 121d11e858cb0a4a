// Plain shapes of DynamoDB / DynamoDB Streams data, structurally compatible with the AWS SDK's types
// so the SDK adapters can pass SDK objects straight in, while src/core never imports the SDK.

/** DynamoDB JSON for one attribute value, e.g. { S: "x" }, { N: "12" }, { M: {...} }. */
export interface AttributeValue {
  S?: string;
  N?: string;
  B?: Uint8Array;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type Item = Record<string, AttributeValue>;

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];

export interface SequenceRange {
  StartingSequenceNumber?: string;
  EndingSequenceNumber?: string;
}

/** A shard as DescribeStream returns it. */
export interface ShardInfo {
  ShardId?: string;
  ParentShardId?: string;
  SequenceNumberRange?: SequenceRange;
}

/** A stream record as GetRecords returns it. */
export interface StreamRecord {
  eventID?: string;
  /** INSERT, MODIFY or REMOVE; typed string, as the SDK returns it. */
  eventName?: string;
  eventVersion?: string;
  eventSource?: string;
  awsRegion?: string;
  dynamodb?: {
    ApproximateCreationDateTime?: Date;
    Keys?: Item;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber?: string;
    SizeBytes?: number;
    /** A StreamViewType; typed string, as the SDK returns it. */
    StreamViewType?: string;
  };
  userIdentity?: { PrincipalId?: string; Type?: string };
  /** Set only on records read from a Kinesis data stream (a table's Kinesis destination); see KinesisOrigin. */
  kinesis?: KinesisOrigin;
}

/**
 * Where a record read from Kinesis came from, and what the reader noticed about it. Kinesis may deliver a change
 * twice and out of order, so the record is kept and marked, never dropped.
 */
export interface KinesisOrigin {
  shardId: string;
  /** The Kinesis sequence number (not a DynamoDB Streams one: `dynamodb.SequenceNumber` stays unset). */
  sequenceNumber: string;
  partitionKey: string;
  /** ApproximateArrivalTimestamp in ms since epoch. */
  arrivalMs?: number;
  /** The change's table (several tables may stream to one Kinesis stream). */
  tableName?: string;
  /** A record with this eventID was delivered before (recently). */
  duplicate?: true;
  /** Created before a change already delivered for the same item (same table and keys). */
  late?: true;
  /** The data is not a DynamoDB change record: its text (JSON pretty-printed). Such a record has no eventName. */
  raw?: string;
  /** The data is a DynamoDB change record that cannot be read (e.g. a key that is not an attribute value): what is
   * wrong. `raw` then holds the data as it came. */
  unreadable?: string;
}

/** Sequence numbers are decimal strings of up to 40 digits: compare them without Number(). */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * ApproximateCreationDateTime in ms since epoch, or undefined when missing or unreadable. The SDK gives a Date; raw
 * stream JSON (e.g. a Lambda event) gives epoch seconds as a number, possibly as a numeric string, which is read the
 * same way; any other string is parsed as a date. A number ≥ 1e11 is taken as ms already (1e11 s is the year 5138).
 * The one parser: the record rows (records.ts) and the tail's lag (tail/stats.ts) both use it.
 */
export function approximateCreationMs(record: StreamRecord): number | undefined {
  const v = record.dynamodb?.ApproximateCreationDateTime as unknown;
  let ms: number | undefined;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') ms = epochToMs(v);
  else if (typeof v === 'string' && v.trim() !== '') ms = /^\s*\d+(\.\d+)?\s*$/.test(v) ? epochToMs(Number(v)) : Date.parse(v);
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

function epochToMs(n: number): number {
  return n < 1e11 ? n * 1000 : n;
}
