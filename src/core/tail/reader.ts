// The stream reader: tails every shard of a DynamoDB stream (or one shard), in lineage order, exactly once per record.
//
// One discovery loop re-describes the stream (all pages) every few seconds and at once when a shard closes; one loop
// per shard polls GetRecords at a bounded rate; a stats loop reports once a second. Every wait goes through the
// injected clock with an AbortSignal; every API call gets an AbortSignal of its own, which the adapter hands to the
// HTTP request, and is raced against it. So stopping is prompt: no request keeps running (a GetRecords left open
// would count against the 2 readers per shard of a quick restart), no timer is left. Pure TS: no `vscode`, no SDK.
import { isClosed, lineageOrder } from '../lineage';
import { ShardInfo, StreamRecord, approximateCreationMs, compareSequenceNumbers } from '../model';
import { listAllShards } from '../shardListing';
import { errorText } from '../awsError';
import { Backoff, classifyError } from './backoff';
import { Clock, systemClock } from './clock';
import { TailMeter } from './stats';
import type { IteratorType, RecordSource, StreamPage, StreamsApi, TailEvent, TailOptions, TailState } from './types';
import { skipRecordsBefore } from '../startPosition';

export interface PollTiming {
  /** Least time between the starts of two GetRecords calls on one shard while it returns records. */
  busyGapMs: number;
  /** Time between GetRecords calls on one shard that returned nothing. */
  idleGapMs: number;
  /** How often the shard list is re-read (also re-read at once whenever a shard closes). */
  describeIntervalMs: number;
}

export const TAIL_TIMING: { aws: PollTiming; loopback: PollTiming; statsIntervalMs: number; getRecordsLimit: number; maxOtherFailures: number } = {
  // AWS: ≤ 5 GetRecords/s per shard while data flows, ~4/s when idle.
  aws: { busyGapMs: 200, idleGapMs: 250, describeIntervalMs: 10_000 },
  // DynamoDB Local / loopback: no quota; ≤ 20/s per shard.
  loopback: { busyGapMs: 50, idleGapMs: 50, describeIntervalMs: 2_000 },
  statsIntervalMs: 1_000,
  getRecordsLimit: 1000,
  /** Consecutive unclassified failures (e.g. ValidationException) before the tail gives up. */
  maxOtherFailures: 5,
};

/**
 * Records are kept 24 h and only then may be trimmed. A position whose following records were all written less than
 * this long ago cannot have been trimmed past (an hour under 24 h: the service's clock and ours may differ).
 */
export const UNTRIMMABLE_MS = 23 * 3600_000;

export const STOP_REASONS = {
  aborted: 'Tail stopped',
  gone: 'Stream is no longer available (disabled or table deleted)',
  disabled: 'Stream disabled (or its table was deleted): every record it holds was read',
} as const;

type Phase =
  | 'new'
  /** Parent not read to its end yet. */
  | 'waiting'
  /** A loop is polling it. */
  | 'reading'
  /** Read to its end (NextShardIterator null). */
  | 'done'
  /** Not read on purpose: closed at a LATEST start, or an ancestor of a checkpointed shard. */
  | 'skipped'
  /** Outside the tail (onlyShardId names another shard). */
  | 'ignored';

interface Position {
  type: IteratorType;
  seq?: string;
}

interface ShardState {
  id: string;
  info: ShardInfo;
  parentId?: string;
  phase: Phase;
  /** Where a new iterator starts: the start position, then AFTER_SEQUENCE_NUMBER of the last record delivered. */
  resume: Position;
  /** Sequence number of the last record delivered (or the checkpoint): anything at or before it is a duplicate. */
  lastSeq?: string;
  /** When known, every record after `resume` was written at or after this time (ms): the start, for a LATEST
   * position or a shard that appeared later; or the creation time of the last record delivered. Unknown for a
   * TRIM_HORIZON start and checkpoints. */
  writtenSince?: number;
}

/** Disabled or being disabled; a listing whose shards are all closed counts too when the status is not given. */
function isStoppedStream(status: string | undefined, shards: readonly { closed: boolean }[]): boolean {
  if (status === 'DISABLED' || status === 'DISABLING') return true;
  // An ENABLED stream always has an open shard but may be listed between a split's parent closing and its children
  // appearing: a LATEST start must not replay 24 h of the parent then.
  return status === undefined && shards.length > 0 && shards.every((s) => s.closed);
}

class Stopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'Stopped';
  }
}

