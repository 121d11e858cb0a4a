// Browse items in a real extension host on DynamoDB Local: the `Items: <table>` panel opened through its command,
// paged, queried (and refused), and Edit item / Delete item / Item history run from a row as its right-click menu
// runs them (the row's context). The panel host is driven through its message entry point, as the webview drives it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import { activateExtension, endpoint, LOCAL_CONNECTION, localConfig as config, until, useConnection } from './support';

const TABLE = `ext-browse-${Date.now().toString(36)}`;
type ItemsPanel = ReturnType<TestApi['itemsPanels']['open']>;
type TailPanel = { session: { held: number; currentState: string } };

/** The context VS Code hands a row's menu commands: the row's data-vscode-context, the page's, and the webview's id. */
function rowMenuContext(panel: ItemsPanel, id: number): Record<string, unknown> {
  const ref = panel.session.reference(panel.session.currentView, id);
  assert.ok(ref, `row ${id} is loaded`);
  return { webviewSection: 'itemRow', tableName: ref.tableName, keys: ref.keys, preventDefaultContextMenuItems: true, itemsPanel: panel.key, webview: 'dynamodbStreams.items' };
}

describe('Browse items (DynamoDB Local)', function () {
  this.timeout(90_000);
  const ddb = new DynamoDBClient(config);
  let api: TestApi;
  let panel: ItemsPanel;
  let restore: (() => Promise<void>) | undefined;

  const loaded = (count: number) => until(`${count} items loaded`, () => !panel.session.isLoading && panel.session.itemCount === count);

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    restore = await useConnection(api, LOCAL_CONNECTION);
    await vscode.workspace.getConfiguration('dynamodbStreams').update('tail.jsonView', 'plain', vscode.ConfigurationTarget.Global);
    await ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const items = Array.from({ length: 25 }, (_, i) => ({
      PK: { S: i < 13 ? 'CUST#A' : 'CUST#B' },
      SK: { S: `ITEM#${String(i).padStart(2, '0')}` },
      status: { S: i % 2 ? 'CLOSED' : 'OPEN' },
      note: { S: `note ${i}` },
    }));
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } }));
    api.itemsPanels.pageSize = 10;
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    api.itemsPanels.pageSize = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('dynamodbStreams').update('tail.jsonView', undefined, vscode.ConfigurationTarget.Global);
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
    ddb.destroy();
    await restore?.();
  });

  it('Browse items opens `Items: <table>` with a first Scan page; Load more pages on; opening again reveals it', async () => {
    panel = await vscode.commands.executeCommand<ItemsPanel>('dynamodbStreams.browseItems', TABLE);
    assert.ok(panel, 'the command returned the panel');
    assert.strictEqual(panel.webviewPanel.title, `Items: ${TABLE}`);
    await loaded(10);
    assert.ok(panel.session.hasMore);
    const columns = panel.session.shownColumns;
    assert.deepStrictEqual(columns.slice(0, 2), ['PK', 'SK'], 'the keys first');
    assert.deepStrictEqual([...columns.slice(2)].sort(), ['note', 'status'], 'then the other attributes');
    await panel.receive({ type: 'itemsMore', view: panel.session.currentView });
    await loaded(20);
    await panel.receive({ type: 'itemsMore', view: panel.session.currentView });
    await loaded(25);
    assert.ok(!panel.session.hasMore, 'three pages hold the table');
    assert.match(panel.session.status().summary, /25 items \(3 pages\) · all loaded/);
    const again = await vscode.commands.executeCommand<ItemsPanel>('dynamodbStreams.browseItems', TABLE);
    assert.strictEqual(again, panel, 'one panel per table');
  });

  it('Query by partition key and a sort-key condition, on the table and on a GSI', async () => {
    await panel.receive({ type: 'itemsQuery', query: { mode: 'query', index: '', partitionValue: 'CUST#A', sortOperator: 'begins_with', sortValue: 'ITEM#1', sortValue2: '' } });
    await loaded(3);
    const keys = [0, 1, 2].map((i) => (panel.session.reference(panel.session.currentView, i)?.keys.SK as { S: string }).S);
    assert.deepStrictEqual(keys, ['ITEM#10', 'ITEM#11', 'ITEM#12']);
    await panel.receive({ type: 'itemsQuery', query: { mode: 'query', index: 'byStatus', partitionValue: 'OPEN', sortOperator: 'between', sortValue: 'ITEM#20', sortValue2: 'ITEM#24' } });
    await loaded(3);
    assert.deepStrictEqual(
      [0, 1, 2].map((i) => (panel.session.reference(panel.session.currentView, i)?.keys.SK as { S: string }).S),
      ['ITEM#20', 'ITEM#22', 'ITEM#24'],
    );
  });

  it('bad input is an inline message; the rows stay', async () => {
    const view = panel.session.currentView;
    await panel.receive({ type: 'itemsQuery', query: { mode: 'query', index: '', partitionValue: 'CUST#A', sortOperator: 'between', sortValue: 'ITEM#09', sortValue2: 'ITEM#01' } });
    assert.match(String(panel.session.lastError), /between needs the low end first/);
    assert.strictEqual(panel.session.currentView, view);
    assert.strictEqual(panel.session.itemCount, 3);
  });

  it('Edit item from a row (its right-click context) opens the item; saving writes it', async () => {
    await panel.receive({ type: 'itemsQuery', query: { mode: 'query', index: '', partitionValue: 'CUST#A', sortOperator: '=', sortValue: 'ITEM#05', sortValue2: '' } });
    await loaded(1);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', rowMenuContext(panel, 0));
    assert.ok(doc, 'Edit item opened a document');
    assert.strictEqual(doc.uri.scheme, 'dynamodb-item');
    assert.match(doc.getText(), /"note": "note 5"/);
    const edit = new vscode.WorkspaceEdit();
    const text = doc.getText().replace('"note 5"', '"edited from the items panel"');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    const item = (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'CUST#A' }, SK: { S: 'ITEM#05' } }, ConsistentRead: true }))).Item;
    assert.strictEqual(item?.note?.S, 'edited from the items panel');
    // Only the item editor: the items panel stays open.
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // Refresh shows the change.
    await panel.receive({ type: 'itemsQuery', query: { mode: 'query', index: '', partitionValue: 'CUST#A', sortOperator: '=', sortValue: 'ITEM#05', sortValue2: '' } });
    await loaded(1);
    const posted: unknown[] = [];
    const post = panel.post.bind(panel);
    panel.post = (m) => {
      posted.push(m);
      post(m);
    };
    try {
      await panel.receive({ type: 'requestDetail', id: 0 });
    } finally {
      panel.post = post;
    }
    const detail = posted.find((m) => (m as { type: string }).type === 'itemDetail') as { json?: { text: string } } | undefined;
    assert.match(String(detail?.json?.text), /"note": "edited from the items panel"/);
  });

  it('Item history from a row: the changes the table\'s tail panel holds', async () => {
    const tail = await vscode.commands.executeCommand<TailPanel>('dynamodbStreams.tailStream', TABLE);
    // Running: its LATEST iterator is taken, so the change below is read.
    await until('the tail running', () => tail.session.currentState === 'running');
    const held = tail.session.held;
    await ddb.send(
      new UpdateItemCommand({ TableName: TABLE, Key: { PK: { S: 'CUST#A' }, SK: { S: 'ITEM#05' } }, UpdateExpression: 'SET #n = :v', ExpressionAttributeNames: { '#n': 'note' }, ExpressionAttributeValues: { ':v': { S: 'seen by the tail' } } }),
    );
    await until('the tail holding the change', () => tail.session.held > held);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dynamodbStreams.items.itemHistory', rowMenuContext(panel, 0));
    assert.ok(uri, 'a history document');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /ITEM#05/);
    assert.match(text, /seen by the tail/);
  });

  it('Delete item from the detail header asks first, then deletes', async () => {
    api.testHooks.answer('Delete item');
    await panel.receive({ type: 'itemAction', view: panel.session.currentView, id: 0, action: 'deleteItem' });
    assert.match(String(api.testHooks.lastConfirmation?.message), /Delete item .*ITEM#05.* from/);
    const item = (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'CUST#A' }, SK: { S: 'ITEM#05' } }, ConsistentRead: true }))).Item;
    assert.strictEqual(item, undefined);
  });
});
