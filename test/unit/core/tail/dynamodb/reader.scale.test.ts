import assert from 'node:assert/strict';
import { FakeClock, SyntheticStream, assertExactlyOnce, startTail } from '../fakes';

describe('tailStream at scale — synthetic stream of 1,000 shards (DynamoDB Local has one shard per stream)', () => {
  it('reads every open shard of 1,000 (10 DescribeStream pages): each delivers its records exactly once', async () => {
    const clock = new FakeClock();
    const stream = new SyntheticStream(clock);
    const ids = Array.from({ length: 1000 }, (_, i) => `shard-${String(i).padStart(4, '0')}`);
    for (const id of ids) {
      stream.addShard(id);
      stream.put(id, `key-${id}`);
    }
    const run = startTail(stream, clock, { streamArn: stream.arn, start: 'TRIM_HORIZON' });
    await clock.runUntil(() => run.delivered().length === ids.length, 600_000);
    assertExactlyOnce(run, stream.written);

    assert.equal(stream.calls.filter((c) => c.op === 'describeStream').length >= 10, true, 'every DescribeStream page read');
    const readShards = new Set(stream.calls.filter((c) => c.op === 'getRecords').map((c) => c.shardId));
    assert.deepEqual([...readShards].sort(), ids, 'GetRecords on every shard');
    const reading = new Set(run.events.flatMap((e) => (e.type === 'shard' && e.status === 'reading' ? [e.shardId] : [])));
    assert.equal(reading.size, 1000);
    // Open shards stay polled: one more record in the last shard listed arrives too.
    const late = stream.put(ids[999], 'late');
    await clock.runUntil(() => run.delivered().some((d) => d.record.eventID === late.eventID), 60_000);

    run.abort();
    await clock.runUntil(run.finished);
  });
});
