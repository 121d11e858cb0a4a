// Test doubles for the stream reader: a virtual clock and an in-memory DynamoDB stream that can do what DynamoDB
// Local cannot (split shards over generations, page DescribeStream, expire iterators, trim, throttle, disappear).
import type { Clock } from '../../../../src/core/tail/clock';
import { readStream } from '../../../../src/core/tail/dynamodb/reader';
import type { ShardInfo, StreamRecord } from '../../../../src/core/records/model';
import type { IteratorType, StreamPage, StreamsApi, TailEvent, TailOptions } from '../../../../src/core/tail/types';

interface Timer {
  at: number;
  order: number;
  fire: () => void;
}

/** Virtual time. Sleeps wait until the test advances the clock; `runUntil` jumps from timer to timer. */
export class FakeClock implements Clock {
  private nowMs: number;
  private timers: Timer[] = [];
  private order = 0;

  /** Backoff jitter; tests may pin it. */
  random: () => number = Math.random;

  constructor(start = Date.UTC(2025, 0, 1, 12, 0, 0)) {
    this.nowMs = start;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer: Timer = {
        at: this.nowMs + Math.max(0, ms),
        order: this.order++,
        fire: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Sleeps not yet fired nor aborted. */
  get pending(): number {
    return this.timers.length;
  }

  /** Lets every pending promise chain run (the synthetic API never uses real timers). */
  async settle(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
  }

  private fireNext(limit: number): boolean {
    if (this.timers.length === 0) return false;
    let next = this.timers[0];
    for (const t of this.timers) if (t.at < next.at || (t.at === next.at && t.order < next.order)) next = t;
    if (next.at > limit) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.nowMs = Math.max(this.nowMs, next.at);
    next.fire();
    return true;
  }

  /** Fires timers in time order until `done()` holds; fails after `maxMs` of virtual time or when nothing is left. */
  async runUntil(done: () => boolean, maxMs = 600_000): Promise<void> {
    const deadline = this.nowMs + maxMs;
    for (;;) {
      await this.settle();
      if (done()) return;
      if (!this.fireNext(deadline)) {
        await this.settle();
        if (done()) return;
        throw new Error(this.timers.length ? `condition not met within ${maxMs} ms of virtual time` : 'condition not met and nothing is scheduled');
      }
    }
  }

  /** Time passes with nothing running (a machine asleep): timers due meanwhile fire at the next advance. */
  jump(ms: number): void {
    this.nowMs += ms;
  }

  /** Moves virtual time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await this.settle();
      if (!this.fireNext(target)) break;
    }
    this.nowMs = target;
    await this.settle();
  }
}

export function awsError(name: string, status = 400, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

export interface SynthShard {
  id: string;
  parentId?: string;
  startSeq: string;
  endSeq?: string;
  records: StreamRecord[];
  /** Records before this index were trimmed. */
  trimmedBefore: number;
}

export interface CallLog {
  n: number;
  op: 'describeStream' | 'getShardIterator' | 'getRecords';
  at: number;
  shardId?: string;
  type?: IteratorType;
  seq?: string;
  exclusiveStartShardId?: string;
  /** getRecords: records returned and whether the shard ended with this call. */
  returned?: number;
  ended?: boolean;
  error?: string;
  /** The signal the reader handed to this call (aborted when the tail stops). */
  signal?: AbortSignal;
}

interface Fault {
  op: CallLog['op'];
  shardId?: string;
  error: () => unknown;
  times: number;
}

const PAGE = 100;

/** An in-memory stream with AWS semantics for the three calls the reader uses. */
export class SyntheticStream implements StreamsApi {
  readonly arn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Synthetic/stream/2025-01-01T00:00:00.000';
  status: 'ENABLED' | 'DISABLING' | 'DISABLED' = 'ENABLED';
  /** Stream deleted: every call answers ResourceNotFoundException. */
  gone = false;
  /** 'reverse' lists newest shards first, so children come pages before their parents. */
  listOrder: 'creation' | 'reverse' = 'creation';
  readonly calls: CallLog[] = [];
  readonly written: StreamRecord[] = [];
  private readonly shards = new Map<string, SynthShard>();
  private seq = 10n ** 20n;
  private iterators = new Map<string, { shardId: string; index: number; expired: boolean }>();
  private iteratorCount = 0;
  private faults: Fault[] = [];
  private counters = new Map<string, number>();
  private replays = new Map<string, number>();
  /** Set to make every call wait on a promise (e.g. one that never settles); an abort of the call's signal ends the
   * wait with an AbortError, as the SDK does. */
  hang?: Promise<never>;
  /** Virtual time each GetRecords takes (a timer on the clock), so a reader's next turn comes before time moves on. */
  getRecordsMs = 0;

  constructor(private readonly clock: { now(): number; sleep?(ms: number, signal?: AbortSignal): Promise<void> }) {}

  private nextSeq(): string {
    this.seq += 10n;
    return this.seq.toString();
  }

  shard(id: string): SynthShard {
    const s = this.shards.get(id);
    if (!s) throw new Error(`no shard ${id}`);
    return s;
  }

  get shardIds(): string[] {
    return [...this.shards.keys()];
  }

  addShard(id: string, parentId?: string): SynthShard {
    const s: SynthShard = { id, parentId, startSeq: this.nextSeq(), records: [], trimmedBefore: 0 };
    this.shards.set(id, s);
    return s;
  }

  /** Writes the next version of `key` (its counter goes 1, 2, 3 …) into an open shard. */
  put(shardId: string, key: string): StreamRecord {
    const s = this.shard(shardId);
    if (s.endSeq) throw new Error(`shard ${shardId} is closed`);
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    const seq = this.nextSeq();
    const record: StreamRecord = {
      eventID: `ev-${seq}`,
      eventName: n === 1 ? 'INSERT' : 'MODIFY',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: new Date(Math.floor(this.clock.now() / 1000) * 1000),
        Keys: { pk: { S: key } },
        NewImage: { pk: { S: key }, n: { N: String(n) } },
        SequenceNumber: seq,
        SizeBytes: 20,
        StreamViewType: 'NEW_IMAGE',
      },
    };
    s.records.push(record);
    this.written.push(record);
    return record;
  }

  close(shardId: string): void {
    const s = this.shard(shardId);
    if (!s.endSeq) s.endSeq = s.records.at(-1)?.dynamodb?.SequenceNumber ?? s.startSeq;
  }

  /** Closes `parentId` and opens its children. */
  split(parentId: string, childIds: string[]): void {
    this.close(parentId);
    for (const c of childIds) this.addShard(c, parentId);
  }

  /** Disabling closes every open shard (`status` 'DISABLING' lists it as still being disabled). */
  disable(status: 'DISABLING' | 'DISABLED' = 'DISABLED'): void {
    for (const s of this.shards.values()) this.close(s.id);
    this.status = status;
  }

  /** Drops the first `count` records of a shard (retention). */
  trim(shardId: string, count: number): void {
    this.shard(shardId).trimmedBefore = count;
  }

  /** Removes a shard from the listing (trimmed 24 h after it closed). */
  removeShard(shardId: string): void {
    this.shards.delete(shardId);
  }

  /** Every iterator handed out so far expires. */
  expireIterators(): void {
    for (const it of this.iterators.values()) it.expired = true;
  }

  /** The next `times` calls of `op` (on `shardId`, if given) throw `error()`. */
  failNext(op: Fault['op'], error: () => unknown, times = 1, shardId?: string): void {
    this.faults.push({ op, error, times, shardId });
  }

  /** The next GetRecords on the shard hands back an iterator `back` records behind (a replay). */
  replayOnce(shardId: string, back: number): void {
    this.replays.set(shardId, back);
  }

  private log(entry: Omit<CallLog, 'n' | 'at'>): CallLog {
    const full = { n: this.calls.length, at: this.clock.now(), ...entry };
    this.calls.push(full);
    return full;
  }

  private async enter(entry: CallLog): Promise<void> {
    if (this.hang) {
      const signal = entry.signal;
      await Promise.race([
        this.hang,
        new Promise<never>((_, reject) => {
          const fail = () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
          if (signal?.aborted) fail();
          else signal?.addEventListener('abort', fail, { once: true });
        }),
      ]);
    }
    const fault = this.faults.find((f) => f.op === entry.op && (f.shardId === undefined || f.shardId === entry.shardId));
    if (fault) {
      if (--fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
      const err = fault.error();
      entry.error = (err as Error).name;
      throw err;
    }
    if (this.gone) {
      entry.error = 'ResourceNotFoundException';
      throw awsError('ResourceNotFoundException', 400, 'Requested resource not found: Stream not found');
    }
  }

  private info(s: SynthShard): ShardInfo {
    return {
      ShardId: s.id,
      ParentShardId: s.parentId,
      SequenceNumberRange: s.endSeq ? { StartingSequenceNumber: s.startSeq, EndingSequenceNumber: s.endSeq } : { StartingSequenceNumber: s.startSeq },
    };
  }

  async describeStream(streamArn: string, exclusiveStartShardId?: string, signal?: AbortSignal): Promise<StreamPage> {
    const entry = this.log({ op: 'describeStream', exclusiveStartShardId, signal });
    await this.enter(entry);
    if (streamArn !== this.arn) throw awsError('ResourceNotFoundException');
    const all = [...this.shards.values()];
    if (this.listOrder === 'reverse') all.reverse();
    const from = exclusiveStartShardId ? all.findIndex((s) => s.id === exclusiveStartShardId) + 1 : 0;
    const page = all.slice(from, from + PAGE);
    return {
      shards: page.map((s) => this.info(s)),
      lastEvaluatedShardId: from + PAGE < all.length ? page.at(-1)?.id : undefined,
      status: this.status,
      viewType: 'NEW_IMAGE',
      tableName: 'Synthetic',
      streamLabel: '2025-01-01T00:00:00.000',
    };
  }

  private issue(shardId: string, index: number): string {
    const token = `it-${++this.iteratorCount}`;
    this.iterators.set(token, { shardId, index, expired: false });
    return token;
  }

  async getShardIterator(streamArn: string, shardId: string, type: IteratorType, sequenceNumber?: string, signal?: AbortSignal): Promise<string | undefined> {
    const entry = this.log({ op: 'getShardIterator', shardId, type, seq: sequenceNumber, signal });
    await this.enter(entry);
    const s = this.shards.get(shardId);
    if (streamArn !== this.arn || !s) throw awsError('ResourceNotFoundException', 400, 'Requested resource not found: Shard does not exist');
    const seqOf = (r: StreamRecord) => BigInt(r.dynamodb!.SequenceNumber!);
    let index: number;
    if (type === 'TRIM_HORIZON') index = s.trimmedBefore;
    else if (type === 'LATEST') index = s.records.length;
    else {
      const target = BigInt(sequenceNumber!);
      index = s.records.findIndex((r) => (type === 'AT_SEQUENCE_NUMBER' ? seqOf(r) >= target : seqOf(r) > target));
      if (index < 0) index = s.records.length;
      if (index < s.trimmedBefore) {
        entry.error = 'TrimmedDataAccessException';
        throw awsError('TrimmedDataAccessException', 400, 'The requested sequence number is beyond the trim horizon');
      }
    }
    return this.issue(shardId, index);
  }

  async getRecords(shardIterator: string, limit: number, signal?: AbortSignal): Promise<{ records: StreamRecord[]; nextShardIterator?: string }> {
    const it = this.iterators.get(shardIterator);
    const entry = this.log({ op: 'getRecords', shardId: it?.shardId, signal });
    await this.enter(entry);
    if (this.getRecordsMs > 0 && signal) await this.clock.sleep?.(this.getRecordsMs, signal);
    if (!it) throw awsError('ValidationException', 400, 'Invalid ShardIterator');
    if (it.expired) {
      entry.error = 'ExpiredIteratorException';
      throw awsError('ExpiredIteratorException', 400, 'Iterator expired');
    }
    const s = this.shards.get(it.shardId);
    if (!s) throw awsError('ResourceNotFoundException', 400, 'Requested resource not found: Shard does not exist');
    if (it.index < s.trimmedBefore) {
      entry.error = 'TrimmedDataAccessException';
      throw awsError('TrimmedDataAccessException', 400, 'Data trimmed');
    }
    const records = s.records.slice(it.index, it.index + Math.min(limit, 1000));
    let nextIndex = it.index + records.length;
    const back = this.replays.get(s.id);
    if (back !== undefined && records.length > 0) {
      this.replays.delete(s.id);
      nextIndex = Math.max(s.trimmedBefore, nextIndex - back);
    }
    entry.returned = records.length;
    if (s.endSeq && nextIndex >= s.records.length) {
      entry.ended = true;
      return { records: structuredClone(records) };
    }
    return { records: structuredClone(records), nextShardIterator: this.issue(s.id, nextIndex) };
  }
}

/** A running tail with its events collected. */
export interface TailRun {
  events: TailEvent[];
  done: Promise<void>;
  finished: () => boolean;
  abort(): void;
  /** Records delivered, in delivery order, with their shard. */
  delivered(): { shardId: string; record: StreamRecord }[];
  states(): string[];
  stopReason(): string | undefined;
}

/** `onEvent`, if given, sees each event as it is emitted (e.g. to write to the stream the moment the tail is 'running'). */
export function startTail(api: StreamsApi, clock: Clock, options: Partial<TailOptions> & { streamArn: string }, onEvent?: (e: TailEvent) => void): TailRun {
  const ctl = new AbortController();
  const events: TailEvent[] = [];
  let finished = false;
  const collect = (e: TailEvent) => {
    events.push(e);
    onEvent?.(e);
  };
  const done = readStream(api, { start: 'TRIM_HORIZON', signal: ctl.signal, ...options }, collect, clock).then(() => {
    finished = true;
  });
  return {
    events,
    done,
    finished: () => finished,
    abort: () => ctl.abort(),
    delivered: () => events.flatMap((e) => (e.type === 'records' ? e.records.map((record) => ({ shardId: e.shardId, record })) : [])),
    states: () => events.flatMap((e) => (e.type === 'state' ? [e.state] : [])),
    stopReason: () => {
      const last = [...events].reverse().find((e) => e.type === 'state' && e.state === 'stopped');
      return last && last.type === 'state' ? last.reason : undefined;
    },
  };
}

/** Each key's counter values in delivery order. */
export function countersByKey(records: readonly StreamRecord[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of records) {
    const key = r.dynamodb!.Keys!.pk.S!;
    const n = Number(r.dynamodb!.NewImage!.n.N);
    const list = out.get(key);
    if (list) list.push(n);
    else out.set(key, [n]);
  }
  return out;
}

/**
 * Asserts every written record (or those `expected`) was delivered exactly once, per shard in sequence order, and
 * per key in counter order with no gap. Returns the delivered records.
 */
export function assertExactlyOnce(run: TailRun, expected: readonly StreamRecord[]): StreamRecord[] {
  const got = run.delivered();
  const ids = got.map((d) => d.record.eventID);
  const seen = new Set<string | undefined>();
  const dupes = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  if (dupes.length) throw new Error(`duplicates delivered: ${dupes.slice(0, 5).join(', ')}`);
  const want = new Set(expected.map((r) => r.eventID));
  const missing = [...want].filter((id) => !seen.has(id));
  if (missing.length) throw new Error(`${missing.length} records missing, e.g. ${missing.slice(0, 5).join(', ')}`);
  const extra = ids.filter((id) => !want.has(id));
  if (extra.length) throw new Error(`${extra.length} unexpected records, e.g. ${extra.slice(0, 5).join(', ')}`);
  const lastSeq = new Map<string, bigint>();
  for (const d of got) {
    const seq = BigInt(d.record.dynamodb!.SequenceNumber!);
    const prev = lastSeq.get(d.shardId);
    if (prev !== undefined && seq <= prev) throw new Error(`shard ${d.shardId}: ${seq} delivered after ${prev}`);
    lastSeq.set(d.shardId, seq);
  }
  const records = got.map((d) => d.record);
  const firstExpected = countersByKey(expected);
  for (const [key, counters] of countersByKey(records)) {
    const want = firstExpected.get(key)!;
    if (counters.join(',') !== want.join(',')) throw new Error(`key ${key}: delivered ${counters.join(',')} expected ${want.join(',')}`);
  }
  return records;
}

/** Tracks real timers created from now on: `live()` counts those neither fired nor cleared. */
export function trackTimers(): { live(): number; created(): number; latest(): unknown; isLive(handle: unknown): boolean; restore(): void } {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Set<unknown>();
  let created = 0;
  let latest: unknown;
  const patchedSet = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle: unknown = realSet((...a: unknown[]) => {
      live.delete(handle);
      fn(...a);
    }, ms, ...args);
    live.add(handle);
    created++;
    latest = handle;
    return handle;
  }) as unknown as typeof setTimeout;
  const patchedClear = ((handle: unknown) => {
    live.delete(handle);
    realClear(handle as ReturnType<typeof setTimeout>);
  }) as typeof clearTimeout;
  globalThis.setTimeout = patchedSet;
  globalThis.clearTimeout = patchedClear;
  return {
    live: () => live.size,
    created: () => created,
    /** The timer created last: a check on one timer is not upset by timers other work in the process makes meanwhile. */
    latest: () => latest,
    isLive: (handle: unknown) => live.has(handle),
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}
