// Benchmark: the local trigger (core/trigger/engine.ts with warm handler processes, handlers/warmRunner.ts) on
// DynamoDB Local.
//   (1) throughput: N records (10,000) written first, then read from TRIM_HORIZON
//       (a) bare reader: readStream(SdkStreamsApi, loopback) with a consumer that only counts;
//       (b) trigger: LocalTriggerEngine, batch size 100, window 0, a no-op Node.js handler (test/fixtures/handlers/
//           stamp.cjs), until every record was in a successful batch;
//       (c) the engine alone: (b) with an in-process invoker that only serializes the event (no handler process).
//       They alternate (a b c a b c …) for ROUNDS rounds; round 1 warms up (JIT, DynamoDB Local, the handler's cold start)
//       and is not counted; each result is the median of the other rounds. Target: (b) ≥ 0.8 × (a).
//   (2) latency: with a running trigger (LATEST, window 0), one PutItem at a time; the time from just before the
//       PutItem to the handler's own clock reading when it was invoked (it prints Date.now()). Writes are spaced by a
//       random 50–150 ms so they fall anywhere in the reader's 50 ms poll. Target: p50 ≤ 100 ms.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { readStream } from '../../src/core/tail/dynamodb/reader';
import { LocalTriggerEngine } from '../../src/core/trigger/engine';
import { DEFAULT_TRIGGER_SETTINGS } from '../../src/core/trigger/settings';
import type { TriggerInvoker, TriggerSettings } from '../../src/core/trigger/types';
import { WarmRunnerPool } from '../../src/handlers/warmRunner';
import { args, clients, createStreamTable, log as makeLog, nowMs, sleep, startDynamoDbLocal, writeOrderItems, summarize, uniform, writeResult } from './common.mts';

const log = makeLog('trigger');
const a = args();
const N = Number(a.get('n') ?? 10_000);
const ROUNDS = Number(a.get('rounds') ?? (a.quick ? 2 : 6));
const SAMPLES = Number(a.get('samples') ?? (a.quick ? 30 : 150));
const root = fileURLToPath(new URL('../..', import.meta.url));
const HANDLER = path.join(root, 'test/fixtures/handlers/stamp.cjs');
const RUNNERS = path.join(root, 'media/runners');

type Clients = ReturnType<typeof clients>;

async function writeItems(dynamodb: Clients['dynamodb'], table: string, n: number): Promise<void> {
  await writeOrderItems(dynamodb, table, n, 8);
}

function pool(onLine: (line: string) => void, lanes = 1): WarmRunnerPool {
  return new WarmRunnerPool({
    file: HANDLER,
    handlerName: 'handler',
    runtime: 'node',
    env: {},
    functionTimeoutSeconds: 30,
    lanes,
    onOutput: (_lane, stream, text) => (stream === 'stdout' ? onLine(text) : undefined),
    runnersDir: RUNNERS,
  });
}

const settings = (over: Partial<TriggerSettings>): TriggerSettings => ({ ...DEFAULT_TRIGGER_SETTINGS, filterPatterns: [], ...over });

/** (a) The bare reader: every record counted, until N. */
async function bareReader(api: SdkStreamsApi, streamArn: string): Promise<{ ms: number; recordsPerSecond: number }> {
  const ctl = new AbortController();
  let received = 0;
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  let t1 = 0;
  const done = readStream(api, { streamArn, start: 'TRIM_HORIZON', loopback: true, signal: ctl.signal }, (e) => {
    if (e.type !== 'records') return;
    received += e.records.length;
    if (received >= N && !t1) {
      t1 = nowMs();
      ctl.abort();
    }
  });
  await done;
  const ms = t1 - t0;
  return { ms: Math.round(ms), recordsPerSecond: Math.round(N / (ms / 1000)), hostCpuMs: cpuMs(cpu0) };
}

/** This process's CPU time (user + system) since `from`, in ms: the work done, apart from waiting for a core. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return Math.round((d.user + d.system) / 1000);
}

/**
 * The engine alone: an invoker in this process that only writes the event as JSON (what the warm runner sends its
 * process) and succeeds. Separates the engine's own cost from the round trips to a handler process.
 */
const inProcessInvoker: TriggerInvoker = {
  invoke: (event) => {
    JSON.stringify(event);
    return Promise.resolve({ kind: 'success', value: null, durationMs: 0 });
  },
  dispose: () => Promise.resolve(),
};

