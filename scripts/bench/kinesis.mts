// Benchmark 6: the Kinesis reader (tailKinesisStream) on kinesalite, run in its own Node process.
//   latency: PutRecord → record delivered, p50/p90: a bare tight GetRecords loop (the floor), AWS-safe polling
//            (loopback:false) and loopback polling; one tail at a time, writes at random gaps of 50–350 ms.
//   rate:    GetRecords calls per shard per second, idle (10 s, no writes) and busy (10 s, 2 writers back to back),
//            both modes at once on a 2-shard stream, counted by a loopback proxy per mode (not by the reader).
//   backlog: 50,000 change records drained by a bare GetRecords loop vs tailKinesisStream (decoding every record),
//            in the same run, rounds alternating which goes first; round 1 is a warm-up.
// Usage: node --import tsx scripts/bench/kinesis.mts [--out file.json] [--quick] [--part backlog]
//   --part latency|rate|backlog: run one part only (the others are absent from the result).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SdkKinesisApi } from '../../src/aws/kinesisApi';
import { KinesisDecoder } from '../../src/core/tail/kinesis/decode';
import { KINESIS_TIMING, tailKinesisStream } from '../../src/core/tail/kinesis/reader';
import type { KinesisStart } from '../../src/core/tail/kinesis/types';
import { args, countingProxy, log as makeLog, nowMs, percentile, sleep, summarize, uniform, writeResult, type Summary } from './common.mts';

const log = makeLog('kinesis');
const a = args();
const SAMPLES = a.quick ? 30 : 150;
const RATE_MS = (a.quick ? 4 : 10) * 1000;
const BACKLOG = a.quick ? 10_000 : 50_000;
const ROUNDS = a.quick ? 2 : 4;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** kinesalite in a child process (not sharing this event loop with the reader being measured). */
async function startKinesalite(): Promise<{ endpoint: string; stop(): void }> {
  const port = await freePort();
  const cli = createRequire(import.meta.url).resolve('kinesalite/cli.js');
  const child = spawn(process.execPath, [cli, '--port', String(port), '--createStreamMs', '0', '--deleteStreamMs', '0', '--updateStreamMs', '0', '--shardLimit', '100'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('Listening') && resolve());
    child.on('exit', (code) => reject(new Error(`kinesalite exited (${code})`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const kinesalite = await startKinesalite();
const clientFor = (endpoint: string) =>
  new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 64 } }) });
const client = clientFor(kinesalite.endpoint);

async function createStream(name: string, shards: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  while ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') await sleep(20);
}

/** A DynamoDB change record as a table's Kinesis destination writes it (an ORDER item, ~700 bytes of JSON). */
function change(id: string, pk: string): Uint8Array {
  const item = { pk: { S: pk }, status: { S: 'PAID' }, total: { N: '42.50' }, customerId: { S: 'CUSTOMER#123' }, shipping: { M: { city: { S: 'Lisbon' }, zip: { S: '1000' } } }, tags: { SS: ['web', 'promo'] } };
  return new TextEncoder().encode(JSON.stringify({
    awsRegion: 'us-east-1', eventID: id, eventName: 'MODIFY', userIdentity: null, recordFormat: 'application/json', tableName: 'Orders',
    dynamodb: { ApproximateCreationDateTime: Date.now(), Keys: { pk: { S: pk } }, NewImage: item, OldImage: item, SizeBytes: 300, ApproximateCreationDateTimePrecision: 'MILLISECOND' },
    eventSource: 'aws:dynamodb',
  }));
}

function tail(api: SdkKinesisApi, streamName: string, start: KinesisStart, loopback: boolean, signal: AbortSignal, onRecords: (ids: (string | undefined)[], shardId: string) => void) {
  let running = false;
  const done = tailKinesisStream(api, { streamName, start, loopback, signal }, (e) => {
    if (e.type === 'records') onRecords(e.records.map((r) => r.eventID), e.shardId);
    if (e.type === 'state' && e.state === 'running') running = true;
  });
  return { done, running: () => running };
}

// ---- latency -------------------------------------------------------------------------------------------------

