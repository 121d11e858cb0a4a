// The stream reader: tails every shard of a DynamoDB stream (or one shard), in lineage order, exactly once per record.
//
// One discovery loop re-describes the stream (all pages) every few seconds and at once when a shard closes; one loop
// per shard polls GetRecords at a bounded rate; a stats loop reports once a second. The loops, the state machine and
// prompt, abortable stopping are shared with the Kinesis reader (shardTail.ts, loops.ts); here is what is particular
// to DynamoDB Streams: where each shard starts, the trim horizon, when a disabled stream is read to its end, and
// delivering each record once. Pure TS: no `vscode`, no SDK.
import { lineageOrder } from '../lineage';
import { StreamRecord, approximateCreationMs, compareSequenceNumbers } from '../../records/model';
import { listAllShards } from '../shardListing';
import { Clock, systemClock } from '../clock';
import { Retry, ShardTail, type TailLimits, type TailShard, type TailWording } from '../shardTail';
import type { IteratorType, RecordSource, RecordsPage, ResumePosition, StartPosition, StreamPage, StreamsApi, TailEvent, TailOptions } from '../types';
import { DYNAMODB_RETENTION_HOURS, skipRecordsBefore } from '../startPosition';

export const TAIL_TIMING: TailLimits = {
  // AWS: ≤ 5 GetRecords/s per shard while data flows, ~4/s when idle.
  aws: { busyGapMs: 200, idleGapMs: 250, describeIntervalMs: 10_000 },
  // DynamoDB Local / loopback: no quota; ≤ 20/s per shard, but a backlog (full pages) is drained without pacing.
  loopback: { busyGapMs: 50, idleGapMs: 50, fullPageGapMs: 0, describeIntervalMs: 2_000 },
  statsIntervalMs: 1_000,
  getRecordsLimit: 1000,
  maxOtherFailures: 5,
};

/**
 * Records are kept 24 h and only then may be trimmed. A position whose following records were all written less than
 * this long ago cannot have been trimmed past (an hour under 24 h: the service's clock and ours may differ).
 */
export const UNTRIMMABLE_MS = 23 * 3600_000;

/** A shard iterator held this long while an awaited consumer blocks the shard is replaced (they expire after 15 min). */
export const ITERATOR_REFRESH_MS = 10 * 60_000;

const STREAMS_WORDING: TailWording = {
  failContext: 'Stream reader failed',
  listingCall: 'DescribeStream',
  listingFailure: 'Cannot describe the stream',
  shardTrimmedWhy: 'trimmed',
};

export const STOP_REASONS = {
  aborted: 'Tail stopped',
  gone: 'Stream is no longer available (disabled or table deleted)',
  disabled: 'Stream disabled (or its table was deleted): every record it holds was read',
} as const;

interface Position {
  type: IteratorType;
  seq?: string;
}

interface ShardState extends TailShard<Position> {
  parentId?: string;
  // writtenSince: the start, for a LATEST position or a shard that appeared later; or the creation time of the last
  // record delivered. Unknown for a TRIM_HORIZON start and checkpoints.
}

/** Disabled or being disabled; a listing whose shards are all closed counts too when the status is not given. */
function isStoppedStream(status: string | undefined, shards: readonly { closed: boolean }[]): boolean {
  if (status === 'DISABLED' || status === 'DISABLING') return true;
  // An ENABLED stream always has an open shard but may be listed between a split's parent closing and its children
  // appearing: a LATEST start must not replay 24 h of the parent then.
  return status === undefined && shards.length > 0 && shards.every((s) => s.closed);
}

/**
 * Tails `options.streamArn` and reports through `onEvent` until `options.signal` aborts, the stream goes away, or it
 * is disabled and fully read. Resolves after the final `state: stopped` event; never rejects.
 */
export function readStream(api: StreamsApi, options: TailOptions, onEvent: (e: TailEvent) => void, clock: Clock = systemClock): Promise<void> {
  return new TailReader(api, options, onEvent, clock).run();
}

class TailReader extends ShardTail<StreamPage, Position, ShardState> {
  private readonly startedAt: number;
  private streamStatus?: string;

  constructor(
    private readonly api: StreamsApi,
    private readonly options: TailOptions,
    onEvent: (e: TailEvent) => void,
    clock: Clock,
  ) {
    // Loopback means DynamoDB Local, whose ApproximateCreationDateTime is rounded down to the minute: no lag there.
    super(onEvent, clock, { ...options, reasons: STOP_REASONS, limits: TAIL_TIMING, measureLag: !options.loopback, timeGranularityMs: options.loopback ? 60_000 : 1_000, wording: STREAMS_WORDING });
    this.startedAt = clock.now();
  }

  // ---- discovery -----------------------------------------------------------------------------------------------