/** (b) The trigger: until every record was in a successful batch. */
async function trigger(api: SdkStreamsApi, streamArn: string, invoker: TriggerInvoker): Promise<{ ms: number; recordsPerSecond: number; batches: number; hostCpuMs: number }> {
  let handled = 0;
  let batches = 0;
  let t1 = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((r) => (finish = r));
  const engine = new LocalTriggerEngine({
    streamArn,
    api,
    loopback: true,
    settings: settings({ batchSize: 100, startingPosition: 'TRIM_HORIZON' }),
    invoker,
    functionArn: 'arn:aws:lambda:ddblocal:000000000000:function:local-bench',
    region: 'ddblocal',
    onActivity: (act) => {
      if (act.type === 'batch' && act.batch.outcome === 'success') {
        handled += act.batch.size;
        batches++;
        if (handled >= N && !t1) {
          t1 = nowMs();
          finish();
        }
      }
      if (act.type === 'notice' && act.level !== 'info') log(`notice: ${act.message}`);
    },
  });
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const running = engine.run();
  await all;
  await engine.stop();
  await running;
  const ms = t1 - t0;
  return { ms: Math.round(ms), recordsPerSecond: Math.round(N / (ms / 1000)), batches, hostCpuMs: cpuMs(cpu0) };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

async function throughput(c: Clients, api: SdkStreamsApi) {
  const table = `bench-trigger-${Date.now().toString(36)}`;
  const streamArn = await createStreamTable(c.dynamodb, table);
  const tw = nowMs();
  await writeItems(c.dynamodb, table, N);
  log(`wrote ${N} items in ${Math.round(nowMs() - tw)} ms`);
  const invoker = pool(() => undefined);
  const runs = { bare: [] as number[], trigger: [] as number[], engineAlone: [] as number[] };
  const cpu = { bare: [] as number[], trigger: [] as number[], engineAlone: [] as number[] };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const b = await bareReader(api, streamArn);
      const t = await trigger(api, streamArn, invoker);
      const e = await trigger(api, streamArn, inProcessInvoker);
      log(`round ${round}: bare ${b.recordsPerSecond} records/s (${b.ms} ms, host CPU ${b.hostCpuMs} ms); trigger ${t.recordsPerSecond} records/s (${t.ms} ms, ${t.batches} batches, host CPU ${t.hostCpuMs} ms); engine alone ${e.recordsPerSecond} records/s (${e.ms} ms, host CPU ${e.hostCpuMs} ms)`);
      runs.engineAlone.push(e.recordsPerSecond);
      cpu.engineAlone.push(e.hostCpuMs);
      runs.bare.push(b.recordsPerSecond);
      runs.trigger.push(t.recordsPerSecond);
      cpu.bare.push(b.hostCpuMs);
      cpu.trigger.push(t.hostCpuMs);
    }
  } finally {
    await invoker.dispose();
  }
  const counted = (xs: number[]) => (xs.length > 1 ? xs.slice(1) : xs);
  const bare = median(counted(runs.bare));
  const trig = median(counted(runs.trigger));
  return {
    n: N,
    rounds: ROUNDS,
    runs,
    hostCpuMs: cpu,
    bare: { recordsPerSecond: bare, hostCpuMs: median(counted(cpu.bare)) },
    trigger: { recordsPerSecond: trig, hostCpuMs: median(counted(cpu.trigger)) },
    engineAlone: { recordsPerSecond: median(counted(runs.engineAlone)), hostCpuMs: median(counted(cpu.engineAlone)) },
    ratio: Math.round((trig / bare) * 100) / 100,
  };
}

async function latency(c: Clients, api: SdkStreamsApi) {
  const table = `bench-trigger-lat-${Date.now().toString(36)}`;
  const streamArn = await createStreamTable(c.dynamodb, table);
  const invokedAt = new Map<string, number>();
  const seqOf = new Map<string, string>();
  const engineStartedAt = new Map<string, number>();
  const invoker = pool((line) => {
    try {
      const m = JSON.parse(line) as { t: number; first: string; firstSeq: string };
      invokedAt.set(m.first, m.t);
      seqOf.set(m.first, m.firstSeq);
    } catch {
      // not one of the handler's stamps
    }
  });
  let running = false;
  const engine = new LocalTriggerEngine({
    streamArn,
    api,
    loopback: true,
    settings: settings({ batchSize: 100, batchingWindowSeconds: 0, startingPosition: 'LATEST' }),
    invoker,
    functionArn: 'arn:aws:lambda:ddblocal:000000000000:function:local-bench',
    region: 'ddblocal',
    onActivity: (act) => {
      if (act.type === 'state' && act.state === 'running') running = true;
      // The engine's clock reading when it handed the batch to the warm runner (the `running` report).
      if (act.type === 'batch' && act.batch.outcome === 'running') engineStartedAt.set(act.batch.firstSequenceNumber, act.batch.startedAtMs);
    },
  });
  const done = engine.run();
  while (!running) await sleep(10);
  const samples: number[] = [];
  const toEngine: number[] = [];
  const engineToHandler: number[] = [];
  let missed = 0;
  try {
    // The first invocation starts the warm process (cold start): a warm-up write, not counted.
    for (let i = -1; i < SAMPLES; i++) {
      const pk = `LAT#${i}`;
      const t0 = nowMs();
      await c.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: String(i) } } }));
      const deadline = t0 + 10_000;
      while (!invokedAt.has(pk) && nowMs() < deadline) await sleep(2);
      const at = invokedAt.get(pk);
      if (at === undefined) missed++;
      else if (i >= 0) {
        samples.push(at - t0);
        const handed = engineStartedAt.get(seqOf.get(pk) ?? '');
        if (handed !== undefined) {
          toEngine.push(handed - t0);
          engineToHandler.push(at - handed);
        }
      }
      await sleep(uniform(50, 150));
    }
  } finally {
    await engine.stop();
    await done;
    await invoker.dispose();
  }
  return { ...summarize(samples), missed, writeToInvoke: summarize(toEngine), invokeToHandler: summarize(engineToHandler) };
}

async function main() {
  const ddb = await startDynamoDbLocal();
  try {
    const c = clients(ddb.endpoint);
    const api = new SdkStreamsApi(c.streams);
    const tp = await throughput(c, api);
    log(`throughput: bare ${tp.bare.recordsPerSecond}, trigger ${tp.trigger.recordsPerSecond} records/s, ratio ${tp.ratio}`);
    const lat = await latency(c, api);
    log(`write → handler invoked: p50 ${lat.p50} ms, p90 ${lat.p90} ms (n=${lat.n}, missed ${lat.missed}); write → engine invokes p50 ${lat.writeToInvoke.p50} ms; engine invokes → handler runs p50 ${lat.invokeToHandler.p50} ms`);
    writeResult(a.out, { throughput: tp, latency: lat });
    c.dynamodb.destroy();
    c.streams.destroy();
  } finally {
    await ddb.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
