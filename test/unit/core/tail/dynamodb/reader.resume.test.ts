// A panel restored after a reload: the reader re-reads each shard from the first record the panel held (inclusive) and
// goes on from there, continues other shards after their last delivered record, and reports what is gone as a gap.
import assert from 'node:assert/strict';
import { streamRecordSource } from '../../../../../src/core/tail/dynamodb/reader';
import type { TailEvent } from '../../../../../src/core/tail/types';
import { FakeClock, SyntheticStream, assertExactlyOnce, startTail } from '../fakes';

describe('DynamoDB stream reader: resuming a restored panel (synthetic stream)', () => {
  it('re-reads from the first held record (AT_SEQUENCE_NUMBER) and goes on after it; other shards after their checkpoint', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('A');
    stream.addShard('B');
    for (let i = 0; i < 6; i++) {
      stream.put('A', `a${i % 2}`);
      stream.put('B', `b${i % 2}`);
    }
    const A = stream.shard('A').records;
    const B = stream.shard('B').records;
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', resumeAt: { A: A[2].dynamodb!.SequenceNumber! }, checkpoints: { B: B[4].dynamodb!.SequenceNumber! } });
    await clock.runUntil(() => run.delivered().length === 5);
    stream.put('A', 'a0');
    stream.put('B', 'b1');
    await clock.runUntil(() => run.delivered().length === 7);
    await clock.advance(1_000);
    assertExactlyOnce(run, [...A.slice(2), ...B.slice(5)]);
    const at = stream.calls.find((c) => c.op === 'getShardIterator' && c.shardId === 'A');
    assert.deepEqual([at?.type, at?.seq], ['AT_SEQUENCE_NUMBER', A[2].dynamodb!.SequenceNumber]);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('a first held record no longer retained is a gap; a shard no longer listed is a gap too', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('A');
    for (let i = 0; i < 6; i++) stream.put('A', 'a');
    const A = stream.shard('A').records;
    stream.trim('A', 3);
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'LATEST', resumeAt: { A: A[1].dynamodb!.SequenceNumber!, Gone: '5' } });
    await clock.runUntil(() => run.delivered().length === 3);
    assertExactlyOnce(run, A.slice(3));
    const gaps = run.events.filter((e): e is Extract<TailEvent, { type: 'gap' }> => e.type === 'gap');
    assert.deepEqual(gaps.map((g) => g.shardId).sort(), ['A', 'Gone']);
    run.abort();
    await clock.runUntil(run.finished);
  });

  it('the record source resumes from a ResumePosition over the panel\'s own start position', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    stream.addShard('A');
    for (let i = 0; i < 4; i++) stream.put('A', 'a');
    const A = stream.shard('A').records;
    const source = streamRecordSource(stream, { streamArn: stream.arn });
    const resume = source.resume?.bind(source);
    assert.ok(resume);
    const events: TailEvent[] = [];
    const ctl = new AbortController();
    // Real time (the source takes no clock): the synthetic stream answers at once; waits for the first delivery.
    let delivered!: () => void;
    const firstRecords = new Promise<void>((resolve) => (delivered = resolve));
    // A LATEST tail restored reads shards without positions from when it started (AT_TIMESTAMP), without notices.
    const done = resume({ start: { type: 'AT_TIMESTAMP', timestampMs: 1 }, at: { A: A[1].dynamodb!.SequenceNumber! }, after: {} }, ctl.signal, (e) => {
      events.push(e);
      if (e.type === 'records') delivered();
    });
    await firstRecords;
    ctl.abort();
    await done;
    const got = events.flatMap((e) => (e.type === 'records' ? e.records.map((r) => r.eventID) : []));
    assert.deepEqual(got, A.slice(1).map((r) => r.eventID));
    assert.deepEqual(events.filter((e) => e.type === 'notice'), [], 'the restored panel\'s own notice says what it reads');
  });
});
