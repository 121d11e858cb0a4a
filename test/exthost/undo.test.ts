// Undo from the stream on DynamoDB Local: Undo change on MODIFY, REMOVE and INSERT records of a NEW_AND_OLD_IMAGES tail
// (the item is back, and the restoring write arrives in the tail), the TTL-in-past question, Item history's entries and
// Restore this version, and a write made after the records the panel holds (never overwritten without the choice).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import type { StreamRecord } from '../../src/core/records/model';
import type { TestApi } from '../../src/extension';
import { COMMANDS } from '../../src/ids';
import { RESTORE_CHOICES, type RestoreResult } from '../../src/commands/restoreItem';
import { activateExtension, connectionUses, createKeyedTable, endpoint, localConfig as config, until } from './support';

interface PanelLike {
  key: string;
  webviewPanel: vscode.WebviewPanel;
  stop(reason: string): void;
  session: { isWebviewReady: boolean; heldChanges(): { id: number; record: StreamRecord }[] };
}

type Row = Record<string, AttributeValue>;
const RUN = Date.now().toString(36);
const TABLE = `ext-undo-${RUN}`;
const key = (pk: string): Row => ({ PK: { S: pk }, SK: { S: '1' } });
const item = (pk: string, v: string, more: Row = {}): Row => ({ ...key(pk), v: { N: v }, ...more });

