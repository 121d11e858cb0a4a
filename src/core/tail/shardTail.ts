// What both stream readers (DynamoDB Streams: dynamodb/reader.ts; Kinesis: kinesis/reader.ts) do with shards around their
// own listing and reading, on top of TailLoops: run the listing loop, start a shard once its parents are done, get
// iterators, sort out a failed call, notice a trimmed shard. The readers keep what differs: where each shard starts,
// how records are read and delivered. Pure TS: no `vscode`, no SDK.
import { errorText } from '../connection/awsError';
import { isClosed } from './lineage';
import type { ShardInfo } from '../records/model';
import { Backoff, type FailureKind, classifyError, CREDENTIALS_RETRY_MS } from './backoff';
import type { Clock } from './clock';
import { TailLoops } from './loops';
import type { TailEvent } from './types';

/** Where a shard is in a tail. */
export type ShardPhase =
  | 'new'
  /** A parent is not read to its end yet. */
  | 'waiting'
  /** A loop is polling it. */
  | 'reading'
  /** Read to its end (no next iterator). */
  | 'done'
  /** Not read on purpose: closed at a LATEST start, or an ancestor of a checkpointed shard. */
  | 'skipped'
  /** Outside the tail (a tail of another single shard). */
  | 'ignored';

/** What the shared code needs of a reader's shard; `P` is the reader's iterator position. */
export interface TailShard<P extends { type: string }> {
  id: string;
  info: ShardInfo;
  phase: ShardPhase;
  /** Where a new iterator starts: the start position, then AFTER_SEQUENCE_NUMBER of the last record delivered. */
  resume: P;
  /** Sequence number of the last record delivered (or the checkpoint): anything at or before it is a duplicate. */
  lastSeq?: string;
  /** Has held an iterator (and was announced as 'reading'). */
  opened?: boolean;
  /** When known, every record after `resume` was written at or after this time (ms); for a LATEST position, the
   * moment it was asked for. */
  writtenSince?: number;
  /** Set when a LATEST position was lost: records written before this (ms) were in the shard before the start. */
  skipBefore?: number;
}

export interface PollTiming {
  /** Least time between the starts of two GetRecords calls on one shard while it returns records. */
  busyGapMs: number;
  /** Time between GetRecords calls on one shard that returned nothing. */
  idleGapMs: number;
  /** Least time between starts after a full page (a backlog); absent: `busyGapMs`. Only where no quota applies. */
  fullPageGapMs?: number;
  /** How often the shard list is re-read (also re-read at once whenever a shard closes). */
  describeIntervalMs: number;
}

export interface TailLimits {
  aws: PollTiming;
  loopback: PollTiming;
  statsIntervalMs: number;
  getRecordsLimit: number;
  /** Consecutive unclassified failures (e.g. ValidationException) before the tail gives up. */
  maxOtherFailures: number;
}

/** What a reader's messages call things. */
export interface TailWording {
  /** Prefix of the fatal error an unexpected failure of a loop stops the tail with. */
  failContext: string;
  /** The listing call, for a retry message ('DescribeStream', 'ListShards'). */
  listingCall: string;
  /** Prefix of the fatal error when the shards cannot be listed. */
  listingFailure: string;
  /** Why a shard is no longer listed, for its gap message. */
  shardTrimmedWhy: string;
}

export interface ShardTailConfig {
  signal: AbortSignal;
  /** A local server: no AWS quota, poll faster. */
  loopback?: boolean;
  /** Stop reasons: the tail was stopped; the stream is gone. */
  reasons: { aborted: string; gone: string };
  limits: TailLimits;
  /** False when creation times are too coarse for a lag (DynamoDB Local stamps them to the minute). */
  measureLag: boolean;
  /** How coarse the records' times are (they are rounded down to it). */
  timeGranularityMs: number;
  wording: TailWording;
}

/** Retry bookkeeping of one loop. */
export class Retry {
  otherFailures = 0;
  /** Consecutive iterator resets (expired / trimmed) without a successful call: back off from the second. */
  resets = 0;
  constructor(readonly backoff: Backoff) {}

  succeeded(): void {
    this.backoff.reset();
    this.otherFailures = 0;
    this.resets = 0;
  }
}

/** After a failed shard call: end the loop, get a new iterator at the shard's `resume`, or retry the same iterator. */
export type AfterFailure = 'end' | 'reopen' | 'retry';

/**
 * A tail of a sharded stream with a listing `L`: lists the shards (all pages) every few seconds and whenever a shard
 * closes; a shard starts once its parents are read to their end; a shard that is no longer listed was trimmed.
 */
export abstract class ShardTail<L, P extends { type: string }, S extends TailShard<P>> extends TailLoops {
  protected readonly shards = new Map<string, S>();
  protected listed = false;
  /** Shards of the first listing that have no iterator yet: the tail is 'running' once this is empty, so a change
   * written after 'running' is never missed (a LATEST iterator only sees later writes). */
  protected readonly awaitingIterator = new Set<string>();
  protected readonly timing: PollTiming;

