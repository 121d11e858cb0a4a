// The seeds start to finish inside VS Code (issue 14 §5): each seed's steps done through the extension's commands in a
// real extension host on DynamoDB Local (and kinesalite with the destination relay for seed 000). Questions are
// answered through testHooks; what the seed looks at (rows in a tail panel) is read from the panel's session.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { ImportResult } from '../../src/commands/importModel';
import type { LoadResult } from '../../src/commands/loadItems';
import { toRecordDetail } from '../../src/core/records/records';
import { activateExtension, connectionUses, endpoint, LOCAL_CONNECTION, localConfig, until, useConnection } from './support';

const MODEL = path.resolve(__dirname, '../../../test/fixtures/workbench-model.json');
const relayEndpoint = process.env.DDB_STREAMS_TEST_RELAY_ENDPOINT ?? '';
const kinesisEndpoint = process.env.DDB_STREAMS_TEST_KINESIS_ENDPOINT ?? '';
const suffix = Date.now().toString(36);
const IA_TABLE = `IA-TableExample-${suffix}`;
const STANDARD_TABLE = `StandardTableExample-${suffix}`;
const FOOBAR = 'FooBarTable';
const FOOBAR_STREAM = `FooBarStream-${suffix}`;
type Panel = NonNullable<ReturnType<TestApi['panels']['open']>>;

const ddb = new DynamoDBClient(localConfig);
const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seeds-'));

async function replaceText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

const streamViewType = async (table: string) => {
  const spec = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.StreamSpecification;
  return spec?.StreamEnabled ? spec.StreamViewType : 'OFF';
};

