// Contract between the Kinesis reader (src/core/kinesis), its SDK adapter (src/aws/kinesisApi.ts) and the panel.
// Kinesis Data Streams carries a table's changes when the table has a Kinesis destination.
import type { SequenceRange } from '../../records/model';
import type { TailEvent } from '../types';

export type KinesisIteratorType = 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

/** A shard as ListShards returns it (structurally the SDK's Shard). A merge's child names both parents. */
export interface KinesisShard {
  ShardId?: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  SequenceNumberRange?: SequenceRange;
}

/** One Kinesis record as GetRecords returns it; `data` is the producer's bytes (JSON text for a DynamoDB destination). */
export interface KinesisRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
  /** ApproximateArrivalTimestamp in ms since epoch. */
  arrivalMs?: number;
}

export interface KinesisIteratorPosition {
  type: KinesisIteratorType;
  /** For AT_ / AFTER_SEQUENCE_NUMBER. */
  sequenceNumber?: string;
  /** For AT_TIMESTAMP: ms since epoch. */
  timestampMs?: number;
}

export interface KinesisRecordsPage {
  records: KinesisRecord[];
  /** Absent: the shard is closed and read to its end. */
  nextShardIterator?: string;
  millisBehindLatest?: number;
}

/**
 * The Kinesis calls the reader and the stream picker need. Streams are addressed by name (local servers such as
 * kinesalite take no StreamARN). Errors keep the SDK's `name`. `signal` aborts the HTTP request itself.
 */
export interface KinesisApi {
  listStreams(signal?: AbortSignal): Promise<{ name: string; arn?: string }[]>;
  /** Every shard of the stream (all NextToken pages). */
  listShards(streamName: string, signal?: AbortSignal): Promise<KinesisShard[]>;
  getShardIterator(streamName: string, shardId: string, position: KinesisIteratorPosition, signal?: AbortSignal): Promise<string | undefined>;
  getRecords(shardIterator: string, limit: number, signal?: AbortSignal): Promise<KinesisRecordsPage>;
}

export type KinesisStart = { type: 'LATEST' } | { type: 'TRIM_HORIZON' } | { type: 'AT_TIMESTAMP'; timestampMs: number };

export interface KinesisTailOptions {
  streamName: string;
  start: KinesisStart;
  /** Resume after these sequence numbers (shardId → last sequence number delivered). */
  checkpoints?: Record<string, string>;
  /** Read these shards from (and including) these sequence numbers: a restored panel re-reads what it held. */
  resumeAt?: Record<string, string>;
  /** Local Kinesis (kinesalite): no AWS quota, poll faster. */
  loopback?: boolean;
  signal: AbortSignal;
}

export type { TailEvent };
