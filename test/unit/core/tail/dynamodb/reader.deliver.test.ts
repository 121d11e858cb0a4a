// The reader's awaited delivery (TailOptions.deliver), which the local trigger uses to block a shard while a batch is
// retried: the next GetRecords waits for the consumer, iterators stay fresh while it blocks, a shard's end is awaited
// before its children start, a failing consumer stops the tail — synthetic stream (DynamoDB Local cannot expire
// iterators or be driven in virtual time).
import assert from 'node:assert/strict';
import { ITERATOR_REFRESH_MS } from '../../../../../src/core/tail/dynamodb/reader';
import type { StreamRecord } from '../../../../../src/core/records/model';
import { FakeClock, SyntheticStream, startTail } from '../fakes';

interface Handed {
  shardId: string;
  seqs: string[];
  last: boolean;
  at: number;
}

/** A consumer that holds each delivery until released (when `holding`), recording what it was handed. */
function consumer(clock: FakeClock) {
  const handed: Handed[] = [];
  const pending: (() => void)[] = [];
  const state = { holding: false, fail: undefined as Error | undefined };
  const deliver = (shardId: string, records: StreamRecord[], last: boolean): Promise<void> => {
    handed.push({ shardId, seqs: records.map((r) => r.dynamodb!.SequenceNumber!), last, at: clock.now() });
    if (state.fail) return Promise.reject(state.fail);
    if (!state.holding) return Promise.resolve();
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const releaseAll = () => pending.splice(0).forEach((r) => r());
  const seqs = () => handed.flatMap((h) => h.seqs);
  return { handed, deliver, state, releaseAll, seqs, pending };
}

function setup() {
  const clock = new FakeClock();
  clock.random = () => 0.5;
  const stream = new SyntheticStream(clock);
  stream.addShard('S');
  return { clock, stream };
}

const getRecordsCalls = (stream: SyntheticStream, shardId = 'S') => stream.calls.filter((c) => c.op === 'getRecords' && c.shardId === shardId).length;

describe('readStream awaited delivery — synthetic stream', () => {
  it('hands records over instead of emitting them, in order, once; the next GetRecords waits for the consumer', async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    c.state.holding = true;
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    for (let i = 0; i < 5; i++) stream.put('S', `k${i}`);
    await clock.runUntil(() => c.handed.length === 1);
    const callsWhileBlocked = getRecordsCalls(stream);
    for (let i = 0; i < 5; i++) stream.put('S', `k${i}`);
    await clock.advance(5 * 60_000);
    assert.equal(getRecordsCalls(stream), callsWhileBlocked, 'no GetRecords while the consumer holds the delivery');
    assert.equal(c.handed.length, 1);
    c.releaseAll();
    await clock.runUntil(() => c.seqs().length === 10);
    c.releaseAll();
    assert.deepEqual(c.seqs(), stream.written.map((r) => r.dynamodb!.SequenceNumber));
    assert.equal(run.delivered().length, 0, 'no records events with an awaited delivery');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('blocked longer than the refresh time: a fresh iterator after the last record handed over, no ExpiredIteratorException', async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    c.state.holding = true;
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    for (let i = 0; i < 3; i++) stream.put('S', `k${i}`);
    await clock.runUntil(() => c.handed.length === 1);
    await clock.advance(ITERATOR_REFRESH_MS + 1_000);
    stream.expireIterators(); // what 15 minutes do to an iterator
    stream.put('S', 'later');
    c.state.holding = false;
    c.releaseAll();
    await clock.runUntil(() => c.seqs().length === 4);
    const iterators = stream.calls.filter((x) => x.op === 'getShardIterator').map((x) => ({ type: x.type, seq: x.seq }));
    assert.deepEqual(iterators, [
      { type: 'TRIM_HORIZON', seq: undefined },
      { type: 'AFTER_SEQUENCE_NUMBER', seq: stream.written[2].dynamodb!.SequenceNumber },
    ]);
    assert.ok(!stream.calls.some((x) => x.error === 'ExpiredIteratorException'));
    assert.deepEqual(c.seqs(), stream.written.map((r) => r.dynamodb!.SequenceNumber));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('an iterator that expires during a shorter block is reopened after the last record handed over', async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    c.state.holding = true;
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    for (let i = 0; i < 3; i++) stream.put('S', `k${i}`);
    await clock.runUntil(() => c.handed.length === 1);
    await clock.advance(60_000);
    stream.expireIterators();
    stream.put('S', 'later');
    c.state.holding = false;
    c.releaseAll();
    await clock.runUntil(() => c.seqs().length === 4);
    assert.ok(stream.calls.some((x) => x.error === 'ExpiredIteratorException'));
    assert.deepEqual(c.seqs(), stream.written.map((r) => r.dynamodb!.SequenceNumber), 'nothing lost or repeated');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it("a shard's end is handed over and awaited before its children are read", async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    stream.put('S', 'a');
    await clock.runUntil(() => c.seqs().length === 1);
    c.state.holding = true;
    stream.put('S', 'b');
    stream.split('S', ['C']);
    stream.put('C', 'c');
    await clock.runUntil(() => c.handed.some((h) => h.last));
    const end = c.handed.find((h) => h.last)!;
    assert.equal(end.shardId, 'S');
    await clock.advance(30_000);
    assert.equal(stream.calls.filter((x) => x.shardId === 'C').length, 0, 'the child waits for the parent to be done');
    c.state.holding = false;
    c.releaseAll();
    await clock.runUntil(() => c.seqs().length === 3);
    assert.deepEqual(c.seqs(), stream.written.map((r) => r.dynamodb!.SequenceNumber));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a consumer that rejects stops the tail with a fatal error naming the shard', async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    c.state.fail = new Error('disk full');
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    stream.put('S', 'a');
    await clock.runUntil(run.finished);
    const fatal = run.events.find((e) => e.type === 'error' && e.fatal);
    assert.ok(fatal && fatal.type === 'error');
    assert.match(fatal.message, /could not take 1 record of shard S.*disk full/);
  });

  it('stopping while the consumer blocks ends the tail at once', async () => {
    const { clock, stream } = setup();
    const c = consumer(clock);
    c.state.holding = true;
    const run = startTail(stream, clock, { streamArn: stream.arn, deliver: c.deliver });
    stream.put('S', 'a');
    await clock.runUntil(() => c.handed.length === 1);
    run.abort();
    await clock.runUntil(run.finished, 1_000);
    assert.equal(run.stopReason(), 'Tail stopped');
  });
});
