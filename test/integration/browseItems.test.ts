// Browse items against a real DynamoDB Local: the requests core builds from the query bar's input, sent by
// ItemsService.browsePage, on a table with a sort key, on a GSI and an LSI, and paged with LastEvaluatedKey.
import assert from 'node:assert/strict';
import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServices } from '../../src/aws/services';
import { resolveConnection } from '../../src/core/connection/connection';
import { buildBrowseRequest, indexChoicesOf } from '../../src/core/items/browseRequest';
import { BrowseSession } from '../../src/core/items/browseSession';
import { defaultItemsQuery, type ItemsQuerySpec, type SortOperator } from '../../src/core/panel/itemsProtocol';
import type { HostToWebview } from '../../src/core/panel/protocol';
import type { Item } from '../../src/core/records/model';
import { localClients, localEndpoint } from './setup';

const TABLE = `browse-${Date.now().toString(36)}`;
// 2 partitions × 12 items; SK = "ITEM#00" … "ITEM#11", total = 0 … 110 (a number), status OPEN/CLOSED alternating.
const ITEMS: Record<string, AttributeValue>[] = ['A', 'B'].flatMap((p) =>
  Array.from({ length: 12 }, (_, i) => ({
    PK: { S: `CUST#${p}` },
    SK: { S: `ITEM#${String(i).padStart(2, '0')}` },
    total: { N: String(i * 10) },
    status: { S: i % 2 === 0 ? 'OPEN' : 'CLOSED' },
  })),
);

describe('browse items on DynamoDB Local', function () {
  this.timeout(60_000);
  let ddb: DynamoDBClient;
  let services: ReturnType<typeof createServices>;
  let choices: ReturnType<typeof indexChoicesOf>;

  before(async () => {
    ddb = localClients().dynamodb;
    services = createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));
    const out = await ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
          { AttributeName: 'total', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
        LocalSecondaryIndexes: [{ IndexName: 'byTotal', KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    choices = indexChoicesOf(out.TableDescription ?? {});
    for (let i = 0; i < ITEMS.length; i += 25) {
      await ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: ITEMS.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  });

  after(async () => {
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
    services.dispose();
    ddb.destroy();
  });

  /** Every item the query returns, page by page (pages of 100: one page here). */
  async function run(spec: Partial<ItemsQuerySpec>): Promise<Item[]> {
    const built = buildBrowseRequest({ ...defaultItemsQuery(), mode: 'query', ...spec }, choices);
    assert.ok(built.ok, built.ok ? '' : built.error);
    const page = await services.items.browsePage(TABLE, built.request, 100);
    assert.equal(page.lastEvaluatedKey, undefined);
    return page.items;
  }
  const sks = (items: Item[]) => items.map((i) => i.SK.S);
  const totals = (items: Item[]) => items.map((i) => Number(i.total.N));

  it('Query on the table with each sort-key operator', async () => {
    const cases: [SortOperator | '', string, string, string[]][] = [
      ['', '', '', Array.from({ length: 12 }, (_, i) => `ITEM#${String(i).padStart(2, '0')}`)],
      ['=', 'ITEM#03', '', ['ITEM#03']],
      ['<', 'ITEM#02', '', ['ITEM#00', 'ITEM#01']],
      ['<=', 'ITEM#02', '', ['ITEM#00', 'ITEM#01', 'ITEM#02']],
      ['>', 'ITEM#09', '', ['ITEM#10', 'ITEM#11']],
      ['>=', 'ITEM#10', '', ['ITEM#10', 'ITEM#11']],
      ['begins_with', 'ITEM#1', '', ['ITEM#10', 'ITEM#11']],
      ['between', 'ITEM#04', 'ITEM#06', ['ITEM#04', 'ITEM#05', 'ITEM#06']],
    ];
    for (const [op, low, high, expected] of cases) {
      const items = await run({ partitionValue: 'CUST#B', sortOperator: op, sortValue: low, sortValue2: high });
      assert.deepEqual(sks(items), expected, `SK ${op} ${low} ${high}`);
      assert.ok(items.every((i) => i.PK.S === 'CUST#B'));
    }
  });

  it('Query on a GSI with a number sort key (by value, across partitions)', async () => {
    assert.deepEqual(totals(await run({ index: 'byStatus', partitionValue: 'OPEN', sortOperator: 'between', sortValue: '20', sortValue2: '60' })), [20, 20, 40, 40, 60, 60]);
    assert.deepEqual(totals(await run({ index: 'byStatus', partitionValue: 'CLOSED', sortOperator: '>=', sortValue: '100' })), [110, 110]);
    assert.deepEqual(totals(await run({ index: 'byStatus', partitionValue: 'CLOSED', sortOperator: '<', sortValue: '9' })).length, 0);
  });

  it('Query on an LSI orders by its sort key', async () => {
    const items = await run({ index: 'byTotal', partitionValue: 'CUST#A', sortOperator: '>', sortValue: '85' });
    assert.deepEqual(totals(items), [90, 100, 110]);
  });

  it('Scan pages through 3 pages with LastEvaluatedKey, on demand', async () => {
    const posted: HostToWebview[] = [];
    const session = new BrowseSession({
      tableName: TABLE,
      tableKeys: ['PK', 'SK'],
      indexes: choices,
      fetch: (request, limit, startKey) => services.items.browsePage(TABLE, request, limit, startKey),
      post: (m) => posted.push(m),
      errorText: (e) => String(e),
      pageSize: 10,
    });
    await session.run(defaultItemsQuery());
    assert.equal(session.itemCount, 10);
    assert.ok(session.hasMore);
    await session.more(session.currentView);
    assert.equal(session.itemCount, 20);
    assert.ok(session.hasMore);
    await session.more(session.currentView);
    assert.equal(session.itemCount, 24);
    assert.ok(!session.hasMore, 'the third page ends the table');
    const views = posted.filter((m) => m.type === 'itemsView');
    const last = views[views.length - 1];
    assert.ok(last.type === 'itemsView');
    assert.equal(last.end, 24);
    assert.match(last.status.summary, /24 items \(3 pages\) · all loaded/);
    // Every item once: the pages continued where the last one ended.
    const keys = new Set<string>();
    session.sendRows(session.currentView, 0, 24);
    const rows = posted[posted.length - 1];
    assert.ok(rows.type === 'itemRows');
    for (const r of rows.rows) keys.add(JSON.stringify(r.keys));
    assert.equal(keys.size, 24);
  });

  it('AWS refusals come in AWS\'s words (a Query of an index the table does not have)', async () => {
    const built = buildBrowseRequest({ ...defaultItemsQuery(), mode: 'query', partitionValue: 'x' }, choices);
    assert.ok(built.ok);
    await assert.rejects(services.items.browsePage(TABLE, { ...built.request, IndexName: 'nope' }, 10), (err: Error) => {
      assert.match(err.message, /index/i);
      return true;
    });
  });
});
