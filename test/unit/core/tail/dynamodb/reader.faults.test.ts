import assert from 'node:assert/strict';
import { STOP_REASONS, TAIL_TIMING } from '../../../../../src/core/tail/dynamodb/reader';
import { FakeClock, SyntheticStream, assertExactlyOnce, awsError, startTail } from '../fakes';

function setup() {
  const clock = new FakeClock();
  const stream = new SyntheticStream(clock);
  stream.addShard('S');
  return { clock, stream };
}

function iteratorCalls(stream: SyntheticStream, shardId = 'S') {
  return stream.calls.filter((c) => c.op === 'getShardIterator' && c.shardId === shardId).map((c) => ({ type: c.type, seq: c.seq }));
}

describe('readStream faults — synthetic stream (DynamoDB Local cannot expire, trim or throttle)', () => {
  it('expired iterator: resumes AFTER_SEQUENCE_NUMBER of the last record, nothing lost or repeated', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    for (let i = 0; i < 20; i++) stream.put('S', `k${i % 3}`);
    await clock.runUntil(() => run.delivered().length === 20);
    stream.expireIterators();
    for (let i = 0; i < 10; i++) stream.put('S', `k${i % 3}`);
    await clock.runUntil(() => run.delivered().length === 30);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written);
    assert.ok(stream.calls.some((c) => c.error === 'ExpiredIteratorException'));
    assert.deepEqual(iteratorCalls(stream), [
      { type: 'TRIM_HORIZON', seq: undefined },
      { type: 'AFTER_SEQUENCE_NUMBER', seq: stream.written[19].dynamodb!.SequenceNumber },
    ]);
    assert.ok(!run.states().includes('reconnecting'), 'an expired iterator is routine, not a connection problem');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('expired iterator before any record at LATEST: resumes at TRIM_HORIZON, skipping what was written before the start', async () => {
    const { clock, stream } = setup();
    stream.put('S', 'before');
    clock.jump(5_000);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.advance(1_000);
    stream.expireIterators();
    await clock.advance(1_000);
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written.slice(1));
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['LATEST', 'TRIM_HORIZON']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('the machine slept 20 min before the first record at LATEST (iterator expired): the records written meanwhile are delivered, none from before the start', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 3; i++) stream.put('S', `old${i}`);
    clock.jump(3_000);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    await clock.advance(1_000);
    clock.jump(60_000);
    for (let i = 0; i < 4; i++) stream.put('S', `asleep${i % 2}`);
    clock.jump(19 * 60_000);
    stream.expireIterators();
    await clock.runUntil(() => run.delivered().length === 4);
    stream.put('S', 'awake');
    await clock.runUntil(() => run.delivered().length === 5);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written.slice(3));
    assert.ok(stream.calls.some((c) => c.error === 'ExpiredIteratorException'));
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['LATEST', 'TRIM_HORIZON']);
    assert.ok(!run.events.some((e) => e.type === 'gap'), 'nothing was lost');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('DynamoDB Local (minute-rounded times): a lost LATEST position skips only records from before the start\'s minute', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1, 12, 0, 30));
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    stream.put('S', 'previous-minute'); // stamped 12:00:00 by the synthetic stream, i.e. 30 s before the start
    clock.jump(60_000);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', loopback: true });
    await clock.runUntil(() => run.states().includes('running'));
    clock.jump(20 * 60_000);
    stream.put('S', 'k');
    stream.expireIterators();
    await clock.runUntil(() => run.delivered().length === 1);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written.slice(1));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('drops records the service hands back twice (replayed iterator)', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 12; i++) stream.put('S', `k${i % 2}`);
    stream.replayOnce('S', 5);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 12);
    for (let i = 0; i < 3; i++) stream.put('S', `k${i % 2}`);
    await clock.runUntil(() => run.delivered().length === 15);
    await clock.advance(1_000);
    const returned = stream.calls.reduce((n, c) => n + (c.returned ?? 0), 0);
    assert.equal(returned, 20, 'the service returned 5 records twice');
    assertExactlyOnce(run, stream.written);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('trimmed checkpoint: emits a gap, restarts at TRIM_HORIZON, delivers the rest once', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 30; i++) stream.put('S', `k${i % 5}`);
    stream.trim('S', 20);
    const checkpoint = stream.written[4].dynamodb!.SequenceNumber!;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', checkpoints: { S: checkpoint } });
    await clock.runUntil(() => run.delivered().length === 10);
    await clock.advance(1_000);
    assertExactlyOnce(run, stream.written.slice(20));
    const gaps = run.events.filter((e) => e.type === 'gap');
    assert.equal(gaps.length, 1);
    assert.ok(gaps[0].type === 'gap' && gaps[0].shardId === 'S' && /trimmed/.test(gaps[0].message));
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('TrimmedDataAccessException for a position younger than 24 h: no gap (nothing can be lost), TRIM_HORIZON again, no duplicate', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    for (let i = 0; i < 8; i++) stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 8);
    stream.failNext('getRecords', () => awsError('TrimmedDataAccessException'));
    for (let i = 0; i < 4; i++) stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 12);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written);
    assert.ok(stream.calls.some((c) => c.error === 'TrimmedDataAccessException'));
    assert.equal(run.events.filter((e) => e.type === 'gap').length, 0, 'the records after the last one delivered are minutes old');
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['TRIM_HORIZON', 'TRIM_HORIZON']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it("LATEST on an empty shard answered TrimmedDataAccessException (DynamoDB Local's shared counter): no gap, each later record once", async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    stream.failNext('getRecords', () => awsError('TrimmedDataAccessException', 400, 'The operation attempted to read past the oldest stream record in a shard.'));
    for (let i = 0; i < 3; i++) stream.put('S', `k${i}`);
    await clock.runUntil(() => run.delivered().length === 3);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written);
    assert.ok(stream.calls.some((c) => c.error === 'TrimmedDataAccessException'));
    assert.ok(!run.events.some((e) => e.type === 'gap'), 'a LATEST position minutes old cannot have been trimmed past');
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['LATEST', 'TRIM_HORIZON']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a shard that appeared after the start answered TrimmedDataAccessException before any record: no gap (it is younger than the tail)', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    stream.split('S', ['S2']);
    stream.failNext('getRecords', () => awsError('TrimmedDataAccessException'), 1, 'S2');
    for (let i = 0; i < 3; i++) stream.put('S2', `k${i}`);
    await clock.runUntil(() => run.delivered().length === 3, 30_000);
    await clock.advance(2_000);
    assertExactlyOnce(run, stream.written);
    assert.ok(stream.calls.some((c) => c.error === 'TrimmedDataAccessException' && c.shardId === 'S2'));
    assert.ok(!run.events.some((e) => e.type === 'gap'));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a real trim: the machine slept 25 h after the last record delivered, the next ones were trimmed: gap, then the retained ones once', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    for (let i = 0; i < 2; i++) stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 2);
    clock.jump(25 * 3600_000);
    for (let i = 0; i < 4; i++) stream.put('S', 'k');
    stream.trim('S', 4); // the first two written while asleep are gone
    await clock.runUntil(() => run.delivered().length === 4);
    await clock.advance(2_000);
    const gaps = run.events.filter((e) => e.type === 'gap');
    assert.equal(gaps.length, 1);
    assert.ok(gaps[0].type === 'gap' && gaps[0].shardId === 'S' && /trimmed/.test(gaps[0].message));
    assert.deepEqual(run.delivered().map((d) => d.record.eventID), [0, 1, 4, 5].map((i) => stream.written[i].eventID));
    assert.deepEqual(iteratorCalls(stream).map((c) => c.type), ['LATEST', 'TRIM_HORIZON']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a real trim at a LATEST position 25 h old (nothing delivered before the machine slept): gap', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.states().includes('running'));
    clock.jump(25 * 3600_000);
    for (let i = 0; i < 3; i++) stream.put('S', 'k');
    stream.trim('S', 1);
    await clock.runUntil(() => run.delivered().length === 2);
    await clock.advance(2_000);
    assert.equal(run.events.filter((e) => e.type === 'gap').length, 1);
    assertExactlyOnce(run, stream.written.slice(1));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('throttling: exponential backoff with jitter on the same position, reconnecting then running, exactly once', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 5; i++) stream.put('S', 'k');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 5);
    for (let i = 0; i < 5; i++) stream.put('S', 'k');
    stream.failNext('getRecords', () => awsError('LimitExceededException'), 5);
    await clock.runUntil(() => run.delivered().length === 10, 30_000);
    assertExactlyOnce(run, stream.written);

    const polls = stream.calls.filter((c) => c.op === 'getRecords');
    const firstFail = polls.findIndex((c) => c.error === 'LimitExceededException');
    const gaps = polls.slice(firstFail, firstFail + 6).map((c, i, a) => (i === 0 ? 0 : c.at - a[i - 1].at)).slice(1);
    // Delay k is drawn from [d/2, d] with d = 100 ms · 2^k; the per-shard ceiling may add to it.
    gaps.forEach((gap, k) => {
      const d = 100 * 2 ** k;
      assert.ok(gap >= d / 2 && gap <= d + TAIL_TIMING.aws.idleGapMs, `retry ${k} after ${gap} ms, expected within [${d / 2}, ${d}]`);
    });
    assert.equal(iteratorCalls(stream).length, 1, 'the same iterator is retried');
    const states = run.states();
    assert.deepEqual(states.slice(0, 4), ['starting', 'running', 'reconnecting', 'running']);
    const reconnecting = run.events.find((e) => e.type === 'state' && e.state === 'reconnecting');
    assert.match(reconnecting?.type === 'state' ? reconnecting.reason ?? '' : '', /^Throttled \(LimitExceededException/, 'says throttled');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('throttling delays double from 100 ms (jitter pinned to its top), never under the per-shard ceiling', async () => {
    const { clock, stream } = setup();
    clock.random = () => 1;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.advance(1_000);
    stream.failNext('getRecords', () => awsError('LimitExceededException'), 6);
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1, 30_000);
    const polls = stream.calls.filter((c) => c.op === 'getRecords');
    const firstFail = polls.findIndex((c) => c.error);
    const at = polls.slice(firstFail).map((c) => c.at);
    // 100, 200 are below the 250 ms idle gap between two calls on a shard; then 400, 800, 1600, 3200.
    assert.deepEqual(at.slice(1).map((t, i) => t - at[i]), [250, 250, 400, 800, 1600, 3200]);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('backoff is capped at 10 s', async () => {
    const { clock, stream } = setup();
    stream.failNext('getRecords', () => awsError('ProvisionedThroughputExceededException'), 12);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1, 120_000);
    const at = stream.calls.filter((c) => c.op === 'getRecords').map((c) => c.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    assert.ok(Math.max(...gaps) <= 10_000 + TAIL_TIMING.aws.idleGapMs, `longest wait ${Math.max(...gaps)} ms`);
    assert.ok(Math.max(...gaps) >= 5_000, 'reached the cap region');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('5xx answers and network errors are retried like throttling', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.advance(500);
    stream.failNext('getRecords', () => awsError('InternalServerError', 500), 2);
    stream.failNext('getRecords', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }), 2);
    stream.failNext('getRecords', () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 1);
    stream.failNext('getRecords', () => awsError('ServiceUnavailable', 503), 1);
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1, 30_000);
    assert.equal(stream.calls.filter((c) => c.error).length, 6);
    assert.deepEqual(run.states(), ['starting', 'running', 'reconnecting', 'running']);
    assert.ok(!run.events.some((e) => e.type === 'error'));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it("a throttled DescribeStream at start: reconnecting, back to starting, 'running' only once the LATEST iterator is held", async () => {
    const { clock, stream } = setup();
    stream.put('S', 'before');
    stream.failNext('describeStream', () => awsError('ThrottlingException'), 3);
    // Written the moment the tail says 'running': a LATEST iterator obtained after that would miss it.
    const written: string[] = [];
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' }, (e) => {
      if (e.type === 'state' && e.state === 'running' && written.length === 0) written.push(stream.put('S', 'k').eventID!);
    });
    await clock.runUntil(() => run.delivered().length === 1, 10_000);
    assert.deepEqual(run.states(), ['starting', 'reconnecting', 'starting', 'running']);
    const runningAt = run.events.findIndex((e) => e.type === 'state' && e.state === 'running');
    const readingAt = run.events.findIndex((e) => e.type === 'shard' && e.shardId === 'S' && e.status === 'reading');
    assert.ok(readingAt >= 0 && readingAt < runningAt, `iterator held (event ${readingAt}) before 'running' (event ${runningAt})`);
    assert.deepEqual(run.delivered().map((d) => d.record.eventID), written);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it("a throttled GetShardIterator at start: 'running' waits for every shard's iterator, so a write right after is seen", async () => {
    const { clock, stream } = setup();
    stream.addShard('T');
    clock.random = () => 1;
    stream.failNext('getShardIterator', () => awsError('ThrottlingException'), 1, 'S');
    // T's iterator takes longer (an unclassified failure, retried without counting as a connection problem): S
    // recovers first, while T still has no iterator.
    stream.failNext('getShardIterator', () => awsError('ValidationException', 400, 'transient validation failure'), 3, 'T');
    const written: string[] = [];
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' }, (e) => {
      if (e.type === 'state' && e.state === 'running' && written.length === 0) for (const id of ['S', 'T']) written.push(stream.put(id, `k${id}`).eventID!);
    });
    await clock.runUntil(() => run.delivered().length === 2, 10_000);
    assert.deepEqual(run.states(), ['starting', 'reconnecting', 'starting', 'running']);
    const runningAt = run.events.findIndex((e) => e.type === 'state' && e.state === 'running');
    for (const id of ['S', 'T']) {
      const readingAt = run.events.findIndex((e) => e.type === 'shard' && e.shardId === id && e.status === 'reading');
      assert.ok(readingAt >= 0 && readingAt < runningAt, `shard ${id} got its iterator (event ${readingAt}) before 'running' (event ${runningAt})`);
    }
    assert.deepEqual(run.delivered().map((d) => d.record.eventID).sort(), [...written].sort());
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('access denied is not retried forever: stops with the error as reason', async () => {
    const { clock, stream } = setup();
    stream.failNext('getRecords', () => awsError('AccessDeniedException', 400, 'not authorized to perform: dynamodb:GetRecords'), 100);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(run.finished);
    assert.match(run.stopReason() ?? '', /AccessDeniedException: not authorized/);
    assert.ok(run.events.some((e) => e.type === 'error' && e.fatal));
    assert.equal(clock.pending, 0);
  });

  it('expired credentials (an SSO session ended): waits with "sign in again", then resumes where it stopped, exactly once', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 3; i++) stream.put('S', 'k');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 3);
    for (let i = 0; i < 3; i++) stream.put('S', 'k');
    // Signed out for 12 retries: two minutes, longer than any backoff, shorter than the iterator's 15 minutes.
    stream.failNext('getRecords', () => awsError('ExpiredTokenException', 400, 'The security token included in the request is expired'), 12);
    await clock.runUntil(() => run.states().includes('reconnecting'), 30_000);
    const waiting = run.events.find((e) => e.type === 'state' && e.state === 'reconnecting');
    assert.match(waiting?.type === 'state' ? waiting.reason ?? '' : '', /^Sign in again \(ExpiredTokenException.*resumes where it stopped/);
    assert.equal(run.finished(), false, 'not stopped for good');
    await clock.runUntil(() => run.delivered().length === 6, 10 * 60_000);
    assertExactlyOnce(run, stream.written);
    assert.equal(run.states().at(-1), 'running');
    const failedAt = stream.calls.filter((c) => c.op === 'getRecords' && c.error === 'ExpiredTokenException').map((c) => c.at);
    assert.equal(failedAt.length, 12);
    failedAt.slice(1).forEach((at, i) => assert.ok(at - failedAt[i] >= 10_000, `retry ${i} ${at - failedAt[i]} ms after the last: slow, not a hammering`));
    assert.equal(iteratorCalls(stream).length, 1, 'the same position, not started over');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('an invalid iterator is retried with a fresh one a few times, then the tail stops', async () => {
    const { clock, stream } = setup();
    stream.failNext('getRecords', () => awsError('ValidationException', 400, 'Invalid ShardIterator'), 2);
    stream.put('S', 'k');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === 1);
    assert.equal(iteratorCalls(stream).length, 3);
    assert.equal(run.events.filter((e) => e.type === 'error' && !e.fatal).length, 2);
    run.abort();
    await clock.runUntil(run.finished);

    const second = setup();
    second.stream.failNext('getRecords', () => awsError('ValidationException', 400, 'Invalid ShardIterator'), 100);
    const run2 = startTail(second.stream, second.clock, { streamArn: second.stream.arn, start: 'TRIM_HORIZON' });
    await second.clock.runUntil(run2.finished);
    assert.equal(iteratorCalls(second.stream).length, TAIL_TIMING.maxOtherFailures);
    assert.match(run2.stopReason() ?? '', /Invalid ShardIterator/);
  });

  it('ResourceNotFoundException mid-tail (stream disabled / table deleted): stopped with a clear reason', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1);
    stream.gone = true;
    await clock.runUntil(run.finished, 5_000);
    assert.equal(run.stopReason(), STOP_REASONS.gone);
    assert.equal(run.events.at(-1)?.type, 'state');
    assert.equal(clock.pending, 0);
  });

  it('ResourceNotFoundException at start: stopped with a clear reason', async () => {
    const { clock, stream } = setup();
    stream.gone = true;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(run.finished);
    assert.deepEqual(run.states(), ['starting', 'stopped']);
    assert.equal(run.stopReason(), STOP_REASONS.gone);
  });

  it('a shard trimmed away while being read: gap, and its child starts (the stream itself is fine)', async () => {
    const { clock, stream } = setup();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    stream.put('S', 'k');
    await clock.runUntil(() => run.delivered().length === 1);
    stream.split('S', ['S2']);
    stream.failNext('getRecords', () => awsError('LimitExceededException'), 2, 'S');
    await clock.advance(300);
    assert.equal(run.states().at(-1), 'reconnecting');
    stream.removeShard('S');
    stream.put('S2', 'k');
    await clock.runUntil(() => run.delivered().length === 2);
    assert.ok(run.events.some((e) => e.type === 'gap' && e.shardId === 'S' && /no longer exists/.test(e.message)));
    assert.ok(!run.finished());
    assert.equal(run.states().at(-1), 'running', 'the throttled shard is gone, so nothing is retrying any more');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('stream disabled: drains what is left, then stops with "Stream disabled"', async () => {
    const { clock, stream } = setup();
    stream.addShard('T');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    stream.put('S', 'a');
    await clock.runUntil(() => run.delivered().length === 1);
    for (let i = 0; i < 5; i++) stream.put(i % 2 ? 'S' : 'T', i % 2 ? 'a' : 'b');
    stream.disable();
    await clock.runUntil(run.finished, 30_000);
    assertExactlyOnce(run, stream.written);
    assert.equal(run.stopReason(), STOP_REASONS.disabled);
    assert.match(run.stopReason()!, /^Stream disabled/);
    assert.equal(clock.pending, 0);
  });

  it('a stream already disabled, tailed at LATEST (the default): reads what it retains, parents first, then stops', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 3; i++) stream.put('S', `k${i}`);
    stream.split('S', ['S2']);
    for (let i = 0; i < 3; i++) stream.put('S2', `k${i}`);
    stream.disable();
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(run.finished);
    assertExactlyOnce(run, stream.written);
    assert.deepEqual(run.delivered().map((d) => d.shardId), ['S', 'S', 'S', 'S2', 'S2', 'S2']);
    assert.deepEqual(
      stream.calls.filter((c) => c.op === 'getShardIterator').map((c) => [c.shardId, c.type]),
      [['S', 'TRIM_HORIZON'], ['S2', 'TRIM_HORIZON']],
    );
    assert.equal(run.stopReason(), STOP_REASONS.disabled);
    assert.ok(!run.events.some((e) => e.type === 'gap' || e.type === 'error'), 'nothing but the records and a clear stop');
    assert.equal(clock.pending, 0);
  });

  it('a stream being disabled (DISABLING) at a LATEST start: reads what it holds, stops once DISABLED', async () => {
    const { clock, stream } = setup();
    stream.put('S', 'a');
    stream.disable('DISABLING');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.runUntil(() => run.delivered().length === 1);
    await clock.advance(1_000);
    assert.ok(!run.finished(), 'not disabled yet');
    stream.status = 'DISABLED';
    await clock.runUntil(run.finished, 30_000);
    assertExactlyOnce(run, stream.written);
    assert.equal(run.stopReason(), STOP_REASONS.disabled);
  });

  it('an ENABLED stream listed with every shard closed (a split caught half-way) at LATEST: old records stay skipped', async () => {
    const { clock, stream } = setup();
    for (let i = 0; i < 3; i++) stream.put('S', 'old');
    stream.close('S');
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST' });
    await clock.advance(1_000);
    assert.equal(stream.calls.filter((c) => c.shardId === 'S').length, 0);
    stream.addShard('S2', 'S');
    const fresh = stream.put('S2', 'new');
    await clock.runUntil(() => run.delivered().length === 1, 30_000);
    await clock.advance(1_000);
    assertExactlyOnce(run, [fresh]);
    run.abort();
    await clock.runUntil(run.finished);
  });
});