  /** Every page of DescribeStream (100 shards each), merged; each page is one counted call. */
  protected list(signal: AbortSignal): Promise<StreamPage> {
    const arn = this.options.streamArn;
    return listAllShards((from) => this.call(signal, (request) => this.api.describeStream(arn, from, request)), signal);
  }

  protected isListed(page: StreamPage, shardId: string): boolean {
    return (page.shards ?? []).some((x) => x.ShardId === shardId);
  }

  /** Adds newly listed shards, deciding where each starts. Known shards only get their listing refreshed. */
  protected merge(page: StreamPage, initial: boolean): void {
    this.streamStatus = page.status;
    const { checkpoints = {}, resumeAt = {}, onlyShardId } = this.options;
    const ordered = lineageOrder(page.shards ?? []);
    // A stopped stream (disabled, or being disabled) gets no new record: there is no "latest" to wait for, and a
    // LATEST start would skip every (closed) shard and read nothing. Show what it retains instead.
    const start = initial && this.options.start === 'LATEST' && isStoppedStream(page.status, ordered) ? 'TRIM_HORIZON' : this.options.start;
    // Ancestors of a checkpointed shard were read to their end before it (children wait for parents): skip them.
    const readBefore = new Set<string>();
    if (initial) {
      const byId = new Map(ordered.map((n) => [n.id, n.shard]));
      for (const id of [...Object.keys(checkpoints), ...Object.keys(resumeAt)]) {
        let parent = byId.get(id)?.ParentShardId;
        while (parent && !readBefore.has(parent) && byId.has(parent)) {
          readBefore.add(parent);
          parent = byId.get(parent)?.ParentShardId;
        }
      }
    }
    if (initial) this.reportUnlisted(ordered.map((n) => n.id), { ...checkpoints, ...resumeAt });
    for (const node of ordered) {
      const existing = this.shards.get(node.id);
      if (existing) {
        existing.info = node.shard;
        continue;
      }
      const s: ShardState = { id: node.id, info: node.shard, parentId: node.shard.ParentShardId, phase: 'new', resume: { type: 'TRIM_HORIZON' } };
      const at = resumeAt[node.id];
      const checkpoint = at ? undefined : checkpoints[node.id];
      if (onlyShardId !== undefined) {
        if (node.id !== onlyShardId) s.phase = 'ignored';
        else if (at) s.resume = { type: 'AT_SEQUENCE_NUMBER', seq: at };
        else if (checkpoint) s.resume = { type: 'AFTER_SEQUENCE_NUMBER', seq: checkpoint };
        // A closed shard has nothing to tail live: show what it holds.
        else if (initial && start === 'LATEST' && !node.closed) s.resume = { type: 'LATEST' };
      } else if (at) {
        s.resume = { type: 'AT_SEQUENCE_NUMBER', seq: at };
      } else if (checkpoint) {
        s.resume = { type: 'AFTER_SEQUENCE_NUMBER', seq: checkpoint };
      } else if (!initial) {
        // Appeared after the start (a split's children): everything in it was written after the start.
        s.resume = { type: 'TRIM_HORIZON' };
        s.writtenSince = this.startedAt;
      } else if (readBefore.has(node.id)) {
        s.phase = 'skipped';
      } else if (start === 'LATEST') {
        const parent = s.parentId ? this.shards.get(s.parentId) : undefined;
        const parentIsRead = parent !== undefined && parent.phase !== 'skipped' && parent.phase !== 'ignored';
        if (node.closed) s.phase = 'skipped';
        // Child of a shard being read: its records come after the parent's, so none may be skipped.
        else s.resume = { type: parentIsRead ? 'TRIM_HORIZON' : 'LATEST' };
      }
      if (checkpoint) s.lastSeq = checkpoint;
      if (s.resume.type === 'LATEST') s.writtenSince = this.clock.now();
      this.shards.set(node.id, s);
      if (s.phase === 'skipped') this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    }
  }

  /** A shard to resume that is not in the stream any more was trimmed whole: its records from there on are lost. */
  private reportUnlisted(listed: readonly string[], positions: Record<string, string>): void {
    const only = this.options.onlyShardId;
    for (const [id, seq] of Object.entries(positions)) {
      if (listed.includes(id) || (only !== undefined && id !== only)) continue;
      this.emit({ type: 'gap', shardId: id, message: `Shard ${id} is not in the stream any more (trimmed 24 h after it closed): its records from sequence number ${seq} on are not retained` });
    }
  }

  protected parentsDone(s: ShardState): boolean {
    if (this.options.onlyShardId !== undefined) return true;
    const parent = s.parentId ? this.shards.get(s.parentId) : undefined;
    // A parent not listed any more was trimmed: nothing left to read before this shard.
    return !parent || parent === s || parent.phase === 'done' || parent.phase === 'skipped' || parent.phase === 'ignored';
  }

