// DynamoDB Local has no Kinesis streaming destinations: the service says so once and does not ask again (until Refresh).
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { KinesisDestinationsService, UNSUPPORTED_REASON } from '../../src/aws/kinesisDestinations';
import { localClients } from './setup';

describe('Kinesis destinations on DynamoDB Local', () => {
  const table = `kds-${Date.now().toString(36)}`;
  after(async () => {
    await localClients().dynamodb.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  });

  it('answers "not supported by this endpoint" once, without repeating the call for other tables', async () => {
    const { dynamodb } = localClients();
    await dynamodb.send(
      new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    let calls = 0;
    dynamodb.middlewareStack.add((next) => async (args) => { calls++; return next(args); }, { step: 'initialize', name: 'countCalls' });
    const service = new KinesisDestinationsService(dynamodb);
    assert.deepEqual(await service.list(table), { supported: false, reason: UNSUPPORTED_REASON });
    assert.equal(calls, 1);
    assert.deepEqual(await service.list('another-table'), { supported: false, reason: UNSUPPORTED_REASON });
    assert.equal(calls, 1, 'the endpoint is not asked again');
  });

  it('asks again after Refresh (forgetAnswers), and learns the same answer', async () => {
    const { dynamodb } = localClients();
    let calls = 0;
    dynamodb.middlewareStack.add((next) => async (args) => { calls++; return next(args); }, { step: 'initialize', name: 'countCalls' });
    const service = new KinesisDestinationsService(dynamodb);
    await service.list(table);
    service.forgetAnswers();
    assert.deepEqual(await service.list(table), { supported: false, reason: UNSUPPORTED_REASON });
    assert.equal(calls, 2);
  });
});