describe('the seeds start to finish (DynamoDB Local, kinesalite)', function () {
  this.timeout(180_000);
  let api: TestApi;
  const panels: Panel[] = [];
  let restore: (() => Promise<void>) | undefined;

  /** The document saved and its editor closed (only it: the tail panels stay open); a refusal fails the test. */
  async function save(doc: vscode.TextDocument): Promise<void> {
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'the item editor is the active one');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    restore = await useConnection(api, LOCAL_CONNECTION);
    await settings().update('tail.jsonView', 'plain', vscode.ConfigurationTarget.Global);
    for (const name of ['WbOrders', 'WbSessions', FOOBAR]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    for (const p of panels) p.webviewPanel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('tail.jsonView', undefined, vscode.ConfigurationTarget.Global);
    await restore?.(); // seed 000 points the endpoint at the relay
    for (const name of ['WbOrders', 'WbSessions', IA_TABLE, STANDARD_TABLE, FOOBAR]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('seed 003: import the Workbench model, enable the stream, tail, put/update/delete through the item commands, see INSERT/MODIFY/REMOVE, delete the table', async () => {
    api.testHooks.answer('Import');
    const imported = await vscode.commands.executeCommand<ImportResult>('dynamodbStreams.importWorkbenchModel', { file: MODEL });
    assert.deepStrictEqual(imported.created, ['WbOrders', 'WbSessions']);

    api.testHooks.answer('NEW_AND_OLD_IMAGES');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableStream', 'WbOrders'), true);
    assert.strictEqual(await streamViewType('WbOrders'), 'NEW_AND_OLD_IMAGES');

    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', 'WbOrders');
    panels.push(panel);
    await until('the tail running', () => panel.session.currentState === 'running');

    const put = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.putItem', 'WbOrders');
    await replaceText(put, '{"PK": "CUSTOMER#9", "SK": "ORDER#2001", "status": "pending", "total": 234}');
    await save(put);
    const keys = { PK: { S: 'CUSTOMER#9' }, SK: { S: 'ORDER#2001' } };
    const edit = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: 'WbOrders', keys });
    await replaceText(edit, edit.getText().replace('"pending"', '"shipped"'));
    await save(edit);
    api.testHooks.answer('Delete item');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteItem', { tableName: 'WbOrders', keys }), true);

    const rows = await until('INSERT, MODIFY and REMOVE of the item', () => {
      const mine = panel.session.visibleRows().filter((r) => r.keys === 'PK="CUSTOMER#9", SK="ORDER#2001"');
      return mine.length >= 3 ? mine : undefined;
    });
    assert.deepStrictEqual(rows.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    const modify = toRecordDetail(panel.session.record(rows[1].id)!, rows[1].id, 'NEW_AND_OLD_IMAGES');
    assert.deepStrictEqual(modify.diff.filter((d) => d.change === 'changed').map((d) => [d.path, d.oldText, d.newText]), [['status', '"pending"', '"shipped"']]);

    api.testHooks.answer('WbOrders');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteTable', 'WbOrders'), true);
    await until('the tail stopped with the reason', () => !panel.isRunning && panel.session.currentState === 'stopped');
    await assert.rejects(ddb.send(new DescribeTableCommand({ TableName: 'WbOrders' })), /ResourceNotFound|not found/i);
  });

  it('seed 004 (data): a Standard-IA table, a standard table with TTL and a stream, 10 items whose TTL is now loaded from a file, seen leaving as "TTL expired"', async () => {
    api.testHooks.answer(IA_TABLE, 'PK', 'S', '', 'On-demand', 'Off', 'Standard-IA', '', 'Off');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), IA_TABLE);
    api.testHooks.answer(STANDARD_TABLE, 'PK', 'S', '', 'On-demand', 'NEW_AND_OLD_IMAGES', 'Standard', 'ExpirationTime', 'Off');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), STANDARD_TABLE);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: STANDARD_TABLE }));
    assert.strictEqual(ttl.TimeToLiveDescription?.AttributeName, 'ExpirationTime');
    assert.strictEqual(await streamViewType(STANDARD_TABLE), 'NEW_AND_OLD_IMAGES');

    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', STANDARD_TABLE);
    panels.push(panel);
    await until('the tail running', () => panel.session.currentState === 'running');

    const now = Math.floor(Date.now() / 1000);
    const lines = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ PK: `session-${i}`, CreationTime: now, ExpirationTime: now, SessionInfo: { SessionId: `session-${i}`, UserName: `user${i + 1}` } }),
    );
    const file = path.join(dir, 'sessions.ndjson');
    fs.writeFileSync(file, lines.join('\n'));
    const loaded = await vscode.commands.executeCommand<LoadResult>('dynamodbStreams.loadItemsFromFile', { tableName: STANDARD_TABLE, file });
    assert.deepStrictEqual([loaded.summary?.written, loaded.summary?.failed], [10, 0]);

    // DynamoDB Local deletes expired items within seconds; each deletion is a REMOVE by the TTL service.
    const expired = await until('10 TTL expiries', () => {
      const ttlRows = panel.session.visibleRows().filter((r) => r.eventName === 'TTL expired');
      return ttlRows.length >= 10 ? ttlRows : undefined;
    }, 120_000);
    assert.deepStrictEqual(expired.map((r) => r.keys).sort(), Array.from({ length: 10 }, (_, i) => `PK="session-${i}"`).sort());
    assert.ok(expired.every((r) => r.kind === 'TTL'));
    assert.match(JSON.stringify(panel.session.record(expired[0].id)?.dynamodb?.OldImage?.SessionInfo), /UserName/);
  });

  it('seed 000: create FooBarTable (PK/SK), stream ON → KEYS_ONLY → OFF, create the Kinesis data stream, update ORDER#1001, see its diff', async () => {
    assert.ok(relayEndpoint && kinesisEndpoint, 'the runner passes the relay and kinesalite');
    api.testHooks.answer(FOOBAR, 'PK', 'S', 'SK', 'S', 'On-demand', 'Off', 'Standard', '', 'Off');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), FOOBAR);
    assert.strictEqual(await streamViewType(FOOBAR), 'OFF');

    api.testHooks.answer('NEW_AND_OLD_IMAGES');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableStream', FOOBAR), true);
    assert.strictEqual(await streamViewType(FOOBAR), 'NEW_AND_OLD_IMAGES');
    api.testHooks.answer('KEYS_ONLY', 'Disable and re-enable');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.changeViewType', FOOBAR), true);
    assert.strictEqual(await streamViewType(FOOBAR), 'KEYS_ONLY');
    api.testHooks.answer('Disable');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableStream', FOOBAR), true);
    assert.strictEqual(await streamViewType(FOOBAR), 'OFF');

    api.testHooks.answer(FOOBAR_STREAM, 'Provisioned', '1');
    const created = await vscode.commands.executeCommand<{ name: string; arn?: string }>('dynamodbStreams.createKinesisStream');
    assert.strictEqual(created?.name, FOOBAR_STREAM);

    // The relay (DynamoDB Local has no Kinesis destinations) learns the changes from the table's own stream, so the
    // table gets one again here; on AWS a destination needs none.
    api.testHooks.answer('NEW_AND_OLD_IMAGES');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableStream', FOOBAR), true);
    const put = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.putItem', FOOBAR);
    await replaceText(put, '{"PK": "ORDER#1001", "SK": "ORDER#1001", "status": "pending", "totalItems": 5}');
    await save(put);

    await settings().update('endpoint', relayEndpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, relayEndpoint);
    api.testHooks.answer(FOOBAR_STREAM, 'MILLISECOND');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableKinesisDestination', FOOBAR), true);
    await until('the destination ACTIVE', async () => {
      await api.tree.refreshTable(FOOBAR);
      const kids = await api.tree.getChildren(await api.tree.getTable(FOOBAR));
      return kids.some((k) => k.kind === 'kinesisDestination' && (k as { destination?: { status: string } }).destination?.status === 'ACTIVE');
    });
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailKinesisStream', FOOBAR_STREAM);
    panels.push(panel);
    await until('the Kinesis tail running', () => panel.session.currentState === 'running');

    const keys = { PK: { S: 'ORDER#1001' }, SK: { S: 'ORDER#1001' } };
    const edit = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: FOOBAR, keys });
    await replaceText(edit, edit.getText().replace('"pending"', '"processing"').replace('"totalItems": 5', '"totalItems": 50'));
    await save(edit);
    const item = (await ddb.send(new GetItemCommand({ TableName: FOOBAR, Key: keys, ConsistentRead: true }))).Item;
    assert.deepStrictEqual([item?.status?.S, item?.totalItems?.N], ['processing', '50']);

    const row = await until('the MODIFY of ORDER#1001', () => panel.session.visibleRows().find((r) => r.eventName === 'MODIFY' && r.keys === 'PK="ORDER#1001", SK="ORDER#1001"'));
    const detail = toRecordDetail(panel.session.record(row.id)!, row.id);
    assert.deepStrictEqual(
      detail.diff.filter((d) => d.change === 'changed').map((d) => [d.path, d.oldText, d.newText]),
      [['status', '"pending"', '"processing"'], ['totalItems', '5', '50']],
    );
  });
});
