// Helpers for the Kinesis reader's tests: a collector of a running tail, DynamoDB change records in the format a
// table's Kinesis destination writes, and a synthetic KinesisApi for what kinesalite cannot do (throttle, expire).
import type { StreamRecord } from '../../../../../src/core/records/model';
import { tailKinesisStream } from '../../../../../src/core/tail/kinesis/reader';
import type { KinesisApi, KinesisIteratorPosition, KinesisRecord, KinesisRecordsPage, KinesisShard, KinesisTailOptions } from '../../../../../src/core/tail/kinesis/types';
import type { Clock } from '../../../../../src/core/tail/clock';
import type { TailEvent } from '../../../../../src/core/tail/types';

export interface KinesisRun {
  events: TailEvent[];
  done: Promise<void>;
  finished: () => boolean;
  abort(): void;
  delivered(): { shardId: string; record: StreamRecord }[];
  records(): StreamRecord[];
  states(): string[];
}

export function startKinesisTail(api: KinesisApi, clock: Clock, options: Partial<KinesisTailOptions> & { streamName: string }): KinesisRun {
  const ctl = new AbortController();
  const events: TailEvent[] = [];
  let finished = false;
  const done = tailKinesisStream(api, { start: { type: 'TRIM_HORIZON' }, signal: ctl.signal, ...options }, (e) => events.push(e), clock).then(() => {
    finished = true;
  });
  const delivered = () => events.flatMap((e) => (e.type === 'records' ? e.records.map((record) => ({ shardId: e.shardId, record })) : []));
  return {
    events,
    done,
    finished: () => finished,
    abort: () => ctl.abort(),
    delivered,
    records: () => delivered().map((d) => d.record),
    states: () => events.flatMap((e) => (e.type === 'state' ? [e.state] : [])),
  };
}

export interface ChangeOptions {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  pk: string;
  /** Creation time in ms. */
  timeMs: number;
  precision?: 'MILLISECOND' | 'MICROSECOND' | null;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  ttl?: boolean;
  tableName?: string;
}

/** A change record as DynamoDB writes it to a Kinesis destination (JSON text). */
export function changeRecordJson(o: ChangeOptions): string {
  const precision = o.precision === undefined ? 'MILLISECOND' : o.precision;
  const time = precision === 'MICROSECOND' ? o.timeMs * 1000 : o.timeMs;
  return JSON.stringify({
    awsRegion: 'us-east-1',
    eventID: o.eventID,
    eventName: o.eventName,
    userIdentity: o.ttl ? { type: 'Service', principalId: 'dynamodb.amazonaws.com' } : null,
    recordFormat: 'application/json',
    tableName: o.tableName ?? 'Orders',
    dynamodb: {
      ApproximateCreationDateTime: time,
      Keys: { pk: { S: o.pk } },
      ...(o.newImage ? { NewImage: o.newImage } : {}),
      ...(o.oldImage ? { OldImage: o.oldImage } : {}),
      SizeBytes: 42,
      ...(precision ? { ApproximateCreationDateTimePrecision: precision } : {}),
    },
    eventSource: 'aws:dynamodb',
  });
}

export function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

interface SynthShard {
  info: KinesisShard;
  records: KinesisRecord[];
  closed: boolean;
}

/**
 * Shards in memory, for what kinesalite cannot do on demand: throttle, expire iterators, hold a call open, close a
 * shard at a chosen moment. Iterators are "shardId:index"; `failNext` makes the next calls of a kind throw the given
 * errors in turn; `hang` makes GetRecords never answer (until aborted).
 */
export class SyntheticKinesis implements KinesisApi {
  readonly calls: { op: string; shardId?: string; position?: KinesisIteratorPosition; at?: number; probe?: number; returnedBefore?: number; failed?: true }[] = [];
  private returned = 0;
  /** Virtual time each GetRecords takes. */
  getRecordsMs = 0;
  /** Called at each GetRecords; its value is logged with the call (e.g. how many records the tail delivered so far). */
  probe?: () => number;
  readonly failNext: { getRecords: Error[]; getShardIterator: Error[]; listShards: Error[] } = { getRecords: [], getShardIterator: [], listShards: [] };
  hang = false;
  /** AT_TIMESTAMP iterators start at the trim horizon (to check the reader's own filter). */
  ignoreTimestamps = false;
  private readonly shards = new Map<string, SynthShard>();
  private seq = 1000;

  constructor(private readonly clock: Clock) {}

  addShard(id: string, parents: { parent?: string; adjacent?: string } = {}): void {
    this.shards.set(id, { info: { ShardId: id, ParentShardId: parents.parent, AdjacentParentShardId: parents.adjacent, SequenceNumberRange: { StartingSequenceNumber: String(this.seq) } }, records: [], closed: false });
  }

  close(id: string): void {
    const s = this.shards.get(id)!;
    s.closed = true;
    s.info.SequenceNumberRange!.EndingSequenceNumber = String(this.seq);
  }

  put(shardId: string, data: string): KinesisRecord {
    const record = { sequenceNumber: String(++this.seq), partitionKey: `pk-${this.seq}`, data: new TextEncoder().encode(data), arrivalMs: this.clock.now() };
    this.shards.get(shardId)!.records.push(record);
    return record;
  }

  async listStreams() {
    return [{ name: 'synthetic' }];
  }

  async listShards(): Promise<KinesisShard[]> {
    this.calls.push({ op: 'listShards', at: this.clock.now() });
    const err = this.failNext.listShards.shift();
    if (err) throw err;
    return [...this.shards.values()].map((s) => structuredClone(s.info));
  }

  async getShardIterator(_stream: string, shardId: string, position: KinesisIteratorPosition): Promise<string> {
    this.calls.push({ op: 'getShardIterator', shardId, position, at: this.clock.now() });
    const err = this.failNext.getShardIterator.shift();
    if (err) throw err;
    const records = this.shards.get(shardId)!.records;
    let index = 0;
    if (position.type === 'LATEST') index = records.length;
    if (position.type === 'AT_TIMESTAMP' && !this.ignoreTimestamps) {
      const first = records.findIndex((r) => (r.arrivalMs ?? 0) >= position.timestampMs!);
      index = first < 0 ? records.length : first;
    }
    if (position.type === 'AFTER_SEQUENCE_NUMBER') index = records.findIndex((r) => r.sequenceNumber === position.sequenceNumber) + 1;
    if (position.type === 'AT_SEQUENCE_NUMBER') index = Math.max(0, records.findIndex((r) => r.sequenceNumber === position.sequenceNumber));
    return `${shardId}:${index}`;
  }

  async getRecords(iterator: string, limit: number, signal?: AbortSignal): Promise<KinesisRecordsPage> {
    const [shardId, at] = iterator.split(':');
    this.calls.push({ op: 'getRecords', shardId, at: this.clock.now(), probe: this.probe?.(), returnedBefore: this.returned });
    if (this.getRecordsMs > 0 && signal) await this.clock.sleep(this.getRecordsMs, signal);
    if (this.hang) return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(awsError('AbortError'))));
    const err = this.failNext.getRecords.shift();
    if (err) {
      this.calls[this.calls.length - 1].failed = true;
      throw err;
    }
    const shard = this.shards.get(shardId)!;
    const index = Number(at);
    const page = shard.records.slice(index, index + limit);
    const end = index + page.length;
    const next = shard.closed && end >= shard.records.length ? undefined : `${shardId}:${end}`;
    this.returned += page.length;
    return { records: page, nextShardIterator: next, millisBehindLatest: 0 };
  }
}
