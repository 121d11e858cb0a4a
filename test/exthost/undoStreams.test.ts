// Undo from the stream beyond NEW_AND_OLD_IMAGES, on DynamoDB Local: each other view type as far as it allows an undo
// or a restore (OLD_IMAGE, NEW_IMAGE, KEYS_ONLY), a real TTL expiry (a REMOVE by the DynamoDB service) undone alone and
// with Undo changes… (the same TTL choice), and Search retained stream over the table's previous stream.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand, type AttributeValue, type StreamViewType } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import type { StreamRecord } from '../../src/core/records/model';
import type { TestApi } from '../../src/extension';
import { COMMANDS } from '../../src/ids';
import { RESTORE_CHOICES, type RestoreResult } from '../../src/commands/restoreItem';
import { APPLY_ACTION, type UndoChangesResult } from '../../src/commands/undoChanges';
import { SEARCH_CHOICES } from '../../src/commands/retainedSearch';
import { activateExtension, connectionUses, createKeyedTable, endpoint, localConfig as config, until } from './support';

interface PanelLike {
  key: string;
  webviewPanel: vscode.WebviewPanel;
  session: { isWebviewReady: boolean; heldChanges(): { id: number; record: StreamRecord }[] };
}

type Row = Record<string, AttributeValue>;
const RUN = Date.now().toString(36);
const key = (pk: string): Row => ({ PK: { S: pk }, SK: { S: '1' } });
const item = (pk: string, v: string, more: Row = {}): Row => ({ ...key(pk), v: { N: v }, ...more });

