// The Kinesis reader: tails every shard of a Kinesis data stream (a table's Kinesis destination), parents before
// children, and reports through the same TailEvent union as the DynamoDB Streams reader.
//
// One listing loop re-lists the shards (all pages) every few seconds and at once when a shard closes; one loop per
// shard polls GetRecords within the quota (≤ 5 calls/s per shard on AWS, ~4/s idle; faster on a local server); a
// stats loop reports once a second. After a resharding a child starts only when every parent (ParentShardId and,
// for a merge, AdjacentParentShardId) was read to its end. Throttling and expired iterators (5 min) back off and
// resume after the last sequence number delivered. Records are decoded (decode.ts) into StreamRecords, with
// duplicates and late changes marked. Pure TS: no `vscode`, no SDK.
import { isClosed, lineageOrder } from '../lineage';
import { compareSequenceNumbers } from '../model';
import { errorText } from '../awsError';
import { classifyError } from '../tail/backoff';
import { type Clock, systemClock } from '../tail/clock';
import { type PollTiming, TAIL_TIMING } from '../tail/reader';
import type { TailEvent } from '../tail/types';
import { KinesisDecoder } from './decode';
import { TailLoops } from './loops';
import type { KinesisApi, KinesisIteratorPosition, KinesisRecord, KinesisRecordsPage, KinesisShard, KinesisTailOptions } from './types';

/** Kinesis has the same per-shard ceiling as DynamoDB Streams (5 GetRecords/s): the Streams reader's timing fits. */
export const KINESIS_TIMING: { aws: PollTiming; loopback: PollTiming; statsIntervalMs: number; getRecordsLimit: number; maxOtherFailures: number } = {
  aws: TAIL_TIMING.aws,
  loopback: TAIL_TIMING.loopback,
  statsIntervalMs: TAIL_TIMING.statsIntervalMs,
  /** Kinesis allows 10,000; 1,000 keeps each delivery (and the panel's batch) small. */
  getRecordsLimit: 1000,
  maxOtherFailures: TAIL_TIMING.maxOtherFailures,
};

export const KINESIS_STOP_REASONS = {
  aborted: 'Tail stopped',
  gone: 'Kinesis stream no longer exists (deleted?)',
} as const;

type Phase = 'new' | 'waiting' | 'reading' | 'done' | 'skipped';

interface ShardState {
  id: string;
  info: KinesisShard;
  parents: string[];
  phase: Phase;
  /** Where a new iterator starts: the start position, then AFTER_SEQUENCE_NUMBER of the last record delivered. */
  resume: KinesisIteratorPosition;
  lastSeq?: string;
}

/**
 * Tails the Kinesis stream `options.streamName` until `options.signal` aborts or the stream goes away. Resolves after
 * the final `state: stopped` event; never rejects.
 */
export function tailKinesisStream(api: KinesisApi, options: KinesisTailOptions, onEvent: (e: TailEvent) => void, clock: Clock = systemClock): Promise<void> {
  return new KinesisReader(api, options, onEvent, clock).run();
}

class KinesisReader extends TailLoops {
  private readonly shards = new Map<string, ShardState>();
  private readonly timing: PollTiming;
  private readonly decoder = new KinesisDecoder();
  private listed = false;
  /** Shards of the first listing without an iterator yet: 'running' waits for them (a LATEST iterator sees only later writes). */
  private readonly awaitingIterator = new Set<string>();

  constructor(
    private readonly api: KinesisApi,
    private readonly options: KinesisTailOptions,
    onEvent: (e: TailEvent) => void,
    clock: Clock,
  ) {
    super(onEvent, clock, options.signal, KINESIS_STOP_REASONS.aborted, KINESIS_TIMING.statsIntervalMs);
    this.timing = options.loopback ? KINESIS_TIMING.loopback : KINESIS_TIMING.aws;
  }

  protected start(): void {
    this.spawn((s) => this.listingLoop(s));
  }

  protected ready(): boolean {
    return this.listed && this.awaitingIterator.size === 0;
  }

  protected shardCounts() {
    let open = 0;
    let closed = 0;
    let active = 0;
    for (const s of this.shards.values()) {
      if (s.phase === 'reading') active++;
      if (s.phase === 'done' || s.phase === 'skipped' || isClosed(s.info)) closed++;
      else open++;
    }
    return { open, closed, active };
  }

  // ---- shard listing -------------------------------------------------------------------------------------------

  private listShards(signal: AbortSignal): Promise<KinesisShard[]> {
    return this.call(signal, (request) => this.api.listShards(this.options.streamName, request));
  }

