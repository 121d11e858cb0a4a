// ReplicasService with documented DescribeTable / DescribeGlobalTable shapes — synthetic: DynamoDB Local has no
// global tables (it answers DescribeGlobalTable with UnknownOperationException; the exthost suite meets that for real).
import assert from 'node:assert/strict';
import { DescribeGlobalTableCommand, DynamoDBClient, DynamoDBServiceException, GlobalTableNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { ReplicasService } from '../../../src/aws/replicas';
import { useDynamoDbMock } from './mockDynamoDb';

const streamed = (name: string) => ({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const } });
const awsError = (name: string, message: string) => new DynamoDBServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });

describe('ReplicasService — synthetic AWS responses (documented shapes)', () => {
  const dynamoDb = useDynamoDbMock();
  const service = () => new ReplicasService(new DynamoDBClient({ region: 'us-east-1' }));

  it('version 2019.11.21: lists DescribeTable Replicas without another call', async () => {
    const replicas = await service().list({
      ...streamed('Music'),
      GlobalTableVersion: '2019.11.21',
      Replicas: [{ RegionName: 'eu-west-1', ReplicaStatus: 'ACTIVE' }, { RegionName: 'us-west-2', ReplicaStatus: 'UPDATING' }],
    });
    assert.deepEqual(replicas.map((r) => [r.region, r.status]), [['eu-west-1', 'ACTIVE'], ['us-west-2', 'UPDATING']]);
    assert.equal(dynamoDb().commandCalls(DescribeGlobalTableCommand).length, 0);
  });

  it('version 2017.11.29: asks DescribeGlobalTable by the table name and lists its ReplicationGroup', async () => {
    dynamoDb().on(DescribeGlobalTableCommand, { GlobalTableName: 'MusicCollection' }).resolves({
      GlobalTableDescription: {
        ReplicationGroup: [{ RegionName: 'us-east-2' }, { RegionName: 'us-east-1' }],
        GlobalTableArn: 'arn:aws:dynamodb::123456789012:global-table/MusicCollection',
        CreationDateTime: new Date(1576625818532),
        GlobalTableStatus: 'ACTIVE',
        GlobalTableName: 'MusicCollection',
      },
    });
    const replicas = await service().list(streamed('MusicCollection'));
    assert.deepEqual(replicas.map((r) => [r.region, r.status, r.version]), [['us-east-1', 'ACTIVE', '2017.11.29'], ['us-east-2', 'ACTIVE', '2017.11.29']]);
  });

  it('GlobalTableNotFoundException means no replicas, and the next table is still asked', async () => {
    dynamoDb().on(DescribeGlobalTableCommand).rejects(new GlobalTableNotFoundException({ message: 'Global table not found', $metadata: { httpStatusCode: 400 } }));
    const s = service();
    assert.deepEqual(await s.list(streamed('Orders')), []);
    assert.deepEqual(await s.list(streamed('Users')), []);
    assert.equal(dynamoDb().commandCalls(DescribeGlobalTableCommand).length, 2);
  });

  it('UnknownOperationException (DynamoDB Local) means none, asked once per connection', async () => {
    dynamoDb().on(DescribeGlobalTableCommand).rejects(awsError('UnknownOperationException', 'An unknown operation was requested.'));
    const s = service();
    assert.deepEqual(await s.list(streamed('Orders')), []);
    assert.deepEqual(await s.list(streamed('Users')), []);
    assert.equal(dynamoDb().commandCalls(DescribeGlobalTableCommand).length, 1);
    assert.match(s.skipGlobalTables ?? '', /no global tables/);
  });

  it('does not ask for tables that cannot be a 2017 global table (no NEW_AND_OLD_IMAGES stream)', async () => {
    assert.deepEqual(await service().list({ TableName: 'Plain' }), []);
    assert.deepEqual(await service().list({ TableName: 'Keys', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }), []);
    assert.equal(dynamoDb().commandCalls(DescribeGlobalTableCommand).length, 0);
  });

  it('access denied is remembered (no call per table); any other failure is thrown', async () => {
    dynamoDb().on(DescribeGlobalTableCommand).rejectsOnce(awsError('AccessDeniedException', 'not authorized to perform: dynamodb:DescribeGlobalTable'));
    const s = service();
    assert.deepEqual(await s.list(streamed('Orders')), []);
    assert.deepEqual(await s.list(streamed('Users')), []);
    assert.equal(dynamoDb().commandCalls(DescribeGlobalTableCommand).length, 1);
    dynamoDb().on(DescribeGlobalTableCommand).rejects(awsError('InternalServerError', 'boom'));
    await assert.rejects(service().list(streamed('Orders')), /boom/);
  });
});

describe('ReplicasService.update — synthetic AWS responses (documented UpdateTable shapes)', () => {
  const dynamoDb = useDynamoDbMock();
  const service = () => new ReplicasService(new DynamoDBClient({ region: 'us-east-1' }));

  it('sends ReplicaUpdates Create / Delete and returns the table description', async () => {
    dynamoDb().on(UpdateTableCommand).resolves({
      TableDescription: { TableName: 'Music', TableStatus: 'UPDATING', GlobalTableVersion: '2019.11.21', Replicas: [{ RegionName: 'eu-west-1', ReplicaStatus: 'CREATING' }] },
    });
    const out = await service().update('Music', 'eu-west-1', 'Create');
    assert.equal(out?.Replicas?.[0]?.ReplicaStatus, 'CREATING');
    await service().update('Music', 'us-west-2', 'Delete');
    assert.deepEqual(dynamoDb().commandCalls(UpdateTableCommand).map((c) => c.args[0].input), [
      { TableName: 'Music', ReplicaUpdates: [{ Create: { RegionName: 'eu-west-1' } }] },
      { TableName: 'Music', ReplicaUpdates: [{ Delete: { RegionName: 'us-west-2' } }] },
    ]);
  });

  it('DynamoDB Local\'s "Nothing to update" becomes "not supported by this endpoint"', async () => {
    dynamoDb().on(UpdateTableCommand).rejects(awsError('ValidationException', 'Nothing to update'));
    await assert.rejects(service().update('Music', 'eu-west-1', 'Create'), (err: Error) => err.name === 'ReplicasUnsupportedError' && /Replicas are not supported by this endpoint/.test(err.message));
  });

  it('AWS\'s other refusals reach the caller as AWS words them', async () => {
    const words = 'One or more parameter values were invalid: Table write capacity should either be Pay-Per-Request or AutoScaled.';
    dynamoDb().on(UpdateTableCommand).rejects(awsError('ValidationException', words));
    await assert.rejects(service().update('Music', 'eu-west-1', 'Create'), (err: Error) => err.name === 'ValidationException' && err.message === words);
  });
});