  protected checkFinished(): void {
    if (this.stopped || !this.listed) return;
    const only = this.options.onlyShardId;
    if (only !== undefined) {
      const s = this.shards.get(only);
      if (!s) this.stop(`Shard ${only} is not in the stream any more (shards are trimmed 24 h after they close)`);
      else if (s.phase === 'done') this.stop(this.streamStatus === 'DISABLED' ? STOP_REASONS.disabled : `Shard ${only} is closed and was read to its end`);
      return;
    }
    if (this.streamStatus !== 'DISABLED') return;
    for (const s of this.shards.values()) if (s.phase !== 'done' && s.phase !== 'skipped' && s.phase !== 'ignored') return;
    this.stop(STOP_REASONS.disabled);
  }

  // ---- one shard -----------------------------------------------------------------------------------------------

  protected iteratorAt(s: ShardState, request: AbortSignal): Promise<string | undefined> {
    const { type, seq } = s.resume;
    return this.api.getShardIterator(this.options.streamArn, s.id, type, seq, request);
  }

  /** No timestamp iterator in DynamoDB Streams: everything retained (and leaveLatest skips the older records). */
  protected positionBefore(): Position {
    return { type: 'TRIM_HORIZON' };
  }

  protected async shardLoop(s: ShardState, signal: AbortSignal): Promise<void> {
    const retry = new Retry(this.newBackoff());
    let iterator: string | undefined;
    let nextCallAt = 0;
    /** When the latest GetRecords started; the next may start a gap later. */
    let lastStart = 0;
    let prefetched: Promise<RecordsPage> | undefined;
    while (!signal.aborted) {
      try {
        if (iterator === undefined) {
          iterator = await this.openIterator(s, signal);
          if (iterator === undefined) return;
        }
        let out: RecordsPage;
        if (prefetched) {
          out = await prefetched;
          prefetched = undefined;
        } else {
          await this.sleepUntil(nextCallAt, signal);
          if (signal.aborted) return;
          lastStart = this.clock.now();
          // Should the call fail, the retry still keeps an idle gap after this start (the per-shard ceiling).
          nextCallAt = lastStart + this.timing.idleGapMs;
          out = await this.getRecords(iterator, signal);
        }
        this.recovered(`shard:${s.id}`);
        retry.succeeded();
        const records = out.records ?? [];
        nextCallAt = lastStart + this.gapAfter(records.length);
        const fresh = this.accept(s, records);
        if (this.options.deliver) {
          if (fresh.length === 0 && out.nextShardIterator) {
            iterator = out.nextShardIterator;
            continue;
          }
          const handedAt = this.clock.now();
          await this.handOver(s, fresh, !out.nextShardIterator, signal);
          if (signal.aborted) return;
          if (!out.nextShardIterator) return this.finishShard(s);
          // An iterator expires 15 min after it was issued: after a long wait (a batch retried for hours) a fresh one
          // is taken after the last record handed over, rather than waiting for ExpiredIteratorException.
          iterator = this.clock.now() - handedAt >= ITERATOR_REFRESH_MS ? undefined : out.nextShardIterator;
          continue;
        }
        if (!out.nextShardIterator) {
          if (fresh.length > 0) this.emit({ type: 'records', shardId: s.id, records: fresh });
          return this.finishShard(s);
        }
        iterator = out.nextShardIterator;
        // Draining a backlog: when the next call may already start, ask for the next page before the consumer takes
        // this one, so its work overlaps the request (as the Kinesis reader does). The pacing between starts is kept.
        if (fresh.length > 0 && this.clock.now() >= nextCallAt) {
          lastStart = this.clock.now();
          nextCallAt = lastStart + this.timing.idleGapMs;
          prefetched = this.getRecords(iterator, signal);
          prefetched.catch(() => undefined); // awaited (and its failure handled) on the next turn of the loop
          // The SDK writes the request out only after some promise turns, which would wait for the consumer.
          await this.nextTurn();
        }
        if (fresh.length > 0) this.emit({ type: 'records', shardId: s.id, records: fresh });
      } catch (err) {
        prefetched = undefined;
        const next = await this.shardFailed(s, err, signal, retry);
        if (next === 'end') return;
        if (next === 'reopen') iterator = undefined;
      }
    }
  }

  private getRecords(iterator: string, signal: AbortSignal): Promise<RecordsPage> {
    return this.call(signal, (request) => this.api.getRecords(iterator, TAIL_TIMING.getRecordsLimit, request));
  }

