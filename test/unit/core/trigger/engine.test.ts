// The local trigger's engine: Lambda's event-source-mapping rules on the synthetic stream with a scripted invoker in
// virtual time (synthetic: retries over minutes, record age and blocked shards cannot be driven on DynamoDB Local in a
// unit test; test/integration/localTrigger.test.ts proves the same with real processes).
import assert from 'node:assert/strict';
import { toLambdaDynamoDbEvent } from '../../../../src/core/lambda/lambdaEvent';
import { FakeClock, SyntheticStream } from '../tail/fakes';
import { FUNCTION_ARN, fail, ok, seqsOf, stopTrigger, trigger } from './triggerFakes';

describe('LocalTriggerEngine — synthetic stream and invoker', () => {
  it('sends batches of batchSize in shard order, each event exactly as Lambda builds it, and checkpoints after each', async () => {
    const run = trigger({ batchSize: 10 });
    for (let i = 0; i < 25; i++) run.stream.put('S', `k${i}`);
    await run.clock.runUntil(() => run.invoker.allSeqs().length === 25);
    assert.deepEqual(run.invoker.calls.map((c) => c.seqs.length), [10, 10, 5]);
    assert.deepEqual(run.invoker.allSeqs(), seqsOf(run.stream));
    const context = { awsRegion: 'us-east-1', eventSourceARN: run.stream.arn };
    assert.deepEqual(run.invoker.calls[0].event, toLambdaDynamoDbEvent(run.stream.written.slice(0, 10), context));
    await run.clock.runUntil(() => run.checkpoint()?.shards.S === seqsOf(run.stream).at(-1));
    const checkpoints = run.activities.flatMap((a) => (a.type === 'checkpoint' ? [a.checkpoints.shards.S] : []));
    assert.deepEqual(checkpoints, [undefined, seqsOf(run.stream)[9], seqsOf(run.stream)[19], seqsOf(run.stream)[24]], 'saved at the start, then after each batch');
    const first = run.activities.find((a) => a.type === 'checkpoint');
    assert.ok(first?.type === 'checkpoint');
    assert.deepEqual(first.checkpoints, { shards: {}, startedAtMs: Date.UTC(2025, 0, 1, 12), startingPosition: 'TRIM_HORIZON' });
    assert.deepEqual(run.finalBatches().map((b) => [b.outcome, b.size, b.attempt]), [['success', 10, 1], ['success', 10, 1], ['success', 5, 1]]);
    await stopTrigger(run);
    assert.equal(run.stopReason(), 'Trigger stopped');
  });

  it('filters before batching: only matching records are sent; filtered ones are still checkpointed', async () => {
    const run = trigger({ batchSize: 2, filterPatterns: ['{"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"keep"}]}}}}'] });
    const keys = ['keep1', 'drop1', 'keep2', 'keep3', 'drop2', 'drop3'];
    for (const k of keys) run.stream.put('S', k);
    await run.clock.runUntil(() => run.checkpoint()?.shards.S === seqsOf(run.stream).at(-1));
    assert.deepEqual(run.invoker.calls.map((c) => c.keys), [['keep1', 'keep2'], ['keep3']]);
    await stopTrigger(run);
  });

  it('batching window: waits for the window unless the batch fills first', async () => {
    const run = trigger({ batchSize: 4, batchingWindowSeconds: 5 });
    const t0 = run.clock.now();
    run.stream.put('S', 'a');
    await run.clock.advance(2_000);
    run.stream.put('S', 'b');
    await run.clock.runUntil(() => run.invoker.calls.length === 1);
    assert.deepEqual(run.invoker.calls[0].keys, ['a', 'b']);
    const waited = run.invoker.calls[0].at - t0;
    assert.ok(waited >= 5_000 && waited < 6_000, `invoked ${waited} ms after the first record (window 5 s)`);
    const t1 = run.clock.now();
    for (const k of ['c', 'd', 'e', 'f']) run.stream.put('S', k);
    await run.clock.runUntil(() => run.invoker.calls.length === 2);
    assert.deepEqual(run.invoker.calls[1].keys, ['c', 'd', 'e', 'f']);
    assert.ok(run.invoker.calls[1].at - t1 < 1_000, 'a full batch does not wait for the window');
    await stopTrigger(run);
  });

  it('an error twice then success: the same records retried after 1 s and 2 s, checkpointed once, nothing repeated after', async () => {
    const run = trigger({ batchSize: 10 });
    run.invoker.script = (c) => (c.n < 2 ? fail('not yet') : ok());
    for (let i = 0; i < 3; i++) run.stream.put('S', `k${i}`);
    await run.clock.runUntil(() => run.invoker.calls.length === 3);
    const [a, b, c] = run.invoker.calls;
    assert.deepEqual([b.seqs, c.seqs], [a.seqs, a.seqs]);
    assert.deepEqual([b.at - a.at, c.at - b.at], [1_000, 2_000]);
    assert.deepEqual(run.finalBatches().map((x) => [x.outcome, x.attempt]), [['error', 1], ['error', 2], ['success', 3]]);
    assert.match(run.finalBatches()[0].message ?? '', /not yet; retry 1 in 1 s/);
    run.stream.put('S', 'k3');
    await run.clock.runUntil(() => run.invoker.calls.length === 4);
    assert.deepEqual(run.invoker.calls[3].keys, ['k3']);
    await run.clock.advance(10_000);
    assert.equal(run.invoker.calls.length, 4);
    await stopTrigger(run);
  });

  it('maximumRetryAttempts: given up after the retries, on-failure record sent, the shard moves on', async () => {
    const run = trigger({ batchSize: 10, maximumRetryAttempts: 2, onFailureFile: '/tmp/failures.ndjson' });
    run.invoker.script = (c) => (c.keys.includes('bad') ? fail() : ok());
    run.stream.put('S', 'bad');
    run.stream.put('S', 'x');
    await run.clock.runUntil(() => run.onFailure().length === 1);
    const [record] = run.onFailure();
    const seqs = seqsOf(run.stream);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.equal(record.requestContext.functionArn, FUNCTION_ARN);
    assert.deepEqual({ ...record.DDBStreamBatchInfo, approximateArrivalOfFirstRecord: '', approximateArrivalOfLastRecord: '' }, {
      shardId: 'S', startSequenceNumber: seqs[0], endSequenceNumber: seqs[1], batchSize: 2, streamArn: run.stream.arn,
      approximateArrivalOfFirstRecord: '', approximateArrivalOfLastRecord: '',
    });
    assert.equal(run.finalBatches().at(-1)!.outcome, 'sent-to-destination');
    run.stream.put('S', 'y');
    await run.clock.runUntil(() => run.invoker.calls.at(-1)!.keys.join() === 'y');
    assert.equal(run.checkpoint()!.shards.S, seqsOf(run.stream).at(-1));
    await stopTrigger(run);
  });

  it('bisect isolates a poison record: only it is given up on, the rest delivered once, in order', async () => {
    const run = trigger({ batchSize: 4, maximumRetryAttempts: 3, bisectBatchOnFunctionError: true });
    run.invoker.script = (c) => (c.keys.includes('poison') ? fail('poison') : ok());
    for (const k of ['a', 'b', 'poison', 'd']) run.stream.put('S', k);
    await run.clock.runUntil(() => run.invoker.calls.some((c) => c.keys.join() === 'd'));
    assert.deepEqual(run.invoker.calls.map((c) => c.keys.join()), ['a,b,poison,d', 'a,b', 'poison,d', 'poison', 'poison', 'd']);
    const [record] = run.onFailure();
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(record.DDBStreamBatchInfo.startSequenceNumber, seqsOf(run.stream)[2]);
    assert.equal(record.requestContext.approximateInvokeCount, 4);
    assert.deepEqual(run.finalBatches().map((b) => b.outcome), ['bisected', 'success', 'bisected', 'error', 'error', 'success']);
    await run.clock.runUntil(() => run.checkpoint()?.shards.S === seqsOf(run.stream).at(-1));
    await stopTrigger(run);
  });

  it('reportBatchItemFailures: the next attempt starts at the lowest failed record; those before it are checkpointed', async () => {
    const run = trigger({ batchSize: 4, reportBatchItemFailures: true });
    for (const k of ['a', 'b', 'c', 'd']) run.stream.put('S', k);
    const seqs = seqsOf(run.stream);
    run.invoker.script = (c) => (c.n === 0 ? ok({ batchItemFailures: [{ itemIdentifier: seqs[3] }, { itemIdentifier: seqs[2] }] }) : ok({ batchItemFailures: [] }));
    await run.clock.runUntil(() => run.invoker.calls.length === 2);
    assert.deepEqual(run.invoker.calls.map((c) => c.keys.join()), ['a,b,c,d', 'c,d']);
    const first = run.finalBatches()[0];
    assert.equal(first.outcome, 'partial');
    assert.deepEqual(first.failedIds, [seqs[3], seqs[2]]);
    const checkpoints = run.activities.flatMap((a) => (a.type === 'checkpoint' ? [a.checkpoints.shards.S] : []));
    assert.deepEqual(checkpoints, [undefined, seqs[1], seqs[3]]);
    await stopTrigger(run);
  });

  it('reportBatchItemFailures: an unreadable response fails the whole batch; null and an empty list are success', async () => {
    const run = trigger({ batchSize: 4, reportBatchItemFailures: true });
    for (const k of ['a', 'b']) run.stream.put('S', k);
    const answers = [ok({ batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] }), ok({ batchItemFailures: [{}] }), ok('done'), ok(null)];
    run.invoker.script = (c) => answers[c.n] ?? ok();
    await run.clock.runUntil(() => run.invoker.calls.length === 4);
    assert.deepEqual(run.invoker.calls.map((c) => c.keys.join()), ['a,b', 'a,b', 'a,b', 'a,b']);
    assert.deepEqual(run.finalBatches().map((b) => b.outcome), ['error', 'error', 'error', 'success']);
    assert.match(run.finalBatches()[0].message ?? '', /not a record of the batch/);
    await stopTrigger(run);
  });

  it('maximumRecordAgeSeconds: records older than it are given up on (RecordAgeExceeded) instead of retried', async () => {
    const run = trigger({ batchSize: 10, maximumRecordAgeSeconds: 60 });
    run.invoker.script = (c) => (c.keys.includes('old') ? fail() : ok());
    run.stream.put('S', 'old');
    await run.clock.runUntil(() => run.onFailure().length === 1, 120_000);
    const [record] = run.onFailure();
    assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
    const dropped = run.finalBatches().at(-1)!;
    assert.equal(dropped.outcome, 'dropped-by-age');
    const ageAtDrop = run.clock.now() - run.stream.written[0].dynamodb!.ApproximateCreationDateTime!.getTime();
    assert.ok(ageAtDrop > 60_000 && ageAtDrop < 95_000, `dropped at age ${ageAtDrop} ms`);
    await stopTrigger(run);
  });

  it('parallelization factor: batches of one shard run concurrently, one key stays in order, the checkpoint waits for the slowest lane', async () => {
    const run = trigger({ batchSize: 2, parallelizationFactor: 2 });
    run.invoker.script = () => undefined; // held until answered
    for (let round = 0; round < 3; round++) for (const k of ['k0', 'k1', 'k2', 'k3', 'k4', 'k5']) run.stream.put('S', k);
    await run.clock.runUntil(() => run.invoker.inFlight === 2);
    assert.deepEqual(new Set(run.invoker.calls.map((c) => c.lane)), new Set([0, 1]));
    const [slow, fast] = run.invoker.calls;
    fast.answer(ok());
    await run.clock.runUntil(() => run.invoker.calls.length === 3);
    assert.equal(run.checkpoint()?.shards.S, undefined, 'the slow lane holds earlier records: no checkpoint yet');
    slow.answer(ok());
    run.invoker.script = () => ok();
    for (const c of run.invoker.calls) c.answer(ok());
    await run.clock.runUntil(() => run.invoker.allSeqs().length === 18);
    for (const c of run.invoker.calls) c.answer(ok());
    await run.clock.runUntil(() => run.checkpoint()?.shards.S === seqsOf(run.stream).at(-1));
    assert.equal(run.invoker.maxInFlight, 2);
    const order = new Map<string, string[]>();
    for (const c of run.invoker.calls) c.keys.forEach((k, i) => order.set(k, [...(order.get(k) ?? []), c.seqs[i]]));
    for (const [key, seqs] of order) assert.deepEqual(seqs, [...seqs].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)), `key ${key} in order`);
    const lanesOfKey = new Map<string, Set<number>>();
    for (const c of run.invoker.calls) for (const k of c.keys) lanesOfKey.set(k, new Set([...(lanesOfKey.get(k) ?? []), c.lane]));
    for (const [key, lanes] of lanesOfKey) assert.equal(lanes.size, 1, `key ${key} in one lane`);
    await stopTrigger(run);
  });

  it('stop mid-batch: the invocation is aborted and not checkpointed; a resume runs it again and never a successful batch', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    const first = trigger({ batchSize: 2 }, { clock, stream });
    for (const k of ['a', 'b', 'c', 'd']) stream.put('S', k);
    first.invoker.script = (c) => (c.n === 0 ? ok() : undefined);
    await clock.runUntil(() => first.invoker.calls.length === 2);
    await stopTrigger(first);
    assert.ok(first.invoker.calls[1].signal.aborted, 'the in-flight invocation was aborted');
    const saved = first.checkpoint()!;
    assert.equal(saved.shards.S, seqsOf(stream)[1]);
    assert.match(first.finalBatches().at(-1)!.message ?? '', /runs again on resume/);
    const second = trigger({ batchSize: 2 }, { clock, stream, checkpoints: saved });
    await clock.runUntil(() => second.invoker.calls.length === 1);
    assert.deepEqual(second.invoker.calls[0].keys, ['c', 'd']);
    await clock.advance(5_000);
    assert.equal(second.invoker.calls.length, 1);
    await stopTrigger(second);
  });

  it("parents before children: a parent's last partial batch (held by the window) is invoked before the child's first", async () => {
    const run = trigger({ batchSize: 100, batchingWindowSeconds: 30 });
    const t0 = run.clock.now();
    run.stream.put('S', 'p1');
    await run.clock.advance(1_000);
    run.stream.split('S', ['C']);
    run.stream.put('C', 'c1');
    await run.clock.runUntil(() => run.invoker.calls.length === 2, 120_000);
    assert.deepEqual(run.invoker.calls.map((c) => c.keys.join()), ['p1', 'c1']);
    assert.ok(run.invoker.calls[0].at - t0 < 30_000, "the parent's end sends its held batch at once");
    await stopTrigger(run);
  });

  it('a shard blocked by a failing batch holds a bounded number of records and stops reading', async () => {
    const run = trigger({ batchSize: 10 });
    run.invoker.script = (c) => (c.keys.includes('k0') ? fail() : ok());
    for (let i = 0; i < 5_000; i++) run.stream.put('S', `k${i}`);
    await run.clock.advance(3_600_000);
    const read = run.stream.calls.filter((c) => c.op === 'getRecords').reduce((n, c) => n + (c.returned ?? 0), 0);
    assert.ok(read <= 2_000, `${read} records read while blocked (bounded by the shard buffer)`);
    assert.ok(run.invoker.calls.length > 100 && run.invoker.calls.every((c) => c.keys[0] === 'k0'), 'only the failing batch is retried');
    await stopTrigger(run);
  });

  it('a resumed LATEST trigger reads shards without a checkpoint from the trim horizon, skipping what predates its start', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    stream.put('S', 'before');
    await clock.advance(5_000);
    const startedAtMs = clock.now();
    await clock.advance(5_000);
    stream.put('S', 'while-stopped');
    const run = trigger({ startingPosition: 'LATEST' }, { clock, stream, checkpoints: { shards: {}, startedAtMs, startingPosition: 'LATEST' } });
    await clock.runUntil(() => run.invoker.calls.length === 1);
    assert.deepEqual(run.invoker.calls[0].keys, ['while-stopped']);
    await clock.runUntil(() => run.checkpoint()?.shards.S === seqsOf(stream).at(-1));
    await stopTrigger(run);
  });

  it('a LATEST trigger stopped before its first batch resumes from its saved start: nothing written meanwhile is skipped', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    stream.put('S', 'old');
    await clock.advance(2_000);
    const first = trigger({ startingPosition: 'LATEST' }, { clock, stream });
    await clock.runUntil(() => first.activities.some((a) => a.type === 'state' && a.state === 'running'));
    await stopTrigger(first);
    const saved = first.checkpoint()!;
    assert.deepEqual(saved.shards, {});
    await clock.advance(2_000);
    stream.put('S', 'while-stopped');
    const second = trigger({ startingPosition: 'LATEST' }, { clock, stream, checkpoints: saved });
    await clock.runUntil(() => second.invoker.calls.length === 1);
    assert.deepEqual(second.invoker.calls[0].keys, ['while-stopped']);
    assert.equal(first.invoker.calls.length, 0);
    await stopTrigger(second);
  });

  it('records lost to retention are reported (a gap notice) and the shard goes on from the trim horizon', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('S');
    for (const k of ['a', 'b', 'c', 'd', 'e']) stream.put('S', k);
    stream.trim('S', 3);
    const checkpoints = { shards: { S: seqsOf(stream)[0] }, startedAtMs: clock.now(), startingPosition: 'TRIM_HORIZON' as const };
    const run = trigger({}, { clock, stream, checkpoints });
    await clock.runUntil(() => run.invoker.calls.length === 1);
    assert.deepEqual(run.invoker.calls[0].keys, ['d', 'e']);
    const gap = run.activities.find((a) => a.type === 'notice' && a.level === 'warning');
    assert.ok(gap && gap.type === 'notice');
    assert.match(gap.message, /trimmed .* before they could be read/);
    await stopTrigger(run);
  });

  it('retried for longer than the 24 h retention (no retry or age limit): the records are reported lost and the shard moves on', async () => {
    const run = trigger({ batchSize: 10 });
    run.invoker.script = (c) => (c.keys.includes('stuck') ? fail() : ok());
    run.stream.put('S', 'stuck');
    await run.clock.runUntil(() => run.invoker.calls.length === 3);
    run.clock.jump(24 * 3600_000); // a day passes while the batch keeps failing
    run.stream.put('S', 'next');
    await run.clock.runUntil(() => run.invoker.calls.some((c) => c.keys.join() === 'next'), 120_000);
    assert.equal(run.finalBatches().find((b) => b.outcome === 'dropped-by-age')?.size, 1);
    assert.ok(run.activities.some((a) => a.type === 'notice' && a.level === 'error' && /past the stream's 24 h retention/.test(a.message)));
    assert.equal(run.onFailure().length, 0, 'no on-failure record: Lambda loses expired records with the stream');
    await stopTrigger(run);
  });

  it('invalid settings: stopped at once with the message', async () => {
    const run = trigger({ batchSize: 0 });
    await run.clock.runUntil(() => run.finished(), 1_000);
    assert.match(run.stopReason() ?? '', /Batch size must be/);
    assert.equal(run.stream.calls.length, 0);
  });
});
