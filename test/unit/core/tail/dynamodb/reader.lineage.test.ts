import assert from 'node:assert/strict';
import type { TailEvent } from '../../../../../src/core/tail/types';
import { CallLog, FakeClock, SyntheticStream, TailRun, assertExactlyOnce, startTail } from '../fakes';

/** Index of the call in which GetRecords told the reader that the shard ended. */
function endCall(stream: SyntheticStream, shardId: string): CallLog {
  const c = stream.calls.find((x) => x.op === 'getRecords' && x.shardId === shardId && x.ended);
  assert.ok(c, `shard ${shardId} was never read to its end`);
  return c;
}

function firstCall(stream: SyntheticStream, shardId: string): CallLog | undefined {
  return stream.calls.find((x) => x.shardId === shardId);
}

function eventIndex(run: TailRun, pred: (e: TailEvent) => boolean): number {
  return run.events.findIndex(pred);
}

/** Asserts a child shard was not touched before its parent ended, and its records came after all the parent's. */
function assertParentFirst(stream: SyntheticStream, run: TailRun, parent: string, child: string): void {
  const end = endCall(stream, parent);
  const first = firstCall(stream, child);
  assert.ok(first, `child ${child} never read`);
  assert.ok(first.n > end.n, `child ${child} was read (call ${first.n}) before parent ${parent} ended (call ${end.n})`);
  const closedAt = eventIndex(run, (e) => e.type === 'shard' && e.shardId === parent && e.status === 'closed');
  const readingAt = eventIndex(run, (e) => e.type === 'shard' && e.shardId === child && e.status === 'reading');
  assert.ok(closedAt >= 0 && readingAt > closedAt, `${child} reading (event ${readingAt}) before ${parent} closed (event ${closedAt})`);
  const lastParentRecords = run.events.map((e, i) => (e.type === 'records' && e.shardId === parent ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  const firstChildRecords = eventIndex(run, (e) => e.type === 'records' && e.shardId === child);
  if (firstChildRecords >= 0) assert.ok(firstChildRecords > lastParentRecords, `${child} records delivered before ${parent}'s last records`);
}

/** Writes `rounds` versions of each key into the open shard owning it (shards own ranges of key numbers). */
function writeKeys(stream: SyntheticStream, owners: { id: string; from: number; to: number }[], keys: number, rounds: number): void {
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < keys; k++) {
      const owner = owners.find((o) => k >= o.from && k <= o.to);
      assert.ok(owner, `no owner for key ${k}`);
      stream.put(owner.id, `k${k}`);
    }
  }
}

