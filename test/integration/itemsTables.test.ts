// Creating and deleting tables and the item editor's conditional writes, against a real DynamoDB Local.
import assert from 'node:assert/strict';
import { DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createServices } from '../../src/aws/services';
import { resolveConnection } from '../../src/core/connection/connection';
import { isDeletionProtected, type NewTableSpec } from '../../src/core/table/createTable';
import { unchangedCondition } from '../../src/core/items/conditions';
import { documentToItem, itemToDocument } from '../../src/core/items/itemDocument';
import { sameItem } from '../../src/core/records/sameItem';
import type { Item } from '../../src/core/records/model';
import { localEndpoint } from './setup';

const local = () => createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));
const suffix = Date.now().toString(36);
const spec = (name: string, extra: Partial<NewTableSpec> = {}): NewTableSpec => ({
  name: `${name}-${suffix}`,
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  billing: { mode: 'PAY_PER_REQUEST' },
  tableClass: 'STANDARD',
  deletionProtection: false,
  ...extra,
});

describe('table lifecycle and item writes on DynamoDB Local', function () {
  this.timeout(120_000);
  let services: ReturnType<typeof local>;
  let ddb: DynamoDBClient;
  const created: string[] = [];
  before(() => {
    services = local();
    ddb = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  after(async () => {
    for (const name of created) {
      await services.tableLifecycle.setDeletionProtection(name, false).catch(() => undefined);
      await services.tableLifecycle.delete(name).catch(() => undefined);
    }
    services.dispose();
    ddb.destroy();
  });

  async function create(s: NewTableSpec) {
    created.push(s.name);
    const steps: string[] = [];
    const table = await services.tableLifecycle.create(s, (step) => steps.push(step));
    return { table, steps };
  }

  it('creates on-demand with a stream and TTL set once ACTIVE', async () => {
    const s = spec('create-ondemand', { streamViewType: 'NEW_AND_OLD_IMAGES', ttlAttribute: 'expiresAt' });
    const { table, steps } = await create(s);
    assert.equal(table.TableStatus, 'ACTIVE');
    assert.equal(table.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.ok(table.LatestStreamArn);
    assert.deepEqual(table.KeySchema, [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }]);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: s.name }));
    assert.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
    assert.ok(steps.some((x) => /TTL/.test(x)), steps.join(' / '));
  });

  it('creates provisioned, partition key only, number key, no stream, Standard-IA (which DynamoDB Local ignores)', async () => {
    const s = spec('create-provisioned', { partitionKey: { name: 'id', type: 'N' }, sortKey: undefined, billing: { mode: 'PROVISIONED', readUnits: 2, writeUnits: 3 }, tableClass: 'STANDARD_INFREQUENT_ACCESS' });
    const { table } = await create(s);
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 2);
    assert.equal(table.ProvisionedThroughput?.WriteCapacityUnits, 3);
    assert.equal(table.StreamSpecification?.StreamEnabled ?? false, false);
    assert.deepEqual(table.AttributeDefinitions, [{ AttributeName: 'id', AttributeType: 'N' }]);
    assert.notEqual(table.TableClassSummary?.TableClass, 'STANDARD_INFREQUENT_ACCESS', 'DynamoDB Local ignores the class (the command says so)');
  });

  it("passes AWS's refusal of a name in use and of a too-short name, as AWS words them", async () => {
    const s = spec('create-twice');
    await create(s);
    await assert.rejects(services.tableLifecycle.create(s), (e: Error) => e.name === 'ResourceInUseException');
    await assert.rejects(services.tableLifecycle.create({ ...s, name: 'ab' }), (e: Error) => e.name === 'ValidationException');
  });

  it('deletion protection refuses DeleteTable until it is turned off', async () => {
    const s = spec('delete-protected', { deletionProtection: true });
    await create(s);
    await assert.rejects(services.tableLifecycle.delete(s.name), (e: Error) => {
      assert.ok(isDeletionProtected(e), `${e.name}: ${e.message}`);
      assert.match(e.message, /Disable deletion protection first/);
      return true;
    });
    await services.tableLifecycle.setDeletionProtection(s.name, false);
    await services.tableLifecycle.delete(s.name);
    assert.ok(!(await services.tables.listTableNames()).includes(s.name));
  });

  describe('items', () => {
    const table = `items-${suffix}`;
    const keyNames = ['PK', 'SK'];
    const key: Item = { PK: { S: 'ORDER#1' }, SK: { S: 'A' } };
    before(async () => { await create(spec('items')); });

    it('round-trips a rich item through a plain JSON document and a conditional put', async () => {
      const text = '{"PK": "ORDER#1", "SK": "A", "big": 12345678901234567890123456789012345678, "tags": {"$SS": ["a", "b"]}, "bin": {"$B": "AAEC"}, "empty": "", "m": {"l": [1, {"x": null}]}}';
      const item = documentToItem(text, 'plain');
      assert.deepEqual(await services.items.saveIfUnchanged(table, item, undefined, key, keyNames), { conflict: false, unguarded: [] });
      const read = await services.items.getItem(table, key);
      assert.ok(read);
      assert.ok(sameItem(read, item), itemToDocument(read, 'plain', keyNames));
      assert.equal(read.big.N, '12345678901234567890123456789012345678');
      assert.deepEqual([...read.bin.B!], [0, 1, 2]);
      assert.equal(read.empty.S, '');
      // Saving a new item under a key that exists is a conflict showing the item there.
      const again = await services.items.saveIfUnchanged(table, item, undefined, key, keyNames);
      assert.equal(again.conflict, true);
    });

    it('equality conditions hold for maps, lists and sets as read (the condition passes when nothing changed)', async () => {
      const read = (await services.items.getItem(table, key))!;
      await services.items.putItem(table, { ...read, n: { N: '1' } }, unchangedCondition(read, keyNames));
      assert.equal((await services.items.getItem(table, key))?.n?.N, '1');
    });

    it('refuses to save when the item changed since it was read, and returns it as it is now', async () => {
      const asRead = (await services.items.getItem(table, key))!;
      await ddb.send(new UpdateItemCommand({ TableName: table, Key: key as never, UpdateExpression: 'SET #o = :v', ExpressionAttributeNames: { '#o': 'other' }, ExpressionAttributeValues: { ':v': { S: 'theirs' } } }));
      const result = await services.items.saveIfUnchanged(table, { ...asRead, mine: { S: 'mine' } }, asRead, key, keyNames);
      assert.equal(result.conflict, true);
      assert.equal(result.conflict && result.current?.other?.S, 'theirs');
      assert.equal((await services.items.getItem(table, key))?.mine, undefined, 'nothing written');
    });

    it('the condition alone catches a change made after the full re-read (a PutItem that fails the condition)', async () => {
      const asRead = (await services.items.getItem(table, key))!;
      await ddb.send(new UpdateItemCommand({ TableName: table, Key: key as never, UpdateExpression: 'SET #o = :v', ExpressionAttributeNames: { '#o': 'other' }, ExpressionAttributeValues: { ':v': { S: 'changed again' } } }));
      await assert.rejects(services.items.putItem(table, { ...asRead, mine: { S: 'mine' } }, unchangedCondition(asRead, keyNames)), (e: Error) => e.name === 'ConditionalCheckFailedException');
    });

    it('a big item (500 attributes): saved within the 4 KB expression limit, a change to an unguarded attribute still refused', async () => {
      const bigKey: Item = { PK: { S: 'BIG' }, SK: { S: '1' } };
      const big: Item = { ...bigKey };
      for (let i = 0; i < 500; i++) big[`attribute_${i}`] = { N: String(i) };
      await ddb.send(new PutItemCommand({ TableName: table, Item: big as never }));
      const asRead = (await services.items.getItem(table, bigKey))!;
      const saved = await services.items.saveIfUnchanged(table, { ...asRead, note: { S: 'edited' } }, asRead, bigKey, keyNames);
      assert.equal(saved.conflict, false);
      const unguarded = saved.conflict ? [] : saved.unguarded;
      assert.ok(unguarded.length > 0, 'some attributes do not fit in the condition');
      // Someone changes an attribute the condition cannot hold: the full re-read still catches it.
      const edited = (await services.items.getItem(table, bigKey))!;
      await ddb.send(new UpdateItemCommand({ TableName: table, Key: bigKey as never, UpdateExpression: 'SET #a = :v', ExpressionAttributeNames: { '#a': unguarded[unguarded.length - 1] }, ExpressionAttributeValues: { ':v': { N: '-1' } } }));
      const refused = await services.items.saveIfUnchanged(table, { ...edited, note: { S: 'again' } }, edited, bigKey, keyNames);
      assert.equal(refused.conflict, true);
      assert.equal((await services.items.getItem(table, bigKey))?.note?.S, 'edited');
    });

    it('deletes an item', async () => {
      await services.items.deleteItem(table, key);
      assert.equal(await services.items.getItem(table, key), undefined);
    });
  });
});