  private async listingLoop(signal: AbortSignal): Promise<void> {
    const backoff = this.newBackoff();
    let otherFailures = 0;
    while (!signal.aborted) {
      let shards: KinesisShard[];
      try {
        shards = await this.listShards(signal);
      } catch (err) {
        if (signal.aborted) return;
        const kind = classifyError(err);
        if (kind === 'gone') return this.stop(this.listed ? KINESIS_STOP_REASONS.gone : this.notFound(err));
        if (kind === 'fatal' || (kind !== 'transient' && ++otherFailures >= KINESIS_TIMING.maxOtherFailures)) {
          return this.fail(err, `Cannot list the shards of Kinesis stream ${this.options.streamName}`);
        }
        if (kind === 'transient') this.trouble('list', err);
        else this.emit({ type: 'error', message: `ListShards failed: ${errorText(err)}; retrying`, fatal: false });
        await this.sleep(backoff.next(), signal);
        continue;
      }
      backoff.reset();
      otherFailures = 0;
      const initial = !this.listed;
      this.merge(shards, initial);
      this.listed = true;
      this.schedule(initial);
      this.recovered('list');
      this.enterRunningWhenReady();
      await this.waitForKick(this.timing.describeIntervalMs, signal);
    }
  }

  private notFound(err: unknown): string {
    const message = `Kinesis stream ${this.options.streamName} was not found (${errorText(err)}). Check the stream name, the region and the dynamodbStreams.kinesisEndpoint setting`;
    this.emit({ type: 'error', message, fatal: true });
    return message;
  }

