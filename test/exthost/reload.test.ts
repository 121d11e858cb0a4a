// A reload does not lose the tail: a tail panel's saved state brings it back through the extension's webview panel
// serializer, as VS Code does after Reload Window. The reload is simulated as VS Code performs it for one panel: the
// panel goes away (disposed), then the serializer is handed a new webview panel with the state the old one saved in
// its webview. Every record is real (DynamoDB Local); writes happen before, during and after the reload.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import { activateExtension, createKeyedTable, LOCAL_CONNECTION, localConfig, until, useConnection } from './support';

const ddb = new DynamoDBClient(localConfig);
const suffix = Date.now().toString(36);
const TABLE = `reload-orders-${suffix}`;
const GONE = `reload-gone-${suffix}`;
const QUIET = `reload-quiet-${suffix}`;
const KEYS = ['ORDER#1', 'ORDER#2', 'ORDER#3'];
const VIEW_TYPE = 'dynamodbStreams.tail';

type Panel = NonNullable<ReturnType<TestApi['panels']['get']>>;
type Saved = NonNullable<Panel['savedState']>;

describe('Reload: a tail panel comes back (DynamoDB Local)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;
  const versions = new Map<string, number>();

  /** Writes the next version of each key (version n has attribute v = n). */
  async function writeRound(): Promise<void> {
    for (const key of KEYS) {
      const v = (versions.get(key) ?? 0) + 1;
      versions.set(key, v);
      await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: key }, SK: { S: 'A' }, v: { N: String(v) } } }));
    }
  }

  const written = () => [...versions.values()].reduce((a, b) => a + b, 0);

  /** VS Code's part of a reload: the panel is gone, a new webview panel of the view type gets the saved state. */
  async function reload(panel: Panel, state: Saved, between?: () => Promise<void>): Promise<Panel> {
    const key = { source: state.target.source, streamArn: state.target.streamArn };
    panel.webviewPanel.dispose();
    assert.strictEqual(api.panels.get(key), undefined, 'the panel closed');
    await between?.();
    const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Tail', vscode.ViewColumn.Active, { enableScripts: true });
    await api.tailSerializer.deserializeWebviewPanel(webviewPanel, { follow: true, restore: JSON.parse(JSON.stringify(state)) });
    const restored = api.panels.get(key);
    assert.ok(restored, 'the serializer restored the panel');
    return restored;
  }

  /** Each key's versions in the order the panel holds them. */
  function versionsShown(panel: Panel): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const { record } of panel.session.heldChanges()) {
      const key = record.dynamodb?.Keys?.PK?.S ?? '?';
      out.set(key, [...(out.get(key) ?? []), Number(record.dynamodb?.NewImage?.v?.N)]);
    }
    return out;
  }

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    await createKeyedTable(ddb, GONE, 'NEW_AND_OLD_IMAGES');
    await createKeyedTable(ddb, QUIET, 'NEW_AND_OLD_IMAGES');
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreConnection?.();
    for (const name of [TABLE, GONE, QUIET]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('writes before, during and after two reloads (one before its re-read finished) are each shown once, in order per key; filters come back', async () => {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', TABLE);
    assert.ok(panel, 'a panel');
    await until('reader running', () => panel.session.currentState === 'running');
    await panel.receive({ type: 'setFilter', filter: { text: 'ORDER', kinds: ['INSERT', 'MODIFY'] } });
    assert.strictEqual(panel.setLambdaFilter('{"eventName":["MODIFY"]}').error, undefined);

    // Before: three rounds, held and saved in the webview.
    for (let i = 0; i < 3; i++) await writeRound();
    await until('the writes before the reload held', () => panel.session.held === written());
    const lastSeq = panel.session.heldChanges().at(-1)?.record.dynamodb?.SequenceNumber;
    const first = await until('the state saved in the webview names the last record delivered', () => {
      const s = panel.savedState;
      const shard = s && Object.values(s.shards).find((p) => p.last === lastSeq);
      return shard ? s : undefined;
    });
    assert.ok(Object.values(first.shards).every((p) => p.first !== undefined), 'the first held record per shard is saved');
    assert.ok(!JSON.stringify(first).includes('"v"'), 'no item data in the saved state');

    // During the reload: two more rounds while no panel reads.
    const second = await reload(panel, first, async () => {
      await writeRound();
      await writeRound();
    });
    // A second reload before the re-read has delivered anything: the positions saved are the first reload's, at once.
    assert.deepStrictEqual(second.session.shardPositions(), first.shards);
    const third = await reload(second, { ...first, shards: second.session.shardPositions() }, () => writeRound());

    assert.deepStrictEqual(third.session.currentFilter, { text: 'ORDER', kinds: ['INSERT', 'MODIFY'] });
    assert.deepStrictEqual({ text: third.session.lambdaState.text, only: third.session.lambdaState.only }, { text: '{"eventName":["MODIFY"]}', only: false });
    await until('the restored tail running', () => third.session.currentState === 'running');

    // After: one more round.
    await writeRound();
    await until(`all ${written()} writes held`, () => third.session.held >= written());
    const shown = versionsShown(third);
    for (const key of KEYS) {
      const expected = Array.from({ length: versions.get(key) ?? 0 }, (_, i) => i + 1);
      assert.deepStrictEqual(shown.get(key), expected, `${key}: every version once, in order`);
    }
    const sequenceNumbers = third.session.heldChanges().map((c) => c.record.dynamodb?.SequenceNumber);
    assert.strictEqual(new Set(sequenceNumbers).size, written(), 'nothing twice');
    assert.ok(third.session.currentNotices.some((n) => /Restored after a reload/.test(n.message)), 'the panel says it was restored');
  });

  it('a tail from now (LATEST) that had shown nothing yet: what was written during the reload appears after it', async () => {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', QUIET);
    assert.ok(panel);
    await until('reader running', () => panel.session.currentState === 'running');
    assert.strictEqual(panel.session.target.startPosition, 'LATEST');
    const saved = await until('a saved state with the start time', () => (panel.savedState?.sinceMs ? panel.savedState : undefined));
    assert.deepStrictEqual(saved.shards, {}, 'nothing delivered, no positions');
    const put = (key: string) => ddb.send(new PutItemCommand({ TableName: QUIET, Item: { PK: { S: key }, SK: { S: 'A' } } }));
    const restored = await reload(panel, saved, async () => {
      for (const key of ['during-1', 'during-2', 'during-3']) await put(key);
    });
    await until('the restored tail running', () => restored.session.currentState === 'running');
    await put('after-1');
    await until('4 records held', () => restored.session.held >= 4);
    const keys = restored.session.heldChanges().map((c) => c.record.dynamodb?.Keys?.PK?.S);
    assert.deepStrictEqual(keys, ['during-1', 'during-2', 'during-3', 'after-1']);
    restored.webviewPanel.dispose();
  });

  it('restored on another connection than it was opened on: says so, reads nothing, offers Restart', async () => {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', TABLE);
    assert.ok(panel);
    const saved = await until('a saved state', () => panel.savedState);
    const restored = await reload(panel, { ...saved, connectionId: '["dynamodb","","eu-west-3","https://elsewhere.example"]', connectionLabel: 'https://elsewhere.example' });
    assert.strictEqual(restored.session.currentState, 'stopped');
    assert.match(restored.session.status().reason ?? '', /https:\/\/elsewhere\.example.*connection is now.*Restart/);
    assert.strictEqual(restored.session.held, 0);
    assert.strictEqual(restored.isRunning, false);
    restored.webviewPanel.dispose();
  });

  it('restored after its table was deleted: the panel says the stream is gone', async () => {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', GONE);
    assert.ok(panel);
    await until('reader running', () => panel.session.currentState === 'running');
    const saved = await until('a saved state', () => panel.savedState);
    const arn = (await ddb.send(new DescribeTableCommand({ TableName: GONE }))).Table?.LatestStreamArn;
    assert.strictEqual(saved.target.streamArn, arn);
    const restored = await reload(panel, saved, async () => {
      await ddb.send(new DeleteTableCommand({ TableName: GONE }));
    });
    await until('the restored tail stopped', () => restored.session.currentState === 'stopped');
    assert.match(restored.session.status().reason ?? '', /no longer available|disabled|deleted/i);
    restored.webviewPanel.dispose();
  });
});
