// Contract between the stream reader (src/core/tail), its SDK adapter (src/aws/streamsApi.ts) and the panel.
import { ShardInfo, StreamRecord } from '../records/model';

/** Where a DynamoDB Streams reader starts every shard it has no checkpoint for. */
export type StreamStart = 'LATEST' | 'TRIM_HORIZON';

/**
 * Where a tail starts (the panel's start positions). AT_TIMESTAMP: DynamoDB Streams reads from TRIM_HORIZON and skips
 * older records (core/tail/startPosition.ts); Kinesis has the iterator. AFTER_SEQUENCE_NUMBER: per shard (shardId → number).
 */
export type StartPosition =
  | StreamStart
  | { type: 'AT_TIMESTAMP'; timestampMs: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; checkpoints: Record<string, string> };

/**
 * Where a panel restored after a reload reads: the shards in `at` from (and including) that sequence number (the
 * first record the panel held of it), those in `after` after that one (the last it delivered, when it held none of
 * the shard any more), every other shard as `start` says (the panel's own start position).
 */
export interface ResumePosition {
  start: StartPosition;
  at: Record<string, string>;
  after: Record<string, string>;
}

export type StartKind = 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP' | 'AFTER_SEQUENCE_NUMBER';
export type IteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

/** One GetRecords answer: no nextShardIterator once a closed shard is read to its end. */
export interface RecordsPage {
  records: StreamRecord[];
  nextShardIterator?: string;
}

export interface StreamPage {
  shards: ShardInfo[];
  lastEvaluatedShardId?: string;
  status?: string;
  viewType?: string;
  tableName?: string;
  streamLabel?: string;
}

/**
 * The three DynamoDB Streams calls the reader needs. Errors keep the SDK's `name` (e.g. "ExpiredIteratorException").
 * `signal` (optional; an implementation may ignore it) aborts the request itself when the tail stops: the reader no
 * longer waits for it either way, but an abandoned GetRecords would hold the connection and count as a shard reader.
 */
export interface StreamsApi {
  describeStream(streamArn: string, exclusiveStartShardId?: string, signal?: AbortSignal): Promise<StreamPage>;
  getShardIterator(streamArn: string, shardId: string, type: IteratorType, sequenceNumber?: string, signal?: AbortSignal): Promise<string | undefined>;
  getRecords(shardIterator: string, limit: number, signal?: AbortSignal): Promise<RecordsPage>;
}

/**
 * What a tail panel reads from, bound to one stream: the DynamoDB Streams reader or the Kinesis reader. `read` reports
 * through `onEvent` until `signal` aborts or the source ends, resolves after its final `state: stopped`, never rejects.
 */
export interface RecordSource {
  read(start: StartPosition, signal: AbortSignal, onEvent: (e: TailEvent) => void): Promise<void>;
  /** Like `read`, for a panel restored after a reload (core/panel/panelRestore.ts): re-reads what it held, then goes on. */
  resume?(position: ResumePosition, signal: AbortSignal, onEvent: (e: TailEvent) => void): Promise<void>;
  /** The stream's shards and retention, to check a start position against before anything is cleared. */
  startLimits?(signal?: AbortSignal): Promise<StartLimits>;
}

/** What a start position is checked against before a tail restarts with it (core/tail/startPosition.ts). */
export interface StartLimits {
  /** How long the stream keeps records, in hours. */
  retentionHours: number;
  /** False when `retentionHours` is only the source's maximum (the stream's own retention was not read). */
  retentionKnown: boolean;
  /** The shards a checkpoint may name (the stream's, or the one shard a shard panel reads); undefined: not checked. */
  shardIds?: readonly string[];
}

export interface TailOptions {
  streamArn: string;
  start: StreamStart;
  /** Resume after these sequence numbers (shardId → last sequence number delivered). */
  checkpoints?: Record<string, string>;
  /** Read these shards from (and including) these sequence numbers: a restored panel re-reads what it held. */
  resumeAt?: Record<string, string>;
  /** Tail only this shard (and nothing else). */
  onlyShardId?: string;
  /** DynamoDB Local / loopback endpoint: no AWS quota, poll faster. */
  loopback?: boolean;
  signal: AbortSignal;
  /**
   * Awaited delivery, for a consumer that must not buffer without bound (the local trigger blocks a shard while a
   * batch is retried): records go here instead of `records` events, and the shard's next GetRecords waits until it
   * resolves. `last`: the shard has ended (records may be empty): resolve once every record of the shard is done,
   * since its children start after. A rejection stops the tail with a fatal error (no record is skipped unsaid).
   */
  deliver?: (shardId: string, records: StreamRecord[], last: boolean) => Promise<void>;
}

export interface TailStats {
  recordsPerSecond: number;
  /** ms between the delivery of the newest record and its ApproximateCreationDateTime (measured at delivery, not
   * growing while the stream is quiet); undefined before any record, and on loopback (minute-rounded times). */
  lagMs?: number;
  shardsOpen: number;
  shardsClosed: number;
  shardsActive: number;
  callsPerSecond: number;
  totalRecords: number;
}

export type TailState = 'starting' | 'running' | 'reconnecting' | 'stopped';

export type TailEvent =
  | { type: 'records'; shardId: string; records: StreamRecord[] }
  | { type: 'state'; state: TailState; reason?: string }
  | { type: 'shard'; shardId: string; status: 'reading' | 'closed' | 'waiting-parent' }
  /** Records were lost to retention. TrimmedDataAccessException: the shard is read on from its TRIM_HORIZON. A shard
   * no longer listed (trimmed whole, 24 h after it closed): nothing is restarted; its children are read next. */
  | { type: 'gap'; shardId: string; message: string }
  | { type: 'error'; message: string; fatal: boolean }
  /** Something the user should know about the reading itself (e.g. catching up to a start time). */
  | { type: 'notice'; message: string }
  | { type: 'stats'; stats: TailStats };
