// Benchmark 3: draining a backlog from TRIM_HORIZON.
// 50,000 ORDER items are written with parallel BatchWriteItem calls (25 items each), then the stream is read from
// TRIM_HORIZON to the last record:
//   (a) bare:  GetShardIterator(TRIM_HORIZON) → GetRecords(Limit 1000) → … until all records were received;
//   (b) tail:  readStream(SdkStreamsApi, loopback: true, TRIM_HORIZON) into a core TailSession (the panel host's
//              work: row model per record, ring buffer of 10,000 with eviction, filter, 50 ms batches to a no-op post).
// They alternate (a b a b …) for ROUNDS rounds; round 1 warms up the JIT and DynamoDB Local and is not counted; the
// result of each is the median of the other rounds.
// For (b) the time is broken down: inside GetRecords calls, inside the consumer (TailSession), and the rest (the first
// DescribeStream and GetShardIterator, the reader's pacing between calls, the event loop); later DescribeStream calls
// run alongside the shard loop and are reported on their own.
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { TAIL_TIMING, readStream } from '../../src/core/tail/dynamodb/reader';
import type { IteratorType, StreamsApi } from '../../src/core/tail/types';
import type { StreamRecord } from '../../src/core/records/model';
import * as records from '../../src/core/records/records';
import { recordToJsonLine } from '../../src/core/records/recordJson';
import { TailSession } from '../../src/core/panel/tailSession';
import { args, clients, createStreamTable, log as makeLog, nowMs, startDynamoDbLocal, writeOrderItems, writeResult } from './common.mts';

const log = makeLog('backlog');
const a = args();
const N = Number(a.get('n') ?? (a.quick ? 10_000 : 50_000));
const PARALLEL = 8;
const MAX_RECORDS = 10_000;
// Six rounds, five counted: with three, one slow round on this shared 2-core machine decided the median.
const ROUNDS = Number(a.get('rounds') ?? 6);

type Clients = ReturnType<typeof clients>;

async function writeBacklog(dynamodb: Clients['dynamodb'], table: string): Promise<number> {
  const t0 = nowMs();
  await writeOrderItems(dynamodb, table, N, PARALLEL);
  return nowMs() - t0;
}

/** (a) The bare loop: shards in the order DescribeStream lists them (parents first), each to its end or to N. */
async function bare(streams: Clients['streams'], arn: string) {
  const t0 = nowMs();
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
  let received = 0;
  let calls = 0;
  for (const shard of shards) {
    let it = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (it && received < N) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
      calls++;
      received += out.Records?.length ?? 0;
      it = out.NextShardIterator;
    }
  }
  const ms = nowMs() - t0;
  return { ms, received, calls, recordsPerSecond: Math.round(received / (ms / 1000)) };
}

/** Wraps the SDK adapter to time the calls (the reader itself is not touched). */
class TimedApi implements StreamsApi {
  getRecordsMs = 0;
  getRecordsCalls = 0;
  otherMs = 0;
  constructor(private readonly inner: StreamsApi) {}
  async describeStream(arn: string, from?: string) {
    const t = nowMs();
    try {
      return await this.inner.describeStream(arn, from);
    } finally {
      this.otherMs += nowMs() - t;
    }
  }
  async getShardIterator(arn: string, shardId: string, type: IteratorType, seq?: string) {
    const t = nowMs();
    try {
      return await this.inner.getShardIterator(arn, shardId, type, seq);
    } finally {
      this.otherMs += nowMs() - t;
    }
  }
  async getRecords(iterator: string, limit: number) {
    const t = nowMs();
    try {
      return await this.inner.getRecords(iterator, limit);
    } finally {
      this.getRecordsMs += nowMs() - t;
      this.getRecordsCalls++;
    }
  }
}

/** (b) readStream into a TailSession, as the panel host does. */
async function tail(streams: Clients['streams'], arn: string) {
  const api = new TimedApi(new SdkStreamsApi(streams));
  let posts = 0;
  const session = new TailSession({
    target: { source: 'dynamodb', name: 'BenchBacklog', streamArn: arn, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'TRIM_HORIZON', maxRecords: MAX_RECORDS },
    post: () => {
      posts++;
    },
  });
  session.onReady(); // the webview is open: rows are matched and batched like in the panel
  const ctl = new AbortController();
  let received = 0;
  let consumerMs = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const t0 = nowMs();
  const run = readStream(api, { streamArn: arn, start: 'TRIM_HORIZON', loopback: true, signal: ctl.signal }, (e) => {
    const t = nowMs();
    session.handleEvent(e);
    consumerMs += nowMs() - t;
    if (e.type === 'records') {
      received += e.records.length;
      if (received >= N) done();
    }
  });
  await finished;
  const ms = nowMs() - t0;
  ctl.abort();
  await run;
  session.flush();
  session.dispose();
  return {
    ms,
    received,
    held: session.held,
    evicted: session.evicted,
    posts,
    recordsPerSecond: Math.round(received / (ms / 1000)),
    breakdown: {
      getRecordsMs: Math.round(api.getRecordsMs),
      getRecordsCalls: api.getRecordsCalls,
      consumerMs: Math.round(consumerMs),
      otherCallsMs: Math.round(api.otherMs),
      // DescribeStream runs alongside the shard loop (the discovery loop): not subtracted. Negative when the consumer
      // ran while the next page was being fetched (the reader asks for it first during a backlog).
      restMs: Math.round(ms - api.getRecordsMs - consumerMs),
    },
  };
}

