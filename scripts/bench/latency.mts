// Benchmark 1: write → record delivered by the stream reader, without VS Code.
// Single PutItem writes on an idle stream, each 0.3–1 s (uniform random) after the previous record was seen; the
// latency is write start → the moment the consumer sees the record (onEvent of readStream, or the bare loop).
//   floor:     a bare tight GetRecords loop (no pause between calls) on the shard, LATEST: what DynamoDB Local
//              itself allows (time to expose a record + one GetRecords round trip).
//   aws:       readStream(SdkStreamsApi, loopback: false): AWS-safe polling (idle gap 250 ms, ≤ 4 GetRecords/s).
//   loopback:  readStream(SdkStreamsApi, loopback: true): DynamoDB Local polling (idle gap 100 ms).
// The two readStream modes read the same stream at the same time, each with its own client (two consumers of one
// shard, as AWS allows); every write waits until both saw the previous record. The floor runs alone, on its own
// table, because its tight loop would load the 2-core machine and disturb the others.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { TAIL_TIMING, readStream } from '../../src/core/tail/dynamodb/reader';
import type { StreamRecord } from '../../src/core/records/model';
import { args, clients, createStreamTable, log as makeLog, nowMs, orderItem, sleep, startDynamoDbLocal, summarize, uniform, writeResult } from './common.mts';

const log = makeLog('latency');
const a = args();
const N = Number(a.get('n') ?? (a.quick ? 30 : 200));
/** The floor is a reference, not a target: fewer writes keep the whole bench under ~10 minutes. */
const FLOOR_N = Number(a.get('floor-n') ?? (a.quick ? 20 : 100));
const WARMUP = 5;
const TIMEOUT_MS = 10_000;

/** Who saw which marker when (ms, this process's wall clock). */
class Tracker {
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly waiters = new Map<string, () => void>();
  constructor(private readonly consumers: string[]) {}

  saw(consumer: string, records: readonly StreamRecord[]): void {
    const t = nowMs();
    for (const r of records) {
      const marker = r.dynamodb?.Keys?.pk?.S;
      if (!marker) continue;
      let m = this.seen.get(marker);
      if (!m) this.seen.set(marker, (m = new Map()));
      if (!m.has(consumer)) m.set(consumer, t);
      if (m.size === this.consumers.length) this.waiters.get(marker)?.();
    }
  }

  /** Resolves with each consumer's time once all saw `marker` (or what was seen when `timeoutMs` passed). */
  async wait(marker: string, timeoutMs: number): Promise<Map<string, number>> {
    const m = this.seen.get(marker);
    if (!m || m.size < this.consumers.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.set(marker, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(marker);
    }
    return this.seen.get(marker) ?? new Map();
  }
}

/** The write loop: returns latencies per consumer (ms) and PutItem round trips. */
async function writeLoop(
  dynamodb: ReturnType<typeof clients>['dynamodb'],
  table: string,
  tracker: Tracker,
  consumers: string[],
  prefix: string,
  n: number,
) {
  const latencies: Record<string, number[]> = Object.fromEntries(consumers.map((c) => [c, []]));
  const missed: Record<string, number> = Object.fromEntries(consumers.map((c) => [c, 0]));
  const puts: number[] = [];
  for (let i = -WARMUP; i < n; i++) {
    await sleep(uniform(300, 1000));
    const marker = `${prefix}#${i}`;
    const t0 = nowMs();
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: orderItem(i + WARMUP, marker) }));
    const tPut = nowMs();
    const seen = await tracker.wait(marker, TIMEOUT_MS);
    if (i < 0) continue;
    puts.push(tPut - t0);
    for (const c of consumers) {
      const t = seen.get(c);
      if (t === undefined) missed[c]++;
      else latencies[c].push(t - t0);
    }
    if ((i + 1) % 50 === 0) log(`${prefix}: ${i + 1}/${n} writes`);
  }
  return { latencies, missed, puts };
}

async function floor(endpoint: string) {
  const { dynamodb, streams } = clients(endpoint);
  const table = 'BenchLatencyFloor';
  const arn = await createStreamTable(dynamodb, table);
  const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards?.[0]?.ShardId;
  if (!shardId) throw new Error('no shard');
  const tracker = new Tracker(['floor']);
  let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
  let running = true;
  let calls = 0;
  const started = nowMs();
  const loop = (async () => {
    while (running && iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      calls++;
      if (out.Records?.length) tracker.saw('floor', out.Records as StreamRecord[]);
      iterator = out.NextShardIterator;
    }
  })();
  const result = await writeLoop(dynamodb, table, tracker, ['floor'], 'FLOOR', FLOOR_N);
  running = false;
  await loop;
  const seconds = (nowMs() - started) / 1000;
  dynamodb.destroy();
  streams.destroy();
  return { ...result, getRecordsPerSecond: Math.round(calls / seconds) };
}

async function modes(endpoint: string) {
  const { dynamodb } = clients(endpoint);
  const table = 'BenchLatency';
  const arn = await createStreamTable(dynamodb, table);
  const consumers = ['aws', 'loopback'];
  const tracker = new Tracker(consumers);
  const ctl = new AbortController();
  const reading = new Set<string>();
  const runs = consumers.map((mode) => {
    const { streams } = clients(endpoint);
    const api = new SdkStreamsApi(streams);
    return readStream(api, { streamArn: arn, start: 'LATEST', loopback: mode === 'loopback', signal: ctl.signal }, (e) => {
      if (e.type === 'records') tracker.saw(mode, e.records);
      else if (e.type === 'shard' && e.status === 'reading') reading.add(mode);
      else if (e.type === 'error') log(`${mode} reader: ${e.message}`);
    }).finally(() => streams.destroy());
  });
  while (reading.size < consumers.length) await sleep(20);
  await sleep(500); // both LATEST iterators are taken before the first write
  const result = await writeLoop(dynamodb, table, tracker, consumers, 'LAT', N);
  ctl.abort();
  await Promise.all(runs);
  dynamodb.destroy();
  return result;
}

const ddb = await startDynamoDbLocal();
try {
  log(`DynamoDB Local at ${ddb.endpoint}; ${N} writes for aws + loopback, ${FLOOR_N} for the floor (+${WARMUP} warm-up each)`);
  const m = await modes(ddb.endpoint);
  const f = await floor(ddb.endpoint);
  writeResult(a.out, {
    n: N,
    floorN: FLOOR_N,
    timing: { aws: TAIL_TIMING.aws, loopback: TAIL_TIMING.loopback },
    floor: { ...summarize(f.latencies.floor), missed: f.missed.floor, getRecordsPerSecond: f.getRecordsPerSecond },
    aws: { ...summarize(m.latencies.aws), missed: m.missed.aws },
    loopback: { ...summarize(m.latencies.loopback), missed: m.missed.loopback },
    putItem: summarize(m.puts),
    putItemDuringFloor: summarize(f.puts),
  });
} finally {
  await ddb.stop();
}
