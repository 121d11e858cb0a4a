// TTL and table class through TableSettingsService against a real DynamoDB Local: the TTL attribute sample (one Scan
// page), enabling and disabling TTL as DescribeTimeToLive then reports it, and DynamoDB Local's own refusals shown as
// it words them. What DynamoDB Local cannot do (a class change that takes, AWS's refusal wording) stays synthetic in
// test/unit/aws/tableSettings.test.ts.
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { TableSettingsService } from '../../src/aws/tableSettings';
import { describeError } from '../../src/core/connection/errors';
import { isNothingToUpdate } from '../../src/core/table/tableSettings';
import { localClients } from './setup';

const suffix = `${Date.now().toString(36)}-${process.pid}`;

describe('TableSettingsService on DynamoDB Local', function () {
  this.timeout(60_000);
  let ddb: DynamoDBClient;
  let service: TableSettingsService;
  const tables: string[] = [];

  async function createTable(name: string): Promise<string> {
    await ddb.send(new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    tables.push(name);
    return name;
  }
  const ttlOf = async (name: string) => (await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription;

  before(() => {
    ddb = localClients().dynamodb;
    service = new TableSettingsService(ddb);
  });
  after(async () => {
    for (const name of tables) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    ddb.destroy();
  });

  it('samples one Scan page of at most 25 items for the TTL attribute pick; an empty table gives none', async () => {
    const name = await createTable(`ttl-sample-${suffix}`);
    assert.deepEqual(await service.sampleItems(name), []);
    for (let i = 0; i < 40; i++) {
      await ddb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: `K${i}` }, ExpirationTime: { N: String(1722902400 + i) } } }));
    }
    const items = await service.sampleItems(name);
    assert.equal(items.length, 25, 'one page of 25, not the whole table');
    assert.ok(items.every((item) => item.ExpirationTime?.N !== undefined && item.PK?.S?.startsWith('K')), 'items as stored');
  });

  it('enables TTL on an attribute, then disables it: DescribeTimeToLive reports each change', async () => {
    const name = await createTable(`ttl-toggle-${suffix}`);
    assert.equal((await ttlOf(name))?.TimeToLiveStatus, 'DISABLED');
    await service.setTtl(name, true, 'ExpirationTime');
    const enabled = await ttlOf(name);
    assert.match(String(enabled?.TimeToLiveStatus), /^ENABL(ED|ING)$/);
    assert.equal(enabled?.AttributeName, 'ExpirationTime');
    await service.setTtl(name, false, 'ExpirationTime');
    assert.match(String((await ttlOf(name))?.TimeToLiveStatus), /^DISABL(ED|ING)$/);
  });

  it('a refused TTL change (enabling it twice) comes through as DynamoDB Local words it', async () => {
    const name = await createTable(`ttl-twice-${suffix}`);
    await service.setTtl(name, true, 'ExpirationTime');
    const err = await service.setTtl(name, true, 'ExpirationTime').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Error, 'the second enable is refused');
    assert.equal(err.name, 'ValidationException');
    assert.equal(describeError(err).message, err.message, 'shown as worded');
    assert.match(err.message, /TimeToLive is already enabled/i);
  });

  it('a table class change: DynamoDB Local answers "Nothing to update" (it keeps no class), which the command recognises', async () => {
    const name = await createTable(`class-${suffix}`);
    const err = await service.setTableClass(name, 'STANDARD_INFREQUENT_ACCESS').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Error, 'refused');
    assert.equal(isNothingToUpdate(err), true, `${err.name}: ${err.message}`);
  });
});
