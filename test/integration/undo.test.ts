// Undo's guarded delete and Search retained stream against a real DynamoDB Local.
import assert from 'node:assert/strict';
import { DeleteItemCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createServices } from '../../src/aws/services';
import { resolveConnection } from '../../src/core/connection/connection';
import { searchRetainedStream } from '../../src/core/history/retainedSearch';
import type { Item, StreamRecord } from '../../src/core/records/model';
import { localEndpoint } from './setup';

const local = () => createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));
const suffix = Date.now().toString(36);
const key = (pk: string): Item => ({ PK: { S: pk }, SK: { S: '1' } });

describe('undo from the stream on DynamoDB Local', function () {
  this.timeout(120_000);
  const table = `undo-${suffix}`;
  let services: ReturnType<typeof local>;
  let ddb: DynamoDBClient;
  let streamArn: string;
  before(async () => {
    services = local();
    ddb = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await services.tableLifecycle.create({
      name: table,
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'SK', type: 'S' },
      billing: { mode: 'PAY_PER_REQUEST' },
      tableClass: 'STANDARD',
      deletionProtection: false,
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    streamArn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
  });
  after(async () => {
    await services.tableLifecycle.delete(table).catch(() => undefined);
    services.dispose();
    ddb.destroy();
  });

  it('a guarded delete of an item of 400 attributes: compared in full, so a change beyond the condition is a conflict', async () => {
    const big: Item = { ...key('big') };
    for (let i = 0; i < 400; i++) big[`attribute_with_a_long_name_${i}`] = { S: `value ${i}` };
    await ddb.send(new PutItemCommand({ TableName: table, Item: big as never }));
    // The last attribute is beyond what the 4 KB condition can compare.
    await ddb.send(new UpdateItemCommand({ TableName: table, Key: key('big') as never, UpdateExpression: 'SET attribute_with_a_long_name_399 = :v', ExpressionAttributeValues: { ':v': { S: 'changed' } } }));
    const conflict = await services.items.deleteIfUnchanged(table, big, key('big'), ['PK', 'SK']);
    assert.equal(conflict.conflict, true);
    assert.equal((await services.items.getItem(table, key('big')))?.attribute_with_a_long_name_399?.S, 'changed');
    const now = (await services.items.getItem(table, key('big')))!;
    const done = await services.items.deleteIfUnchanged(table, now, key('big'), ['PK', 'SK']);
    assert.equal(done.conflict, false);
    assert.ok(!done.conflict && done.unguarded.length > 0, 'some attributes were left to the full comparison');
    assert.equal(await services.items.getItem(table, key('big')), undefined);
  });

  it('Search retained stream: every change of one key, read to the present; a cancelled search says so', async () => {
    for (let i = 0; i < 30; i++) await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key(`other-${i % 5}`), n: { N: String(i) } } }));
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key('wanted'), n: { N: '1' } } }));
    await ddb.send(new PutItemCommand({ TableName: table, Item: { ...key('wanted'), n: { N: '2' } } }));
    await ddb.send(new DeleteItemCommand({ TableName: table, Key: key('wanted') as never }));
    const found: StreamRecord[] = [];
    const result = await searchRetainedStream(services.streams, { streamArn, keys: key('wanted'), loopback: true, signal: new AbortController().signal, onFound: (r) => found.push(...r) });
    assert.equal(result.complete, true);
    assert.ok(result.scanned >= 33, `scanned ${result.scanned}`);
    assert.deepEqual(found.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    assert.equal(result.shardsAtPresent, result.shardsListed);

    const cancelled = new AbortController();
    cancelled.abort();
    const none = await searchRetainedStream(services.streams, { streamArn, keys: key('wanted'), loopback: true, signal: cancelled.signal, onFound: () => undefined });
    assert.equal(none.complete, false);
  });
});
