import assert from 'node:assert/strict';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClients } from './setup';

describe('DynamoDB Local test bed', () => {
  it('answers ListTables', async () => {
    const { dynamodb } = localClients();
    const out = await dynamodb.send(new ListTablesCommand({}));
    assert.ok(Array.isArray(out.TableNames));
  });
});
