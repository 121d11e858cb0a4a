// The stream reader against real DynamoDB Local (one shard per stream there; splits are covered by the unit tests).
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { STOP_REASONS } from '../../src/core/tail/dynamodb/reader';
import { systemClock } from '../../src/core/tail/clock';
import { startTail as startTailRun } from '../unit/core/tail/fakes';
import type { StreamRecord } from '../../src/core/records/model';
import type { StreamStart as StartPosition } from '../../src/core/tail/types';
import { localClients } from './setup';

const tables: string[] = [];
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;

function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function createStreamTable(prefix: string): Promise<{ table: string; streamArn: string }> {
  const table = uniqueName(prefix);
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
  const streamArn = out.TableDescription?.LatestStreamArn;
  assert.ok(streamArn, 'the table has a stream');
  return { table, streamArn };
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // the poll interval of a wait for a state
  }
}

/** The real Streams API, counting the GetRecords calls made through it. */
class CountingStreamsApi extends SdkStreamsApi {
  getRecordsCalls = 0;
  override getRecords(...args: Parameters<SdkStreamsApi['getRecords']>): ReturnType<SdkStreamsApi['getRecords']> {
    this.getRecordsCalls++;
    return super.getRecords(...args);
  }
}

/** A real-time tail run (the unit tests' collector, on the system clock) plus the records in delivery order. */
function startTail(streamArn: string, start: StartPosition, extra: { checkpoints?: Record<string, string>; api?: SdkStreamsApi } = {}) {
  const api = extra.api ?? new CountingStreamsApi(streams);
  const run = startTailRun(api, systemClock, { streamArn, start, loopback: true, checkpoints: extra.checkpoints });
  const calls = () => (api instanceof CountingStreamsApi ? api.getRecordsCalls : 0);
  return {
    ...run,
    records: (): StreamRecord[] => run.delivered().map((d) => d.record),
    reading: () => run.events.some((e) => e.type === 'shard' && e.status === 'reading'),
    getRecordsCalls: calls,
    /**
     * Waits for two more GetRecords calls. DynamoDB Local streams have one shard and the reader delivers an answer's
     * records before it calls again: the first of the two was made after this point and its records are delivered,
     * so a late duplicate or replay would be there. Counted, not timed.
     */
    twoMoreCalls: () => {
      const from = calls();
      return waitFor('two more GetRecords calls', () => calls() >= from + 2);
    },
  };
}

const keyOf = (r: StreamRecord) => r.dynamodb?.Keys?.pk?.S ?? '?';
const counterOf = (r: StreamRecord) => Number(r.dynamodb?.NewImage?.n?.N);

/** Writes `rounds` versions of each key: in round v every key gets n = v (BatchWriteItem, 25 items a batch, in parallel). */
async function burst(table: string, keys: number, rounds: number, startAt = 1): Promise<number> {
  let writes = 0;
  for (let v = startAt; v < startAt + rounds; v++) {
    const items = Array.from({ length: keys }, (_, k) => ({ PutRequest: { Item: { pk: { S: `key-${String(k).padStart(3, '0')}` }, n: { N: String(v) }, pad: { S: 'x'.repeat(40) } } } }));
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    await Promise.all(
      batches.map(async (batch) => {
        let pending: typeof batch | undefined = batch;
        while (pending && pending.length) {
          const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = out.UnprocessedItems?.[table] as typeof batch | undefined;
        }
      }),
    );
    writes += keys;
  }
  return writes;
}

