// Import NoSQL Workbench model… and Load items from file… in a real extension host on DynamoDB Local, connected
// with NoSQL Workbench's region (localhost): prompts are answered through testHooks, every AWS call is real.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import type { ImportResult } from '../../src/commands/importModel';
import type { LoadResult } from '../../src/commands/loadItems';
import { activateExtension, endpoint, localConfig, until, useConnection } from './support';

type Node = TreeNode & { name?: string };
const REGION = 'localhost';
const MODEL = path.resolve(__dirname, '../../../test/fixtures/workbench-model.json');
const ddb = new DynamoDBClient({ ...localConfig, region: REGION });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-items-'));

let api: TestApi;
let restore: () => Promise<void>;

async function treeTableNames(): Promise<string[]> {
  const [root] = (await api.tree.getChildren()) as Node[];
  return ((await api.tree.getChildren(root)) as Node[]).map((n) => String(n.name));
}

const session = async (id: string) => (await ddb.send(new GetItemCommand({ TableName: 'WbSessions', Key: { id: { N: id } }, ConsistentRead: true }))).Item;

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('load items and import a Workbench model (DynamoDB Local)', function () {
  this.timeout(120_000);

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    assert.ok(fs.existsSync(MODEL), `fixture at ${MODEL}`);
    api = await activateExtension();
    restore = await useConnection(api, { endpoint, region: REGION });
    for (const name of ['WbOrders', 'WbSessions']) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });
  after(async () => {
    api.testHooks.clear();
    for (const name of ['WbOrders', 'WbSessions']) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    await restore();
  });

  it('Import NoSQL Workbench model…: shows what it creates, creates the tables with their GSI, loads the items; they appear in the tree', async () => {
    api.testHooks.answer('Import');
    const result = await vscode.commands.executeCommand<ImportResult>('dynamodbStreams.importWorkbenchModel', { file: MODEL });
    assert.deepStrictEqual(result.created, ['WbOrders', 'WbSessions']);
    const summary = api.testHooks.lastConfirmation;
    assert.match(String(summary?.detail), /Create WbOrders: PK \(S\), SK \(S\); 1 index \(ByStatus\); 3 items; provisioned 5\/5/);
    assert.match(String(summary?.detail), /Create WbSessions: id \(N\); no index; 2 items; on-demand/);
    assert.deepStrictEqual(result.loaded.map((l) => [l.tableName, l.summary.written, l.summary.failed]), [['WbOrders', 3, 0], ['WbSessions', 2, 0]]);
    const orders = (await ddb.send(new DescribeTableCommand({ TableName: 'WbOrders' }))).Table;
    assert.deepStrictEqual(orders?.GlobalSecondaryIndexes?.map((g) => g.IndexName), ['ByStatus']);
    const item = (await ddb.send(new GetItemCommand({ TableName: 'WbOrders', Key: { PK: { S: 'CUSTOMER#1' }, SK: { S: 'ORDER#1001' } } }))).Item;
    assert.deepStrictEqual(item?.total, { N: '12345678901234567890123456789012345678' });
    await until('both tables in the tree', async () => {
      const names = await treeTableNames();
      return names.includes('WbOrders') && names.includes('WbSessions');
    });
  });

  it('importing again asks about each existing table: skip one, load into the other', async () => {
    api.testHooks.answer('Skip this table', 'Load its items into the existing table', 'Import');
    const result = await vscode.commands.executeCommand<ImportResult>('dynamodbStreams.importWorkbenchModel', { file: MODEL });
    assert.deepStrictEqual(result.created, []);
    assert.deepStrictEqual(result.skipped, ['WbOrders']);
    assert.deepStrictEqual(result.loaded.map((l) => [l.tableName, l.summary.written]), [['WbSessions', 2]]);
  });

  it('Load items from file… (NDJSON): bad lines listed by number, nothing written when refused, the rest when the user goes on', async () => {
    const file = writeFile('sessions.ndjson', ['{"id": 10, "user": "cy"}', '{"user": "no key"}', 'not json', '{"id": "11"}', '{"id": 12, "tags": {"$SS": ["a"]}}'].join('\n'));
    api.testHooks.answer(undefined);
    const refused = await vscode.commands.executeCommand<LoadResult>('dynamodbStreams.loadItemsFromFile', { tableName: 'WbSessions', file });
    assert.deepStrictEqual(refused.plan.problems.map((p) => p.line), [2, 3, 4]);
    assert.strictEqual(refused.summary, undefined);
    assert.match(String(api.testHooks.lastConfirmation?.message), /3 lines of sessions.ndjson cannot be loaded into WbSessions/);
    const report = vscode.workspace.textDocuments.find((d) => d.getText().startsWith('Load items from sessions.ndjson into WbSessions'));
    assert.ok(report, 'the problems document is open');
    assert.match(report.getText(), /Line 2: The key attribute "id" is missing/);
    assert.match(report.getText(), /Line 4: The key attribute "id" is of type N in this table, not S/);
    assert.strictEqual(await session('10'), undefined, 'nothing written after the refusal');

    api.testHooks.answer('Load without those lines');
    const loaded = await vscode.commands.executeCommand<LoadResult>('dynamodbStreams.loadItemsFromFile', { tableName: 'WbSessions', file });
    assert.deepStrictEqual([loaded.summary?.written, loaded.summary?.failed], [2, 0]);
    assert.deepStrictEqual((await session('10'))?.user, { S: 'cy' });
    assert.deepStrictEqual((await session('12'))?.tags, { SS: ['a'] });
  });

  it('Load items from file… (a JSON array in DynamoDB JSON): every item written, no question asked', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ id: { N: String(100 + i) }, user: { S: `u${i}` } }));
    const file = writeFile('sessions.json', JSON.stringify(items, null, 2));
    const result = await vscode.commands.executeCommand<LoadResult>('dynamodbStreams.loadItemsFromFile', { tableName: 'WbSessions', file });
    assert.strictEqual(result.plan.content, 'DynamoDB JSON');
    assert.deepStrictEqual([result.summary?.written, result.summary?.failed], [60, 0]);
    assert.deepStrictEqual((await session('159'))?.user, { S: 'u59' });
    assert.strictEqual(api.testHooks.pending(), 0);
  });
});
