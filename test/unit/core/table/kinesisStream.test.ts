import assert from 'node:assert/strict';
import {
  activePollDelayMs,
  createStreamRequest,
  describeNewStream,
  validateKinesisStreamName,
  validateShardCount,
} from '../../../../src/core/table/kinesisStream';

describe('Create Kinesis data stream (core)', () => {
  it('accepts names of 1–128 letters, digits, "_", "." and "-", and refuses the rest as Kinesis does', () => {
    for (const ok of ['a', 'orders-changes', 'A.b_c-9', 'x'.repeat(128)]) assert.equal(validateKinesisStreamName(ok), undefined, ok);
    assert.match(validateKinesisStreamName('') ?? '', /Enter a stream name/);
    assert.match(validateKinesisStreamName('x'.repeat(129)) ?? '', /at most 128 characters \(this one has 129\)/);
    for (const bad of ['orders changes', 'orders/changes', 'ordérs', 'a:b']) assert.match(validateKinesisStreamName(bad) ?? '', /only letters, digits/, bad);
  });

  it('accepts whole shard counts from 1', () => {
    assert.equal(validateShardCount('2'), undefined);
    assert.equal(validateShardCount(' 10 '), undefined);
    for (const bad of ['0', '-1', '1.5', 'two', '']) assert.match(validateShardCount(bad) ?? '', /whole number/, bad);
  });

  it('builds the documented CreateStream input: a shard count alone, or ON_DEMAND without a count', () => {
    assert.deepEqual(createStreamRequest({ name: 'orders', mode: 'PROVISIONED', shardCount: 2 }), { StreamName: 'orders', ShardCount: 2 });
    assert.deepEqual(createStreamRequest({ name: 'orders', mode: 'ON_DEMAND' }), { StreamName: 'orders', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    assert.throws(() => createStreamRequest({ name: 'bad name', mode: 'ON_DEMAND' }), /only letters/);
    assert.throws(() => createStreamRequest({ name: 'ok', mode: 'PROVISIONED', shardCount: 0 }), /whole number/);
  });

  it('describes the capacity and backs off its ACTIVE polls up to 5 s', () => {
    assert.equal(describeNewStream({ name: 'a', mode: 'ON_DEMAND' }), 'on-demand');
    assert.equal(describeNewStream({ name: 'a', mode: 'PROVISIONED', shardCount: 1 }), '1 shard');
    assert.equal(describeNewStream({ name: 'a', mode: 'PROVISIONED', shardCount: 3 }), '3 shards');
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 20].map(activePollDelayMs), [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
