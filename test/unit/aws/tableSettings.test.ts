// TTL and table class on AWS with documented request/response shapes — synthetic: DynamoDB Local ignores table classes
// (the integration and extension-host suites check its "Nothing to update" for real).
import assert from 'node:assert/strict';
import { DescribeTableCommand, DynamoDBClient, ScanCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { TableSettingsService } from '../../../src/aws/tableSettings';
import { TablesService } from '../../../src/aws/tables';
import { describeError } from '../../../src/core/connection/errors';
import { tableClassLabel } from '../../../src/core/table/tableSettings';
import { useDynamoDbMock } from './mockDynamoDb';

describe('TableSettingsService — synthetic AWS responses (documented shapes)', () => {
  const dynamoDb = useDynamoDbMock();
  const client = () => new DynamoDBClient({ region: 'us-east-1' });

  it('changes the table class with UpdateTable { TableClass }, and the changed summary reads as Standard-IA', async () => {
    dynamoDb().on(UpdateTableCommand).resolves({ TableDescription: { TableName: 'Archive', TableStatus: 'UPDATING' } });
    dynamoDb().on(DescribeTableCommand).resolves({
      Table: { TableName: 'Archive', TableStatus: 'ACTIVE', TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS', LastUpdateDateTime: new Date() } },
    });
    await new TableSettingsService(client()).setTableClass('Archive', 'STANDARD_INFREQUENT_ACCESS');
    assert.deepEqual(dynamoDb().commandCalls(UpdateTableCommand)[0].args[0].input, { TableName: 'Archive', TableClass: 'STANDARD_INFREQUENT_ACCESS' });
    const table = await new TablesService(client()).waitUntilActive('Archive');
    assert.equal(tableClassLabel(table), 'Standard-IA');
  });

  it("AWS's refusal of a class change comes through as AWS words it", async () => {
    const refusal = Object.assign(new Error('Subscriber limit exceeded: Table class can be updated up to 2 times in 30 days'), { name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } });
    dynamoDb().on(UpdateTableCommand).rejects(refusal);
    await assert.rejects(new TableSettingsService(client()).setTableClass('Archive', 'STANDARD'), /2 times in 30 days/);
  });

  it('enables and disables TTL with UpdateTimeToLive; a second change within the hour is shown as AWS words it', async () => {
    dynamoDb().on(UpdateTimeToLiveCommand).resolvesOnce({ TimeToLiveSpecification: { Enabled: true, AttributeName: 'ExpirationTime' } });
    const service = new TableSettingsService(client());
    await service.setTtl('Sessions', true, 'ExpirationTime');
    assert.deepEqual(dynamoDb().commandCalls(UpdateTimeToLiveCommand)[0].args[0].input, { TableName: 'Sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ExpirationTime' } });
    const refusal = Object.assign(new Error('Time to live has been modified multiple times within a fixed interval'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    dynamoDb().on(UpdateTimeToLiveCommand).rejects(refusal);
    const err = await service.setTtl('Sessions', false, 'ExpirationTime').then(() => undefined, (e: unknown) => e);
    assert.equal(describeError(err).message, 'Time to live has been modified multiple times within a fixed interval');
  });

  it('samples one Scan page of 25 items for the TTL attribute pick', async () => {
    dynamoDb().on(ScanCommand).resolves({ Items: [{ PK: { S: 'a' }, ExpirationTime: { N: '1722902400' } }] });
    const items = await new TableSettingsService(client()).sampleItems('Sessions');
    assert.equal(items.length, 1);
    assert.deepEqual(dynamoDb().commandCalls(ScanCommand)[0].args[0].input, { TableName: 'Sessions', Limit: 25 });
  });
});