describe('Undo from the stream: Undo change, Item history, Restore this version (DynamoDB Local)', function () {
  this.timeout(120_000);
  const ddb = new DynamoDBClient(config);
  const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
  let api: TestApi;
  let panel: PanelLike;

  const put = (row: Row) => ddb.send(new PutItemCommand({ TableName: TABLE, Item: row }));
  const get = async (pk: string) => (await ddb.send(new GetItemCommand({ TableName: TABLE, Key: key(pk), ConsistentRead: true }))).Item;
  /** The held records of an item, oldest first. */
  const changesOf = (pk: string) => panel.session.heldChanges().filter((c) => c.record.dynamodb?.Keys?.PK?.S === pk);
  /** Waits until the item's held records are `events` and returns their ids. */
  const held = (pk: string, events: string[]) =>
    until(`${pk}'s records ${events.join(', ')}`, () => {
      const list = changesOf(pk);
      return list.length === events.length && list.every((c, i) => c.record.eventName === events[i]) && list.map((c) => c.id);
    });
  const row = (id: number) => ({ tailPanel: panel.key, webviewSection: 'record', recordId: id, recordIds: [id] });
  const undo = (id: number) => vscode.commands.executeCommand<RestoreResult>(COMMANDS.undoChange, row(id));

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, endpoint);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;
    const panels = api.panels as unknown as { open(options: Record<string, unknown>): PanelLike };
    panel = panels.open({
      source: 'dynamodb',
      name: TABLE,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 1000,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient(config)), { streamArn, loopback: true }),
    });
    await until('the webview to say ready', () => panel.session.isWebviewReady);
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    panel?.webviewPanel.dispose();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('MODIFY: puts the old image back, and the restoring write arrives in the tail', async () => {
    await put(item('m', '1'));
    await put(item('m', '2'));
    const [, modify] = await held('m', ['INSERT', 'MODIFY']);
    api.testHooks.answer('Undo change');
    const result = await undo(modify);
    assert.strictEqual(result?.outcome, 'restored', result?.message);
    assert.deepStrictEqual(await get('m'), item('m', '1'));
    const [, , restoring] = await held('m', ['INSERT', 'MODIFY', 'MODIFY']);
    assert.deepStrictEqual(changesOf('m').find((c) => c.id === restoring)?.record.dynamodb?.NewImage, item('m', '1'));
    assert.strictEqual(api.testHooks.pending(), 0);
  });

  it('REMOVE: puts the deleted item back (a new INSERT in the tail)', async () => {
    await put(item('r', '7', { note: { SS: ['a', 'b'] } }));
    await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key('r') }));
    const [, remove] = await held('r', ['INSERT', 'REMOVE']);
    api.testHooks.answer('Undo change');
    const result = await undo(remove);
    assert.strictEqual(result?.outcome, 'restored', result?.message);
    assert.deepStrictEqual(await get('r'), item('r', '7', { note: { SS: ['a', 'b'] } }));
    await held('r', ['INSERT', 'REMOVE', 'INSERT']);
  });

  it('INSERT: deletes the item (a new REMOVE in the tail); cancelling the confirmation writes nothing', async () => {
    await put(item('i', '1'));
    const [insert] = await held('i', ['INSERT']);
    api.testHooks.answer(undefined);
    assert.strictEqual((await undo(insert))?.outcome, 'cancelled');
    assert.deepStrictEqual(await get('i'), item('i', '1'));
    api.testHooks.answer('Undo change');
    const result = await undo(insert);
    assert.strictEqual(result?.outcome, 'deleted', result?.message);
    assert.strictEqual(await get('i'), undefined);
    await held('i', ['INSERT', 'REMOVE']);
  });

  it('a TTL value in the past: says DynamoDB would delete the item again and clears or moves it as chosen', async () => {
    const past = String(Math.floor(Date.now() / 1000) - 3600);
    await put(item('t', '1', { expires: { N: past } }));
    await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key('t') }));
    const [, remove] = await held('t', ['INSERT', 'REMOVE']);
    api.testHooks.answer(RESTORE_CHOICES.ttlClear, 'Undo change');
    const result = await undo(remove);
    assert.strictEqual(result?.outcome, 'restored', result?.message);
    assert.deepStrictEqual(await get('t'), item('t', '1'));

    await put(item('u', '1', { expires: { N: past } }));
    await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key('u') }));
    const [, removeU] = await held('u', ['INSERT', 'REMOVE']);
    api.testHooks.answer(RESTORE_CHOICES.ttlMove, 'Undo change');
    const before = Date.now() / 1000;
    assert.strictEqual((await undo(removeU))?.outcome, 'restored');
    const moved = Number((await get('u'))?.expires?.N);
    assert.ok(moved >= before + 86_000 && moved <= Date.now() / 1000 + 86_500, `expires moved a day ahead: ${moved}`);
  });

  it('Item history lists the item\'s changes oldest first; Restore this version puts one back', async () => {
    await put(item('h', '1'));
    await put(item('h', '2'));
    await put(item('h', '3'));
    const [first] = await held('h', ['INSERT', 'MODIFY', 'MODIFY']);
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.itemHistory, row(first));
    assert.ok(uri, 'Item history returns its document');
    const doc = await vscode.workspace.openTextDocument(uri);
    const headings = doc.getText().split('\n').filter((l) => l.startsWith('## '));
    assert.deepStrictEqual(headings.map((h) => h.split(' · ')[1]), ['INSERT', 'MODIFY', 'MODIFY']);
    assert.ok(doc.getText().includes('~ v: 1 → 2') || /~ v: .*1.* → .*2/.test(doc.getText()), doc.getText());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.deepStrictEqual(lenses.map((l) => l.command?.title), ['Search retained stream', 'Restore this version', 'Restore this version', 'Restore this version']);
    const restore = lenses[1].command!;
    api.testHooks.answer('Restore this version');
    const result = await vscode.commands.executeCommand<RestoreResult>(restore.command, ...(restore.arguments ?? []));
    assert.strictEqual(result?.outcome, 'restored', result?.message);
    assert.deepStrictEqual(await get('h'), item('h', '1'));
    await held('h', ['INSERT', 'MODIFY', 'MODIFY', 'MODIFY']);
  });

  it('Search retained stream finds the item\'s changes the panel no longer holds, oldest first', async () => {
    await put(item('s', '1'));
    await put(item('s', '2'));
    await ddb.send(new DeleteItemCommand({ TableName: TABLE, Key: key('s') }));
    await held('s', ['INSERT', 'MODIFY', 'REMOVE']);
    (panel.session as unknown as { clear(): void }).clear();
    await put(item('s', '3'));
    const [insert] = await held('s', ['INSERT']);
    const uri = await vscode.commands.executeCommand<vscode.Uri>(COMMANDS.itemHistory, row(insert));
    const events = async () => (await vscode.workspace.openTextDocument(uri)).getText().split('\n').filter((l) => l.startsWith('## ')).map((h) => h.split(' · ')[1]);
    assert.deepStrictEqual(await events(), ['INSERT']);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const search = lenses.find((l) => l.command?.title === 'Search retained stream')!.command!;
    const result = await vscode.commands.executeCommand<{ complete: boolean; found: number; scanned: number }>(search.command, ...(search.arguments ?? []));
    assert.ok(result?.complete, JSON.stringify(result));
    assert.strictEqual(result.found, 4);
    assert.ok(result.scanned >= 4);
    await until('the document to show the found changes', async () => (await events()).length === 4);
    assert.deepStrictEqual(await events(), ['INSERT', 'MODIFY', 'REMOVE', 'INSERT']);
  });

  // Last: it stops the panel, so that a write is made that the panel does not hold.
  it('a write after the newest held record is never overwritten without the user\'s choice', async () => {
    await put(item('c', '1'));
    await put(item('c', '2'));
    const [, modify] = await held('c', ['INSERT', 'MODIFY']);
    panel.stop('the test makes a write the panel does not see');
    await put(item('c', '3'));
    api.testHooks.answer(RESTORE_CHOICES.cancel);
    assert.strictEqual((await undo(modify))?.outcome, 'cancelled');
    assert.strictEqual(api.testHooks.lastConfirmation, undefined, 'a choice was asked, not a plain confirmation');
    assert.deepStrictEqual(await get('c'), item('c', '3'));
    api.testHooks.answer(RESTORE_CHOICES.overwrite);
    const result = await undo(modify);
    assert.strictEqual(result?.outcome, 'restored', result?.message);
    assert.deepStrictEqual(await get('c'), item('c', '1'));
  });
});
