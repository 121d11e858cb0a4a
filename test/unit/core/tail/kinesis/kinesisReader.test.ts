// The Kinesis reader on a synthetic Kinesis and virtual time: what kinesalite cannot produce on demand (throttling,
// expired iterators, a call that never answers, a merge whose adjacent parent finishes last).
import assert from 'node:assert/strict';
import { KINESIS_TIMING } from '../../../../../src/core/tail/kinesis/reader';
import { FakeClock } from '../fakes';
import { SyntheticKinesis, awsError, changeRecordJson, startKinesisTail } from './kinesisFakes';

function setup() {
  const clock = new FakeClock();
  const kinesis = new SyntheticKinesis(clock);
  kinesis.addShard('S');
  return { clock, kinesis };
}

let counter = 0;
const change = (clock: FakeClock, pk = 'k') => changeRecordJson({ eventID: `e${counter++}`, eventName: 'INSERT', pk, timeMs: clock.now() });

describe('tailKinesisStream — synthetic Kinesis (kinesalite cannot throttle or expire on demand)', () => {
  it('synthetic: throttling → reconnecting, backoff, then running again with nothing lost or repeated', async () => {
    const { clock, kinesis } = setup();
    const written = [0, 1, 2].map(() => kinesis.put('S', change(clock)));
    kinesis.failNext.getRecords.push(awsError('ProvisionedThroughputExceededException'), awsError('ProvisionedThroughputExceededException'));
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    await clock.runUntil(() => run.records().length === 3);
    assert.deepEqual(run.records().map((r) => r.kinesis?.sequenceNumber), written.map((r) => r.sequenceNumber));
    assert.deepEqual(run.states(), ['starting', 'running', 'reconnecting', 'running']);
    const reads = kinesis.calls.filter((c) => c.op === 'getRecords').map((c) => c.at!);
    assert.equal(reads.length, 3);
    assert.ok(reads[2] - reads[1] >= 100, 'the retry waited for the backoff');
    run.abort();
    await clock.runUntil(run.finished);
    assert.equal(run.states().at(-1), 'stopped');
  });

  it('synthetic: expired iterator → a new one AFTER_SEQUENCE_NUMBER of the last record delivered, not reconnecting', async () => {
    const { clock, kinesis } = setup();
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    const first = [kinesis.put('S', change(clock)), kinesis.put('S', change(clock))];
    await clock.runUntil(() => run.records().length === 2);
    kinesis.failNext.getRecords.push(awsError('ExpiredIteratorException'));
    kinesis.put('S', change(clock));
    await clock.runUntil(() => run.records().length === 3);
    await clock.advance(1_000);
    assert.equal(run.records().length, 3, 'nothing repeated');
    const positions = kinesis.calls.filter((c) => c.op === 'getShardIterator').map((c) => c.position);
    assert.deepEqual(positions, [{ type: 'TRIM_HORIZON' }, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: first[1].sequenceNumber }]);
    assert.ok(!run.states().includes('reconnecting'));
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: an iterator expiring before the first record at LATEST (machine asleep): the records written meanwhile are delivered, none from before the start', async () => {
    const { clock, kinesis } = setup();
    const before = [kinesis.put('S', change(clock)), kinesis.put('S', change(clock))];
    clock.jump(3_000);
    const startedAt = clock.now();
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'LATEST' } });
    await clock.runUntil(() => run.states().includes('running'));
    await clock.advance(1_000);
    clock.jump(60_000);
    const asleep = [kinesis.put('S', change(clock)), kinesis.put('S', change(clock)), kinesis.put('S', change(clock))];
    clock.jump(6 * 60_000);
    kinesis.failNext.getRecords.push(awsError('ExpiredIteratorException'));
    await clock.runUntil(() => run.records().length === 3);
    await clock.advance(1_000);
    const seqs = run.records().map((r) => r.kinesis?.sequenceNumber);
    assert.deepEqual(seqs, asleep.map((r) => r.sequenceNumber));
    assert.ok(!before.some((r) => seqs.includes(r.sequenceNumber)), 'nothing from before the start');
    const positions = kinesis.calls.filter((c) => c.op === 'getShardIterator').map((c) => c.position);
    assert.deepEqual(positions, [{ type: 'LATEST' }, { type: 'AT_TIMESTAMP', timestampMs: Math.floor(startedAt / 1000) * 1000 }]);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: a lost LATEST position skips records that arrived before the start even when the server replays them', async () => {
    const { clock, kinesis } = setup();
    const before = kinesis.put('S', change(clock));
    clock.jump(3_000);
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'LATEST' } });
    await clock.runUntil(() => run.states().includes('running'));
    clock.jump(10 * 60_000);
    const asleep = kinesis.put('S', change(clock));
    kinesis.failNext.getRecords.push(awsError('ExpiredIteratorException'));
    kinesis.ignoreTimestamps = true; // an AT_TIMESTAMP iterator from the trim horizon
    await clock.runUntil(() => run.records().length === 1);
    await clock.advance(1_000);
    assert.deepEqual(run.records().map((r) => r.kinesis?.sequenceNumber), [asleep.sequenceNumber]);
    assert.notEqual(before.sequenceNumber, asleep.sequenceNumber);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: a merged shard waits for both parents (AdjacentParentShardId), whichever ends last', async () => {
    const clock = new FakeClock();
    const kinesis = new SyntheticKinesis(clock);
    kinesis.addShard('A');
    kinesis.addShard('B');
    kinesis.addShard('C', { parent: 'A', adjacent: 'B' });
    kinesis.put('A', change(clock));
    // B needs three pages: it ends well after A.
    for (let i = 0; i < KINESIS_TIMING.getRecordsLimit * 2 + 1; i++) kinesis.put('B', change(clock, `b${i}`));
    kinesis.close('A');
    kinesis.close('B');
    kinesis.put('C', change(clock));
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    await clock.runUntil(() => run.records().length === KINESIS_TIMING.getRecordsLimit * 2 + 3);
    const at = (id: string, status: string) => run.events.findIndex((e) => e.type === 'shard' && e.shardId === id && e.status === status);
    assert.ok(at('C', 'waiting-parent') >= 0);
    assert.ok(at('A', 'closed') < at('B', 'closed'), 'A ends first');
    assert.ok(at('B', 'closed') < at('C', 'reading'), 'C starts only after B, its adjacent parent, ended');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: LATEST skips closed shards and starts open ones at LATEST', async () => {
    const clock = new FakeClock();
    const kinesis = new SyntheticKinesis(clock);
    kinesis.addShard('old');
    kinesis.put('old', change(clock));
    kinesis.close('old');
    kinesis.addShard('new', { parent: 'old' });
    kinesis.put('new', change(clock));
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'LATEST' } });
    await clock.runUntil(() => run.states().includes('running'));
    const later = kinesis.put('new', change(clock));
    await clock.runUntil(() => run.records().length === 1);
    await clock.advance(1_000);
    assert.deepEqual(run.records().map((r) => r.kinesis?.sequenceNumber), [later.sequenceNumber]);
    assert.deepEqual(kinesis.calls.filter((c) => c.op === 'getShardIterator').map((c) => [c.shardId, c.position?.type]), [['new', 'LATEST']]);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: checkpoints resume AFTER_SEQUENCE_NUMBER and skip the ancestors of the checkpointed shard (both parents)', async () => {
    const clock = new FakeClock();
    const kinesis = new SyntheticKinesis(clock);
    kinesis.addShard('A');
    kinesis.addShard('B');
    kinesis.put('A', change(clock));
    kinesis.put('B', change(clock));
    kinesis.close('A');
    kinesis.close('B');
    kinesis.addShard('C', { parent: 'A', adjacent: 'B' });
    const seen = kinesis.put('C', change(clock));
    const unseen = kinesis.put('C', change(clock));
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' }, checkpoints: { C: seen.sequenceNumber } });
    await clock.runUntil(() => run.records().length === 1);
    await clock.advance(1_000);
    assert.deepEqual(run.records().map((r) => r.kinesis?.sequenceNumber), [unseen.sequenceNumber]);
    assert.deepEqual(kinesis.calls.filter((c) => c.op === 'getShardIterator').map((c) => [c.shardId, c.position]), [['C', { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seen.sequenceNumber }]]);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: AWS pacing stays within the quota: ≤ 4 GetRecords/s idle, ≤ 5/s busy per shard', async () => {
    const { clock, kinesis } = setup();
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    await clock.runUntil(() => run.states().includes('running'));
    const count = () => kinesis.calls.filter((c) => c.op === 'getRecords').length;
    let before = count();
    await clock.advance(10_000);
    const idle = count() - before;
    assert.ok(idle <= 41 && idle >= 30, `idle: ${idle} calls in 10 s`);
    before = count();
    for (let t = 0; t < 10_000; t += 50) {
      kinesis.put('S', change(clock));
      await clock.advance(50);
    }
    const busy = count() - before;
    assert.ok(busy <= 51 && busy > idle, `busy: ${busy} calls in 10 s`);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: a backlog with slow GetRecords: the next page is asked for before this one is delivered, pacing kept, an expiry mid-way resumed', async () => {
    const { clock, kinesis } = setup();
    const total = KINESIS_TIMING.getRecordsLimit * 5;
    for (let i = 0; i < total; i++) kinesis.put('S', change(clock, `k${i % 50}`));
    kinesis.getRecordsMs = KINESIS_TIMING.aws.busyGapMs + 100;
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    kinesis.probe = () => run.records().length;
    await clock.runUntil(() => run.records().length >= KINESIS_TIMING.getRecordsLimit * 2);
    kinesis.failNext.getRecords.push(awsError('ExpiredIteratorException'));
    await clock.runUntil(() => run.records().length >= total);
    await clock.advance(2_000);
    const got = run.records().map((r) => Number(r.kinesis!.sequenceNumber));
    assert.equal(got.length, total, 'nothing lost or repeated');
    assert.ok(got.every((n, i) => i === 0 || n > got[i - 1]), 'in sequence order');
    const reads = kinesis.calls.filter((c) => c.op === 'getRecords');
    // Asked ahead: some records already returned were not delivered yet when the call was made.
    const askedAhead = reads.filter((c) => c.probe! < c.returnedBefore!);
    assert.ok(askedAhead.length >= 3, 'pages were asked for before the previous one was delivered');
    for (let i = 1; i < reads.length; i++) assert.ok(reads[i].at! - reads[i - 1].at! >= KINESIS_TIMING.aws.busyGapMs, `call ${i} kept the busy gap`);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: on loopback a backlog of full pages is drained without the 20/s pacing; a page that is not full keeps it', async () => {
    const { clock, kinesis } = setup();
    const limit = KINESIS_TIMING.getRecordsLimit;
    for (let i = 0; i < limit * 3 + 10; i++) kinesis.put('S', change(clock, `k${i % 50}`));
    kinesis.getRecordsMs = 5;
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' }, loopback: true });
    await clock.runUntil(() => run.records().length === limit * 3 + 10 && kinesis.calls.filter((c) => c.op === 'getRecords').length >= 6);
    const reads = kinesis.calls.filter((c) => c.op === 'getRecords').slice(0, 4);
    const gaps = reads.slice(1).map((c, i) => c.at! - reads[i].at!);
    // After each of the three full pages the next call starts at once (one call's time), not 50 ms later.
    assert.ok(gaps.every((g) => g < KINESIS_TIMING.loopback.busyGapMs), `gaps after full pages: ${gaps.join(', ')} ms`);
    const after = kinesis.calls.filter((c) => c.op === 'getRecords').slice(3, 5);
    assert.ok(after[1].at! - after[0].at! >= KINESIS_TIMING.loopback.busyGapMs, 'the page of 10 was followed by the pacing gap');
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('synthetic: stopping is prompt while a GetRecords never answers; the run resolves after a final stopped state', async () => {
    const { clock, kinesis } = setup();
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    await clock.runUntil(() => run.states().includes('running'));
    kinesis.hang = true;
    await clock.advance(1_000);
    run.abort();
    await clock.settle();
    await clock.settle();
    assert.ok(run.finished(), 'resolved without any more virtual time');
    assert.equal(run.states().at(-1), 'stopped');
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  it('synthetic: access denied is fatal: one error, then stopped', async () => {
    const { clock, kinesis } = setup();
    kinesis.failNext.getRecords.push(awsError('AccessDeniedException', 403));
    const run = startKinesisTail(kinesis, clock, { streamName: 's', start: { type: 'TRIM_HORIZON' } });
    await clock.runUntil(run.finished);
    const errors = run.events.filter((e) => e.type === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0].type === 'error' ? errors[0].message : '', /Cannot read shard S: AccessDeniedException/);
    assert.equal(run.states().at(-1), 'stopped');
  });
});