/**
 * Tails `options.streamArn` and reports through `onEvent` until `options.signal` aborts, the stream goes away, or it
 * is disabled and fully read. Resolves after the final `state: stopped` event; never rejects.
 */
export function readStream(api: StreamsApi, options: TailOptions, onEvent: (e: TailEvent) => void, clock: Clock = systemClock): Promise<void> {
  return new TailReader(api, options, onEvent, clock).run();
}

class TailReader {
  private readonly shards = new Map<string, ShardState>();
  private readonly controllers = new Set<AbortController>();
  private readonly loops = new Set<Promise<void>>();
  /** Components currently retrying a transient failure (key → error text). */
  private readonly problems = new Map<string, string>();
  private readonly timing: PollTiming;
  private readonly meter: TailMeter;
  private readonly startedAt: number;
  private state?: TailState;
  private stopReason?: string;
  private finished = false;
  private listed = false;
  /** Shards started by the first listing that have no iterator yet: the tail is 'running' once this is empty,
   * so a change written after 'running' is never missed (a LATEST iterator only sees later writes). */
  private readonly awaitingIterator = new Set<string>();
  private streamStatus?: string;
  private kicked = false;
  private kickCtl?: AbortController;

  constructor(
    private readonly api: StreamsApi,
    private readonly options: TailOptions,
    private readonly onEvent: (e: TailEvent) => void,
    private readonly clock: Clock,
  ) {
    this.timing = options.loopback ? TAIL_TIMING.loopback : TAIL_TIMING.aws;
    // Loopback means DynamoDB Local, whose ApproximateCreationDateTime is rounded down to the minute: no lag there.
    this.startedAt = clock.now();
    this.meter = new TailMeter(this.startedAt, !options.loopback);
  }

  private newBackoff(): Backoff {
    const clock = this.clock;
    return new Backoff({ random: clock.random ? () => clock.random!() : Math.random });
  }

