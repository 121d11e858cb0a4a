// The Kinesis data plane (SDK adapter, decoder, reader) against kinesalite, a real Kinesis API server started here.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  MergeShardsCommand,
  PutRecordCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SdkKinesisApi } from '../../src/aws/kinesisApi';
import type { KinesisStart } from '../../src/core/tail/kinesis/types';
import { eventLabelOf, isTtlExpiry } from '../../src/core/records/records';
import { systemClock } from '../../src/core/tail/clock';
import { changeRecordJson, startKinesisTail, type KinesisRun } from '../unit/core/tail/kinesis/kinesisFakes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require('kinesalite') as (options: Record<string, number>) => Server;

let server: Server;
let client: KinesisClient;
let api: SdkKinesisApi;
const runs: KinesisRun[] = [];

function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // the poll interval of a wait for a state
  }
}

async function waitActive(name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const out = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20)); // the poll interval of a wait for a state
  }
  throw new Error(`stream ${name} did not become ACTIVE`);
}

async function createStream(prefix: string, shards = 1): Promise<string> {
  const name = uniqueName(prefix);
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitActive(name);
  return name;
}

async function put(stream: string, data: string, partitionKey = 'pk'): Promise<string> {
  const out = await client.send(new PutRecordCommand({ StreamName: stream, Data: new TextEncoder().encode(data), PartitionKey: partitionKey }));
  return out.ShardId!;
}

/** The real Kinesis API, counting the GetRecords calls made through it. */
class CountingKinesisApi extends SdkKinesisApi {
  getRecordsCalls = 0;
  override getRecords(...args: Parameters<SdkKinesisApi['getRecords']>): ReturnType<SdkKinesisApi['getRecords']> {
    this.getRecordsCalls++;
    return super.getRecords(...args);
  }
}
const runApis = new Map<KinesisRun, CountingKinesisApi>();

function tail(streamName: string, start: KinesisStart): KinesisRun {
  const counting = new CountingKinesisApi(client);
  const run = startKinesisTail(counting, systemClock, { streamName, start, loopback: true });
  runs.push(run);
  runApis.set(run, counting);
  return run;
}

/**
 * Waits for three more GetRecords calls by the run. With one shard being read, the first was made after this point;
 * the reader may ask for the next page before delivering one with records, but it delivers a page before it awaits
 * the next one, so by the third call the first one's records are delivered: a record delivered late (or twice) would
 * be there. Counted, not timed.
 */
async function threeMoreCalls(run: KinesisRun): Promise<void> {
  const counting = runApis.get(run)!;
  const from = counting.getRecordsCalls;
  await waitFor('three more GetRecords calls', () => counting.getRecordsCalls >= from + 3);
}

/** Records r0 … r(n-1) each delivered once; for each [parent, child], the parent closed (read to its end) before
 * the child started, and no record of the parent came after that. */
function assertReadInLineageOrder(run: KinesisRun, n: number, pairs: [string, string][]): void {
  const got = run.delivered();
  assert.deepEqual(got.map((d) => d.record.eventID).sort(), Array.from({ length: n }, (_, i) => `r${i}`).sort(), 'every record exactly once');
  assert.ok(got.every((d) => !d.record.kinesis?.duplicate && !d.record.kinesis?.late));
  const shards = new Set(pairs.flat());
  assert.ok([...shards].every((id) => got.some((d) => d.shardId === id)), 'records came from every generation');
  const at = (shardId: string, status: string) => run.events.findIndex((e) => e.type === 'shard' && e.shardId === shardId && e.status === status);
  const lastRecordOf = (shardId: string) => run.events.reduce((last, e, i) => (e.type === 'records' && e.shardId === shardId ? i : last), -1);
  for (const [p, c] of pairs) {
    assert.ok(at(p, 'closed') >= 0 && at(p, 'closed') < at(c, 'reading'), `${p} closed before ${c} started`);
    assert.ok(lastRecordOf(p) < at(c, 'reading'), `${p}'s records all before ${c} started`);
  }
}

const running = (run: KinesisRun) => run.states().includes('running');
const ids = (run: KinesisRun) => run.records().map((r) => r.eventID ?? r.kinesis?.raw);