async function measureLatency(mode: 'floor' | 'aws' | 'loopback'): Promise<Summary & { missed: number }> {
  const stream = `lat-${mode}`;
  await createStream(stream, 1);
  const written = new Map<string, number>();
  const samples: number[] = [];
  const seen = (id: string | undefined) => {
    const t = id === undefined ? undefined : written.get(id);
    if (t !== undefined) samples.push(nowMs() - t), written.delete(id!);
  };
  const ctl = new AbortController();
  let loop: Promise<unknown>;
  if (mode === 'floor') {
    const shardId = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards![0].ShardId!;
    let it = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
    loop = (async () => {
      while (!ctl.signal.aborted && it) {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
        for (const r of out.Records ?? []) seen(JSON.parse(new TextDecoder().decode(r.Data)).eventID);
        it = out.NextShardIterator;
      }
    })();
  } else {
    const t = tail(new SdkKinesisApi(client), stream, { type: 'LATEST' }, mode === 'loopback', ctl.signal, (ids) => ids.forEach(seen));
    loop = t.done;
    while (!t.running()) await sleep(10);
  }
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(uniform(50, 350));
    const id = `${mode}-${i}`;
    const data = change(id, `ORDER#${i}`);
    written.set(id, nowMs());
    await client.send(new PutRecordCommand({ StreamName: stream, Data: data, PartitionKey: id }));
  }
  const deadline = Date.now() + 10_000;
  while (written.size > 0 && Date.now() < deadline) await sleep(20);
  ctl.abort();
  await loop;
  return { ...summarize(samples), missed: written.size };
}

// ---- rate ----------------------------------------------------------------------------------------------------

async function measureRate() {
  const stream = 'rate';
  await createStream(stream, 2);
  const ctl = new AbortController();
  const modes = await Promise.all(['aws', 'loopback'].map(async (mode) => {
    const proxy = await countingProxy(kinesalite.endpoint);
    const c = clientFor(proxy.endpoint);
    const m = { mode, proxy, client: c, records: 0, shards: new Set<string>(), run: undefined as unknown as ReturnType<typeof tail> };
    m.run = tail(new SdkKinesisApi(c), stream, { type: 'LATEST' }, mode === 'loopback', ctl.signal, (ids, shardId) => ((m.records += ids.length), m.shards.add(shardId)));
    return m;
  }));
  while (!modes.every((m) => m.run.running())) await sleep(20);
  await sleep(1_000);
  const window = async (busy: boolean) => {
    for (const m of modes) m.proxy.reset();
    const before = modes.map((m) => m.records);
    const started = nowMs();
    let written = 0;
    const writer = async () => {
      while (nowMs() - started < RATE_MS) {
        const id = `w${written++}`;
        await client.send(new PutRecordCommand({ StreamName: stream, Data: change(id, id), PartitionKey: id }));
      }
    };
    if (busy) await Promise.all([writer(), writer()]);
    else await sleep(RATE_MS);
    const seconds = (nowMs() - started) / 1000;
    const counts = Object.fromEntries(modes.map((m, i) => [m.mode, {
      getRecordsPerShardPerSecond: Math.round((m.proxy.count('GetRecords') / 2 / seconds) * 100) / 100,
      requests: m.proxy.snapshot(),
      recordsDelivered: m.records - before[i],
    }]));
    return { seconds: Math.round(seconds * 10) / 10, written, ...counts };
  };
  const idle = await window(false);
  const busy = await window(true);
  await sleep(3_000);
  const caughtUp = Object.fromEntries(modes.map((m) => [m.mode, m.records >= busy.written]));
  ctl.abort();
  await Promise.all(modes.map((m) => m.run.done));
  await Promise.all(modes.map((m) => (m.client.destroy(), m.proxy.close())));
  return { idle, busy, caughtUp, shards: 2 };
}

// ---- backlog -------------------------------------------------------------------------------------------------

