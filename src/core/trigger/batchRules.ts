// Lambda's rules for one batch of a stream's event source mapping, as pure functions the shard worker applies: what
// an invocation's outcome means (ReportBatchItemFailures), how long to wait before a retry, which lane a record
// takes with a parallelization factor, how old a record is, and the on-failure destination's invocation record.
import type { StreamRecord } from '../records/model';
import type { LambdaDynamoDbRecord } from '../lambda/lambdaEvent';
import type { InvokeOutcome, OnFailureRecord } from './types';

/** A record on its way through a trigger: its place in the shard, its event record, its lane. */
export interface TriggerRecord {
  /** Position in the shard's ledger (checkpoint bookkeeping). */
  index: number;
  seq: string;
  /** ApproximateCreationDateTime (ms), rounded down by the service (to the minute by DynamoDB Local). */
  createdMs?: number;
  record: StreamRecord;
  /** The Lambda event record: built when the filter needs it, else when the record is first sent (off the reader's path). */
  event?: LambdaDynamoDbRecord;
}

export type Verdict =
  | { kind: 'success' }
  /** The whole batch failed: an error, or an unreadable batchItemFailures response. */
  | { kind: 'failed'; message: string }
  /** The records from `from` (the lowest failed sequence number) on failed; those before it are done. */
  | { kind: 'partial'; from: number; failedIds: string[] };

/** Retry waits: 1 s doubling to 30 s. Lambda does not document its own; short, so a local retry loop is watchable. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_CAP_MS = 30_000;

/** The wait before retry number `retry` (1 for the first retry). */
export function retryDelayMs(retry: number): number {
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(Math.max(0, retry - 1), 20));
}

/** What an invocation's outcome means for its batch (DESIGN.md: ReportBatchItemFailures). */
export function judgeOutcome(outcome: InvokeOutcome, batch: readonly { seq: string }[], reportBatchItemFailures: boolean): Verdict {
  if (outcome.kind === 'error') return { kind: 'failed', message: errorText(outcome) };
  if (!reportBatchItemFailures) return { kind: 'success' };
  return judgeItemFailures(outcome.value, batch);
}

/**
 * Lambda's reading of a batchItemFailures response: a null or empty response, or a null or empty list, is success;
 * an itemIdentifier that is missing, empty, not a string or not a sequence number of the batch fails the whole batch,
 * as does a response that is not an object. Otherwise the next attempt starts at the lowest failed sequence number.
 */
export function judgeItemFailures(value: unknown, batch: readonly { seq: string }[]): Verdict {
  if (value === null || value === undefined) return { kind: 'success' };
  const malformed = (why: string): Verdict => ({ kind: 'failed', message: `The batchItemFailures response is unreadable (${why}): the whole batch failed` });
  if (typeof value !== 'object' || Array.isArray(value)) return malformed(`a ${Array.isArray(value) ? 'list' : typeof value}, not an object`);
  const failures = (value as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures)) return malformed('batchItemFailures is not a list');
  if (failures.length === 0) return { kind: 'success' };
  const position = new Map(batch.map((r, i) => [r.seq, i]));
  const ids: string[] = [];
  let from = Infinity;
  for (const f of failures) {
    const id = f !== null && typeof f === 'object' ? (f as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return malformed(`itemIdentifier ${JSON.stringify(id) ?? 'missing'} is not a sequence number`);
    const at = position.get(id);
    if (at === undefined) return malformed(`itemIdentifier ${id} is not a record of the batch`);
    if (!ids.includes(id)) ids.push(id);
    from = Math.min(from, at);
  }
  return { kind: 'partial', from, failedIds: ids };
}

function errorText(outcome: InvokeOutcome): string {
  const what = [outcome.errorType, outcome.errorMessage].filter((x) => x).join(': ') || 'The handler failed';
  if (outcome.timedOut) return `Timed out: ${what}`;
  if (outcome.crashed) return `The handler process died: ${what}`;
  return what;
}

/** FNV-1a: a stable, well-spread hash of a record's key text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The lane of a record with a parallelization factor: by the partition key's value when its name is known, else by
 * the whole key (then records of one item stay in order, but items sharing a partition key may not).
 */
export function laneOf(record: StreamRecord, lanes: number, partitionKeyName?: string): number {
  if (lanes <= 1) return 0;
  const keys = record.dynamodb?.Keys ?? {};
  const names = partitionKeyName && keys[partitionKeyName] ? [partitionKeyName] : Object.keys(keys).sort();
  const text = JSON.stringify(names.map((k) => [k, keys[k]]), (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
  return hash(text) % lanes;
}

/**
 * How old a record is at `nowMs`. Creation times are rounded down (to `grainMs`), so the latest time the record may
 * have been written is used: a record is never given up on early (it may be up to a grain late).
 */
export function recordAgeMs(r: TriggerRecord, nowMs: number, grainMs: number): number | undefined {
  return r.createdMs === undefined ? undefined : nowMs - (r.createdMs + grainMs - 1);
}

export interface OnFailureContext {
  functionArn: string;
  streamArn: string;
  shardId: string;
  condition: OnFailureRecord['requestContext']['condition'];
  approximateInvokeCount: number;
  nowMs: number;
  requestId: string;
}

/** The invocation record Lambda sends to an on-failure destination for records given up on (DESIGN.md). */
export function onFailureRecord(records: readonly TriggerRecord[], c: OnFailureContext): OnFailureRecord {
  const first = records[0];
  const last = records[records.length - 1];
  const iso = (ms: number | undefined) => new Date(ms ?? c.nowMs).toISOString();
  return {
    requestContext: { requestId: c.requestId, functionArn: c.functionArn, condition: c.condition, approximateInvokeCount: c.approximateInvokeCount },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: iso(c.nowMs),
    DDBStreamBatchInfo: {
      shardId: c.shardId,
      startSequenceNumber: first.seq,
      endSequenceNumber: last.seq,
      approximateArrivalOfFirstRecord: iso(first.createdMs),
      approximateArrivalOfLastRecord: iso(last.createdMs),
      batchSize: records.length,
      streamArn: c.streamArn,
    },
  };
}
