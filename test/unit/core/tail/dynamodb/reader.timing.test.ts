import assert from 'node:assert/strict';
import { STOP_REASONS, TAIL_TIMING, readStream } from '../../../../../src/core/tail/dynamodb/reader';
import type { TailEvent, TailStats } from '../../../../../src/core/tail/types';
import { FakeClock, SyntheticStream, assertExactlyOnce, startTail } from '../fakes';

/** Most GetRecords calls on one shard inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs = 1_000): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j] < times[i] + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

function pollTimes(stream: SyntheticStream, shardId: string): number[] {
  return stream.calls.filter((c) => c.op === 'getRecords' && c.shardId === shardId).map((c) => c.at);
}

describe('readStream polling rate, stats and cancellation — synthetic stream (virtual clock)', () => {
  it('an idle shard is polled ~4 times a second on AWS, never more than 5 in any second', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    for (const id of ['A', 'B', 'C']) stream.addShard(id);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.advance(10_000);
    for (const id of ['A', 'B', 'C']) {
      const times = pollTimes(stream, id);
      assert.ok(maxInWindow(times) <= 5, `${id}: ${maxInWindow(times)} calls in one second`);
      assert.ok(times.length >= 36 && times.length <= 41, `${id}: ${times.length} calls in 10 s`);
    }
    // Re-described every ~10 s on AWS.
    assert.equal(stream.calls.filter((c) => c.op === 'describeStream').length, 2);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a busy shard is polled again at once but never above 5 calls/s; each call asks for up to 1000 records', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    for (let i = 0; i < 20_000; i++) stream.put('S', `k${i % 50}`);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 20_000);
    const busy = stream.calls.filter((c) => c.op === 'getRecords' && c.returned);
    assert.equal(busy.length, 20);
    assert.ok(busy.every((c) => c.returned === 1000));
    const gaps = busy.slice(1).map((c, i) => c.at - busy[i].at);
    assert.ok(gaps.every((g) => g === TAIL_TIMING.aws.busyGapMs), `gaps ${gaps.join(',')}`);
    assert.ok(maxInWindow(pollTimes(stream, 'S')) <= 5);
    assertExactlyOnce(run, stream.written);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('loopback polls faster: up to 20 calls/s per shard, a backlog of full pages at once, re-describes every 2 s', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    for (let i = 0; i < 5_000; i++) stream.put('S', 'k');
    stream.getRecordsMs = 5;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON', loopback: true });
    await clock.advance(10_000);
    const reads = stream.calls.filter((c) => c.op === 'getRecords' && c.shardId === 'S');
    const full = TAIL_TIMING.getRecordsLimit;
    assert.deepEqual(reads.slice(0, 6).map((c) => c.returned), [full, full, full, full, full, 0]);
    // The backlog: each call after a full page starts at once (one call's 5 ms later); DynamoDB Local has no quota.
    assert.deepEqual(reads.slice(1, 6).map((c, i) => c.at - reads[i].at), [5, 5, 5, 5, 5]);
    // Then polling: at least the busy/idle gap between starts, 10–20 calls a second.
    const polls = reads.slice(5).map((c) => c.at);
    assert.ok(polls.slice(1).every((t, i) => t - polls[i] >= TAIL_TIMING.loopback.idleGapMs));
    assert.ok(maxInWindow(polls) <= 20 && maxInWindow(polls) >= 10, `${maxInWindow(polls)} calls in one second`);
    const describes = stream.calls.filter((c) => c.op === 'describeStream').length;
    assert.ok(describes >= 5 && describes <= 6, `${describes} describes in 10 s`);
    assert.equal(run.delivered().length, 5_000);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a backlog page is asked for before the previous page is handed to the consumer, so the two overlap', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    for (let i = 0; i < 3_500; i++) stream.put('S', `k${i % 50}`);
    stream.getRecordsMs = 5;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON', loopback: true });
    // How many records had been handed over when each GetRecords was made.
    const handedAtCall: number[] = [];
    const log = stream.calls;
    const seen = new Set<number>();
    await clock.runUntil(() => {
      for (const c of log) {
        if (c.op !== 'getRecords' || seen.has(c.n)) continue;
        seen.add(c.n);
        handedAtCall.push(run.delivered().length);
      }
      return run.delivered().length === 3_500;
    });
    // Calls 2–4 follow full pages: each is made while the previous page is still undelivered (1,000 records behind).
    assert.deepEqual(handedAtCall.slice(0, 4), [0, 0, 1000, 2000]);
    assertExactlyOnce(run, stream.written);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('reports no lag on a loopback endpoint, whose creation times are rounded to the minute', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON', loopback: true });
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1);
    await clock.advance(1_100);
    const stats = run.events.flatMap((e) => (e.type === 'stats' ? [e.stats] : []));
    assert.ok(stats.length > 0 && stats.at(-1)!.totalRecords === 1);
    assert.ok(stats.every((s) => s.lagMs === undefined), 'lag left out');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('reports stats about once a second: records/s, lag, shards, calls/s, total', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('old');
    stream.put('old', 'x');
    stream.split('old', ['S']);
    stream.addShard('T');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.advance(1_000);
    const first = run.events.filter((e) => e.type === 'stats');
    assert.equal(first.length, 1);
    assert.equal((first[0] as { stats: TailStats }).stats.lagMs, undefined, 'no lag before any record');
    await clock.advance(1_500);
    for (let i = 0; i < 30; i++) stream.put('S', 'k');
    await clock.advance(1_500);
    const stats = run.events.filter((e): e is Extract<TailEvent, { type: 'stats' }> => e.type === 'stats').map((e) => e.stats);
    assert.equal(stats.length, 4);
    const last = stats.at(-1)!;
    assert.equal(last.totalRecords, 30);
    assert.equal(stats.reduce((n, s) => n + s.recordsPerSecond, 0), 30, 'records/s over 1 s windows add up to the total');
    assert.equal(last.shardsOpen, 2);
    assert.equal(last.shardsClosed, 1);
    assert.equal(last.shardsActive, 2);
    // Two idle shards at ~4 calls/s each, plus nothing else in that second.
    assert.ok(last.callsPerSecond >= 7 && last.callsPerSecond <= 9, `calls/s ${last.callsPerSecond}`);
    // Written at t=2.5 s (creation time rounds down to the second), delivered by the next poll: under 1.25 s.
    assert.ok(last.lagMs !== undefined && last.lagMs >= 0 && last.lagMs <= 1_250, `lag ${last.lagMs}`);
    run.abort();
    await clock.runUntil(run.finished);
    const final = run.events.at(-2);
    assert.ok(final?.type === 'stats' && final.stats.totalRecords === 30, 'a last stats event precedes "stopped"');
  });

  it('abort: resolves promptly, no sleeps left, nothing emitted after "stopped"', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    for (let i = 0; i < 5; i++) {
      stream.addShard(`S${i}`);
      stream.put(`S${i}`, `k${i}`);
    }
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 5);
    await clock.advance(3_300);
    assert.ok(clock.pending >= 6, 'shard loops, discovery and stats are sleeping');
    const callsBefore = stream.calls.length;
    run.abort();
    await clock.settle();
    assert.ok(run.finished(), 'resolved without any time passing');
    assert.equal(clock.pending, 0, 'every sleep was cancelled');
    assert.equal(stream.calls.length, callsBefore, 'no call after abort');
    const last = run.events.at(-1);
    assert.deepEqual(last, { type: 'state', state: 'stopped', reason: STOP_REASONS.aborted });
    const count = run.events.length;
    stream.put('S0', 'k0');
    await clock.advance(5_000);
    assert.equal(run.events.length, count);
  });

  it('abort while a call never answers: still resolves', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.advance(1_000);
    stream.hang = new Promise<never>(() => {});
    await clock.advance(1_000);
    const hung = stream.calls.at(-1)!;
    assert.ok(hung.signal && !hung.signal.aborted, 'the call was handed a live signal');
    run.abort();
    await clock.settle();
    assert.ok(run.finished());
    assert.equal(clock.pending, 0);
    assert.ok(hung.signal.aborted, 'stopping aborts the call in flight, not only the wait for it');
    assert.ok(stream.calls.every((c) => c.signal), 'every call was handed a signal');
    assert.equal(stream.calls.filter((c) => c.signal?.aborted).length, 1, 'only the call in flight was aborted; finished calls are left alone');
  });

  it('abort before the start: no call, resolves', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    const ctl = new AbortController();
    ctl.abort();
    const events: TailEvent[] = [];
    await readStream(stream, { streamArn: stream.arn, start: 'LATEST', signal: ctl.signal }, (e) => events.push(e), clock);
    assert.equal(stream.calls.length, 0);
    assert.deepEqual(events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state), ['starting', 'stopped']);
    assert.equal(clock.pending, 0);
  });

  it('a consumer that throws on records stops the tail with the reason; one that throws on other events does not', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    for (let i = 0; i < 3; i++) stream.put('S', 'k');
    const ctl = new AbortController();
    const events: TailEvent[] = [];
    let done = false;
    let failRecords = false;
    const p = readStream(
      stream,
      { streamArn: stream.arn, start: 'TRIM_HORIZON', signal: ctl.signal },
      (e) => {
        events.push(e);
        if (e.type === 'stats' || (e.type === 'records' && failRecords)) throw new Error('consumer bug');
      },
      clock,
    ).then(() => (done = true));
    const delivered = () => events.flatMap((e) => (e.type === 'records' ? e.records : [])).length;
    await clock.runUntil(() => delivered() === 3 && events.some((e) => e.type === 'stats'));
    assert.ok(events.some((e) => e.type === 'error' && !e.fatal && /failed to handle a stats event: Error: consumer bug/.test(e.message)));
    failRecords = true;
    stream.put('S', 'k');
    await clock.runUntil(() => done);
    await p;
    const fatal = events.find((e) => e.type === 'error' && e.fatal);
    assert.match(fatal?.type === 'error' ? fatal.message : '', /could not take 1 record of shard S \(Error: consumer bug\); the tail stopped/);
    const last = events.filter((e) => e.type === 'state').at(-1);
    assert.equal(last?.type === 'state' && last.state, 'stopped');
    assert.match(last?.type === 'state' ? (last.reason ?? '') : '', /could not take 1 record/);
  });
});
