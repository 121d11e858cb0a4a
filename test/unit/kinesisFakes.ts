// Helpers for the Kinesis reader's tests: a collector of a running tail, DynamoDB change records in the format a
// table's Kinesis destination writes, and a synthetic KinesisApi for what kinesalite cannot do (throttle, expire).
import type { StreamRecord } from '../../src/core/model';
import { tailKinesisStream } from '../../src/core/kinesis/reader';
import type { KinesisApi, KinesisIteratorPosition, KinesisRecord, KinesisRecordsPage, KinesisShard, KinesisTailOptions } from '../../src/core/kinesis/types';
import type { Clock } from '../../src/core/tail/clock';
import type { TailEvent } from '../../src/core/tail/types';

export interface KinesisRun {
  events: TailEvent[];
  done: Promise<void>;
  finished(): boolean;
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

/**
 * One open shard in memory. Iterators are "shardId:index"; `failNext` makes the next calls of a kind throw the given
 * errors in turn (e.g. throttling, an expired iterator).
 */
export class SyntheticKinesis implements KinesisApi {
  readonly records: KinesisRecord[] = [];
  readonly calls: { op: string; position?: KinesisIteratorPosition; iterator?: string }[] = [];
  readonly failNext: { getRecords: Error[]; getShardIterator: Error[]; listShards: Error[] } = { getRecords: [], getShardIterator: [], listShards: [] };
  readonly shardId = 'shardId-000000000000';

  put(data: string): void {
    const n = this.records.length + 1;
    this.records.push({ sequenceNumber: String(1000 + n), partitionKey: `pk-${n}`, data: new TextEncoder().encode(data), arrivalMs: Date.now() });
  }

  async listStreams() {
    return [{ name: 'synthetic' }];
  }

  async listShards(): Promise<KinesisShard[]> {
    this.calls.push({ op: 'listShards' });
    const err = this.failNext.listShards.shift();
    if (err) throw err;
    return [{ ShardId: this.shardId, SequenceNumberRange: { StartingSequenceNumber: '1000' } }];
  }

  async getShardIterator(_stream: string, shardId: string, position: KinesisIteratorPosition): Promise<string> {
    this.calls.push({ op: 'getShardIterator', position });
    const err = this.failNext.getShardIterator.shift();
    if (err) throw err;
    let index = 0;
    if (position.type === 'LATEST') index = this.records.length;
    if (position.type === 'AFTER_SEQUENCE_NUMBER') index = this.records.findIndex((r) => r.sequenceNumber === position.sequenceNumber) + 1;
    return `${shardId}:${index}`;
  }

  async getRecords(iterator: string, limit: number): Promise<KinesisRecordsPage> {
    this.calls.push({ op: 'getRecords', iterator });
    const err = this.failNext.getRecords.shift();
    if (err) throw err;
    const [shardId, at] = iterator.split(':');
    const index = Number(at);
    const page = this.records.slice(index, index + limit);
    return { records: page, nextShardIterator: `${shardId}:${index + page.length}`, millisBehindLatest: 0 };
  }
}