describe('readStream lineage — synthetic stream (DynamoDB Local cannot split shards)', () => {
  it('reads a 4-generation split forest parent-first, every record exactly once and in per-key order', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('g0');
    writeKeys(stream, [{ id: 'g0', from: 0, to: 11 }], 12, 5);
    stream.split('g0', ['g1a', 'g1b']);
    writeKeys(stream, [{ id: 'g1a', from: 0, to: 5 }, { id: 'g1b', from: 6, to: 11 }], 12, 5);
    stream.split('g1a', ['g2a', 'g2b']);
    stream.split('g1b', ['g2c', 'g2d']);
    const gen2 = [
      { id: 'g2a', from: 0, to: 2 },
      { id: 'g2b', from: 3, to: 5 },
      { id: 'g2c', from: 6, to: 8 },
      { id: 'g2d', from: 9, to: 11 },
    ];
    writeKeys(stream, gen2, 12, 5);
    stream.split('g2a', ['g3a', 'g3b']);
    const gen3 = [{ id: 'g3a', from: 0, to: 1 }, { id: 'g3b', from: 2, to: 2 }, ...gen2.slice(1)];
    writeKeys(stream, gen3, 12, 5);

    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === stream.written.length, 60_000);
    assertExactlyOnce(run, stream.written);

    for (const [parent, child] of [
      ['g0', 'g1a'], ['g0', 'g1b'], ['g1a', 'g2a'], ['g1a', 'g2b'], ['g1b', 'g2c'], ['g1b', 'g2d'], ['g2a', 'g3a'], ['g2a', 'g3b'],
    ]) assertParentFirst(stream, run, parent, child);
    const waiting = run.events.filter((e) => e.type === 'shard' && e.status === 'waiting-parent').map((e) => (e as { shardId: string }).shardId);
    assert.deepEqual(waiting.sort(), ['g1a', 'g1b', 'g2a', 'g2b', 'g2c', 'g2d', 'g3a', 'g3b']);

    // Closed shards read to their end are never polled again; open leaves keep being polled.
    const before = stream.calls.length;
    await clock.advance(20_000);
    const later = stream.calls.slice(before).filter((c) => c.op === 'getRecords');
    for (const closed of ['g0', 'g1a', 'g1b', 'g2a']) assert.equal(later.filter((c) => c.shardId === closed).length, 0, `${closed} polled again`);
    for (const open of ['g3a', 'g3b', 'g2b', 'g2c', 'g2d']) assert.ok(later.filter((c) => c.shardId === open).length >= 40, `${open} not polled`);
    // One reader per shard: exactly one iterator was requested per shard in a fault-free run.
    for (const id of stream.shardIds) assert.equal(stream.calls.filter((c) => c.op === 'getShardIterator' && c.shardId === id).length, 1, id);

    run.abort();
    await clock.runUntil(run.finished);
    assert.equal(clock.pending, 0);
  });

  it('pages DescribeStream (100 shards a page) over 240 shards, children listed pages before their parents', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.listOrder = 'reverse';
    for (let i = 0; i < 120; i++) {
      const p = `p${String(i).padStart(3, '0')}`;
      stream.addShard(p);
      stream.put(p, `key${i}`);
    }
    for (let i = 0; i < 120; i++) {
      const p = `p${String(i).padStart(3, '0')}`;
      stream.split(p, [`c${p}`]);
      stream.put(`c${p}`, `key${i}`);
    }
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 240, 60_000);
    assertExactlyOnce(run, stream.written);

    const firstDescribe = stream.calls.filter((c) => c.op === 'describeStream').slice(0, 3);
    assert.deepEqual(firstDescribe.map((c) => c.exclusiveStartShardId), [undefined, 'cp020', 'p040'], 'three pages, each starting after the last shard of the previous one');
    for (let i = 0; i < 120; i += 17) {
      const p = `p${String(i).padStart(3, '0')}`;
      assertParentFirst(stream, run, p, `c${p}`);
    }
    await clock.advance(1_000);
    const stats = run.events.filter((e) => e.type === 'stats').at(-1);
    assert.ok(stats && stats.type === 'stats');
    assert.equal(stats.stats.totalRecords, 240);
    assert.equal(stats.stats.shardsOpen, 120);
    assert.equal(stats.stats.shardsClosed, 120);
    assert.equal(stats.stats.shardsActive, 120);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('picks up child shards that appear mid-tail (re-describes as soon as the parent ends) and starts them at TRIM_HORIZON', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('root');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.events.some((e) => e.type === 'shard' && e.shardId === 'root' && e.status === 'reading'));
    for (let i = 0; i < 10; i++) stream.put('root', `k${i % 4}`);
    await clock.runUntil(() => run.delivered().length === 10);

    await clock.advance(3_000); // the next periodic describe is ~7 s away
    stream.split('root', ['left', 'right']);
    for (let i = 0; i < 10; i++) stream.put(i % 4 < 2 ? 'left' : 'right', `k${i % 4}`);
    await clock.runUntil(() => run.delivered().length === 20, 30_000);
    const end = endCall(stream, 'root');
    const redescribe = stream.calls.find((c) => c.op === 'describeStream' && c.n > end.n);
    assert.ok(redescribe && redescribe.at - end.at < 100, 'the stream is re-described right after a shard closes');
    for (const child of ['left', 'right']) {
      assert.equal(stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === child)?.type, 'TRIM_HORIZON');
      assertParentFirst(stream, run, 'root', child);
    }

    // A third generation, discovered by the periodic describe this time (the parent is still open when it runs).
    stream.split('left', ['left-a', 'left-b']);
    stream.put('left-a', 'k0');
    stream.put('left-b', 'k1');
    stream.put('right', 'k2');
    await clock.runUntil(() => run.delivered().length === 23, 30_000);
    assertExactlyOnce(run, stream.written);
    assertParentFirst(stream, run, 'left', 'left-a');
    assertParentFirst(stream, run, 'left', 'left-b');
    run.abort();
    await clock.runUntil(run.finished);
    assert.equal(clock.pending, 0);
  });

  it('LATEST: skips closed shards and old records, reads open shards from the tip and later children from TRIM_HORIZON', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('old');
    for (let i = 0; i < 5; i++) stream.put('old', 'a');
    stream.split('old', ['child']);
    for (let i = 0; i < 5; i++) stream.put('child', 'a');
    stream.addShard('solo');
    for (let i = 0; i < 5; i++) stream.put('solo', 'b');
    const before = stream.written.length;

    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    const reading = (id: string) => run.events.some((e) => e.type === 'shard' && e.shardId === id && e.status === 'reading');
    await clock.runUntil(() => reading('child') && reading('solo'));
    await clock.advance(2_000);
    assert.equal(run.delivered().length, 0, 'nothing written before the start is delivered');
    assert.equal(stream.calls.filter((c) => c.shardId === 'old').length, 0, 'a closed shard present at a LATEST start is not read');
    assert.ok(run.events.some((e) => e.type === 'shard' && e.shardId === 'old' && e.status === 'closed'));
    for (const id of ['child', 'solo']) assert.equal(stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === id)?.type, 'LATEST');

    for (let i = 0; i < 3; i++) {
      stream.put('child', 'a');
      stream.put('solo', 'b');
    }
    await clock.runUntil(() => run.delivered().length === 6);
    stream.split('solo', ['solo-1']);
    stream.put('solo-1', 'b');
    stream.put('solo-1', 'b');
    await clock.runUntil(() => run.delivered().length === 8, 30_000);
    assert.equal(stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === 'solo-1')?.type, 'TRIM_HORIZON');
    assertExactlyOnce(run, stream.written.slice(before));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it("LATEST: reports 'running' only once every open shard holds its iterator, so later writes are never missed", async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('a');
    stream.addShard('b');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    const runningAt = run.events.findIndex((e) => e.type === 'state' && e.state === 'running');
    for (const id of ['a', 'b']) {
      const readingAt = run.events.findIndex((e) => e.type === 'shard' && e.shardId === id && e.status === 'reading');
      assert.ok(readingAt >= 0 && readingAt < runningAt, `shard ${id} got its iterator (event ${readingAt}) before 'running' (event ${runningAt})`);
    }
    stream.put('a', 'x');
    stream.put('b', 'y');
    await clock.runUntil(() => run.delivered().length === 2);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('TRIM_HORIZON: reads everything retained, closed parents before their children', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('old');
    for (let i = 0; i < 5; i++) stream.put('old', 'a');
    stream.split('old', ['child']);
    for (let i = 0; i < 5; i++) stream.put('child', 'a');
    stream.addShard('solo');
    for (let i = 0; i < 5; i++) stream.put('solo', 'b');
    stream.trim('solo', 2); // retention: the trim horizon is after the first two records
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 13);
    assertExactlyOnce(run, stream.written.filter((r) => !stream.shard('solo').records.slice(0, 2).includes(r)));
    assertParentFirst(stream, run, 'old', 'child');
    for (const id of ['old', 'child', 'solo']) assert.equal(stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === id)?.type, 'TRIM_HORIZON');
    assert.ok(!run.events.some((e) => e.type === 'gap'), 'starting at the trim horizon is not a gap');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('starts a child whose parent is no longer listed (trimmed) right away', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('gone-parent');
    stream.split('gone-parent', ['orphan']);
    stream.removeShard('gone-parent');
    stream.put('orphan', 'x');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 1);
    assert.ok(!run.events.some((e) => e.type === 'shard' && e.status === 'waiting-parent'));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('resumes from checkpoints: AFTER_SEQUENCE_NUMBER per shard; ancestors of a checkpointed shard are not re-read', async () => {
    const build = () => {
      const clock = new FakeClock();
      const stream = new SyntheticStream(clock);
      stream.addShard('P');
      for (let i = 0; i < 10; i++) stream.put('P', 'k');
      stream.split('P', ['C']);
      for (let i = 0; i < 10; i++) stream.put('C', 'k');
      return { clock, stream, P: stream.shard('P').records, C: stream.shard('C').records };
    };
    {
      const { clock, stream, C } = build();
      const checkpoint = C[3].dynamodb!.SequenceNumber!;
      const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON', checkpoints: { C: checkpoint } });
      await clock.runUntil(() => run.delivered().length === 6);
      await clock.advance(1_000);
      assertExactlyOnce(run, C.slice(4));
      assert.equal(stream.calls.filter((c) => c.shardId === 'P').length, 0, 'the parent of a checkpointed shard was read before it');
      const it = stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === 'C');
      assert.deepEqual([it?.type, it?.seq], ['AFTER_SEQUENCE_NUMBER', checkpoint]);
      run.abort();
      await clock.runUntil(run.finished);
    }
    {
      const { clock, stream, P, C } = build();
      const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', checkpoints: { P: P[6].dynamodb!.SequenceNumber! } });
      await clock.runUntil(() => run.delivered().length === 13);
      assertExactlyOnce(run, [...P.slice(7), ...C]);
      assertParentFirst(stream, run, 'P', 'C');
      assert.equal(stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === 'C')?.type, 'TRIM_HORIZON', 'child of a resumed parent starts at its beginning');
      run.abort();
      await clock.runUntil(run.finished);
    }
  });

  it('onlyShardId tails that shard only', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('A');
    stream.addShard('B');
    stream.addShard('C');
    for (const id of ['A', 'B', 'C']) for (let i = 0; i < 3; i++) stream.put(id, `${id}-key`);
    stream.split('C', ['D']);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON', onlyShardId: 'B' });
    await clock.runUntil(() => run.delivered().length === 3);
    stream.put('A', 'A-key');
    stream.put('B', 'B-key');
    stream.put('D', 'C-key');
    await clock.runUntil(() => run.delivered().length === 4);
    await clock.advance(5_000);
    assertExactlyOnce(run, [...stream.shard('B').records]);
    assert.deepEqual([...new Set(stream.calls.filter((c) => c.shardId).map((c) => c.shardId))], ['B']);
    await clock.advance(1_000);
    const stats = run.events.filter((e) => e.type === 'stats').at(-1);
    assert.ok(stats?.type === 'stats' && stats.stats.shardsOpen === 1 && stats.stats.shardsClosed === 0);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('onlyShardId on a closed shard reads what it holds and stops; an unknown shard stops with a reason', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('C');
    stream.put('C', 'k');
    stream.put('C', 'k');
    stream.split('C', ['D']);
    stream.put('D', 'k');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', onlyShardId: 'C' });
    await clock.runUntil(run.finished);
    assertExactlyOnce(run, stream.shard('C').records);
    assert.match(run.stopReason() ?? '', /Shard C is closed and was read to its end/);
    assert.equal(stream.calls.filter((c) => c.shardId === 'D').length, 0);
    assert.equal(clock.pending, 0);

    const run2 = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', onlyShardId: 'nope' });
    await clock.runUntil(run2.finished);
    assert.match(run2.stopReason() ?? '', /Shard nope is not in the stream/);
  });
});
