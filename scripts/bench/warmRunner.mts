// Benchmark 9: the local trigger's warm runner (src/handlers/warmRunner.ts). A handler that only counts its records,
// invoked again and again on one warm lane, Node.js and Python, with batches of 1 and 100 realistic DynamoDB stream
// records; each invocation's wall time in the extension-host side (WarmRunnerPool.invoke) against a direct in-process
// call of the same function (Node.js: in this process; Python: in python3). Overhead = invoke − direct call. The CPU
// time per invocation of this process and of the runner (from /proc) is the work itself, apart from waiting for a core.
// Target: overhead ≤ 10 ms at p90. Run: node scripts/bench.mjs --only=warmRunner (or npx tsx scripts/bench/warmRunner.mts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { toLambdaDynamoDbRecord, type LambdaDynamoDbEvent } from '../../src/core/lambda/lambdaEvent';
import type { InvokeOutcome } from '../../src/core/trigger/types';
import { WarmRunnerPool } from '../../src/handlers/warmRunner';
import { args, log as makeLog, summarize, writeResult, type Summary } from './common.mts';
import { orderRecord } from './orderRecords.mts';

const log = makeLog('warmRunner');
const a = args();
const SAMPLES = a.quick ? 100 : 1000;
const WARM_UP = a.quick ? 20 : 100;
const BATCHES = [1, 100];
const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/Orders/stream/2026-12-07T00:00:00.000';

const dir = mkdtempSync(join(tmpdir(), 'ddbs-bench-warm-'));
const NODE_HANDLER = join(dir, 'count.cjs');
const PYTHON_HANDLER = join(dir, 'count.py');
writeFileSync(NODE_HANDLER, `exports.handler = async (event) => ({ records: event.Records.length, first: event.Records[0].eventID });\n`);
writeFileSync(PYTHON_HANDLER, `def lambda_handler(event, context):\n    return {"records": len(event["Records"]), "first": event["Records"][0]["eventID"]}\n`);

function batch(n: number): LambdaDynamoDbEvent {
  return { Records: Array.from({ length: n }, (_, i) => toLambdaDynamoDbRecord(orderRecord(i), { awsRegion: 'ddblocal', eventSourceARN: STREAM_ARN })) };
}

/** Median µs of a direct call, in this process (Node.js) or in python3 (Python). */
function directCallMicroseconds(runtime: 'node' | 'python', event: LambdaDynamoDbEvent): Promise<number> | number {
  if (runtime === 'python') {
    const eventFile = join(dir, `event-${event.Records.length}.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    const script = [
      'import importlib.util, json, sys, time',
      `spec = importlib.util.spec_from_file_location("count", ${JSON.stringify(PYTHON_HANDLER)})`,
      'm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      `event = json.load(open(${JSON.stringify(eventFile)}))`,
      'times = []',
      `for _ in range(${SAMPLES}):`,
      '    t = time.perf_counter(); m.lambda_handler(event, None); times.append(time.perf_counter() - t)',
      'times.sort(); print(times[len(times) // 2] * 1e6)',
    ].join('\n');
    return Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
  }
  const handler = (createRequire(import.meta.url)(NODE_HANDLER) as { handler: (e: unknown) => Promise<unknown> }).handler;
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const t = performance.now();
      await handler(event);
      if (i >= WARM_UP) times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    return times[times.length >> 1] * 1000;
  })();
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** CPU time (user + system) a process has used so far, from /proc (clock ticks of 10 ms: averaged over many calls). */
function cpuMsOf(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15 of stat)
}

interface RuntimeResult {
  coldStartMs: number | undefined;
  firstInvokeMs: number;
  batches: { records: number; eventBytes: number; directCallMicroseconds: number; invoke: Summary; overhead: Summary; cpuMsPerInvoke: { host: number; runner: number } }[];
}

async function measure(runtime: 'node' | 'python'): Promise<RuntimeResult> {
  const pool = new WarmRunnerPool({
    file: runtime === 'node' ? NODE_HANDLER : PYTHON_HANDLER,
    handlerName: runtime === 'node' ? 'handler' : 'lambda_handler',
    runtime,
    env: {},
    functionTimeoutSeconds: 60,
    lanes: 1,
    runnersDir: fileURLToPath(new URL('../../media/runners', import.meta.url)),
    onOutput: (_lane, stream, text) => log(`${runtime} ${stream}: ${text}`),
  });
  const signal = new AbortController().signal;
  const check = (o: InvokeOutcome, n: number) => {
    if (o.kind !== 'success' || (o.value as { records: number }).records !== n) throw new Error(`${runtime}: unexpected outcome ${JSON.stringify(o)}`);
  };
  try {
    const t = performance.now();
    const first = await pool.invoke(batch(1), 0, signal);
    const firstInvokeMs = Math.round((performance.now() - t) * 10) / 10;
    check(first, 1);
    const batches: RuntimeResult['batches'] = [];
    for (const n of BATCHES) {
      const event = batch(n);
      const direct = await directCallMicroseconds(runtime, event);
      const times: number[] = [];
      let cpu = { host: process.cpuUsage(), runner: cpuMsOf(pool.pids[0]) };
      for (let i = 0; i < WARM_UP + SAMPLES; i++) {
        if (i === WARM_UP) cpu = { host: process.cpuUsage(), runner: cpuMsOf(pool.pids[0]) };
        const start = performance.now();
        const o = await pool.invoke(event, 0, signal);
        const ms = performance.now() - start;
        check(o, n);
        if (i >= WARM_UP) times.push(ms);
      }
      const host = process.cpuUsage(cpu.host);
      const cpuMs = { host: round2((host.user + host.system) / 1000 / SAMPLES), runner: round2((cpuMsOf(pool.pids[0]) - cpu.runner) / SAMPLES) };
      const overheads = times.map((ms) => ms - direct / 1000);
      batches.push({ records: n, eventBytes: Buffer.byteLength(JSON.stringify(event)), directCallMicroseconds: Math.round(direct * 10) / 10, invoke: summarize(times), overhead: summarize(overheads), cpuMsPerInvoke: cpuMs });
      log(`${runtime}, ${n} records: invoke p50 ${summarize(times).p50} ms, p90 ${summarize(times).p90} ms; direct call ${direct.toFixed(1)} µs`);
    }
    return { coldStartMs: first.coldStartMs, firstInvokeMs, batches };
  } finally {
    await pool.dispose();
  }
}

try {
  const node = await measure('node');
  const python = await measure('python');
  writeResult(a.out, { samples: SAMPLES, warmUp: WARM_UP, targetMs: 10, node, python });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
