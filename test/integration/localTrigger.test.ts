// The local trigger end to end: DynamoDB Local's stream, the engine (Lambda's event-source-mapping rules) and real
// warm handler processes (Node.js, and Python where python3 exists). Each test counts what the handler saw: it logs
// every invocation to a file (test/fixtures/handlers/trigger.cjs / trigger.py) and behaves by the records' keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { systemClock, type Clock } from '../../src/core/tail/clock';
import { LocalTriggerEngine } from '../../src/core/trigger/engine';
import { DEFAULT_TRIGGER_SETTINGS } from '../../src/core/trigger/settings';
import type { BatchReport, OnFailureRecord, TriggerActivity, TriggerCheckpoints, TriggerSettings } from '../../src/core/trigger/types';
import { WarmRunnerPool } from '../../src/handlers/warmRunner';
import { localClients } from './setup';

const FIXTURES = path.resolve(__dirname, '../fixtures/handlers');
const RUNNERS = path.resolve(__dirname, '../../media/runners');
const FUNCTION_ARN = 'arn:aws:lambda:ddblocal:000000000000:function:local-trigger';

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const tables: string[] = [];
const dirs: string[] = [];

interface Seen {
  pid: number;
  keys: string[];
  seqs: string[];
  eventSource: string;
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // the poll interval of a wait for a state
  }
}