/**
 * Where the consumer's time goes: 10,000 of the stream's records (as the SDK returned them) through each step the
 * panel host does per record, timed alone (best of 3 passes, µs per record). Steps missing from src/ are skipped.
 */
async function consumerProfile(streams: Clients['streams'], arn: string) {
  const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards?.[0]?.ShardId;
  let it = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const list: StreamRecord[] = [];
  while (it && list.length < 10_000) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
    list.push(...((out.Records ?? []) as StreamRecord[]));
    it = out.NextShardIterator;
  }
  const steps: Record<string, (r: StreamRecord, i: number) => unknown> = {};
  const rec = records as unknown as Record<string, unknown>;
  if (typeof rec.toRecordRow === 'function') steps.toRecordRow = (r, i) => records.toRecordRow(r, { id: i, shardId: 'x', arrivalMs: 0 });
  steps.recordToJsonLine = (r) => recordToJsonLine(r);
  steps['JSON.parse(recordToJsonLine)'] = (r) => JSON.parse(recordToJsonLine(r));
  steps['JSON.stringify(record) (reference)'] = (r) => JSON.stringify(r);
  // A JSON line that converts only the creation time (right for records without binary values, as these are).
  steps['shallow JSON line (reference)'] = (r) => {
    const d = r.dynamodb;
    const t = d?.ApproximateCreationDateTime;
    return JSON.stringify(d ? { ...r, dynamodb: { ...d, ApproximateCreationDateTime: t instanceof Date ? t.getTime() / 1000 : t } } : r);
  };
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(steps)) {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const t = nowMs();
      for (let i = 0; i < list.length; i++) fn(list[i], i);
      best = Math.min(best, nowMs() - t);
    }
    out[name] = Math.round((best * 1000 * 100) / list.length) / 100;
  }
  // The whole consumer: TailSession.handleEvent per page of 1,000.
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const session = new TailSession({
      target: { source: 'dynamodb', name: 'BenchBacklog', streamArn: arn, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'TRIM_HORIZON', maxRecords: MAX_RECORDS },
      post: () => {},
    });
    session.onReady();
    const t = nowMs();
    for (let i = 0; i < list.length; i += 1000) session.handleEvent({ type: 'records', shardId: 'x', records: list.slice(i, i + 1000) });
    session.flush();
    best = Math.min(best, nowMs() - t);
    session.dispose();
  }
  out['TailSession.handleEvent (all of it)'] = Math.round((best * 1000 * 100) / list.length) / 100;
  return out;
}

const ddb = await startDynamoDbLocal();
try {
  const { dynamodb, streams } = clients(ddb.endpoint);
  const table = 'BenchBacklog';
  const arn = await createStreamTable(dynamodb, table);
  log(`writing ${N} items (BatchWriteItem × ${PARALLEL} in parallel) …`);
  const writeMs = await writeBacklog(dynamodb, table);
  log(`written in ${(writeMs / 1000).toFixed(1)} s (${Math.round(N / (writeMs / 1000))} items/s)`);
  const runs: { bare: Awaited<ReturnType<typeof bare>>[]; tail: Awaited<ReturnType<typeof tail>>[] } = { bare: [], tail: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const b = await bare(streams, arn);
    log(`round ${round} (a) bare loop: ${b.received} records in ${(b.ms / 1000).toFixed(2)} s = ${b.recordsPerSecond}/s (${b.calls} GetRecords)`);
    runs.bare.push(b);
    const t = await tail(streams, arn);
    log(`round ${round} (b) readStream → TailSession: ${t.received} records in ${(t.ms / 1000).toFixed(2)} s = ${t.recordsPerSecond}/s ${JSON.stringify(t.breakdown)}`);
    runs.tail.push(t);
  }
  const median = <T extends { recordsPerSecond: number }>(list: T[]): T => {
    const sorted = list.slice(1).sort((x, y) => x.recordsPerSecond - y.recordsPerSecond);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const b = median(runs.bare);
  const t = median(runs.tail);
  const profile = await consumerProfile(streams, arn);
  log(`consumer profile (µs per record): ${JSON.stringify(profile)}`);
  dynamodb.destroy();
  streams.destroy();
  writeResult(a.out, {
    consumerMicrosecondsPerRecord: profile,
    n: N,
    write: { ms: Math.round(writeMs), itemsPerSecond: Math.round(N / (writeMs / 1000)), parallel: PARALLEL },
    loopbackTiming: TAIL_TIMING.loopback,
    bare: b,
    tail: t,
    ratio: Math.round((t.recordsPerSecond / b.recordsPerSecond) * 1000) / 1000,
    rounds: ROUNDS,
    runs: {
      bare: runs.bare.map((r) => r.recordsPerSecond),
      tail: runs.tail.map((r) => r.recordsPerSecond),
    },
  });
} finally {
  await ddb.stop();
}