  /**
   * TrimmedDataAccessException: the oldest record retained comes after the position, so TRIM_HORIZON repeats nothing
   * from before it. Records were lost only if the position is old enough for its next records to have been trimmed.
   * Not so when DynamoDB Local answers this to a LATEST iterator taken on a then empty shard, once other tables were
   * written (it numbers the records of all tables from one counter): nothing is lost there.
   */
  protected resumeAfterTrim(s: ShardState): boolean {
    this.leaveLatest(s);
    s.resume = { type: 'TRIM_HORIZON' };
    if (s.writtenSince === undefined || this.clock.now() - s.writtenSince >= UNTRIMMABLE_MS) {
      this.emit({
        type: 'gap',
        shardId: s.id,
        message: `Records of shard ${s.id} were trimmed (older than 24 h) before they could be read; resumed at the trim horizon`,
      });
    }
    return true;
  }

  /**
   * Hands records to an awaited consumer (options.deliver) and waits for it, or for the tail to stop. A consumer that
   * fails stops the tail: reading on would skip its records without a word.
   */
  private async handOver(s: ShardState, records: StreamRecord[], last: boolean, signal: AbortSignal): Promise<void> {
    const deliver = this.options.deliver!;
    try {
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return resolve();
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        new Promise<void>((r) => r(deliver(s.id, records, last))).then(
          () => (done(), resolve()),
          (err) => (done(), reject(err)),
        );
      });
    } catch (err) {
      const what = records.length === 1 ? '1 record' : `${records.length} records`;
      this.fail(err, `The consumer could not take ${last ? `the end of shard ${s.id}` : `${what} of shard ${s.id}`}; the tail stopped so that no record is skipped without notice`);
    }
  }

  /** An awaited consumer is told that the shard ended (and waited for) before the shard's children start. */
  protected async beforeFinish(s: ShardState, signal: AbortSignal): Promise<void> {
    if (this.options.deliver) await this.handOver(s, [], true, signal);
  }

  /** The records after the last one delivered, in order (replays dropped); the shard's position moves past them. */
  private accept(s: ShardState, records: readonly StreamRecord[]): StreamRecord[] {
    if (records.length === 0) return [];
    const fresh: StreamRecord[] = [];
    let advanced = false;
    for (const r of this.sinceStart(s, records, approximateCreationMs)) {
      const seq = r.dynamodb?.SequenceNumber;
      if (seq !== undefined) {
        if (s.lastSeq !== undefined && compareSequenceNumbers(seq, s.lastSeq) <= 0) continue;
        s.lastSeq = seq;
        advanced = true;
      }
      fresh.push(r);
    }
    if (advanced && s.lastSeq !== undefined) {
      s.resume = { type: 'AFTER_SEQUENCE_NUMBER', seq: s.lastSeq };
      // Records after the last one were written after it. (DynamoDB Local rounds its time down: earlier is safe.)
      s.writtenSince = approximateCreationMs(fresh.at(-1)!);
    }
    if (fresh.length > 0) this.meter.delivered(fresh, this.clock.now());
    return fresh;
  }
}

/** A DynamoDB stream (or one shard of it) as a tail panel's record source. */
export function streamRecordSource(api: StreamsApi, options: Omit<TailOptions, 'start' | 'signal'>): RecordSource {
  const read = (start: StartPosition, signal: AbortSignal, onEvent: (e: TailEvent) => void, resume?: ResumePosition): Promise<void> => {
    const more = { resumeAt: resume?.at, signal };
    if (typeof start === 'string') return readStream(api, { ...options, ...more, start, checkpoints: { ...options.checkpoints, ...resume?.after } }, onEvent);
    // No timestamp iterator in DynamoDB Streams: everything retained, older records skipped.
    if (start.type === 'AT_TIMESTAMP') {
      return readStream(api, { ...options, ...more, start: 'TRIM_HORIZON', checkpoints: { ...options.checkpoints, ...resume?.after } }, skipRecordsBefore(start.timestampMs, onEvent, options.loopback ? 60_000 : 1_000, resume !== undefined));
    }
    // After a sequence number: those shards resume after it (their ancestors are skipped); the others are read whole.
    return readStream(api, { ...options, ...more, start: 'TRIM_HORIZON', checkpoints: { ...options.checkpoints, ...start.checkpoints, ...resume?.after } }, onEvent);
  };
  return {
    read: (start, signal, onEvent) => read(start, signal, onEvent),
    resume: (position, signal, onEvent) => read(position.start, signal, onEvent, position),
    startLimits: async (signal) => {
      const shardIds = options.onlyShardId
        ? [options.onlyShardId]
        : (await listAllShards((from) => api.describeStream(options.streamArn, from, signal), signal)).shards.flatMap((s) => (s.ShardId ? [s.ShardId] : []));
      return { retentionHours: DYNAMODB_RETENTION_HOURS, retentionKnown: true, shardIds };
    },
  };
}
