// A Kinesis tail panel restored after a reload: each shard re-read from the first record the panel held (inclusive),
// another continued after its last delivered record; a shard no longer listed is a gap.
import assert from 'node:assert/strict';
import { FakeClock } from '../fakes';
import { SyntheticKinesis, changeRecordJson, startKinesisTail } from './kinesisFakes';

let counter = 0;
const change = (clock: FakeClock) => changeRecordJson({ eventID: `r${counter++}`, eventName: 'INSERT', pk: 'k', timeMs: clock.now() });

describe('tailKinesisStream — resuming a restored panel (synthetic Kinesis)', () => {
  it('re-reads from AT_SEQUENCE_NUMBER of the first held record, continues another shard after its checkpoint, reports an unlisted shard', async () => {
    const clock = new FakeClock();
    const kinesis = new SyntheticKinesis(clock);
    kinesis.addShard('A');
    kinesis.addShard('B');
    const a = [0, 1, 2, 3].map(() => kinesis.put('A', change(clock)));
    const b = [0, 1, 2].map(() => kinesis.put('B', change(clock)));
    const run = startKinesisTail(kinesis, clock, {
      streamName: 's',
      start: { type: 'LATEST' },
      resumeAt: { A: a[1].sequenceNumber, Gone: '7' },
      checkpoints: { B: b[1].sequenceNumber },
    });
    await clock.runUntil(() => run.records().length === 4);
    const later = kinesis.put('A', change(clock));
    await clock.runUntil(() => run.records().length === 5);
    await clock.advance(1_000);
    const bySeq = run.delivered().map((d) => `${d.shardId}:${d.record.kinesis?.sequenceNumber}`).sort();
    assert.deepEqual(bySeq, [...[a[1], a[2], a[3], later].map((r) => `A:${r.sequenceNumber}`), `B:${b[2].sequenceNumber}`].sort());
    const gaps = run.events.flatMap((e) => (e.type === 'gap' ? [e.shardId] : []));
    assert.deepEqual(gaps, ['Gone']);
    const at = kinesis.calls.find((c) => c.op === 'getShardIterator' && c.shardId === 'A');
    assert.deepEqual(at?.position, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: a[1].sequenceNumber });
    run.abort();
    await clock.runUntil(run.finished);
  });
});
