// Load items from file… and Import NoSQL Workbench model… against a real DynamoDB Local: each file format planned,
// checked and written in batches; a model's tables created with their indexes in NoSQL Workbench's region.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createServices } from '../../src/aws/services';
import { resolveConnection } from '../../src/core/connection/connection';
import { loadInBatches } from '../../src/core/items/batchLoad';
import { planLoad } from '../../src/core/items/loadFile';
import { recordToJsonLine } from '../../src/core/records/recordJson';
import type { Item } from '../../src/core/records/model';
import { modelTableRequest, parseWorkbenchModel } from '../../src/core/table/workbenchModel';
import { localEndpoint } from './setup';

const suffix = Date.now().toString(36);
const keys = [{ name: 'PK', type: 'S' as const }, { name: 'SK', type: 'N' as const }];

describe('load items from file and import a NoSQL Workbench model on DynamoDB Local', function () {
  this.timeout(120_000);
  const services = () => createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));
  let s: ReturnType<typeof services>;
  const tableName = `load-${suffix}`;

  before(async () => {
    s = services();
    await s.tableLifecycle.create({ name: tableName, partitionKey: keys[0], sortKey: keys[1], billing: { mode: 'PAY_PER_REQUEST' }, tableClass: 'STANDARD', deletionProtection: false });
  });
  after(async () => {
    await s.tableLifecycle.delete(tableName).catch(() => undefined);
    s.dispose();
  });

  const load = (text: string) => {
    const plan = planLoad(text, keys);
    assert.deepEqual(plan.problems, []);
    return loadInBatches(plan.items.map((i) => i.item), (batch) => s.items.batchPut(tableName, batch), { parallelism: 4 }).then((summary) => ({ plan, summary }));
  };

  it('a JSON array of plain JSON items: exact numbers and sets arrive', async () => {
    const items = Array.from({ length: 60 }, (_, i) => `{"PK": "arr", "SK": ${i}, "big": 1234567890123456789012345678901234567${i % 10}, "tags": {"$SS": ["a", "b"]}}`);
    const { plan, summary } = await load(`[\n${items.join(',\n')}\n]`);
    assert.equal(plan.content, 'plain JSON');
    assert.deepEqual([summary.written, summary.failed], [60, 0]);
    const got = await s.items.getItem(tableName, { PK: { S: 'arr' }, SK: { N: '13' } });
    assert.deepEqual(got?.big, { N: '12345678901234567890123456789012345673' });
    assert.deepEqual(new Set(got?.tags.SS), new Set(['a', 'b']));
  });

  it('NDJSON in DynamoDB JSON, binary included', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ PK: { S: 'nd' }, SK: { N: String(i) }, bin: { B: 'AQID' } }));
    const { plan, summary } = await load(lines.join('\n'));
    assert.equal(plan.content, 'DynamoDB JSON');
    assert.equal(summary.written, 30);
    const got = await s.items.getItem(tableName, { PK: { S: 'nd' }, SK: { N: '29' } });
    assert.deepEqual(got?.bin, { B: new Uint8Array([1, 2, 3]) });
  });

  it("this product's tail export: the newest image of each item, REMOVEs skipped", async () => {
    const image = (sk: string, v: string): Item => ({ PK: { S: 'tail' }, SK: { N: sk }, v: { S: v } });
    const rec = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', sk: string, v: string) =>
      recordToJsonLine({ eventID: `${eventName}${sk}${v}`, eventName, dynamodb: { Keys: { PK: { S: 'tail' }, SK: { N: sk } }, ...(eventName === 'REMOVE' ? { OldImage: image(sk, v) } : { NewImage: image(sk, v) }) } });
    const { plan, summary } = await load([rec('INSERT', '1', 'first'), rec('MODIFY', '1', 'second'), rec('INSERT', '2', 'x'), rec('REMOVE', '2', 'x')].join('\n'));
    assert.equal(plan.content, 'stream records');
    assert.equal(summary.written, 1);
    assert.deepEqual((await s.items.getItem(tableName, { PK: { S: 'tail' }, SK: { N: '1' } }))?.v, { S: 'second' });
    assert.equal(await s.items.getItem(tableName, { PK: { S: 'tail' }, SK: { N: '2' } }), undefined);
  });

  it('bad lines are listed by number; the plan holds only the good ones', () => {
    const plan = planLoad('{"PK": "ok", "SK": 1}\n{"PK": "x"}\nnot json\n{"PK": "y", "SK": "1"}', keys);
    assert.deepEqual(plan.problems.map((p) => p.line), [2, 3, 4]);
    assert.deepEqual(plan.items.map((i) => i.line), [1]);
  });

  it('UnprocessedItems are sent again until written (synthetic: DynamoDB Local never throttles, so the writer leaves items over)', async () => {
    let calls = 0;
    const items = Array.from({ length: 100 }, (_, i): Item => ({ PK: { S: 'retry' }, SK: { N: String(i) } }));
    const summary = await loadInBatches(items, async (batch) => {
      // Every first attempt writes only half of its batch for real and reports the rest as unprocessed.
      if (++calls <= 4) {
        const half = batch.slice(0, Math.ceil(batch.length / 2));
        await s.items.batchPut(tableName, half);
        return batch.slice(half.length);
      }
      return s.items.batchPut(tableName, batch);
    }, { parallelism: 4, baseDelayMs: 5 });
    assert.deepEqual([summary.written, summary.failed], [100, 0]);
    assert.ok(summary.retries >= 4, `retries ${summary.retries}`);
    const ddb = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const scan = await ddb.send(new ScanCommand({ TableName: tableName, FilterExpression: 'PK = :p', ExpressionAttributeValues: { ':p': { S: 'retry' } }, Select: 'COUNT' }));
      assert.equal(scan.Count, 100);
    } finally {
      ddb.destroy();
    }
  });

  it("a missing table stops the load with AWS's words", async () => {
    const summary = await loadInBatches(Array.from({ length: 60 }, (_, i): Item => ({ PK: { S: 'x' }, SK: { N: String(i) } })), (batch) => s.items.batchPut(`missing-${suffix}`, batch), { parallelism: 1 });
    assert.equal(summary.written, 0);
    assert.equal(summary.failed, 25);
    assert.equal(summary.notAttempted, 35);
    assert.match(summary.failures[0].reason, /^ResourceNotFoundException/);
  });

  it("imports the model fixture in NoSQL Workbench's region (localhost): tables with their GSI, items exact", async () => {
    const workbench = createServices(resolveConnection({ profile: '', region: 'localhost', endpoint: localEndpoint() }, {}));
    const model = parseWorkbenchModel(readFileSync(path.join(__dirname, '../fixtures/workbench-model.json'), 'utf8'));
    const names = model.tables.map((t) => `${t.name}-${suffix}`);
    try {
      for (const [i, table] of model.tables.entries()) {
        const described = await workbench.tableLifecycle.createFromRequest(modelTableRequest({ ...table, name: names[i] }));
        assert.equal(described.TableStatus, 'ACTIVE');
        const summary = await loadInBatches(table.items, (batch) => workbench.items.batchPut(names[i], batch));
        assert.equal(summary.written, table.items.length);
      }
      const ddb = new DynamoDBClient({ endpoint: localEndpoint(), region: 'localhost', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      try {
        const orders = (await ddb.send(new DescribeTableCommand({ TableName: names[0] }))).Table!;
        assert.deepEqual(orders.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.Projection?.ProjectionType]), [['ByStatus', 'INCLUDE']]);
        assert.equal(orders.BillingModeSummary?.BillingMode ?? 'PROVISIONED', 'PROVISIONED');
      } finally {
        ddb.destroy();
      }
      const item = await workbench.items.getItem(names[0], { PK: { S: 'CUSTOMER#1' }, SK: { S: 'ORDER#1001' } });
      assert.deepEqual(item?.total, { N: '12345678901234567890123456789012345678' });
      // The region is DynamoDB Local's database: the us-east-1 connection does not see these tables.
      assert.equal((await s.tables.listTableNames()).includes(names[0]), false);
    } finally {
      for (const name of names) await workbench.tableLifecycle.delete(name).catch(() => undefined);
      workbench.dispose();
    }
  });
});
