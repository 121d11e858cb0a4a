// One lane of a shard (one with parallelization factor 1): its records in order, batched and invoked one batch at a
// time, each batch retried with the lane blocked until it succeeds or is given up on — Lambda's rules for a stream's
// event source mapping (DESIGN.md "Local trigger"; the pure parts are in batchRules.ts).
//
// Batching: a batch is sent once it holds batchSize records, or once the batching window has passed since its oldest
// record arrived (or since the lane's previous invocation ended: Lambda starts the next window then); with a window of
// 0, whatever has arrived; at the shard's end, at once.
//
// Errors: the batch is retried after 1 s, 2 s, 4 s … up to 30 s (retryDelayMs), until it succeeds, its retries
// (maximumRetryAttempts; -1: until the record expires) are used up or its oldest record is older than
// maximumRecordAgeSeconds. A partial-batch response marks the records before the lowest failed sequence number done and
// retries from there. With bisectBatchOnFunctionError a whole-batch failure of more than one record splits the batch in
// two, tried at once in order. Each half inherits the failed batch's invocation count and retries used: the split is
// the answer to a failed attempt, which counts as a retry (Lambda does not document whether a split resets the
// count; keeping it bounds the work of a batch by maximumRetryAttempts, so a poison record is isolated within
// log2(batchSize) retries and then given up on).
import type { Clock } from '../tail/clock';
import type { LambdaFilter } from '../lambda/filter/lambdaFilter';
import { toLambdaDynamoDbRecord } from '../lambda/lambdaEvent';
import { judgeOutcome, onFailureRecord, recordAgeMs, retryDelayMs, type TriggerRecord } from './batchRules';
import type { Gate } from './ledger';
import type { BatchReport, InvokeOutcome, OnFailureRecord, TriggerActivity, TriggerInvoker, TriggerSettings } from './types';
import { plural } from '../util/plural';

/** DynamoDB Streams keeps records 24 h: a batch retried longer than that has lost its records from the stream. */
export const STREAM_RETENTION_MS = 24 * 3600_000;

export const STOPPED_MID_BATCH = 'Stopped during the invocation: the batch is not checkpointed and runs again on resume';

/** What every shard and lane of one trigger share. */
export interface TriggerContext {
  settings: TriggerSettings;
  streamArn: string;
  functionArn: string;
  region: string;
  loopback: boolean;
  clock: Clock;
  invoker: TriggerInvoker;
  filter?: LambdaFilter;
  partitionKeyName?: string;
  /** How coarse record creation times are: 60 s on DynamoDB Local, 1 s on AWS. */
  grainMs: number;
  /** Records created before this (ms) are not the trigger's (a resumed LATEST trigger). */
  skipBeforeMs?: number;
  /** Aborted when the trigger stops. */
  signal: AbortSignal;
  gate(lane: number): Gate;
  nextBatchId(): number;
  emit(activity: TriggerActivity): void;
}

/** What a lane needs of its shard. */
export interface LaneHost {
  readonly shardId: string;
  /** These records are handled (or given up on): they may be checkpointed. */
  done(records: readonly TriggerRecord[]): void;
  /** The lane took records from its queue (the reader may read on). */
  progress(): void;
}

/** Records of one batch being tried: a batch, what is left of it after a partial failure, or a half of it. */
interface Piece {
  records: TriggerRecord[];
  /** Invocations of these records so far (approximateInvokeCount). */
  invokes: number;
  /** Retries used. */
  retries: number;
}

export class Lane {
  private queue: TriggerRecord[] = [];
  private head = 0;
  private windowStart = 0;
  private waker?: AbortController;
  /** Set at the shard's end: whatever is queued is sent at once, and the lane ends when its queue is empty. */
  private ended = false;