async function streamTable(): Promise<{ table: string; streamArn: string }> {
  const table = `trigger-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const out = await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  tables.push(table);
  return { table, streamArn: out.TableDescription!.LatestStreamArn! };
}

/** Writes items one at a time, so the stream has them in this order. */
async function write(table: string, items: { pk: string; keep?: boolean }[]): Promise<void> {
  for (const [i, it] of items.entries()) {
    const item: Record<string, AttributeValue> = { pk: { S: it.pk }, n: { N: String(i) } };
    if (it.keep !== undefined) item.keep = { BOOL: it.keep };
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: item }));
  }
}

interface Started {
  engine: LocalTriggerEngine;
  pool: WarmRunnerPool;
  activities: TriggerActivity[];
  done: Promise<void>;
  seen(): Seen[];
  batches(): BatchReport[];
  onFailure(): OnFailureRecord[];
  checkpoint(): TriggerCheckpoints | undefined;
  stop(): Promise<void>;
}

async function startTrigger(
  streamArn: string,
  settings: Partial<TriggerSettings>,
  options: { runtime?: 'node' | 'python'; checkpoints?: TriggerCheckpoints; clock?: Clock; dir?: string } = {},
): Promise<Started> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'trigger-'));
  if (!dirs.includes(dir)) dirs.push(dir);
  mkdirSync(path.join(dir, 'state'), { recursive: true });
  const log = path.join(dir, 'log.ndjson');
  const full: TriggerSettings = { ...DEFAULT_TRIGGER_SETTINGS, filterPatterns: [], startingPosition: 'TRIM_HORIZON', ...settings };
  const python = options.runtime === 'python';
  const pool = new WarmRunnerPool({
    file: path.join(FIXTURES, python ? 'trigger.py' : 'trigger.cjs'),
    handlerName: 'handler',
    runtime: python ? 'python' : 'node',
    env: { TRIGGER_LOG: log, TRIGGER_STATE: path.join(dir, 'state') },
    functionTimeoutSeconds: full.functionTimeoutSeconds,
    lanes: full.parallelizationFactor,
    onOutput: () => undefined,
    runnersDir: RUNNERS,
  });
  const activities: TriggerActivity[] = [];
  const engine = new LocalTriggerEngine({
    streamArn,
    api: new SdkStreamsApi(streams),
    loopback: true,
    settings: full,
    invoker: pool,
    checkpoints: options.checkpoints,
    functionArn: FUNCTION_ARN,
    region: 'ddblocal',
    onActivity: (a) => activities.push(a),
    clock: options.clock,
  });
  const done = engine.run();
  await waitFor('the trigger to run', () => activities.some((a) => a.type === 'state' && a.state === 'running'));
  const batches = () => [...new Map(activities.flatMap((a) => (a.type === 'batch' ? [[a.batch.id, a.batch] as const] : []))).values()];
  return {
    engine,
    pool,
    activities,
    done,
    seen: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l) as Seen) : []),
    batches,
    onFailure: () => activities.flatMap((a) => (a.type === 'onFailure' ? [a.record] : [])),
    checkpoint: () => activities.flatMap((a) => (a.type === 'checkpoint' ? [a.checkpoints] : [])).at(-1),
    stop: async () => {
      await engine.stop();
      await pool.dispose();
    },
  };
}

/** The keys of every invocation that succeeded, in order. */
function succeededKeys(t: Started): string[] {
  const ok = new Set(t.batches().filter((b) => b.outcome === 'success').map((b) => `${b.firstSequenceNumber}-${b.lastSequenceNumber}`));
  return t.seen().filter((s) => ok.has(`${s.seqs[0]}-${s.seqs.at(-1)}`)).flatMap((s) => s.keys);
}

/** Python variants run where python3 exists (the extension offers Python handlers only there). */
const RUNTIMES = hasPython ? (['node', 'python'] as const) : (['node'] as const);
if (!hasPython) console.log('python3 not found: the Python variants of the local trigger tests are not defined');

describe('local trigger — DynamoDB Local and real handler processes', function () {
  this.timeout(90_000);
  const running: Started[] = [];
  const start = async (...args: Parameters<typeof startTrigger>) => {
    const t = await startTrigger(...args);
    running.push(t);
    return t;
  };

  before(() => {
    ({ dynamodb, streams } = localClients());
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
  after(async () => {
    for (const t of tables) await dynamodb.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dynamodb.destroy();
    streams.destroy();
  });

  for (const runtime of RUNTIMES) {
    it(`${runtime}: exactly the filtered records, in shard order, in batches of at most batchSize`, async function () {
      const { table, streamArn } = await streamTable();
      const items = Array.from({ length: 40 }, (_, i) => ({ pk: `item${String(i).padStart(2, '0')}`, keep: i % 3 !== 0 }));
      await write(table, items);
      const t = await start(streamArn, { batchSize: 7, filterPatterns: ['{"dynamodb":{"NewImage":{"keep":{"BOOL":[true]}}}}'] }, { runtime });
      const expected = items.filter((it) => it.keep).map((it) => it.pk);
      await waitFor('every kept record', () => t.seen().flatMap((s) => s.keys).length >= expected.length);
      await waitFor('the last batch to end', () => t.batches().every((b) => b.outcome !== 'running'));
      const seen = t.seen();
      assert.deepEqual(seen.flatMap((s) => s.keys), expected);
      assert.ok(seen.every((s) => s.keys.length <= 7 && s.eventSource === 'aws:dynamodb'));
      const seqs = seen.flatMap((s) => s.seqs).map(BigInt);
      assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), 'in sequence order');
      assert.equal(new Set(seen.map((s) => s.pid)).size, 1, 'one warm process served every batch');
    });
  }

  it('batching window: records written within the window arrive in one invocation', async () => {
    const { table, streamArn } = await streamTable();
    const t = await start(streamArn, { batchSize: 100, batchingWindowSeconds: 3 });
    await write(table, [{ pk: 'w1' }, { pk: 'w2' }, { pk: 'w3' }]);
    await waitFor('an invocation', () => t.seen().length > 0, 20_000);
    await waitFor('the batch to end', () => t.batches().some((b) => b.outcome === 'success'));
    assert.deepEqual(t.seen().map((s) => s.keys), [['w1', 'w2', 'w3']]);
  });

  for (const runtime of RUNTIMES) {
    it(`${runtime}: an error twice then success: retried with the shard blocked; nothing lost or repeated past the checkpoint`, async function () {
      const { table, streamArn } = await streamTable();
      await write(table, [{ pk: 'a' }, { pk: 'fail2-b' }, { pk: 'c' }]);
      const t = await start(streamArn, { batchSize: 10 }, { runtime });
      await waitFor('the third invocation to succeed', () => t.batches().some((b) => b.outcome === 'success'), 20_000);
      assert.deepEqual(t.seen().map((s) => s.keys.join()), ['a,fail2-b,c', 'a,fail2-b,c', 'a,fail2-b,c']);
      assert.deepEqual(t.batches().map((b) => [b.outcome, b.attempt]), [['error', 1], ['error', 2], ['success', 3]]);
      await write(table, [{ pk: 'd' }]);
      await waitFor('d', () => t.seen().length === 4);
      assert.deepEqual(t.seen()[3].keys, ['d']);
      await waitFor('the checkpoint at d', () => Object.values(t.checkpoint()?.shards ?? {})[0] === t.seen()[3].seqs[0]);
    });
  }

  it('a poison record with bisect: isolated, its on-failure record reported, the rest delivered once', async () => {
    const { table, streamArn } = await streamTable();
    await write(table, [{ pk: 'a' }, { pk: 'b' }, { pk: 'poison' }, { pk: 'd' }]);
    const t = await start(streamArn, { batchSize: 4, bisectBatchOnFunctionError: true, maximumRetryAttempts: 3, onFailureFile: '/tmp/on-failure.ndjson' });
    const dDone = () => {
      const last = t.seen().at(-1);
      return last?.keys.join() === 'd' && t.batches().some((b) => b.outcome === 'success' && b.firstSequenceNumber === last.seqs[0]);
    };
    await waitFor('d handled after the poison', dDone, 30_000);
    assert.deepEqual(t.seen().map((s) => s.keys.join()), ['a,b,poison,d', 'a,b', 'poison,d', 'poison', 'poison', 'd']);
    const [record] = t.onFailure();
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(record.DDBStreamBatchInfo.startSequenceNumber, t.seen()[3].seqs[0]);
    assert.equal(record.DDBStreamBatchInfo.streamArn, streamArn);
    assert.deepEqual(succeededKeys(t), ['a', 'b', 'd']);
  });

  it('a partial-batch response: only the failed record and those after it are retried', async () => {
    const { table, streamArn } = await streamTable();
    await write(table, [{ pk: 'a' }, { pk: 'partial-b' }, { pk: 'c' }, { pk: 'd' }]);
    const t = await start(streamArn, { batchSize: 4, reportBatchItemFailures: true });
    await waitFor('the retry to succeed', () => t.batches().some((b) => b.outcome === 'success'), 20_000);
    assert.deepEqual(t.seen().map((s) => s.keys.join()), ['a,partial-b,c,d', 'partial-b,c,d']);
    assert.deepEqual(t.batches()[0].failedIds, [t.seen()[0].seqs[1]]);
  });

  it('record age: a record older than maximumRecordAgeSeconds is given up on (a clock 10 min ahead once it has failed)', async () => {
    // DynamoDB Local cannot age records: the trigger's clock jumps 10 minutes ahead once the first attempt has
    // failed, so the record is 10 minutes old at the retry (times on DynamoDB Local are rounded to the minute anyway).
    let offsetMs = 0;
    const clock: Clock = { now: () => Date.now() + offsetMs, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
    const { table, streamArn } = await streamTable();
    await write(table, [{ pk: 'old-a' }]);
    const t = await start(streamArn, { batchSize: 10, maximumRecordAgeSeconds: 60 }, { clock });
    await waitFor('the first failure', () => t.batches().some((b) => b.outcome === 'error'));
    offsetMs = 10 * 60_000;
    await waitFor('the record given up on', () => t.onFailure().length === 1);
    assert.equal(t.onFailure()[0].requestContext.condition, 'RecordAgeExceeded');
    assert.equal(t.batches().at(-1)!.outcome, 'dropped-by-age');
    assert.equal(t.seen().length, 1, 'not sent again once too old');
  });

  it('stop and start: resumes after the checkpoint; a successful batch is never seen twice, the interrupted one runs again', async () => {
    const { table, streamArn } = await streamTable();
    await write(table, [{ pk: 'a' }, { pk: 'b' }, { pk: 'hang-c' }, { pk: 'd' }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'trigger-'));
    const first = await start(streamArn, { batchSize: 2, functionTimeoutSeconds: 60 }, { dir });
    await waitFor('the hanging batch', () => first.seen().length === 2);
    await first.stop();
    const saved = first.checkpoint()!;
    assert.equal(Object.values(saved.shards)[0], first.seen()[0].seqs[1], 'checkpointed after b, not after the interrupted batch');
    const second = await start(streamArn, { batchSize: 2, functionTimeoutSeconds: 60 }, { dir, checkpoints: saved });
    await waitFor('the interrupted batch again', () => second.seen().length === 3 && second.batches().some((b) => b.outcome === 'success'));
    await write(table, [{ pk: 'e' }]);
    await waitFor('e', () => second.seen().length === 4);
    assert.deepEqual(second.seen().map((s) => s.keys.join()), ['a,b', 'hang-c,d', 'hang-c,d', 'e']);
  });

  it('parallelization factor 2: two warm processes, each record once, every key in order and in one process', async () => {
    const { table, streamArn } = await streamTable();
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
    const writes = Array.from({ length: 5 }, () => keys.map((pk) => ({ pk }))).flat();
    await write(table, writes);
    const t = await start(streamArn, { batchSize: 3, parallelizationFactor: 2 });
    await waitFor('every record', () => t.seen().flatMap((s) => s.keys).length >= writes.length);
    await waitFor('the last batches to end', () => t.batches().every((b) => b.outcome !== 'running'));
    const seen = t.seen();
    const seqs = seen.flatMap((s) => s.seqs);
    assert.equal(new Set(seqs).size, writes.length, 'each record once');
    assert.equal(seqs.length, writes.length);
    assert.equal(new Set(seen.map((s) => s.pid)).size, 2, 'both lanes had a warm process');
    for (const key of keys) {
      const mine = seen.flatMap((s) => s.keys.flatMap((k, i) => (k === key ? [{ seq: BigInt(s.seqs[i]), pid: s.pid }] : [])));
      assert.equal(mine.length, 5, `${key}: five versions`);
      assert.ok(mine.every((m, i) => i === 0 || m.seq > mine[i - 1].seq), `${key} in order`);
      assert.equal(new Set(mine.map((m) => m.pid)).size, 1, `${key} in one process`);
    }
  });

  it('a handler process killed mid-batch is replaced and the batch retried', async () => {
    const { table, streamArn } = await streamTable();
    await write(table, [{ pk: 'die-a' }, { pk: 'b' }]);
    const t = await start(streamArn, { batchSize: 10 });
    await waitFor('the retry to succeed', () => t.batches().some((b) => b.outcome === 'success'), 20_000);
    const seen = t.seen();
    assert.deepEqual(seen.map((s) => s.keys.join()), ['die-a,b', 'die-a,b']);
    assert.notEqual(seen[0].pid, seen[1].pid, 'a new process ran the retry');
    assert.match(t.batches()[0].message ?? '', /died|exit|killed|SIGKILL/i);
  });
});
