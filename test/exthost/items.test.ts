// Create table…, Delete table…, Put item…, Edit item and Delete item in a real extension host on DynamoDB Local:
// prompts are answered through testHooks, documents are edited and saved through the workspace API, every AWS call
// is real.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, endpoint, localConfig as config, until } from './support';

const suffix = Date.now().toString(36);
const TABLE = `ext-items-${suffix}`;
const PROTECTED = `ext-protected-${suffix}`;
const BIG = '12345678901234567890123456789012345678';

type Node = TreeNode & { name?: string };
type ItemsPanel = ReturnType<TestApi['itemsPanels']['open']>;
type Panel = { isRunning: boolean; session: { target: { name: string }; status(): { reason?: string } } };

let api: TestApi;
const ddb = new DynamoDBClient(config);

const key = { PK: { S: 'ORDER#1' }, SK: { S: 'A' } };
const getItem = async () => (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
const setOther = (value: string) =>
  ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET #o = :v', ExpressionAttributeNames: { '#o': 'other' }, ExpressionAttributeValues: { ':v': { S: value } } }));

async function replaceText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

/** The document's item as plain JSON (the suite uses the plain view), with one attribute changed. */
function withAttribute(doc: vscode.TextDocument, name: string, value: string): string {
  return doc.getText().replace(/^\{\n/, `{\n  "${name}": "${value}",\n`);
}

/** The message of the save VS Code reported as failed (read once, so the next refusal is a new one). */
async function refusal(): Promise<string> {
  const message = await until('the save refusal', () => api.items.lastRefusal);
  api.items.lastRefusal = undefined;
  return message;
}

async function treeTableNames(): Promise<string[]> {
  const [root] = (await api.tree.getChildren()) as Node[];
  return ((await api.tree.getChildren(root)) as Node[]).map((n) => String(n.name));
}

describe('items and tables (DynamoDB Local)', function () {
  this.timeout(90_000);

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    const settings = vscode.workspace.getConfiguration('dynamodbStreams');
    await settings.update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await settings.update('tail.jsonView', 'plain', vscode.ConfigurationTarget.Global);
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('dynamodbStreams').update('tail.jsonView', undefined, vscode.ConfigurationTarget.Global);
    for (const name of [TABLE, PROTECTED]) {
      await ddb.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false })).catch(() => undefined);
      await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
    }
  });

  it('Create table… refuses a name AWS would refuse, with the rule', async () => {
    api.testHooks.answer('ab');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), undefined);
    assert.match(String(api.testHooks.lastRefusal), /3 to 255 characters/);
  });

  it('Create table… creates the table with its stream; it appears in the tree with the stream', async () => {
    api.testHooks.answer(TABLE, 'PK', 'S', 'SK', 'S', 'On-demand', 'NEW_AND_OLD_IMAGES', 'Standard', '', 'Off');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), TABLE);
    assert.strictEqual(api.testHooks.pending(), 0, 'every answer used');
    const names = await until('the new table in the tree', async () => ((await treeTableNames()).includes(TABLE) ? true : undefined));
    assert.ok(names);
    const node = await until('its description', () => api.tree.getTableNode(TABLE)?.table && api.tree.getTableNode(TABLE));
    assert.strictEqual(node.toTreeItem().description, 'NEW_AND_OLD_IMAGES');
    const children = (await api.tree.getChildren(node)) as Node[];
    assert.ok(children.some((c) => c.kind === 'stream'), `children: ${children.map((c) => c.kind).join(', ')}`);
  });

  it('Create table… with a name in use: nothing created, the command ends', async () => {
    api.testHooks.answer(TABLE, 'PK', 'S', '', 'On-demand', 'Off', 'Standard', '', 'Off');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), undefined);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table;
    assert.strictEqual(table?.KeySchema?.length, 2, 'the existing table is untouched');
  });

  it('Create table… with provisioned capacity, Standard-IA, TTL and deletion protection', async () => {
    api.testHooks.answer(PROTECTED, 'id', 'N', '', 'Provisioned', '2', '3', 'Off', 'Standard-IA', 'expiresAt', 'On');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createTable'), PROTECTED);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: PROTECTED }))).Table;
    assert.strictEqual(table?.TableStatus, 'ACTIVE');
    assert.deepStrictEqual(table?.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    assert.strictEqual(table?.ProvisionedThroughput?.WriteCapacityUnits, 3);
    assert.strictEqual(table?.DeletionProtectionEnabled, true);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: PROTECTED }));
    assert.strictEqual(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
  });

  it('Put item… opens a template from the key schema; saving the document writes the item exactly', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.putItem', TABLE);
    assert.strictEqual(doc.getText(), '{\n  "PK": "",\n  "SK": ""\n}\n');
    assert.strictEqual(doc.uri.scheme, 'dynamodb-item');
    await replaceText(doc, `{"PK": "ORDER#1", "SK": "A", "total": ${BIG}, "tags": {"$SS": ["a", "b"]}, "bin": {"$B": "AAEC"}, "note": "", "m": {"l": [1, null]}}`);
    assert.ok(doc.isDirty);
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    assert.ok(!doc.isDirty);
    const item = await getItem();
    assert.strictEqual(item?.total?.N, BIG);
    assert.deepStrictEqual(item?.tags?.SS?.sort(), ['a', 'b']);
    assert.deepStrictEqual([...(item?.bin?.B ?? [])], [0, 1, 2]);
    assert.strictEqual(item?.note?.S, '');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Put item… in DynamoDB JSON when that is the JSON view', async () => {
    const settings = vscode.workspace.getConfiguration('dynamodbStreams');
    await settings.update('tail.jsonView', 'dynamodb', vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.putItem', TABLE);
      assert.strictEqual(doc.getText(), '{\n  "PK": {\n    "S": ""\n  },\n  "SK": {\n    "S": ""\n  }\n}\n');
      await replaceText(doc, '{"PK": {"S": "ORDER#2"}, "SK": {"S": "B"}, "n": {"N": "1.5"}, "ns": {"NS": ["1", "2"]}}');
      assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
      const item = (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'ORDER#2' }, SK: { S: 'B' } }, ConsistentRead: true }))).Item;
      assert.strictEqual(item?.n?.N, '1.5');
      assert.deepStrictEqual(item?.ns?.NS?.sort(), ['1', '2']);
    } finally {
      await settings.update('tail.jsonView', 'plain', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('Edit item: a malformed document or a changed key is refused with a clear message; nothing is written', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: TABLE, keys: key });
    assert.match(doc.getText(), new RegExp(`"total": ${BIG}`), 'the 38-digit number as it is');
    const before = await getItem();
    const original = doc.getText();
    await replaceText(doc, '{\n  "PK": "ORDER#1",\n  "SK": "A"\n  "x": 1\n}\n');
    assert.strictEqual(await doc.save(), false);
    assert.match(await refusal(), /Line 4, column 3: expected "," or "}"/);
    await replaceText(doc, '{"PK": "ORDER#2", "SK": "A"}');
    assert.strictEqual(await doc.save(), false);
    assert.match(await refusal(), /key \(PK\) cannot change/);
    assert.deepStrictEqual(await getItem(), before, 'nothing written');
    await replaceText(doc, original);
    assert.strictEqual(await doc.save(), true, 'the text as opened saves (writing nothing)');
  });

  it('Edit item: a document saved unchanged writes nothing (a change made meanwhile stays)', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: TABLE, keys: key });
    await setOther('meanwhile');
    await replaceText(doc, `${doc.getText()}\n`); // only formatting
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    assert.strictEqual((await getItem())?.other?.S, 'meanwhile');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Edit item with a concurrent change: the diff and the choice; "take theirs" puts the current item in the editor', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: TABLE, keys: key });
    await replaceText(doc, withAttribute(doc, 'status', 'mine'));
    await setOther('theirs');
    let compared: vscode.TabInputTextDiff | undefined;
    const watching = vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.opened) if (tab.input instanceof vscode.TabInputTextDiff) compared = tab.input;
    });
    api.testHooks.answer('Take theirs into the editor');
    assert.strictEqual(await doc.save(), false);
    assert.match(await refusal(), /holds the item as it is in DynamoDB/);
    watching.dispose();
    assert.ok(compared, 'the comparison opened the item as it is now beside mine');
    assert.strictEqual(compared.modified.toString(), doc.uri.toString());
    assert.match((await vscode.workspace.openTextDocument(compared.original)).getText(), /"other": "theirs"/);
    await until('the editor holding theirs, saved', () => doc.getText().includes('"other": "theirs"') && !doc.isDirty);
    assert.ok(!doc.getText().includes('"status"'));
    const item = await getItem();
    assert.strictEqual(item?.status, undefined, 'mine not written');
    assert.strictEqual(item?.other?.S, 'theirs');
  });

  it('Edit item with a concurrent change: "overwrite" writes mine; "cancel" writes nothing', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: TABLE, keys: key });
    await replaceText(doc, withAttribute(doc, 'status', 'mine'));
    await setOther('theirs again');
    api.testHooks.answer('Cancel');
    assert.strictEqual(await doc.save(), false);
    assert.match(await refusal(), /changed since you opened it/);
    assert.strictEqual((await getItem())?.status, undefined);
    assert.ok(doc.isDirty, 'still my version');
    api.testHooks.answer('Overwrite with mine');
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    const item = await getItem();
    assert.strictEqual(item?.status?.S, 'mine');
    assert.strictEqual(item?.other?.S, 'theirs', 'my version had the value from before their change');
    const diffs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.strictEqual(diffs.length, 0, 'the comparison is closed once chosen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an item editor restored after a window reload reads the item again (connection checked); edits opened clean save', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.editItem', { tableName: TABLE, keys: key });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // As after a reload: the same document under a path this window never opened (the provider holds nothing for it).
    const restored = doc.uri.with({ path: doc.uri.path.replace(/\.json$/, ' (restored).json') });
    await setOther('before the reopen');
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(restored)), /"other":\s*"before the reopen"/);
    const reopened = await vscode.workspace.openTextDocument(restored);
    await replaceText(reopened, withAttribute(reopened, 'reopenedNote', 'after the reload'));
    assert.strictEqual(await reopened.save(), true, String(api.items.lastRefusal));
    assert.strictEqual((await getItem())?.reopenedNote?.S, 'after the reload');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const query = (edit: (r: Record<string, unknown>) => void) => {
      const reopen = JSON.parse(new URLSearchParams(doc.uri.query).get('reopen')!) as Record<string, unknown>;
      edit(reopen);
      return new URLSearchParams({ reopen: JSON.stringify(reopen) }).toString();
    };
    const elsewhere = doc.uri.with({ path: '/elsewhere.json', query: query((r) => (r.c = '["dynamodb","","eu-west-1",""]')) });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(elsewhere)), /another connection/);
    const gone = doc.uri.with({ path: '/gone.json', query: query((r) => (r.key = { PK: { S: 'ORDER#404' }, SK: { S: 'A' } })) });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(gone)), /no item/);
  });

  it('a Put item… editor restored after a window reload: unsaved, its template again; saved, the item it wrote, read again', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.putItem', TABLE);
    const text = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // As after a reload: the same kind of document under a number this window never opened (nothing held for it).
    const unsaved = doc.uri.with({ path: doc.uri.path.replace(/new item \d+/, 'new item 999') });
    assert.notStrictEqual(unsaved.path, doc.uri.path);
    assert.strictEqual(await text(unsaved), '{\n  "PK": "",\n  "SK": ""\n}\n');
    await replaceText(doc, '{"PK": "ORDER#9", "SK": "N", "note": "put before the reload"}');
    assert.strictEqual(await doc.save(), true, String(api.items.lastRefusal));
    // The saved document with the provider's memory of it dropped, as a reload drops it: the item it wrote, as it is now.
    (api.items as unknown as { docs: Map<string, unknown> }).docs.delete(doc.uri.toString());
    const saved = { PK: { S: 'ORDER#9' }, SK: { S: 'N' } };
    await ddb.send(new UpdateItemCommand({ TableName: TABLE, Key: saved, UpdateExpression: 'SET note = :v', ExpressionAttributeValues: { ':v': { S: 'changed since' } } }));
    assert.match(await text(doc.uri), /"PK":\s*"ORDER#9"[\s\S]*"note":\s*"changed since"/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Delete item asks first', async () => {
    api.testHooks.answer('Cancel');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteItem', { tableName: TABLE, keys: key }), false);
    assert.ok(await getItem());
    assert.match(String(api.testHooks.lastConfirmation?.message), /Delete item .*ORDER#1.* from/);
    api.testHooks.answer('Delete item');
    // A tail panel's record as the reference: its dynamodb.Keys name the item.
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteItem', { table: TABLE, record: { dynamodb: { Keys: key } } }), true);
    assert.strictEqual(await getItem(), undefined);
  });

  it('Delete table… needs the name typed; the tail on it stops saying why; its items panel says so; the table leaves the tree', async () => {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', TABLE);
    await until('tail running', () => panel.isRunning);
    const items = await vscode.commands.executeCommand<ItemsPanel>('dynamodbStreams.browseItems', TABLE);
    await until('the first page read', () => items.session.currentView > 0 && !items.session.isLoading);
    api.testHooks.answer('wrong-name');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteTable', TABLE), false);
    assert.match(String(api.testHooks.lastRefusal), new RegExp(`Type "${TABLE}" exactly`));
    api.testHooks.answer(TABLE);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteTable', TABLE), true);
    await until('tail stopped', () => !panel.isRunning);
    assert.match(String(panel.session.status().reason), /was deleted/);
    assert.equal(items.webviewPanel.title, `Items: ${TABLE} (deleted)`);
    assert.equal(items.session.lastError, `Table ${TABLE} was deleted: these are the items loaded before.`);
    items.dispose();
    await until('the table gone from the tree', async () => !(await treeTableNames()).includes(TABLE));
  });

  it("Delete table… on a protected table: AWS's refusal and the next step (turn protection off, then delete)", async () => {
    api.testHooks.answer(PROTECTED, 'Cancel');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteTable', PROTECTED), false);
    assert.match(String(api.testHooks.lastConfirmation?.detail), /protected against deletion\. Disable deletion protection first/);
    assert.ok((await ddb.send(new DescribeTableCommand({ TableName: PROTECTED }))).Table);
    api.testHooks.answer(PROTECTED, 'Turn off protection and delete');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteTable', PROTECTED), true);
    await assert.rejects(ddb.send(new DescribeTableCommand({ TableName: PROTECTED })), (e: Error) => e.name === 'ResourceNotFoundException');
  });
});