describe('Kinesis data plane on kinesalite', function () {
  this.timeout(60_000);

  before(async () => {
    server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
    api = new SdkKinesisApi(client);
  });

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      run.abort();
      await run.done;
    }
  });

  after(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('lists streams and the shards of one', async () => {
    const name = await createStream('list', 3);
    const streams = await api.listStreams();
    assert.ok(streams.some((s) => s.name === name), 'the new stream is listed');
    const shards = await api.listShards(name);
    assert.equal(shards.length, 3);
    assert.ok(shards.every((s) => s.ShardId && s.SequenceNumberRange?.StartingSequenceNumber));
  });

  it('decodes INSERT / MODIFY / REMOVE and a TTL delete; marks a record put twice as a duplicate; keeps other data raw', async () => {
    const name = await createStream('decode');
    const t = Date.now();
    const insert = changeRecordJson({ eventID: 'e1', eventName: 'INSERT', pk: 'order-1', timeMs: t, newImage: { pk: { S: 'order-1' }, total: { N: '12.50' }, blob: { B: 'AQID' } } });
    await put(name, insert);
    await put(name, changeRecordJson({ eventID: 'e2', eventName: 'MODIFY', pk: 'order-1', timeMs: t + 5, precision: 'MICROSECOND', oldImage: { pk: { S: 'order-1' }, total: { N: '12.50' } }, newImage: { pk: { S: 'order-1' }, total: { N: '99' } } }));
    await put(name, changeRecordJson({ eventID: 'e3', eventName: 'REMOVE', pk: 'order-1', timeMs: t + 10, oldImage: { pk: { S: 'order-1' } } }));
    await put(name, changeRecordJson({ eventID: 'e4', eventName: 'REMOVE', pk: 'order-2', timeMs: t + 20, precision: null, ttl: true, oldImage: { pk: { S: 'order-2' }, expiresAt: { N: '1700000000' } } }));
    await put(name, insert); // the destination delivered the first change again
    await put(name, 'plain text, not JSON');
    await put(name, JSON.stringify({ hello: 'world' }));

    const run = tail(name, { type: 'TRIM_HORIZON' });
    await waitFor('7 records', () => run.records().length >= 7);
    // One GetRecords batch: order-1's changes are put in creation-time order in the slots order-1 had (0, 1, 2, 4),
    // so the repeat follows the original; order-2 (slot 3) and the others keep their places.
    assert.deepEqual(ids(run), ['e1', 'e1', 'e2', 'e4', 'e3', 'plain text, not JSON', JSON.stringify({ hello: 'world' }, null, 2)]);
    const [ins, dup, mod, ttl, rem, text, other] = run.records();

    assert.equal(ins.eventName, 'INSERT');
    assert.deepEqual(ins.dynamodb?.Keys, { pk: { S: 'order-1' } });
    assert.equal(ins.dynamodb?.NewImage?.total.N, '12.50');
    assert.deepEqual([...(ins.dynamodb?.NewImage?.blob.B ?? [])], [1, 2, 3], 'binary comes back as bytes');
    assert.equal(ins.dynamodb?.ApproximateCreationDateTime?.getTime(), t);
    assert.equal((ins as Record<string, unknown>).tableName, undefined, 'no field outside the Streams model but `kinesis`');
    assert.equal(ins.kinesis?.duplicate, undefined);
    assert.equal(ins.kinesis?.shardId, 'shardId-000000000000');
    assert.match(ins.kinesis?.sequenceNumber ?? '', /^\d+$/);
    assert.equal(ins.kinesis?.partitionKey, 'pk');
    assert.ok(ins.kinesis?.arrivalMs && Math.abs(ins.kinesis.arrivalMs - Date.now()) < 60_000);

    assert.equal(mod.eventName, 'MODIFY');
    assert.equal(mod.dynamodb?.OldImage?.total.N, '12.50');
    assert.equal(mod.dynamodb?.NewImage?.total.N, '99');
    assert.equal(mod.dynamodb?.ApproximateCreationDateTime?.getTime(), t + 5, 'µs precision read as µs');

    assert.equal(rem.eventName, 'REMOVE');
    assert.equal(isTtlExpiry(rem), false);
    assert.deepEqual(ttl.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
    assert.equal(isTtlExpiry(ttl), true);
    assert.notEqual(eventLabelOf(ttl), eventLabelOf(rem), 'a TTL expiry is labelled as such');
    assert.equal(ttl.dynamodb?.ApproximateCreationDateTime?.getTime(), t + 20, 'no precision field: ms by magnitude');

    assert.equal(dup.kinesis?.duplicate, true);
    assert.equal(dup.kinesis?.late, undefined, 'same time as the original: not late');

    assert.equal(text.eventName, undefined);
    assert.equal(text.dynamodb, undefined);
    assert.equal(text.kinesis?.raw, 'plain text, not JSON');
    assert.equal(other.eventName, undefined);
    assert.equal(other.kinesis?.raw, JSON.stringify({ hello: 'world' }, null, 2));
  });

  it('change records that cannot be read are delivered marked unreadable, with the rest of their batch, and no error', async () => {
    const name = await createStream('unreadable');
    const t = Date.now();
    const good = (id: string, pk: string) => changeRecordJson({ eventID: id, eventName: 'INSERT', pk, timeMs: t, newImage: { pk: { S: pk } } });
    await put(name, good('g1', 'a'));
    await put(name, JSON.stringify({ eventID: 'b1', eventName: 'INSERT', dynamodb: { Keys: { pk: null } } }));
    await put(name, JSON.stringify({ eventID: 'b2', eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'b' } }, NewImage: { x: null } } }));
    await put(name, JSON.stringify({ eventID: 'b3', eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'c' } }, OldImage: { l: { L: [null] } } } }));
    await put(name, good('g2', 'd'));

    const run = tail(name, { type: 'TRIM_HORIZON' });
    await waitFor('5 records', () => run.records().length >= 5);
    const records = run.records();
    assert.deepEqual(records.map((r) => r.eventID ?? r.kinesis?.unreadable), [
      'g1',
      'Keys.pk is null, not an attribute value',
      'NewImage.x is null, not an attribute value',
      'OldImage.l[0] is null, not an attribute value',
      'g2',
    ]);
    assert.deepEqual(records.map((r) => eventLabelOf(r).split(' ')[0]), ['INSERT', 'UNREADABLE', 'UNREADABLE', 'UNREADABLE', 'INSERT']);
    assert.deepEqual(run.events.filter((e) => e.type === 'error'), [], 'no error, no retry');
  });

  it('LATEST sees only later writes; TRIM_HORIZON everything retained; AT_TIMESTAMP what arrived from that time', async () => {
    const name = await createStream('start');
    await put(name, changeRecordJson({ eventID: 'before', eventName: 'INSERT', pk: 'a', timeMs: Date.now() }));
    // A deliberate gap of time, not a wait for a state (the subject is a timestamp): AT_TIMESTAMP's time reaches
    // kinesalite in whole seconds, so 'before' and 'after' arrive more than a second either side of it.
    await new Promise((r) => setTimeout(r, 1100));
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 1100));
    const latest = tail(name, { type: 'LATEST' });
    await waitFor('LATEST running', () => running(latest));
    await put(name, changeRecordJson({ eventID: 'after', eventName: 'INSERT', pk: 'b', timeMs: Date.now() }));

    const horizon = tail(name, { type: 'TRIM_HORIZON' });
    const atTime = tail(name, { type: 'AT_TIMESTAMP', timestampMs: since });
    await waitFor('every tail read "after"', () => [latest, horizon, atTime].every((r) => ids(r).includes('after')));
    await Promise.all([latest, horizon, atTime].map(threeMoreCalls)); // a record delivered late would be there
    assert.deepEqual(ids(latest), ['after']);
    assert.deepEqual(ids(horizon), ['before', 'after']);
    assert.deepEqual(ids(atTime), ['after']);
  });

  it('SplitShard and MergeShards mid-tail: every record exactly once, parents read to their end before children', async () => {
    const name = await createStream('reshard');
    const run = tail(name, { type: 'TRIM_HORIZON' });
    await waitFor('running', () => running(run));
    let n = 0;
    const writeSome = async (count: number) => {
      for (let i = 0; i < count; i++, n++) {
        await put(name, changeRecordJson({ eventID: `r${n}`, eventName: 'INSERT', pk: `k${n}`, timeMs: Date.now() }), `partition-${n}`);
      }
    };
    await writeSome(30);
    const [parent] = await api.listShards(name);
    await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: parent.ShardId!, NewStartingHashKey: (2n ** 127n).toString() }));
    await waitActive(name);
    await writeSome(30);
    const children = (await api.listShards(name)).filter((s) => s.ParentShardId === parent.ShardId).map((s) => s.ShardId!).sort();
    assert.equal(children.length, 2);
    await client.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: children[0], AdjacentShardToMerge: children[1] }));
    await waitActive(name);
    await writeSome(30);
    const listing = await api.listShards(name);
    const merged = listing.find((s) => s.ParentShardId === children[0] && s.AdjacentParentShardId === children[1]);
    assert.ok(merged?.ShardId, 'the merge made a child with both parents');

    // A second tail started now lists all three generations at once: only the lineage keeps children waiting.
    const late = tail(name, { type: 'TRIM_HORIZON' });
    for (const r of [run, late]) {
      await waitFor('all 90 records', () => r.records().length >= n, 30_000);
      await threeMoreCalls(r); // only the merged shard is open now: a late or repeated record would be there
      assertReadInLineageOrder(r, n, [[parent.ShardId!, children[0]], [parent.ShardId!, children[1]], [children[0], merged.ShardId], [children[1], merged.ShardId]]);
    }
  });

  it('a missing stream stops the tail with a message naming the setting', async () => {
    const run = tail('no-such-stream', { type: 'LATEST' });
    await run.done;
    const errors = run.events.filter((e) => e.type === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].type === 'error' ? errors[0].message : '', /no-such-stream was not found.*kinesisEndpoint/);
    assert.deepEqual(run.states(), ['starting', 'stopped']);
  });
});
