// Add replica region… / Remove replica region… (pure), with documented UpdateTable / DescribeTable shapes.
import assert from 'node:assert/strict';
import {
  isNothingToUpdate,
  replicaPollDelayMs,
  replicaProgress,
  replicaUpdateRequest,
  streamNeededForReplica,
  validateReplicaRegion,
} from '../../../../src/core/table/replicaUpdates';

const withReplicas = (...replicas: object[]) => ({ TableName: 'Music', GlobalTableVersion: '2019.11.21', Replicas: replicas });

describe('replica updates (core, documented shapes)', () => {
  it('builds UpdateTable ReplicaUpdates Create and Delete (version 2019.11.21)', () => {
    assert.deepEqual(replicaUpdateRequest('Music', 'eu-west-1', 'Create'), { TableName: 'Music', ReplicaUpdates: [{ Create: { RegionName: 'eu-west-1' } }] });
    assert.deepEqual(replicaUpdateRequest('Music', 'eu-west-1', 'Delete'), { TableName: 'Music', ReplicaUpdates: [{ Delete: { RegionName: 'eu-west-1' } }] });
  });

  it('a replica needs a NEW_AND_OLD_IMAGES stream: enable one, change another type, or nothing', () => {
    assert.equal(streamNeededForReplica({}), 'enable');
    assert.equal(streamNeededForReplica({ StreamSpecification: { StreamEnabled: false } }), 'enable');
    assert.equal(streamNeededForReplica({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }), 'change');
    assert.equal(streamNeededForReplica({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }), 'ok');
  });

  it('refuses a region that is no region, the connection\'s own, or one the table already has', () => {
    assert.equal(validateReplicaRegion('eu-west-1', 'us-east-1', ['us-west-2']), undefined);
    assert.equal(validateReplicaRegion(' ap-southeast-2 ', 'us-east-1', []), undefined);
    assert.match(validateReplicaRegion('', 'us-east-1', []) ?? '', /Enter a region/);
    assert.match(validateReplicaRegion('Europe', 'us-east-1', []) ?? '', /not a region name/);
    assert.match(validateReplicaRegion('us-east-1', 'us-east-1', []) ?? '', /this connection's region/);
    assert.match(validateReplicaRegion('us-west-2', 'us-east-1', ['us-west-2']) ?? '', /already has a replica in us-west-2/);
  });

  it('recognises DynamoDB Local\'s "Nothing to update"', () => {
    assert.equal(isNothingToUpdate(Object.assign(new Error('Nothing to update'), { name: 'ValidationException' })), true);
    assert.equal(isNothingToUpdate(new Error('One or more parameter values were invalid: Table write capacity should either be Pay-Per-Request or AutoScaled.')), false);
  });

  it('follows Create until the region\'s replica is ACTIVE, with its copy percentage', () => {
    assert.deepEqual(replicaProgress(withReplicas(), 'eu-west-1', 'Create'), { done: false, message: 'eu-west-1: requested…' });
    assert.deepEqual(replicaProgress(withReplicas({ RegionName: 'eu-west-1', ReplicaStatus: 'CREATING', ReplicaStatusPercentProgress: '40' }), 'eu-west-1', 'Create'), { done: false, message: 'eu-west-1: CREATING 40%…' });
    assert.deepEqual(replicaProgress(withReplicas({ RegionName: 'eu-west-1', ReplicaStatus: 'UPDATING' }), 'eu-west-1', 'Create'), { done: false, message: 'eu-west-1: UPDATING…' });
    assert.deepEqual(replicaProgress(withReplicas({ RegionName: 'eu-west-1', ReplicaStatus: 'ACTIVE' }), 'eu-west-1', 'Create'), { done: true });
  });

  it('stops on a failed replica with AWS\'s description', () => {
    const failed = replicaProgress(withReplicas({ RegionName: 'eu-west-1', ReplicaStatus: 'CREATION_FAILED', ReplicaStatusDescription: 'KMS key not accessible' }), 'eu-west-1', 'Create');
    assert.deepEqual(failed, { failed: 'The replica in eu-west-1 is CREATION_FAILED: KMS key not accessible' });
  });

  it('follows Delete until the region is no longer listed', () => {
    assert.deepEqual(replicaProgress(withReplicas({ RegionName: 'eu-west-1', ReplicaStatus: 'DELETING' }), 'eu-west-1', 'Delete'), { done: false, message: 'eu-west-1: DELETING…' });
    assert.deepEqual(replicaProgress(withReplicas({ RegionName: 'us-west-2', ReplicaStatus: 'ACTIVE' }), 'eu-west-1', 'Delete'), { done: true });
  });

  it('backs off from 1 s to every 15 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 30].map(replicaPollDelayMs), [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
});