describe('Undo from the stream: view types, TTL expiries, previous streams (DynamoDB Local)', function () {
  this.timeout(180_000);
  const ddb = new DynamoDBClient(config);
  const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
  const tables: string[] = [];
  const panels: PanelLike[] = [];
  let api: TestApi;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, endpoint);
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    for (const p of panels) p.webviewPanel.dispose();
    for (const t of tables) await ddb.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
  });

  const streamArnOf = async (table: string) => (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;

  async function newTable(name: string, viewType: StreamViewType, ttl?: string): Promise<string> {
    const table = `ext-undo-${name}-${RUN}`;
    tables.push(table);
    await createKeyedTable(ddb, table, viewType);
    if (ttl) await ddb.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: ttl } }));
    return table;
  }

  async function tail(table: string, viewType: StreamViewType, streamArn?: string) {
    const arn = streamArn ?? (await streamArnOf(table));
    const manager = api.panels as unknown as { open(options: Record<string, unknown>): PanelLike };
    const panel = manager.open({
      source: 'dynamodb',
      name: table,
      streamArn: arn,
      viewType,
      startPosition: 'TRIM_HORIZON',
      maxRecords: 1000,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient(config)), { streamArn: arn, loopback: true }),
    });
    panels.push(panel);
    await until('the webview to say ready', () => panel.session.isWebviewReady);
    const changesOf = (pk: string) => panel.session.heldChanges().filter((c) => c.record.dynamodb?.Keys?.PK?.S === pk);
    /** Waits until the item's held records are `events` and returns their ids. */
    const held = (pk: string, events: string[], ms?: number) =>
      until(`${pk}'s records ${events.join(', ')}`, () => {
        const list = changesOf(pk);
        return list.length === events.length && list.every((c, i) => c.record.eventName === events[i]) && list.map((c) => c.id);
      }, ms);
    const row = (id: number, ids = [id]) => ({ tailPanel: panel.key, webviewSection: 'record', recordId: id, recordIds: ids });
    const undo = (id: number) => vscode.commands.executeCommand<RestoreResult | undefined>(COMMANDS.undoChange, row(id));
    const history = (id: number) => vscode.commands.executeCommand<vscode.Uri>(COMMANDS.itemHistory, row(id));
    return { panel, changesOf, held, row, undo, history };
  }

  const put = (table: string, r: Row) => ddb.send(new PutItemCommand({ TableName: table, Item: r }));
  const remove = (table: string, pk: string) => ddb.send(new DeleteItemCommand({ TableName: table, Key: key(pk) }));
  const get = async (table: string, pk: string) => (await ddb.send(new GetItemCommand({ TableName: table, Key: key(pk), ConsistentRead: true }))).Item;
  const lensTitles = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title);

  it('OLD_IMAGE: Undo change puts back the old image of a MODIFY and of a REMOVE, and deletes the item of an INSERT', async () => {
    const table = await newTable('old', 'OLD_IMAGE');
    const t = await tail(table, 'OLD_IMAGE');
    await put(table, item('m', '1', { s: { SS: ['a', 'b'] } }));
    await put(table, item('m', '2'));
    await put(table, item('r', '5', { b: { B: Uint8Array.from([1, 2, 3]) } }));
    await remove(table, 'r');
    await put(table, item('i', '1'));
    const [, modify] = await t.held('m', ['INSERT', 'MODIFY']);
    const [, removal] = await t.held('r', ['INSERT', 'REMOVE']);
    const [insert] = await t.held('i', ['INSERT']);

    api.testHooks.answer('Undo change', 'Undo change', 'Undo change');
    assert.strictEqual((await t.undo(modify))?.outcome, 'restored');
    assert.deepStrictEqual(await get(table, 'm'), item('m', '1', { s: { SS: ['a', 'b'] } }));
    assert.strictEqual((await t.undo(removal))?.outcome, 'restored');
    assert.deepStrictEqual(await get(table, 'r'), item('r', '5', { b: { B: Uint8Array.from([1, 2, 3]) } }));
    assert.strictEqual((await t.undo(insert))?.outcome, 'deleted');
    assert.strictEqual(await get(table, 'i'), undefined);
    assert.strictEqual(api.testHooks.pending(), 0);
    // The restoring writes arrive in the tail like any other.
    await t.held('m', ['INSERT', 'MODIFY', 'MODIFY']);
    await t.held('r', ['INSERT', 'REMOVE', 'INSERT']);
    await t.held('i', ['INSERT', 'REMOVE']);
  });

  it('NEW_IMAGE: Restore this version puts an earlier version back; Undo change deletes an INSERT\'s item but cannot undo a MODIFY', async () => {
    const table = await newTable('new', 'NEW_IMAGE');
    const t = await tail(table, 'NEW_IMAGE');
    await put(table, item('n', '1'));
    await put(table, item('n', '2'));
    const [first, modify] = await t.held('n', ['INSERT', 'MODIFY']);
    const uri = await t.history(first);
    assert.deepStrictEqual(await lensTitles(uri), ['Search retained stream', 'Restore this version', 'Restore this version']);
    api.testHooks.answer('Restore this version');
    const restored = await vscode.commands.executeCommand<RestoreResult>(COMMANDS.restoreVersion, uri.toString(), 0);
    assert.strictEqual(restored?.outcome, 'restored', restored?.message);
    assert.deepStrictEqual(await get(table, 'n'), item('n', '1'));
    await t.held('n', ['INSERT', 'MODIFY', 'MODIFY']);

    // No old image: the command refuses (its error is shown) and writes nothing.
    assert.strictEqual(await t.undo(modify), undefined);
    assert.deepStrictEqual(await get(table, 'n'), item('n', '1'));

    await put(table, item('x', '1'));
    const [insert] = await t.held('x', ['INSERT']);
    api.testHooks.answer('Undo change');
    assert.strictEqual((await t.undo(insert))?.outcome, 'deleted');
    assert.strictEqual(await get(table, 'x'), undefined);
  });

  it('KEYS_ONLY: Item history says why it has no versions; Undo change deletes an INSERT\'s item, and cannot undo a MODIFY', async () => {
    const table = await newTable('keys', 'KEYS_ONLY');
    const t = await tail(table, 'KEYS_ONLY');
    await put(table, item('k', '1'));
    await put(table, item('k', '2'));
    const [insert, modify] = await t.held('k', ['INSERT', 'MODIFY']);
    const uri = await t.history(insert);
    assert.match((await vscode.workspace.openTextDocument(uri)).getText(), /view type KEYS_ONLY/);
    assert.deepStrictEqual(await lensTitles(uri), []);
    assert.strictEqual(await t.undo(modify), undefined);
    assert.deepStrictEqual(await get(table, 'k'), item('k', '2'));
    api.testHooks.answer('Undo change');
    assert.strictEqual((await t.undo(insert))?.outcome, 'deleted');
    assert.strictEqual(await get(table, 'k'), undefined);
  });

  it('TTL expiries (REMOVEs by the DynamoDB service): Undo change and Undo changes… ask what the expiry should be', async () => {
    const table = await newTable('ttl', 'NEW_AND_OLD_IMAGES', 'expires');
    const t = await tail(table, 'NEW_AND_OLD_IMAGES');
    const past = { expires: { N: String(Math.floor(Date.now() / 1000) - 3600) } };
    for (const pk of ['one', 'many-1', 'many-2']) await put(table, item(pk, '1', past));
    // DynamoDB Local's TTL sweep deletes them in its own time (seconds).
    const [, expiry] = await t.held('one', ['INSERT', 'REMOVE'], 90_000);
    const [, many1] = await t.held('many-1', ['INSERT', 'REMOVE'], 90_000);
    const [, many2] = await t.held('many-2', ['INSERT', 'REMOVE'], 90_000);
    const record = t.changesOf('one').find((c) => c.id === expiry)!.record;
    assert.deepStrictEqual(record.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });

    api.testHooks.answer(RESTORE_CHOICES.ttlMove, 'Undo change');
    const before = Date.now() / 1000;
    assert.strictEqual((await t.undo(expiry))?.outcome, 'restored');
    const moved = Number((await get(table, 'one'))?.expires?.N);
    assert.ok(moved >= before + 86_000 && moved <= Date.now() / 1000 + 86_500, `expires moved a day ahead: ${moved}`);

    const undoMany = () => vscode.commands.executeCommand<UndoChangesResult>(COMMANDS.undoChanges, t.row(many1, [many1, many2]));
    // Escape at the TTL question: nothing is written.
    api.testHooks.answer(APPLY_ACTION, undefined);
    const cancelled = await undoMany();
    assert.strictEqual(cancelled?.applied, false);
    assert.match(api.testHooks.lastNotice ?? '', /cancelled at the TTL question; nothing was written/);
    assert.strictEqual(await get(table, 'many-1'), undefined);
    const dryRun = (await vscode.workspace.openTextDocument(cancelled.dryRun)).getText();
    assert.match(dryRun, /2 items to restore carry a TTL value in the past/);
    assert.match(dryRun, /many-1.*: expires = \d{4}-/);

    api.testHooks.answer(APPLY_ACTION, RESTORE_CHOICES.ttlClear);
    const result = await undoMany();
    assert.ok(result?.applied);
    assert.strictEqual(result.counts.restored, 2, JSON.stringify(result.counts));
    assert.strictEqual(api.testHooks.pending(), 0);
    assert.deepStrictEqual(await get(table, 'many-1'), item('many-1', '1'));
    assert.deepStrictEqual(await get(table, 'many-2'), item('many-2', '1'));
  });

  it('Search retained stream offers the table\'s previous stream (still readable) and finds the item\'s changes there too', async () => {
    const table = await newTable('prev', 'NEW_AND_OLD_IMAGES');
    const oldArn = await streamArnOf(table);
    await put(table, item('p', '1'));
    await put(table, item('p', '2'));
    await ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    await until('the stream to be disabled', async () => (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.StreamSpecification?.StreamEnabled !== true);
    await ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    const newArn = await until('a new stream', async () => {
      const arn = await streamArnOf(table);
      return arn !== oldArn && arn;
    });
    const t = await tail(table, 'NEW_AND_OLD_IMAGES', newArn);
    await put(table, item('p', '3'));
    const [modify] = await t.held('p', ['MODIFY']);
    const uri = await t.history(modify);
    const events = async () => (await vscode.workspace.openTextDocument(uri)).getText().split('\n').filter((l) => l.startsWith('## ')).map((h) => h.split(' · ')[1]);
    const search = () => vscode.commands.executeCommand<{ complete: boolean; found: number }>(COMMANDS.searchRetainedStream, uri.toString());

    api.testHooks.answer(SEARCH_CHOICES.current);
    const current = await search();
    assert.ok(current?.complete, JSON.stringify(current));
    assert.strictEqual(current.found, 1);
    assert.deepStrictEqual(await events(), ['MODIFY']);

    api.testHooks.answer(SEARCH_CHOICES.all);
    const all = await search();
    assert.ok(all?.complete, JSON.stringify(all));
    assert.strictEqual(all.found, 3);
    await until('the document to show the previous stream\'s changes', async () => (await events()).length === 3);
    assert.deepStrictEqual(await events(), ['INSERT', 'MODIFY', 'MODIFY']);
  });
});