  constructor(
    onEvent: (e: TailEvent) => void,
    clock: Clock,
    private readonly shardConfig: ShardTailConfig,
  ) {
    const { signal, reasons, limits, measureLag, wording } = shardConfig;
    super(onEvent, clock, { signal, abortedReason: reasons.aborted, statsIntervalMs: limits.statsIntervalMs, measureLag, failContext: wording.failContext });
    this.timing = shardConfig.loopback ? limits.loopback : limits.aws;
  }

  /** The least time from one GetRecords start to the next after a page of `count` records: a full page means a
   * backlog, and where no quota applies (loopback) the next page is asked for at once. */
  protected gapAfter(count: number): number {
    const { busyGapMs, idleGapMs, fullPageGapMs = busyGapMs } = this.timing;
    if (count === 0) return idleGapMs;
    return count >= this.shardConfig.limits.getRecordsLimit ? fullPageGapMs : busyGapMs;
  }

  /** Every shard of the stream (one counted call a page). */
  protected abstract list(signal: AbortSignal): Promise<L>;
  protected abstract isListed(listing: L, shardId: string): boolean;
  /** Adds newly listed shards, deciding where each starts. */
  protected abstract merge(listing: L, initial: boolean): void;
  /** Every parent was read to its end (or is not read on purpose). */
  protected abstract parentsDone(s: S): boolean;
  /** The API call for an iterator at `s.resume`; undefined: the shard has ended. */
  protected abstract iteratorAt(s: S, request: AbortSignal): Promise<string | undefined>;
  protected abstract shardLoop(s: S, signal: AbortSignal): Promise<void>;
  /** Where a shard resumes when its LATEST position is lost: at or before `sinceMs`. */
  protected abstract positionBefore(sinceMs: number): P;

  /** Called after each listing and each finished shard: a reader that stops by itself checks for it here. */
  protected checkFinished(): void {}

  /** TrimmedDataAccessException on a shard: set where it resumes and return true, or false to retry as any failure. */
  protected resumeAfterTrim(_s: S): boolean {
    return false;
  }

  /**
   * Called before a shard is finished (its children may start then): a reader whose consumer awaits its records waits
   * here until the consumer is done with the shard. Nothing to wait for by default.
   */
  protected async beforeFinish(_s: S, _signal: AbortSignal): Promise<void> {}