async function measureBacklog() {
  const stream = 'backlog';
  await createStream(stream, 1);
  const startedWrite = nowMs();
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < BACKLOG; i += 500) {
    const entries = Array.from({ length: Math.min(500, BACKLOG - i) }, (_, k) => ({ Data: change(`b${i + k}`, `ORDER#${(i + k) % 5000}`), PartitionKey: `p${i + k}` }));
    batches.push(client.send(new PutRecordsCommand({ StreamName: stream, Records: entries })));
    if (batches.length >= 4) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
  const writeMs = nowMs() - startedWrite;
  const shardId = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards![0].ShardId!;

  const bare = async () => {
    const cpu = process.cpuUsage();
    const started = nowMs();
    let it = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    let received = 0;
    let calls = 0;
    while (received < BACKLOG && it) {
      const out = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: KINESIS_TIMING.getRecordsLimit }));
      calls++;
      received += out.Records?.length ?? 0;
      it = out.NextShardIterator;
    }
    return { ms: nowMs() - started, received, calls, cpu: process.cpuUsage(cpu) };
  };
  const reader = async () => {
    const cpu = process.cpuUsage();
    const started = nowMs();
    const ctl = new AbortController();
    let received = 0;
    let finished = 0;
    const t = tail(new SdkKinesisApi(client), stream, { type: 'TRIM_HORIZON' }, true, ctl.signal, (ids) => {
      received += ids.length;
      if (received >= BACKLOG && !finished) (finished = nowMs()), ctl.abort();
    });
    await t.done;
    return { ms: (finished || nowMs()) - started, received, cpu: process.cpuUsage(cpu) };
  };
  const runs = { bare: [] as number[], tail: [] as number[] };
  // Per round: tail/bare of the two runs next to each other in time (less exposed to the load drifting between
  // rounds), and this process's CPU µs per record in each (user + system, all threads; kinesalite not included).
  const pairedRatios: number[] = [];
  const cpuMicrosPerRecord = { bare: [] as number[], tail: [] as number[] };
  const perRecord = (cpu: NodeJS.CpuUsage, n: number) => Math.round(((cpu.user + cpu.system) / n) * 10) / 10;
  let last: { bare?: Awaited<ReturnType<typeof bare>>; tail?: Awaited<ReturnType<typeof reader>> } = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always meets kinesalite's caches warm.
    const b = round % 2 === 0 ? await bare() : undefined;
    const r = await reader();
    const b2 = b ?? (await bare());
    runs.bare.push(Math.round((b2.received / b2.ms) * 1000));
    runs.tail.push(Math.round((r.received / r.ms) * 1000));
    pairedRatios.push(Math.round((runs.tail.at(-1)! / runs.bare.at(-1)!) * 1000) / 1000);
    cpuMicrosPerRecord.bare.push(perRecord(b2.cpu, b2.received));
    cpuMicrosPerRecord.tail.push(perRecord(r.cpu, r.received));
    last = { bare: b2, tail: r };
    log(`backlog round ${round + 1}: bare ${runs.bare.at(-1)} records/s, tail ${runs.tail.at(-1)} records/s`);
  }
  // What the reader adds per record on top of the bare loop: decoding (best of 5 over 10,000 records of this shape,
  // wall and CPU time), next to JSON.parse of the same bytes alone (the floor of any decoder that builds the records).
  const sample = Array.from({ length: 10_000 }, (_, i) => ({ sequenceNumber: String(i + 1), partitionKey: `p${i}`, data: change(`s${i}`, `ORDER#${i % 5000}`) }));
  const utf8 = new TextDecoder();
  const bestOf5 = (body: () => void) => {
    let wall = Infinity;
    let cpu = Infinity;
    for (let k = 0; k < 5; k++) {
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      body();
      wall = Math.min(wall, ((nowMs() - t0) * 1000) / sample.length);
      const c = process.cpuUsage(c0);
      cpu = Math.min(cpu, (c.user + c.system) / sample.length);
    }
    return { wall: Math.round(wall * 10) / 10, cpu: Math.round(cpu * 10) / 10 };
  };
  const decode = bestOf5(() => {
    const decoder = new KinesisDecoder();
    for (let i = 0; i < sample.length; i += 1000) decoder.decodeBatch('s', sample.slice(i, i + 1000));
  });
  const parseOnly = bestOf5(() => {
    for (const r of sample) JSON.parse(utf8.decode(r.data));
  });
  const median = (xs: number[]) => summarize(xs.slice(1)).p50;
  const bareRate = median(runs.bare);
  const tailRate = median(runs.tail);
  return {
    n: BACKLOG,
    write: { ms: Math.round(writeMs), recordsPerSecond: Math.round((BACKLOG / writeMs) * 1000) },
    runs,
    bare: { recordsPerSecond: bareRate, calls: last.bare!.calls },
    tail: { recordsPerSecond: tailRate },
    ratio: Math.round((tailRate / bareRate) * 1000) / 1000,
    pairedRatios,
    pairedRatioMedian: percentile(pairedRatios.slice(1).sort((x, y) => x - y), 50),
    cpuMicrosPerRecord: { ...cpuMicrosPerRecord, bareMedian: median(cpuMicrosPerRecord.bare), tailMedian: median(cpuMicrosPerRecord.tail) },
    decodeMicrosecondsPerRecord: decode.wall,
    decodeCpuMicrosecondsPerRecord: decode.cpu,
    jsonParseMicrosecondsPerRecord: parseOnly,
  };
}

try {
  log(`kinesalite at ${kinesalite.endpoint}`);
  const part = a.get('part');
  const runs = (name: string) => part === undefined || part === name;
  let latency: Record<string, unknown> | undefined;
  if (runs('latency')) {
    latency = {};
    for (const mode of ['floor', 'aws', 'loopback'] as const) {
      latency[mode] = await measureLatency(mode);
      log(`latency ${mode}: ${JSON.stringify(latency[mode])}`);
    }
  }
  const rate = runs('rate') ? await measureRate() : undefined;
  if (rate) log(`rate: ${JSON.stringify(rate)}`);
  const backlog = runs('backlog') ? await measureBacklog() : undefined;
  if (backlog) log(`backlog: ${JSON.stringify(backlog)}`);
  writeResult(a.out, { latency, rate, backlog, timing: { aws: KINESIS_TIMING.aws, loopback: KINESIS_TIMING.loopback } });
} catch (err) {
  writeResult(a.out, { error: String((err as Error)?.stack ?? err) });
  process.exitCode = 1;
} finally {
  client.destroy();
  kinesalite.stop();
}
