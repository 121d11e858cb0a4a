// The local trigger's contract: what `Run handler as trigger…` runs (an event source mapping's rules applied to a
// DynamoDB stream and a local handler), between the engine (core/trigger/engine.ts), the warm handler processes
// (handlers/warmRunner.ts) and the glue (commands, the `Local triggers` view). Pure types: no `vscode`, no SDK.
import type { LambdaDynamoDbEvent } from '../lambda/lambdaEvent';

/** An event source mapping's settings for a DynamoDB stream, as Lambda names them; limits in core/trigger/settings.ts. */
export interface TriggerSettings {
  /** 1–10,000 (default 100). */
  batchSize: number;
  /** MaximumBatchingWindowInSeconds: 0–300 (default 0). */
  batchingWindowSeconds: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** FilterCriteria patterns as Lambda holds them (JSON text), at most 5; empty: every record. */
  filterPatterns: string[];
  /** -1 (until the record expires; the default) or 0–10,000. */
  maximumRetryAttempts: number;
  /** -1 (no limit; the default) or 60–604,800. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  /** FunctionResponseTypes ["ReportBatchItemFailures"]. */
  reportBatchItemFailures: boolean;
  /** 1–10 (default 1): concurrent batches per shard; records of one partition key stay in order. */
  parallelizationFactor: number;
  /** A local file standing in for the on-failure destination (SQS/SNS/S3): invocation records appended as NDJSON. */
  onFailureFile?: string;
  /** The function's timeout in seconds, 1–900 (Lambda's default: 3). */
  functionTimeoutSeconds: number;
}

/** One invocation of the handler, as the warm runner reports it. */
export interface InvokeOutcome {
  /** `error`: the handler threw, timed out, its process died, or its result could not be read. */
  kind: 'success' | 'error';
  /** What the handler returned (success only; `null` for undefined). */
  value?: unknown;
  errorType?: string;
  errorMessage?: string;
  timedOut?: boolean;
  /** The runner process died during the invocation (it is replaced before the next one). */
  crashed?: boolean;
  durationMs: number;
  /** Set on the invocation that started a new runner process: how long loading the module took (Lambda's init). */
  coldStartMs?: number;
}

/** Runs the handler on events; `lane` 0…parallelizationFactor-1 picks the warm process (one per lane). */
export interface TriggerInvoker {
  /** Never rejects: every failure is an `error` outcome. An aborted signal ends the invocation as an error. */
  invoke(event: LambdaDynamoDbEvent, lane: number, signal: AbortSignal): Promise<InvokeOutcome>;
  /** Kills every runner process (and what it started). */
  dispose(): Promise<void>;
}

/** What Lambda sends to an on-failure destination for a DynamoDB stream batch given up on (DESIGN.md). */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  /** ISO 8601. */
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    /** ISO 8601. */
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** Where the engine keeps its place: the last sequence number done per shard (every record up to it handled). */
export interface TriggerCheckpoints {
  /** shardId → sequence number. */
  shards: Record<string, string>;
  /** When the trigger first started (epoch ms): for a LATEST trigger, records written before it are not its own. */
  startedAtMs: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
}

export type BatchOutcome =
  | 'running'
  | 'success'
  /** The handler threw, timed out or died: the batch is retried (or bisected, or given up on). */
  | 'error'
  /** batchItemFailures named records: the next attempt starts at the lowest of them. */
  | 'partial'
  /** Split in two after an error; each half is retried on its own. */
  | 'bisected'
  | 'sent-to-destination'
  | 'dropped-by-age';

/** One invocation of a batch (an attempt), as the `Local triggers` view shows it. */
export interface BatchReport {
  /** Unique within the trigger; an attempt's report is replaced (same id) when it ends. */
  id: number;
  shardId: string;
  lane: number;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  size: number;
  /** 1 for the first invocation of these records, 2 for the first retry, … */
  attempt: number;
  outcome: BatchOutcome;
  /** The error's message, or why the batch was given up on. */
  message?: string;
  /** partial: the itemIdentifiers the handler reported. */
  failedIds?: string[];
  /** ms between the newest record's creation and the invocation's start (Lambda's IteratorAge). */
  iteratorAgeMs?: number;
  startedAtMs: number;
  durationMs?: number;
  coldStartMs?: number;
}

export type TriggerState = 'starting' | 'running' | 'reconnecting' | 'stopped';

/** What a running trigger reports to the glue (the view, the status bar, the output channel, the checkpoint store). */
export type TriggerActivity =
  | { type: 'batch'; batch: BatchReport }
  | { type: 'checkpoint'; checkpoints: TriggerCheckpoints }
  | { type: 'state'; state: TriggerState; reason?: string }
  /** Something the user should know (a gap in the stream, a record that could not be read, a retry wait). */
  | { type: 'notice'; message: string; level: 'info' | 'warning' | 'error' }
  | { type: 'onFailure'; record: OnFailureRecord };