  /** Stop reason when the listing answers ResourceNotFound. */
  protected listingGone(_err: unknown): string {
    return this.shardConfig.reasons.gone;
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
      if (s.phase === 'ignored') continue;
      if (s.phase === 'reading') active++;
      if (s.phase === 'done' || s.phase === 'skipped' || isClosed(s.info)) closed++;
      else open++;
    }
    return { open, closed, active };
  }

  private async listingLoop(signal: AbortSignal): Promise<void> {
    const { limits, wording } = this.shardConfig;
    const retry = new Retry(this.newBackoff());
    while (!signal.aborted) {
      let listing: L;
      try {
        listing = await this.list(signal);
      } catch (err) {
        if (signal.aborted) return;
        const kind = classifyError(err);
        if (kind === 'gone') return this.stop(this.listingGone(err));
        if (kind === 'credentials') {
          this.trouble('list', err);
          await this.sleep(CREDENTIALS_RETRY_MS, signal);
          continue;
        }
        if (kind === 'fatal' || (kind !== 'transient' && ++retry.otherFailures >= limits.maxOtherFailures)) {
          return this.fail(err, wording.listingFailure);
        }
        if (kind === 'transient') this.trouble('list', err);
        else this.emit({ type: 'error', message: `${wording.listingCall} failed: ${errorText(err)}; retrying`, fatal: false });
        await this.sleep(retry.backoff.next(), signal);
        continue;
      }
      retry.succeeded();
      const initial = !this.listed;
      this.merge(listing, initial);
      this.listed = true;
      // Schedule first: the first listing's shards must be awaiting their iterators before the listing counts as
      // recovered, or the tail would be 'running' before any LATEST iterator exists.
      this.schedule(initial);
      this.recovered('list');
      this.enterRunningWhenReady();
      this.checkFinished();
      if (signal.aborted) return;
      await this.waitForKick(this.timing.describeIntervalMs, signal);
    }
  }

  /** Starts a loop for every shard whose parents are done; marks the others as waiting. */
  protected schedule(initial = false): void {
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

  /** The shard was read to its end: its children may start (and may not be listed yet). */
  protected finishShard(s: S): void {
    s.phase = 'done';
    this.recovered(`shard:${s.id}`);
    this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    this.awaitingIterator.delete(s.id);
    this.enterRunningWhenReady();
    this.schedule();
    this.kick();
    this.checkFinished();
  }

  /** A new iterator at `s.resume`; undefined once the shard has ended (then it is finished). */
  protected async openIterator(s: S, signal: AbortSignal): Promise<string | undefined> {
    if (s.opened) this.leaveLatest(s);
    const iterator = await this.call(signal, (request) => this.iteratorAt(s, request));
    if (iterator === undefined) {
      await this.beforeFinish(s, signal);
      if (!signal.aborted) this.finishShard(s);
      return undefined;
    }
    if (!s.opened) {
      s.opened = true;
      this.emit({ type: 'shard', shardId: s.id, status: 'reading' });
      this.awaitingIterator.delete(s.id);
    }
    this.recovered(`shard:${s.id}`);
    this.enterRunningWhenReady();
    return iterator;
  }

  /**
   * A LATEST position held before is to be asked for again (its iterator expired or failed) while the shard has
   * delivered nothing: a new LATEST would skip what was written since the last successful poll (iterators expire
   * after 15 min (DynamoDB Streams) or 5 min (Kinesis) of disuse: a laptop asleep, a long outage). So the shard is
   * read from further back instead, skipping what was written before the LATEST position was taken.
   */
  protected leaveLatest(s: S): void {
    if (s.resume.type !== 'LATEST' || s.writtenSince === undefined) return;
    // Record times are rounded down (to the second on AWS, to the minute on DynamoDB Local): compared at that
    // granularity, records written in the start's second (minute) may be delivered again rather than be lost.
    const grain = this.shardConfig.timeGranularityMs;
    s.skipBefore = Math.floor(s.writtenSince / grain) * grain;
    s.resume = this.positionBefore(s.skipBefore);
  }

  /** The records not written before a lost LATEST position (leaveLatest); records without a time are kept. */
  protected sinceStart<R>(s: S, records: readonly R[], timeOf: (r: R) => number | undefined): readonly R[] {
    const since = s.skipBefore;
    if (since === undefined) return records;
    return records.filter((r) => {
      const t = timeOf(r);
      return t === undefined || t >= since;
    });
  }

  /** Decides what a shard loop does after a failed call, after the backoff that goes with it. */
  protected async shardFailed(s: S, err: unknown, signal: AbortSignal, retry: Retry): Promise<AfterFailure> {
    if (signal.aborted) return 'end';
    let kind: FailureKind = classifyError(err);
    if (kind === 'trimmed' && !this.resumeAfterTrim(s)) kind = 'other';
    switch (kind) {
      case 'expired': // resume after the last record delivered (or at the original position if none was)
      case 'trimmed':
        if (retry.resets++ > 0) await this.sleep(retry.backoff.next(), signal);
        return 'reopen';
      case 'gone':
        if (await this.shardGone(s, signal)) return 'end';
        await this.sleep(retry.backoff.next(), signal);
        return 'reopen';
      case 'transient':
        // Throttling (a quota shared with other readers), 5xx, network: the same iterator again.
        this.trouble(`shard:${s.id}`, err);
        await this.sleep(retry.backoff.next(), signal);
        return 'retry';
      case 'credentials':
        // The same position once the user has signed in again (an expired iterator then reopens after the last record).
        this.trouble(`shard:${s.id}`, err);
        await this.sleep(CREDENTIALS_RETRY_MS, signal);
        return 'retry';
      case 'fatal':
        this.fail(err, `Cannot read shard ${s.id}`);
        return 'end';
      default:
        if (++retry.otherFailures >= this.shardConfig.limits.maxOtherFailures) {
          this.fail(err, `Cannot read shard ${s.id}`);
          return 'end';
        }
        this.emit({ type: 'error', message: `Shard ${s.id}: ${errorText(err)}; retrying`, fatal: false });
        await this.sleep(retry.backoff.next(), signal);
        return 'reopen';
    }
  }

  /**
   * A shard call answered ResourceNotFound: either the stream is gone (stop) or only this shard was trimmed (gap,
   * and its children may start). Returns true when the shard loop should end.
   */
  private async shardGone(s: S, signal: AbortSignal): Promise<boolean> {
    let listing: L;
    try {
      listing = await this.list(signal);
    } catch (err) {
      if (signal.aborted) return true;
      if (classifyError(err) === 'gone') {
        this.stop(this.shardConfig.reasons.gone);
        return true;
      }
      this.trouble(`shard:${s.id}`, err);
      return false;
    }
    if (this.isListed(listing, s.id)) {
      this.stop(this.shardConfig.reasons.gone);
      return true;
    }
    this.emit({ type: 'gap', shardId: s.id, message: `Shard ${s.id} no longer exists (${this.shardConfig.wording.shardTrimmedWhy}); its unread records are lost` });
    await this.beforeFinish(s, signal);
    if (!signal.aborted) this.finishShard(s);
    return true;
  }
}
