// Tail stream in a real extension host: the command opens the panel for the right stream and records written by
// another client arrive, against DynamoDB Local.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import { activateExtension, createKeyedTable, LOCAL_CONNECTION, localConfig, until, useConnection } from './support';

const ddb = new DynamoDBClient(localConfig);
const suffix = Date.now().toString(36);
const STREAMED = `tail-orders-${suffix}`;
const UNSTREAMED = `tail-plain-${suffix}`;

interface Row { kind: string; eventName: string; keys: string; shardId: string; sequenceNumber: string }
interface Panel {
  key: string;
  isRunning: boolean;
  webviewPanel: vscode.WebviewPanel;
  session: { currentState: string; held: number; visibleRows(): Row[] };
}

const createTable = (name: string, stream: boolean) => createKeyedTable(ddb, name, stream ? 'NEW_AND_OLD_IMAGES' : undefined);

describe('Tail stream (DynamoDB Local)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createTable(STREAMED, true);
    await createTable(UNSTREAMED, false);
    api.tree.refresh();
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreConnection?.();
    for (const name of [STREAMED, UNSTREAMED]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('opens "Tail: <table>" for the table\'s stream and shows INSERT, MODIFY, REMOVE written by another client', async () => {
    const node = await api.tree.getTable(STREAMED);
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', node);
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.webviewPanel.title, `Tail: ${STREAMED}`);
    const arn = (await ddb.send(new DescribeTableCommand({ TableName: STREAMED }))).Table?.LatestStreamArn;
    assert.strictEqual(panel.key, `dynamodb:${arn}`);
    await until('reader running', () => panel.session.currentState === 'running');

    const Key = { PK: { S: 'ORDER#1001' }, SK: { S: 'METADATA' } };
    await ddb.send(new PutItemCommand({ TableName: STREAMED, Item: { ...Key, status: { S: 'pending' }, totalItems: { N: '5' } } }));
    await ddb.send(new UpdateItemCommand({
      TableName: STREAMED, Key, UpdateExpression: 'SET #s = :s, totalItems = :n',
      ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'processing' }, ':n': { N: '50' } },
    }));
    await ddb.send(new DeleteItemCommand({ TableName: STREAMED, Key }));

    const rows = await until('three records', () => (panel.session.held >= 3 ? panel.session.visibleRows() : undefined));
    assert.deepStrictEqual(rows.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    for (const row of rows) assert.match(row.keys, /ORDER#1001/);
    assert.ok(rows.every((r) => r.shardId.startsWith('shardId-')));
  });

  it('running Tail stream again reveals the same panel', async () => {
    const node = await api.tree.getTable(STREAMED);
    const first = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', node);
    const second = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', node);
    assert.strictEqual(first, second);
    assert.strictEqual(second.webviewPanel.visible, true);
  });

  it('from the palette, a table without a stream is offered one, then tailed', async () => {
    api.testHooks.answer(UNSTREAMED, 'Enable stream', 'NEW_AND_OLD_IMAGES');
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream');
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.webviewPanel.title, `Tail: ${UNSTREAMED}`);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: UNSTREAMED }))).Table;
    assert.strictEqual(table?.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.strictEqual(panel.key, `dynamodb:${table?.LatestStreamArn}`);
  });

  it('changing the connection stops running tails, saying why', async () => {
    const panel = await vscode.commands.executeCommand<Panel & { session: { reason?: string; status(): { reason?: string } } }>('dynamodbStreams.tailStream', await api.tree.getTable(STREAMED));
    await until('reader running', () => panel.isRunning);
    const restore = await useConnection(api, { endpoint: 'http://127.0.0.1:9' });
    try {
      await until('tail stopped', () => !panel.isRunning);
      assert.strictEqual(panel.session.currentState, 'stopped');
      assert.match(String(panel.session.status().reason), /Connection changed/);
    } finally {
      await restore();
    }
    await until('connected again', async () => (await api.tree.getTable(STREAMED)).table !== undefined);
  });

  it('closing the panel stops its reader', async () => {
    api.testHooks.answer('Restart'); // the stopped tail holds records: reopening it asks before clearing them
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', await api.tree.getTable(STREAMED));
    await until('reader running', () => panel.isRunning);
    panel.webviewPanel.dispose();
    await until('reader stopped', () => !panel.isRunning);
  });
});
