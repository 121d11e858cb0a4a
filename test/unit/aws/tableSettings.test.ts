// TTL and table class on AWS with documented request/response shapes — synthetic, only for what DynamoDB Local cannot
// do: it keeps no table class (a class change that takes) and it does not refuse with AWS's limits. The Scan sample,
// TTL changes and DynamoDB Local's own refusals run for real in test/integration/tableSettings.test.ts.
import assert from 'node:assert/strict';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { TableSettingsService } from '../../../src/aws/tableSettings';
import { TablesService } from '../../../src/aws/tables';
import { describeError } from '../../../src/core/connection/errors';
import { tableClassLabel } from '../../../src/core/table/tableSettings';
import { useDynamoDbMock } from './mockDynamoDb';

describe('TableSettingsService — synthetic AWS responses (documented shapes)', () => {
  const dynamoDb = useDynamoDbMock();
  const client = () => new DynamoDBClient({ region: 'us-east-1' });
  const refusal = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  it('synthetic: changes the table class with UpdateTable { TableClass }, and the changed summary reads as Standard-IA', async () => {
    dynamoDb().on(UpdateTableCommand).resolves({ TableDescription: { TableName: 'Archive', TableStatus: 'UPDATING' } });
    dynamoDb().on(DescribeTableCommand).resolves({
      Table: { TableName: 'Archive', TableStatus: 'ACTIVE', TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS', LastUpdateDateTime: new Date() } },
    });
    await new TableSettingsService(client()).setTableClass('Archive', 'STANDARD_INFREQUENT_ACCESS');
    assert.deepEqual(dynamoDb().commandCalls(UpdateTableCommand).map((c) => c.args[0].input), [{ TableName: 'Archive', TableClass: 'STANDARD_INFREQUENT_ACCESS' }]);
    const table = await new TablesService(client()).waitUntilActive('Archive');
    assert.equal(tableClassLabel(table), 'Standard-IA');
  });

  it("synthetic: AWS's refusal of a third class change in 30 days is shown to the user as AWS words it", async () => {
    const words = 'Subscriber limit exceeded: Table class can be updated up to 2 times in 30 days';
    dynamoDb().on(UpdateTableCommand).rejects(refusal('LimitExceededException', words));
    const err = await new TableSettingsService(client()).setTableClass('Archive', 'STANDARD').then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'refused');
    assert.equal(describeError(err).message, words);
  });

  it("synthetic: AWS's refusal of a second TTL change within the hour is shown to the user as AWS words it", async () => {
    const words = 'Time to live has been modified multiple times within a fixed interval';
    dynamoDb().on(UpdateTimeToLiveCommand).rejects(refusal('ValidationException', words));
    const err = await new TableSettingsService(client()).setTtl('Sessions', false, 'ExpirationTime').then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'refused');
    assert.equal(describeError(err).message, words);
    assert.deepEqual(dynamoDb().commandCalls(UpdateTimeToLiveCommand).map((c) => c.args[0].input), [
      { TableName: 'Sessions', TimeToLiveSpecification: { Enabled: false, AttributeName: 'ExpirationTime' } },
    ]);
  });
});