  /** Adds newly listed shards, deciding where each starts. Known shards only get their listing refreshed. */
  private merge(listing: KinesisShard[], initial: boolean): void {
    const byId = new Map(listing.filter((s) => s.ShardId).map((s) => [s.ShardId!, s]));
    const parentsOf = (s: KinesisShard) => [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p && p !== s.ShardId);
    const { checkpoints = {} } = this.options;
    // Ancestors of a checkpointed shard were read to their end before it: skip them.
    const readBefore = new Set<string>();
    const markAncestors = (id: string): void => {
      for (const p of parentsOf(byId.get(id) ?? {})) {
        if (readBefore.has(p) || !byId.has(p)) continue;
        readBefore.add(p);
        markAncestors(p);
      }
    };
    if (initial) Object.keys(checkpoints).forEach(markAncestors);
    const start = this.options.start;
    for (const node of lineageOrder(listing)) {
      const info = byId.get(node.id) ?? node.shard;
      const existing = this.shards.get(node.id);
      if (existing) {
        existing.info = info;
        continue;
      }
      const s: ShardState = { id: node.id, info, parents: parentsOf(info), phase: 'new', resume: { type: 'TRIM_HORIZON' } };
      const checkpoint = checkpoints[node.id];
      if (checkpoint) {
        s.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint };
        s.lastSeq = checkpoint;
      } else if (!initial) {
        // Appeared after the start (a resharding's children): everything in it was written after the start.
      } else if (readBefore.has(node.id)) {
        s.phase = 'skipped';
      } else if (start.type === 'AT_TIMESTAMP') {
        s.resume = { type: 'AT_TIMESTAMP', timestampMs: start.timestampMs };
      } else if (start.type === 'LATEST') {
        // A child of a shard being read holds only records after the parent's: none may be skipped.
        const parentIsRead = s.parents.some((p) => { const ps = this.shards.get(p); return ps !== undefined && ps.phase !== 'skipped'; });
        if (node.closed) s.phase = 'skipped';
        else if (!parentIsRead) s.resume = { type: 'LATEST' };
      }
      this.shards.set(node.id, s);
      if (s.phase === 'skipped') this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    }
  }

  /** Every parent read to its end (a parent no longer listed was trimmed: nothing left to read). */
  private parentsDone(s: ShardState): boolean {
    return s.parents.every((id) => {
      const p = this.shards.get(id);
      return !p || p.phase === 'done' || p.phase === 'skipped';
    });
  }

  private schedule(initial = false): void {
    if (this.stopped) return;
    for (const s of this.shards.values()) {
      if (s.phase !== 'new' && s.phase !== 'waiting') continue;
      if (this.parentsDone(s)) {
        s.phase = 'reading';
        if (initial) this.awaitingIterator.add(s.id);
        this.spawn((signal) => this.shardLoop(s, signal));
      } else if (s.phase === 'new') {
        s.phase = 'waiting';
        this.emit({ type: 'shard', shardId: s.id, status: 'waiting-parent' });
      }
    }
  }

  // ---- one shard -----------------------------------------------------------------------------------------------

  private async shardLoop(s: ShardState, signal: AbortSignal): Promise<void> {
    const key = `shard:${s.id}`;
    const backoff = this.newBackoff();
    const name = this.options.streamName;
    let iterator: string | undefined;
    let announced = false;
    let nextCallAt = 0;
    /** When the latest GetRecords started; the next may start a busy (or idle) gap later. */
    let lastStart = 0;
    let prefetched: Promise<KinesisRecordsPage> | undefined;
    let otherFailures = 0;
    /** Consecutive expired iterators without a successful GetRecords: back off from the second. */
    let resets = 0;
    while (!signal.aborted) {
      try {
        if (iterator === undefined) {
          const position = s.resume;
          iterator = await this.call(signal, (request) => this.api.getShardIterator(name, s.id, position, request));
          if (iterator === undefined) return this.finishShard(s);
          if (!announced) {
            announced = true;
            this.emit({ type: 'shard', shardId: s.id, status: 'reading' });
            this.awaitingIterator.delete(s.id);
          }
          this.recovered(key);
          this.enterRunningWhenReady();
        }
        let page: KinesisRecordsPage;
        if (prefetched) {
          page = await prefetched;
          prefetched = undefined;
        } else {
          const wait = nextCallAt - this.clock.now();
          if (wait > 0) {
            await this.sleep(wait, signal);
            if (signal.aborted) return;
          }
          lastStart = this.clock.now();
          page = await this.getRecords(iterator, signal);
        }
        this.recovered(key);
        backoff.reset();
        otherFailures = 0;
        resets = 0;
        const records = page.records ?? [];
        nextCallAt = lastStart + (records.length > 0 ? this.timing.busyGapMs : this.timing.idleGapMs);
        if (!page.nextShardIterator) {
          this.deliver(s, records);
          return this.finishShard(s);
        }
        iterator = page.nextShardIterator;
        // Draining a backlog: when the next call may already start (a busy gap after the last one began), ask for the
        // next page before decoding this one, so decoding overlaps the request. The pacing between starts is kept.
        if (records.length > 0 && this.clock.now() >= nextCallAt) {
          lastStart = this.clock.now();
          prefetched = this.getRecords(iterator, signal);
          prefetched.catch(() => undefined); // awaited (and its failure handled) on the next turn of the loop
        }
        this.deliver(s, records);
      } catch (err) {
        prefetched = undefined;
        if (signal.aborted) return;
        switch (classifyError(err)) {
          case 'expired':
            // Resume after the last record delivered (or at the original position if none was).
            iterator = undefined;
            if (resets++ > 0) await this.sleep(backoff.next(), signal);
            break;
          case 'gone':
            if (await this.shardGone(s, signal)) return;
            iterator = undefined;
            await this.sleep(backoff.next(), signal);
            break;
          case 'transient':
            // ProvisionedThroughputExceededException (the 5 calls/s quota, shared with other readers), 5xx, network.
            this.trouble(key, err);
            await this.sleep(backoff.next(), signal);
            break;
          case 'fatal':
            return this.fail(err, `Cannot read shard ${s.id}`);
          default:
            if (++otherFailures >= KINESIS_TIMING.maxOtherFailures) return this.fail(err, `Cannot read shard ${s.id}`);
            this.emit({ type: 'error', message: `Shard ${s.id}: ${errorText(err)}; retrying`, fatal: false });
            iterator = undefined;
            await this.sleep(backoff.next(), signal);
        }
      }
    }
  }

  private getRecords(iterator: string, signal: AbortSignal): Promise<KinesisRecordsPage> {
    return this.call(signal, (request) => this.api.getRecords(iterator, KINESIS_TIMING.getRecordsLimit, request));
  }

  /** Decodes and delivers the records after the last one delivered; drops replays of the same Kinesis record. */
  private deliver(s: ShardState, records: readonly KinesisRecord[]): void {
    const fresh = s.lastSeq === undefined ? records : records.filter((r) => compareSequenceNumbers(r.sequenceNumber, s.lastSeq!) > 0);
    if (fresh.length === 0) return;
    s.lastSeq = fresh[fresh.length - 1].sequenceNumber;
    s.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: s.lastSeq };
    const decoded = this.decoder.decodeBatch(s.id, fresh);
    this.meter.delivered(decoded, this.clock.now());
    this.emit({ type: 'records', shardId: s.id, records: decoded });
  }

  private finishShard(s: ShardState): void {
    s.phase = 'done';
    this.recovered(`shard:${s.id}`);
    this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    this.awaitingIterator.delete(s.id);
    this.enterRunningWhenReady();
    this.schedule();
    // Its children may not be listed yet.
    this.kick();
  }

  /** ResourceNotFound on a shard: the stream is gone (stop) or only this shard was trimmed (gap). True: end the loop. */
  private async shardGone(s: ShardState, signal: AbortSignal): Promise<boolean> {
    let listing: KinesisShard[];
    try {
      listing = await this.listShards(signal);
    } catch (err) {
      if (signal.aborted) return true;
      if (classifyError(err) === 'gone') {
        this.stop(KINESIS_STOP_REASONS.gone);
        return true;
      }
      this.trouble(`shard:${s.id}`, err);
      return false;
    }
    if (listing.some((x) => x.ShardId === s.id)) {
      this.stop(KINESIS_STOP_REASONS.gone);
      return true;
    }
    this.emit({ type: 'gap', shardId: s.id, message: `Shard ${s.id} no longer exists (past the stream's retention); its unread records are lost` });
    this.finishShard(s);
    return true;
  }
}