describe('stream reader on DynamoDB Local', function () {
  this.timeout(90_000);

  before(() => {
    ({ dynamodb, streams } = localClients());
  });

  after(async () => {
    for (const table of tables) await dynamodb.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  });

  it('delivers a burst of 5,000 writes to 100 keys exactly once, each key in write order', async () => {
    const { table, streamArn } = await createStreamTable('burst');
    const tail = startTail(streamArn, 'LATEST');
    await waitFor('the shard to be read', tail.reading);
    const started = Date.now();
    const writes = await burst(table, 100, 50);
    assert.equal(writes, 5_000);
    await waitFor('5,000 records', () => tail.records().length >= 5_000, 60_000);
    await tail.twoMoreCalls(); // anything extra (a duplicate) would have arrived by then
    const records = tail.records();
    const seconds = (Date.now() - started) / 1000;

    assert.equal(records.length, 5_000, 'no duplicate and no extra record');
    assert.equal(new Set(records.map((r) => r.dynamodb?.SequenceNumber)).size, 5_000, 'sequence numbers are unique');
    const byKey = new Map<string, number[]>();
    for (const r of records) {
      const list = byKey.get(keyOf(r)) ?? [];
      list.push(counterOf(r));
      byKey.set(keyOf(r), list);
    }
    assert.equal(byKey.size, 100);
    const expected = Array.from({ length: 50 }, (_, i) => i + 1).join(',');
    for (const [key, counters] of byKey) assert.equal(counters.join(','), expected, `key ${key}`);
    const seqs = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    assert.ok(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), 'one shard: strictly increasing sequence numbers');
    assert.equal(records[0].eventName, 'INSERT');

    tail.abort();
    await tail.done;
    assert.equal(tail.stopReason(), STOP_REASONS.aborted);
    const stats = tail.events.filter((e) => e.type === 'stats').at(-1);
    assert.ok(stats?.type === 'stats' && stats.stats.totalRecords === 5_000);
    console.log(`      burst: 5,000 writes delivered in ${seconds.toFixed(1)} s`);
  });

  it('LATEST sees only what is written after it started; TRIM_HORIZON also sees what came before', async () => {
    const { table, streamArn } = await createStreamTable('latest');
    const put = (pk: string) => dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    for (let i = 0; i < 10; i++) await put(`before-${i}`);
    const latest = startTail(streamArn, 'LATEST');
    await waitFor('the LATEST tail to read its shard', latest.reading);
    for (let i = 0; i < 10; i++) await put(`after-${i}`);
    await waitFor('10 records on the LATEST tail', () => latest.records().length >= 10);

    const horizon = startTail(streamArn, 'TRIM_HORIZON');
    await waitFor('20 records on the TRIM_HORIZON tail', () => horizon.records().length >= 20);
    await Promise.all([latest.twoMoreCalls(), horizon.twoMoreCalls()]);

    assert.deepEqual(latest.records().map(keyOf), Array.from({ length: 10 }, (_, i) => `after-${i}`));
    assert.deepEqual(horizon.records().map(keyOf), [...Array.from({ length: 10 }, (_, i) => `before-${i}`), ...Array.from({ length: 10 }, (_, i) => `after-${i}`)]);
    for (const t of [latest, horizon]) {
      assert.deepEqual(t.states().slice(0, 2), ['starting', 'running']);
      t.abort();
    }
    await Promise.all([latest.done, horizon.done]);
    assert.ok(latest.finished() && horizon.finished());
  });

  it('LATEST tails of 3 tables written in interleaved order: no false "trimmed" gap, no replay, each later record once', async () => {
    // DynamoDB Local numbers the records of every table from one counter: a LATEST iterator taken on an empty shard
    // answers TrimmedDataAccessException once other tables were written first. Nothing is lost there.
    const made = [await createStreamTable('quirk-a'), await createStreamTable('quirk-b'), await createStreamTable('quirk-c')];
    const put = (table: string, pk: string) => dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    await put(made[0].table, 'before-0'); // one shard holds an older record, the other two are empty at the start
    const tails = made.map((m) => startTail(m.streamArn, 'LATEST'));
    await waitFor('every tail to read its shard', () => tails.every((t) => t.reading()));
    await Promise.all(tails.map((t) => t.twoMoreCalls())); // a few empty GetRecords on each LATEST iterator first
    for (let round = 0; round < 4; round++) {
      for (let i = made.length - 1; i >= 0; i--) await put(made[i].table, `after-${round}`);
    }
    await waitFor('4 records on every tail', () => tails.every((t) => t.records().length >= 4));
    await Promise.all(tails.map((t) => t.twoMoreCalls())); // a replay or duplicate would have arrived by then
    for (const [i, t] of tails.entries()) {
      assert.deepEqual(t.records().map(keyOf), ['after-0', 'after-1', 'after-2', 'after-3'], `table ${i}`);
      assert.deepEqual(t.events.filter((e) => e.type === 'gap' || e.type === 'error'), [], `table ${i}: no gap notice, no error`);
      t.abort();
    }
    await Promise.all(tails.map((t) => t.done));
  });

  it('resumes from a checkpoint (AFTER_SEQUENCE_NUMBER) without repeating or losing records', async () => {
    const { table, streamArn } = await createStreamTable('checkpoint');
    const put = (pk: string) => dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    for (let i = 0; i < 6; i++) await put(`first-${i}`);
    const first = startTail(streamArn, 'TRIM_HORIZON');
    await waitFor('6 records', () => first.records().length >= 6);
    first.abort();
    await first.done;
    const shardId = first.events.find((e) => e.type === 'records')!;
    assert.ok(shardId.type === 'records');
    const checkpoint = first.records().at(-1)!.dynamodb!.SequenceNumber!;
    for (let i = 0; i < 4; i++) await put(`second-${i}`);

    const resumed = startTail(streamArn, 'TRIM_HORIZON', { checkpoints: { [shardId.shardId]: checkpoint } });
    await waitFor('4 records', () => resumed.records().length >= 4);
    await resumed.twoMoreCalls(); // a repeated record would have arrived by then
    assert.deepEqual(resumed.records().map(keyOf), ['second-0', 'second-1', 'second-2', 'second-3']);
    resumed.abort();
    await resumed.done;
  });

  it('stream disabled mid-tail: drains the records written before, then stops with "Stream disabled"', async () => {
    const { table, streamArn } = await createStreamTable('disable');
    const put = (pk: string) => dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    const tail = startTail(streamArn, 'TRIM_HORIZON');
    for (let i = 0; i < 5; i++) await put(`a-${i}`);
    await waitFor('5 records', () => tail.records().length >= 5);
    for (let i = 0; i < 5; i++) await put(`b-${i}`);
    await dynamodb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    await put('after-disable');

    await waitFor('the tail to stop', tail.finished, 15_000);
    assert.deepEqual(tail.records().map(keyOf), [...Array.from({ length: 5 }, (_, i) => `a-${i}`), ...Array.from({ length: 5 }, (_, i) => `b-${i}`)]);
    assert.equal(tail.stopReason(), STOP_REASONS.disabled);
    assert.ok(!tail.events.some((e) => e.type === 'error'), 'no error, a clear stop');
    assert.ok(tail.events.some((e) => e.type === 'shard' && e.status === 'closed'));
  });

  it('a disabled (previous) stream tailed at LATEST, the default: delivers the records it retains, then stops', async () => {
    const { table, streamArn } = await createStreamTable('previous');
    const put = (pk: string) => dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, n: { N: '1' } } }));
    for (let i = 0; i < 5; i++) await put(`kept-${i}`);
    await dynamodb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    await put('after-disable');

    const tail = startTail(streamArn, 'LATEST');
    await waitFor('the tail to stop', tail.finished, 15_000);
    assert.deepEqual(tail.records().map(keyOf), Array.from({ length: 5 }, (_, i) => `kept-${i}`));
    assert.equal(tail.stopReason(), STOP_REASONS.disabled);
    assert.ok(!tail.events.some((e) => e.type === 'error' || e.type === 'gap'), 'no error, no gap: the records and a clear stop');
  });

  it('table deleted mid-tail: stops with a clear reason', async () => {
    const { table, streamArn } = await createStreamTable('delete');
    const tail = startTail(streamArn, 'LATEST');
    await waitFor('the shard to be read', tail.reading);
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'x' }, n: { N: '1' } } }));
    await waitFor('1 record', () => tail.records().length >= 1);
    await dynamodb.send(new DeleteTableCommand({ TableName: table }));

    await waitFor('the tail to stop', tail.finished, 15_000);
    assert.equal(tail.states().at(-1), 'stopped');
    // DynamoDB Local keeps the stream of a deleted table as DISABLED (AWS may answer ResourceNotFound instead).
    assert.ok([STOP_REASONS.disabled, STOP_REASONS.gone].includes(tail.stopReason() as never), `reason: ${tail.stopReason()}`);
    assert.match(tail.stopReason()!, /table (was )?deleted/);
    assert.equal(tail.records().length, 1);
  });

  it('an unreachable endpoint is a connection problem: reconnecting, then stops cleanly on abort', async () => {
    const { streamArn } = await createStreamTable('unreachable');
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const dead = new DynamoDBStreamsClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const tail = startTail(streamArn, 'LATEST', { api: new SdkStreamsApi(dead) });
    await waitFor('reconnecting', () => tail.states().includes('reconnecting'), 10_000);
    const reconnecting = tail.events.find((e) => e.type === 'state' && e.state === 'reconnecting');
    assert.ok(reconnecting?.type === 'state' && /ECONNREFUSED|connect/i.test(reconnecting.reason ?? ''), `reason: ${reconnecting?.type === 'state' ? reconnecting.reason : ''}`);
    tail.abort();
    await tail.done;
    assert.equal(tail.stopReason(), STOP_REASONS.aborted);
    dead.destroy();
  });
});
