// Global-table replicas (pure): both versions' documented response shapes, the tree's wording, the replication
// warning, the endpoint of another region and the replica panel's title.
import assert from 'node:assert/strict';
import {
  endpointForRegion,
  isGlobalTableV2019,
  mayBeGlobalTableV2017,
  replicaDetailLines,
  replicasFromGlobalTable,
  replicasFromTable,
  replicaSummary,
  replicationWarning,
} from '../../../../src/core/table/replicas';
import { panelTitle } from '../../../../src/core/panel/protocol';

// DescribeTable of a version 2019.11.21 global table (AWS docs: TableDescription.Replicas, ReplicaDescription).
const GLOBAL_TABLE_2019 = {
  TableName: 'Music',
  GlobalTableVersion: '2019.11.21',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  Replicas: [
    { RegionName: 'us-west-2', ReplicaStatus: 'ACTIVE', ReplicaTableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' } },
    { RegionName: 'eu-west-1', ReplicaStatus: 'CREATING', ReplicaStatusPercentProgress: '40' },
    { RegionName: 'ap-south-1', ReplicaStatus: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', ReplicaStatusDescription: 'The KMS key is disabled', KMSMasterKeyId: 'arn:aws:kms:ap-south-1:123456789012:key/abc' },
  ],
};

// DescribeGlobalTable (version 2017.11.29), as in the AWS CLI reference's example.
const GLOBAL_TABLE_2017 = {
  ReplicationGroup: [{ RegionName: 'us-east-2' }, { RegionName: 'us-east-1' }],
  GlobalTableArn: 'arn:aws:dynamodb::123456789012:global-table/MusicCollection',
  GlobalTableStatus: 'ACTIVE',
  GlobalTableName: 'MusicCollection',
};

describe('replicas: version 2019.11.21 (DescribeTable Replicas)', () => {
  it('lists each region with its status, detail, progress and class (STANDARD when the summary is absent), sorted', () => {
    const replicas = replicasFromTable(GLOBAL_TABLE_2019);
    assert.deepEqual(replicas.map((r) => [r.region, r.status, r.tableClass, r.version]), [
      ['ap-south-1', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', 'STANDARD', '2019.11.21'],
      ['eu-west-1', 'CREATING', 'STANDARD', '2019.11.21'],
      ['us-west-2', 'ACTIVE', 'STANDARD_INFREQUENT_ACCESS', '2019.11.21'],
    ]);
    assert.equal(replicas[0].statusDescription, 'The KMS key is disabled');
    assert.equal(replicaSummary(replicas[1]), 'CREATING · 40%');
    assert.equal(replicaSummary(replicas[2], 'us-west-2'), 'ACTIVE · this region');
    assert.deepEqual(replicaDetailLines(replicas[0]).map(([label]) => label), ['Region', 'Status', 'Global table version', 'Status detail', 'Table class', 'KMS key']);
  });

  it('a table without Replicas has none; entries without a region are skipped', () => {
    assert.deepEqual(replicasFromTable({ TableName: 'Plain' }), []);
    assert.deepEqual(replicasFromTable({ Replicas: [{ ReplicaStatus: 'ACTIVE' }] }), []);
    assert.equal(isGlobalTableV2019({ TableName: 'Plain' }), false);
    assert.equal(isGlobalTableV2019(GLOBAL_TABLE_2019), true);
  });
});

describe('replicas: version 2017.11.29 (DescribeGlobalTable ReplicationGroup)', () => {
  it('lists each region with the global table\'s status and no class', () => {
    const replicas = replicasFromGlobalTable(GLOBAL_TABLE_2017);
    assert.deepEqual(replicas.map((r) => [r.region, r.status, r.version, r.tableClass]), [
      ['us-east-1', 'ACTIVE', '2017.11.29', undefined],
      ['us-east-2', 'ACTIVE', '2017.11.29', undefined],
    ]);
    assert.deepEqual(replicasFromGlobalTable(undefined), []);
  });

  it('is asked only for tables that could be one: a NEW_AND_OLD_IMAGES stream and no 2019 replicas', () => {
    const streamed = (viewType: string, enabled = true) => ({ TableName: 'T', StreamSpecification: { StreamEnabled: enabled, StreamViewType: viewType } });
    assert.equal(mayBeGlobalTableV2017(streamed('NEW_AND_OLD_IMAGES')), true);
    assert.equal(mayBeGlobalTableV2017(streamed('NEW_IMAGE')), false);
    assert.equal(mayBeGlobalTableV2017(streamed('NEW_AND_OLD_IMAGES', false)), false);
    assert.equal(mayBeGlobalTableV2017({ TableName: 'T' }), false);
    assert.equal(mayBeGlobalTableV2017(GLOBAL_TABLE_2019), false);
  });
});

describe('replicas: warning, other-region endpoint, panel title', () => {
  it('warns about replication only for a table with replicas, naming the regions and NEW_AND_OLD_IMAGES', () => {
    assert.equal(replicationWarning('Plain', []), undefined);
    const warning = replicationWarning('Music', replicasFromTable(GLOBAL_TABLE_2019));
    assert.match(warning ?? '', /Music is a global table \(replicas: ap-south-1, eu-west-1, us-west-2\)/);
    assert.match(warning ?? '', /NEW_AND_OLD_IMAGES/);
    assert.match(warning ?? '', /breaks replication/);
  });

  it('keeps AWS (no endpoint) and local endpoints, and moves a regional host name to the other region', () => {
    assert.equal(endpointForRegion(undefined, 'us-east-1', 'eu-west-1'), undefined);
    assert.equal(endpointForRegion('http://127.0.0.1:8000', 'us-east-1', 'eu-west-1'), 'http://127.0.0.1:8000');
    assert.equal(endpointForRegion('https://dynamodb.us-east-1.amazonaws.com', 'us-east-1', 'eu-west-1'), 'https://dynamodb.eu-west-1.amazonaws.com');
    assert.equal(endpointForRegion('https://streams.dynamodb.us-east-1.amazonaws.com/', 'us-east-1', 'eu-west-1'), 'https://streams.dynamodb.eu-west-1.amazonaws.com/');
    assert.equal(endpointForRegion('https://proxy.example.com', 'us-east-1', 'eu-west-1'), 'https://proxy.example.com');
    assert.equal(endpointForRegion('not a url', 'us-east-1', 'eu-west-1'), 'not a url');
  });

  it('titles a replica\'s panel "Tail: <table> (<region>)", and others as before', () => {
    assert.equal(panelTitle({ source: 'dynamodb', name: 'Music', region: 'eu-west-1' }), 'Tail: Music (eu-west-1)');
    assert.equal(panelTitle({ source: 'dynamodb', name: 'Music' }), 'Tail: Music');
    assert.equal(panelTitle({ source: 'kinesis', name: 'cdc' }), 'Kinesis: cdc');
  });
});
