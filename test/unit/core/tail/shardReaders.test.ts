import assert from 'node:assert/strict';
import { mappingReads, readersBeside, thirdReaderWarning } from '../../../../src/core/tail/shardReaders';

const ARN = 'arn:aws:dynamodb:us-east-1:1:table/Orders/stream/2025';

describe('readers per shard (DynamoDB Streams allows two)', () => {
  it('a stream tail and a shard tail open, plus a Lambda trigger: the new tail would be the fourth reader', () => {
    const running = [{ streamArn: ARN }, { streamArn: ARN, onlyShardId: 'S1' }];
    const readers = readersBeside({ streamArn: ARN, onlyShardId: 'S1' }, running, 1);
    assert.deepEqual(readers, { streamTails: 1, shardTails: 1, lambdaTriggers: 1, total: 3 });
    const warning = thirdReaderWarning(readers);
    assert.ok(warning);
    assert.match(warning.message, /reader 4 of a shard that allows 2/);
    assert.match(warning.detail, /1 stream tail, 1 shard tail, 1 Lambda trigger/);
    assert.match(warning.detail, /throttled for every reader/);
  });

  it('a stream tail plus a Lambda trigger: a shard tail would be the third reader; without the trigger, the second', () => {
    assert.equal(readersBeside({ streamArn: ARN, onlyShardId: 'S2' }, [{ streamArn: ARN }], 1).total, 2);
    assert.ok(thirdReaderWarning(readersBeside({ streamArn: ARN, onlyShardId: 'S2' }, [{ streamArn: ARN }], 1)));
    assert.equal(thirdReaderWarning(readersBeside({ streamArn: ARN, onlyShardId: 'S2' }, [{ streamArn: ARN }], 0)), undefined);
  });

  it('shard tails of other shards share no shard with each other; a stream tail shares the busiest one', () => {
    const running = [{ streamArn: ARN, onlyShardId: 'S1' }, { streamArn: ARN, onlyShardId: 'S2' }];
    assert.equal(readersBeside({ streamArn: ARN, onlyShardId: 'S3' }, running, 1).total, 1);
    assert.deepEqual(readersBeside({ streamArn: ARN }, running, 1), { streamTails: 0, shardTails: 1, lambdaTriggers: 1, total: 2 });
  });

  it('another stream, or a replica in another region under the same ARN, is not counted', () => {
    const running = [{ streamArn: 'other' }, { streamArn: ARN, region: 'eu-west-1' }, { streamArn: ARN, region: 'eu-west-1', onlyShardId: 'S1' }];
    assert.equal(readersBeside({ streamArn: ARN }, running, 1).total, 1);
    assert.equal(readersBeside({ streamArn: ARN, region: 'eu-west-1' }, running, 0).total, 2);
  });

  it('two Lambda triggers alone make any tail the third reader', () => {
    assert.ok(thirdReaderWarning(readersBeside({ streamArn: ARN }, [], 2)));
    assert.equal(thirdReaderWarning(readersBeside({ streamArn: ARN }, [], 1)), undefined);
  });

  it('mappings read while Enabled, Enabling, Updating or Creating; not Disabled, Disabling or Deleting', () => {
    assert.deepEqual(['Enabled', 'Enabling', 'Updating', 'Creating', 'Disabled', 'Disabling', 'Deleting', undefined].map(mappingReads), [true, true, true, true, false, false, false, false]);
  });
});