  constructor(
    private readonly host: LaneHost,
    readonly index: number,
    private readonly ctx: TriggerContext,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  push(r: TriggerRecord): void {
    if (this.queued === 0) this.windowStart = this.ctx.clock.now();
    this.queue.push(r);
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Something changed (records arrived, the shard ended): re-check whether a batch is ready. */
  notify(): void {
    this.waker?.abort();
  }

  /** Sends batches until the shard has ended and every record is handled, or the trigger stops. */
  async run(): Promise<void> {
    for (;;) {
      const batch = await this.nextBatch();
      if (!batch) return;
      await this.process(batch);
      if (this.ctx.signal.aborted) return;
      // Lambda's next batching window begins when the previous invocation completes.
      if (this.queued > 0) this.windowStart = Math.max(this.windowStart, this.ctx.clock.now());
    }
  }

  private async nextBatch(): Promise<TriggerRecord[] | undefined> {
    const { batchSize, batchingWindowSeconds } = this.ctx.settings;
    const windowMs = batchingWindowSeconds * 1000;
    for (;;) {
      if (this.ctx.signal.aborted) return undefined;
      const n = this.queued;
      if (n === 0 && this.ended) return undefined;
      if (n >= batchSize || (n > 0 && (windowMs === 0 || this.ended))) return this.take(batchSize);
      if (n > 0) {
        const due = this.windowStart + windowMs;
        if (this.ctx.clock.now() >= due) return this.take(batchSize);
        await this.wait(due - this.ctx.clock.now());
      } else {
        await this.wait(undefined);
      }
    }
  }

  private take(batchSize: number): TriggerRecord[] {
    const batch = this.queue.slice(this.head, this.head + batchSize);
    this.head += batch.length;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.host.progress();
    return batch;
  }

  /** Waits `ms` (undefined: until notified), or less if notified or stopped meanwhile. */
  private async wait(ms: number | undefined): Promise<void> {
    const ctl = new AbortController();
    const onStop = () => ctl.abort();
    this.ctx.signal.addEventListener('abort', onStop, { once: true });
    this.waker = ctl;
    try {
      if (ms === undefined) await new Promise<void>((resolve) => ctl.signal.addEventListener('abort', () => resolve(), { once: true }));
      else await this.ctx.clock.sleep(ms, ctl.signal);
    } catch {
      // An aborted sleep may reject: the caller re-checks.
    } finally {
      this.ctx.signal.removeEventListener('abort', onStop);
      if (this.waker === ctl) this.waker = undefined;
    }
  }

  private async process(records: TriggerRecord[]): Promise<void> {
    const { settings, signal } = this.ctx;
    const pieces: Piece[] = [{ records, invokes: 0, retries: 0 }];
    while (pieces.length > 0 && !signal.aborted) {
      const piece = pieces[0];
      this.dropAged(piece);
      if (piece.records.length === 0) {
        pieces.shift();
        continue;
      }
      const report = this.newReport(piece);
      const outcome = await this.invoke(piece, report);
      if (outcome === undefined) return; // stopped while waiting for the warm process
      if (signal.aborted) {
        this.endReport(report, 'error', outcome, STOPPED_MID_BATCH);
        return;
      }
      piece.invokes++;
      const verdict = judgeOutcome(outcome, piece.records, settings.reportBatchItemFailures);
      if (verdict.kind === 'success') {
        this.endReport(report, 'success', outcome);
        this.host.done(piece.records);
        pieces.shift();
        continue;
      }
      let message: string;
      let failedIds: string[] | undefined;
      if (verdict.kind === 'partial') {
        failedIds = verdict.failedIds;
        message = `${plural(failedIds.length, 'record')} reported failed; retrying from ${piece.records[verdict.from].seq}`;
        this.host.done(piece.records.slice(0, verdict.from));
        piece.records = piece.records.slice(verdict.from);
      } else {
        message = verdict.message;
      }
      const max = settings.maximumRetryAttempts;
      if (max !== -1 && piece.retries >= max) {
        const given = `${message}; given up after ${plural(piece.retries, 'retry', 'retries')}`;
        this.endReport(report, settings.onFailureFile ? 'sent-to-destination' : verdict.kind === 'partial' ? 'partial' : 'error', outcome, given, failedIds);
        this.giveUp(piece, 'RetryAttemptsExhausted');
        pieces.shift();
        continue;
      }
      piece.retries++;
      if (verdict.kind === 'failed' && settings.bisectBatchOnFunctionError && piece.records.length > 1) {
        this.endReport(report, 'bisected', outcome, `${message}; split in two`);
        const half = Math.ceil(piece.records.length / 2);
        const { invokes, retries } = piece;
        pieces.splice(0, 1, { records: piece.records.slice(0, half), invokes, retries }, { records: piece.records.slice(half), invokes, retries });
        continue;
      }
      const delay = retryDelayMs(piece.retries);
      this.endReport(report, verdict.kind === 'partial' ? 'partial' : 'error', outcome, `${message}; retry ${piece.retries} in ${delay / 1000} s`, failedIds);
      await this.sleep(delay);
    }
  }

  /** One invocation, with the lane's warm process to itself; undefined when the trigger stopped while waiting for it. */
  private async invoke(piece: Piece, report: BatchReport): Promise<InvokeOutcome | undefined> {
    const { ctx } = this;
    const gate = ctx.gate(this.index);
    if (!(await gate.acquire(ctx.signal))) return undefined;
    try {
      const now = ctx.clock.now();
      report.startedAtMs = now;
      const newest = piece.records[piece.records.length - 1].createdMs;
      // DynamoDB Local rounds creation times down to the minute: an iterator age from them would be noise.
      if (!ctx.loopback && newest !== undefined) report.iteratorAgeMs = Math.max(0, now - newest);
      this.emitReport(report);
      const context = { awsRegion: ctx.region, eventSourceARN: ctx.streamArn };
      const event = { Records: piece.records.map((r) => (r.event ??= toLambdaDynamoDbRecord(r.record, context))) };
      try {
        return await ctx.invoker.invoke(event, this.index, ctx.signal);
      } catch (err) {
        // The invoker promises not to reject; if it does, that is the batch's error.
        return { kind: 'error', errorType: 'InvokerError', errorMessage: err instanceof Error ? err.message : String(err), durationMs: ctx.clock.now() - now };
      }
    } finally {
      gate.release();
    }
  }

  /**
   * Records older than maximumRecordAgeSeconds are given up on before they are sent (Lambda's RecordAgeExceeded);
   * records retried past the stream's 24 h retention are lost to it. Records are in creation order: a prefix.
   */
  private dropAged(piece: Piece): void {
    const { settings, clock } = this.ctx;
    const now = clock.now();
    const maxAgeMs = settings.maximumRecordAgeSeconds === -1 ? Infinity : settings.maximumRecordAgeSeconds * 1000;
    const limit = Math.min(maxAgeMs, STREAM_RETENTION_MS);
    let n = 0;
    while (n < piece.records.length && (recordAgeMs(piece.records[n], now, this.ctx.grainMs) ?? 0) > limit) n++;
    if (n === 0) return;
    const old = { ...piece, records: piece.records.slice(0, n) };
    piece.records = piece.records.slice(n);
    const report = this.newReport(old);
    if (maxAgeMs <= STREAM_RETENTION_MS) {
      this.endReport(report, 'dropped-by-age', undefined, `Older than the maximum record age (${settings.maximumRecordAgeSeconds} s)`);
      this.giveUp(old, 'RecordAgeExceeded');
    } else {
      const message = `${plural(n, 'record')} of shard ${this.host.shardId} were retried past the stream's 24 h retention: they are lost to it`;
      this.endReport(report, 'dropped-by-age', undefined, message);
      this.ctx.emit({ type: 'notice', level: 'error', message });
      this.host.done(old.records);
    }
  }

  /** The on-failure destination's record (the glue appends it to settings.onFailureFile), and the shard moves on. */
  private giveUp(piece: Piece, condition: OnFailureRecord['requestContext']['condition']): void {
    const { ctx } = this;
    const record = onFailureRecord(piece.records, {
      functionArn: ctx.functionArn,
      streamArn: ctx.streamArn,
      shardId: this.host.shardId,
      condition,
      approximateInvokeCount: piece.invokes,
      nowMs: ctx.clock.now(),
      requestId: globalThis.crypto.randomUUID(),
    });
    ctx.emit({ type: 'onFailure', record });
    const info = record.DDBStreamBatchInfo;
    const where = ctx.settings.onFailureFile ? `recorded in ${ctx.settings.onFailureFile}` : 'skipped (no on-failure destination)';
    ctx.emit({
      type: 'notice',
      level: 'warning',
      message: `Shard ${this.host.shardId}: ${plural(piece.records.length, 'record')} (${info.startSequenceNumber}–${info.endSequenceNumber}) given up on (${condition}) after ${plural(piece.invokes, 'invocation')}: ${where}`,
    });
    this.host.done(piece.records);
  }

  private newReport(piece: Piece): BatchReport {
    const records = piece.records;
    return {
      id: this.ctx.nextBatchId(),
      shardId: this.host.shardId,
      lane: this.index,
      firstSequenceNumber: records[0].seq,
      lastSequenceNumber: records[records.length - 1].seq,
      size: records.length,
      attempt: piece.invokes + 1,
      outcome: 'running',
      startedAtMs: this.ctx.clock.now(),
    };
  }

  private endReport(report: BatchReport, outcome: BatchReport['outcome'], result: InvokeOutcome | undefined, message?: string, failedIds?: string[]): void {
    report.outcome = outcome;
    if (message !== undefined) report.message = message;
    if (failedIds !== undefined) report.failedIds = failedIds;
    if (result) {
      report.durationMs = result.durationMs;
      if (result.coldStartMs !== undefined) report.coldStartMs = result.coldStartMs;
    }
    this.emitReport(report);
  }

  private emitReport(report: BatchReport): void {
    this.ctx.emit({ type: 'batch', batch: { ...report, ...(report.failedIds ? { failedIds: [...report.failedIds] } : {}) } });
  }

  private async sleep(ms: number): Promise<void> {
    try {
      await this.ctx.clock.sleep(ms, this.ctx.signal);
    } catch {
      // An aborted sleep may reject; the caller checks the signal.
    }
  }
}