  private get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  async run(): Promise<void> {
    const onAbort = () => this.stop(STOP_REASONS.aborted);
    const signal = this.options.signal;
    try {
      this.setState('starting');
      if (signal.aborted) this.stop(STOP_REASONS.aborted);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.spawn((s) => this.discoveryLoop(s));
        this.spawn((s) => this.statsLoop(s));
      }
      while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
    } catch (err) {
      // Not expected: every loop handles its own failures.
      this.fail(err, 'Stream reader failed');
      while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    this.emit({ type: 'stats', stats: this.snapshot() });
    this.setState('stopped', this.stopReason ?? STOP_REASONS.aborted);
    this.finished = true;
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  private emit(e: TailEvent): void {
    if (this.finished) return;
    try {
      this.onEvent(e);
    } catch {
      // A consumer's bug must not break the reader.
    }
  }

  private setState(state: TailState, reason?: string): void {
    this.state = state;
    this.emit(reason === undefined ? { type: 'state', state } : { type: 'state', state, reason });
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopReason = reason;
    for (const ctl of this.controllers) ctl.abort();
    this.kickCtl?.abort();
  }

  private fail(err: unknown, context: string): void {
    if (this.stopped) return;
    const message = `${context}: ${errorText(err)}`;
    this.emit({ type: 'error', message, fatal: true });
    this.stop(message);
  }

  /** Runs a loop with its own abort controller (aborted on stop), tracked until it ends. */
  private spawn(body: (signal: AbortSignal) => Promise<void>): void {
    const ctl = new AbortController();
    this.controllers.add(ctl);
    if (this.stopped) ctl.abort();
    const loop: Promise<void> = body(ctl.signal)
      .catch((err) => this.fail(err, 'Stream reader failed'))
      .finally(() => {
        this.controllers.delete(ctl);
        this.loops.delete(loop);
      });
    this.loops.add(loop);
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    try {
      await this.clock.sleep(Math.max(0, ms), signal);
    } catch {
      // An aborted sleep may reject; the caller checks the signal.
    }
  }

  /**
   * One API call, counted. `fn` gets a signal of its own, aborted when `signal` aborts, for the adapter to cancel the
   * request with; the call also settles at once (rejecting with Stopped) whatever the adapter does with it. One
   * controller per call, so nothing accumulates listeners on the long-lived loop signal.
   */
  private call<T>(signal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(new Stopped());
    this.meter.call();
    const request = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(new Stopped());
        request.abort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      let pending: Promise<T>;
      try {
        pending = Promise.resolve(fn(request.signal));
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  /** A component hit a transient failure: the tail is 'reconnecting' until every such component succeeded again. */
  private trouble(key: string, err: unknown): void {
    if (this.stopped) return;
    const text = errorText(err);
    this.problems.set(key, text);
    if (this.state !== 'reconnecting') this.setState('reconnecting', `${text}; retrying with backoff`);
  }

  /**
   * A component's call succeeded again. Once nothing is retrying, the tail is back to 'running' — or, if the trouble
   * came during start-up, back to 'starting' until every first-listed shard holds its iterator (enterRunningWhenReady):
   * 'running' promises that a write made from then on is seen, which a LATEST iterator not yet obtained cannot keep.
   */
  private recovered(key: string): void {
    if (!this.problems.delete(key) || this.problems.size > 0 || this.state !== 'reconnecting' || this.stopped) return;
    this.setState(this.listed && this.awaitingIterator.size === 0 ? 'running' : 'starting');
  }

  // ---- discovery -----------------------------------------------------------------------------------------------

  private async discoveryLoop(signal: AbortSignal): Promise<void> {
    const backoff = this.newBackoff();
    let otherFailures = 0;
    while (!signal.aborted) {
      this.kicked = false;
      let page: StreamPage;
      try {
        page = await this.describeAll(signal);
      } catch (err) {
        if (signal.aborted) return;
        const kind = classifyError(err);
        if (kind === 'gone') return this.stop(STOP_REASONS.gone);
        if (kind === 'fatal' || (kind !== 'transient' && ++otherFailures >= TAIL_TIMING.maxOtherFailures)) {
          return this.fail(err, 'Cannot describe the stream');
        }
        if (kind === 'transient') this.trouble('describe', err);
        else this.emit({ type: 'error', message: `DescribeStream failed: ${errorText(err)}; retrying`, fatal: false });
        await this.sleep(backoff.next(), signal);
        continue;
      }
      backoff.reset();
      otherFailures = 0;
      this.merge(page);
      const initial = !this.listed;
      this.listed = true;
      // Schedule first: the first listing's shards must be awaiting their iterators before 'describe' counts as
      // recovered, or the tail would be 'running' before any LATEST iterator exists.
      this.schedule(initial);
      this.recovered('describe');
      this.enterRunningWhenReady();
      this.checkFinished();
      if (signal.aborted) return;
      await this.waitForKick(this.timing.describeIntervalMs, signal);
    }
  }

  /** Every page of DescribeStream (100 shards each), merged; each page is one counted call. */
  private describeAll(signal: AbortSignal): Promise<StreamPage> {
    const arn = this.options.streamArn;
    return listAllShards((from) => this.call(signal, (request) => this.api.describeStream(arn, from, request)), signal);
  }

  private async waitForKick(ms: number, signal: AbortSignal): Promise<void> {
    if (this.kicked || signal.aborted) return;
    const ctl = new AbortController();
    const onStop = () => ctl.abort();
    signal.addEventListener('abort', onStop, { once: true });
    this.kickCtl = ctl;
    try {
      await this.sleep(ms, ctl.signal);
    } finally {
      signal.removeEventListener('abort', onStop);
      if (this.kickCtl === ctl) this.kickCtl = undefined;
    }
  }

  /** Re-describe now (a shard closed: its children may be listed). */
  private kick(): void {
    this.kicked = true;
    this.kickCtl?.abort();
  }

  /** Adds newly listed shards, deciding where each starts. Known shards only get their listing refreshed. */
  private merge(page: StreamPage): void {
    this.streamStatus = page.status;
    const initial = !this.listed;
    const { checkpoints = {}, onlyShardId } = this.options;
    const ordered = lineageOrder(page.shards ?? []);
    // A stopped stream (disabled, or being disabled) gets no new record: there is no "latest" to wait for, and a
    // LATEST start would skip every (closed) shard and read nothing. Show what it retains instead.
    const start = initial && this.options.start === 'LATEST' && isStoppedStream(page.status, ordered) ? 'TRIM_HORIZON' : this.options.start;
    // Ancestors of a checkpointed shard were read to their end before it (children wait for parents): skip them.
    const readBefore = new Set<string>();
    if (initial) {
      const byId = new Map(ordered.map((n) => [n.id, n.shard]));
      for (const id of Object.keys(checkpoints)) {
        let parent = byId.get(id)?.ParentShardId;
        while (parent && !readBefore.has(parent) && byId.has(parent)) {
          readBefore.add(parent);
          parent = byId.get(parent)?.ParentShardId;
        }
      }
    }
    for (const node of ordered) {
      const existing = this.shards.get(node.id);
      if (existing) {
        existing.info = node.shard;
        continue;
      }
      const s: ShardState = { id: node.id, info: node.shard, parentId: node.shard.ParentShardId, phase: 'new', resume: { type: 'TRIM_HORIZON' } };
      const checkpoint = checkpoints[node.id];
      if (onlyShardId !== undefined) {
        if (node.id !== onlyShardId) s.phase = 'ignored';
        else if (checkpoint) s.resume = { type: 'AFTER_SEQUENCE_NUMBER', seq: checkpoint };
        // A closed shard has nothing to tail live: show what it holds.
        else if (initial && start === 'LATEST' && !node.closed) s.resume = { type: 'LATEST' };
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

  private parentDone(s: ShardState): boolean {
    if (this.options.onlyShardId !== undefined) return true;
    const parent = s.parentId ? this.shards.get(s.parentId) : undefined;
    // A parent not listed any more was trimmed: nothing left to read before this shard.
    return !parent || parent === s || parent.phase === 'done' || parent.phase === 'skipped' || parent.phase === 'ignored';
  }

  /** 'starting' → 'running' once the shards of the first listing all hold an iterator (or ended). */
  private enterRunningWhenReady(): void {
    if (this.listed && this.awaitingIterator.size === 0 && this.state === 'starting' && !this.stopped) this.setState('running');
  }

  /** Starts a loop for every shard whose parent is done; marks the others as waiting. */
  private schedule(initial = false): void {
    if (this.stopped) return;
    for (const s of this.shards.values()) {
      if (s.phase !== 'new' && s.phase !== 'waiting') continue;
      if (this.parentDone(s)) {
        s.phase = 'reading';
        if (initial) this.awaitingIterator.add(s.id);
        this.spawn((signal) => this.shardLoop(s, signal));
      } else if (s.phase === 'new') {
        s.phase = 'waiting';
        this.emit({ type: 'shard', shardId: s.id, status: 'waiting-parent' });
      }
    }
  }

  private checkFinished(): void {
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

  private async shardLoop(s: ShardState, signal: AbortSignal): Promise<void> {
    const key = `shard:${s.id}`;
    const backoff = this.newBackoff();
    const arn = this.options.streamArn;
    let iterator: string | undefined;
    let announced = false;
    let nextCallAt = 0;
    let otherFailures = 0;
    /** Consecutive iterator resets (expired / trimmed) without a successful GetRecords: back off from the second. */
    let resets = 0;
    while (!signal.aborted) {
      try {
        if (iterator === undefined) {
          const { type, seq } = s.resume;
          iterator = await this.call(signal, (request) => this.api.getShardIterator(arn, s.id, type, seq, request));
          if (iterator === undefined) return this.finishShard(s);
          if (!announced) {
            announced = true;
            this.emit({ type: 'shard', shardId: s.id, status: 'reading' });
            this.awaitingIterator.delete(s.id);
          }
          this.recovered(key);
          this.enterRunningWhenReady();
        }
        const wait = nextCallAt - this.clock.now();
        if (wait > 0) {
          await this.sleep(wait, signal);
          if (signal.aborted) return;
        }
        const startedAt = this.clock.now();
        nextCallAt = startedAt + this.timing.idleGapMs;
        const current = iterator;
        const out = await this.call(signal, (request) => this.api.getRecords(current, TAIL_TIMING.getRecordsLimit, request));
        this.recovered(key);
        backoff.reset();
        otherFailures = 0;
        resets = 0;
        const records = out.records ?? [];
        if (records.length > 0) nextCallAt = startedAt + this.timing.busyGapMs;
        this.deliver(s, records);
        if (!out.nextShardIterator) return this.finishShard(s);
        iterator = out.nextShardIterator;
      } catch (err) {
        if (signal.aborted) return;
        switch (classifyError(err)) {
          case 'expired':
            // Resume after the last record delivered (or at the original position if none was).
            iterator = undefined;
            if (resets++ > 0) await this.sleep(backoff.next(), signal);
            break;
          case 'trimmed':
            // The oldest record retained comes after the position, so TRIM_HORIZON repeats nothing from before it.
            // Records were lost only if the position is old enough for its next records to have been trimmed. Not so
            // when DynamoDB Local answers this to a LATEST iterator taken on a then empty shard, once other tables were
            // written (it numbers the records of all tables from one counter): nothing is lost there.
            iterator = undefined;
            s.resume = { type: 'TRIM_HORIZON' };
            if (s.writtenSince === undefined || this.clock.now() - s.writtenSince >= UNTRIMMABLE_MS) {
              this.emit({
                type: 'gap',
                shardId: s.id,
                message: `Records of shard ${s.id} were trimmed (older than 24 h) before they could be read; resumed at the trim horizon`,
              });
            }
            if (resets++ > 0) await this.sleep(backoff.next(), signal);
            break;
          case 'gone':
            if (await this.shardGone(s, signal)) return;
            iterator = undefined;
            await this.sleep(backoff.next(), signal);
            break;
          case 'transient':
            this.trouble(key, err);
            await this.sleep(backoff.next(), signal);
            break;
          case 'fatal':
            return this.fail(err, `Cannot read shard ${s.id}`);
          default:
            if (++otherFailures >= TAIL_TIMING.maxOtherFailures) return this.fail(err, `Cannot read shard ${s.id}`);
            this.emit({ type: 'error', message: `Shard ${s.id}: ${errorText(err)}; retrying`, fatal: false });
            iterator = undefined;
            await this.sleep(backoff.next(), signal);
        }
      }
    }
  }

  /** Delivers the records after the last one delivered, in order; drops replays. */
  private deliver(s: ShardState, records: readonly StreamRecord[]): void {
    if (records.length === 0) return;
    const fresh: StreamRecord[] = [];
    let advanced = false;
    for (const r of records) {
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
    if (fresh.length === 0) return;
    this.meter.delivered(fresh, this.clock.now());
    this.emit({ type: 'records', shardId: s.id, records: fresh });
  }

  private finishShard(s: ShardState): void {
    s.phase = 'done';
    this.recovered(`shard:${s.id}`);
    this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    this.awaitingIterator.delete(s.id);
    this.enterRunningWhenReady();
    this.schedule();
    this.kick();
    this.checkFinished();
  }

  /**
   * A shard call answered ResourceNotFound: either the stream is gone (stop) or only this shard was trimmed (gap,
   * and its children may start). Returns true when the shard loop should end.
   */
  private async shardGone(s: ShardState, signal: AbortSignal): Promise<boolean> {
    let page: StreamPage;
    try {
      page = await this.describeAll(signal);
    } catch (err) {
      if (signal.aborted) return true;
      if (classifyError(err) === 'gone') {
        this.stop(STOP_REASONS.gone);
        return true;
      }
      this.trouble(`shard:${s.id}`, err);
      return false;
    }
    if ((page.shards ?? []).some((x) => x.ShardId === s.id)) {
      this.stop(STOP_REASONS.gone);
      return true;
    }
    this.emit({ type: 'gap', shardId: s.id, message: `Shard ${s.id} no longer exists (trimmed); its unread records are lost` });
    this.finishShard(s);
    return true;
  }

  // ---- stats ---------------------------------------------------------------------------------------------------

  private async statsLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.sleep(TAIL_TIMING.statsIntervalMs, signal);
      if (signal.aborted) return;
      this.emit({ type: 'stats', stats: this.snapshot() });
    }
  }

  private snapshot() {
    let open = 0;
    let closed = 0;
    let active = 0;
    for (const s of this.shards.values()) {
      if (s.phase === 'ignored') continue;
      if (s.phase === 'reading') active++;
      if (s.phase === 'done' || s.phase === 'skipped' || isClosed(s.info)) closed++;
      else open++;
    }
    return this.meter.snapshot(this.clock.now(), { open, closed, active });
  }
}

/** A DynamoDB stream (or one shard of it) as a tail panel's record source. */
export function streamRecordSource(api: StreamsApi, options: Omit<TailOptions, 'start' | 'signal'>): RecordSource {
  return {
    read: (start, signal, onEvent) => {
      if (typeof start === 'string') return readStream(api, { ...options, start, signal }, onEvent);
      // No timestamp iterator in DynamoDB Streams: everything retained, older records skipped.
      if (start.type === 'AT_TIMESTAMP') return readStream(api, { ...options, start: 'TRIM_HORIZON', signal }, skipRecordsBefore(start.timestampMs, onEvent));
      // After a sequence number: those shards resume after it (their ancestors are skipped); the others are read whole.
      return readStream(api, { ...options, start: 'TRIM_HORIZON', checkpoints: { ...options.checkpoints, ...start.checkpoints }, signal }, onEvent);
    },
  };
}
