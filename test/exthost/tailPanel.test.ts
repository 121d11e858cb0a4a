// The tail panel in a real extension host, fed by the real stream reader against DynamoDB Local.
// Drives the panel host through its message entry point (what the webview would send); every AWS call is real.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import { toRecordDetail } from '../../src/core/records/records';
import type { TestApi } from '../../src/extension';
// @ts-expect-error plain ESM helper shared with the scripts (bundled into this suite by esbuild)
import { startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';
import { activateExtension, endpoint, LOCAL_CONNECTION, localConfig as config, twoMoreCalls, until, useConnection } from './support';

const TABLE = `ext-tail-${Date.now().toString(36)}`;
const BIG = '12345678901234567890123456789012345678';

// The extension's own objects, through its test API's types (the test bundle has its own module copies: no instanceof).
type Manager = TestApi['panels'];
type PanelLike = ReturnType<Manager['open']>;

/** A file system of another scheme than file:, in memory: export writes there through workspace.fs. */
class MemoryFs implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: data.byteLength };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const data = this.files.get(uri.path);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('rename');
  }
}

describe('tail panel (DynamoDB Local)', function () {
  this.timeout(90_000);
  const ddb = new DynamoDBClient(config);
  let panels: Manager;
  let streamArn: string;
  let panel: PanelLike;
  let hooks: TestApi['testHooks'];
  /** What the first test opened the panel with: opening again with them reopens it. */
  let openOptions: Parameters<Manager['open']>[0];
  const log = vscode.window.createOutputChannel('DynamoDB Streams tail test', { log: true });
  // Counting proxies (no faults) in front of DynamoDB Local: one for the panel's reader, one for a control reader.
  type Proxy = { endpoint: string; calls(operation: string): number; stop(): Promise<void> };
  let panelProxy: Proxy;
  let controlProxy: Proxy;
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    const api = await activateExtension();
    panels = api.panels;
    hooks = api.testHooks;
    // The panel has its own reader, but a connection change would stop it: the suite's connection is settled first.
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    panelProxy = await startFaultProxy({ target: endpoint });
    controlProxy = await startFaultProxy({ target: endpoint });
    const out = await ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    streamArn = out.TableDescription!.LatestStreamArn!;
  });

  after(async () => {
    panel?.webviewPanel.dispose();
    log.dispose();
    await panelProxy?.stop();
    await controlProxy?.stop();
    await restoreConnection?.();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('opens one panel per stream ARN, titled "Tail: <table>", locked-down webview', async () => {
    const options = {
      source: 'dynamodb' as const,
      name: TABLE,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON' as const,
      maxRecords: 100,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient({ ...config, endpoint: panelProxy.endpoint })), { streamArn, loopback: true }),
      log,
    };
    openOptions = options;
    panel = panels.open(options);
    assert.strictEqual(panel.webviewPanel.title, `Tail: ${TABLE}`);
    assert.strictEqual(panels.open(options), panel, 'opening again reveals the same panel');
    assert.strictEqual(panels.get({ source: 'dynamodb', streamArn }), panel);
    const webview = panel.webviewPanel.webview;
    assert.strictEqual(webview.options.enableScripts, true);
    const roots = (webview.options.localResourceRoots ?? []).map((u) => u.path);
    assert.strictEqual(roots.length, 1);
    assert.match(roots[0], /\/media\/dist$/);
    assert.strictEqual(panel.webviewPanel.options.retainContextWhenHidden, false);
    assert.match(webview.html, /default-src &#39;none&#39;; script-src &#39;nonce-[A-Za-z0-9]+&#39;/);
    await until('the reader to run', () => panel.isRunning && panels.runningCount >= 1);
    // The bundled webview script loaded under the CSP and said ready.
    await until('the webview to say ready', () => panel.session.isWebviewReady);
  });

  it('shows an order change: INSERT then MODIFY with status and totalItems old and new', async () => {
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'ORDER#1001' }, status: { S: 'pending' }, totalItems: { N: '5' }, big: { N: BIG } } }));
    await ddb.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { PK: { S: 'ORDER#1001' } },
        UpdateExpression: 'SET #s = :s, totalItems = :n',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'processing' }, ':n': { N: '50' } },
      }),
    );
    const rows = await until('two records', () => (panel.session.visibleRows().length >= 2 ? panel.session.visibleRows() : undefined));
    assert.deepStrictEqual(rows.map((r) => r.eventName), ['INSERT', 'MODIFY']);
    assert.strictEqual(rows[0].keys, 'PK="ORDER#1001"');
    const detail = toRecordDetail(panel.session.record(rows[1].id)!, rows[1].id);
    const byPath = new Map(detail.diff.map((e) => [e.path, e]));
    assert.deepStrictEqual(byPath.get('status'), { path: 'status', change: 'changed', oldText: '"pending"', newText: '"processing"' });
    assert.deepStrictEqual(byPath.get('totalItems'), { path: 'totalItems', change: 'changed', oldText: '5', newText: '50' });
    assert.strictEqual(byPath.get('big')?.newText, BIG);
    const copied = JSON.parse(panel.session.recordJson(rows[1].id)!);
    assert.strictEqual(copied.dynamodb.NewImage.big.N, BIG);
  });

  it('the rows\' right-click commands (webview/context) reach their panel by its key and act on the row or its selection', async () => {
    const rows = panel.session.visibleRows();
    // What VS Code hands a webview/context command: the row's and the body's data-vscode-context merged, plus `webview`.
    const context = { webview: 'dynamodbStreams.tail', tailPanel: panel.key, webviewSection: 'record', recordId: rows[1].id, recordIds: [rows[1].id, rows[0].id], preventDefaultContextMenuItems: true };
    await vscode.commands.executeCommand('dynamodbStreams.tail.copyLambdaEvent', context);
    const event = JSON.parse(await vscode.env.clipboard.readText());
    assert.deepStrictEqual(event.Records.map((r: { eventName: string }) => r.eventName), ['INSERT', 'MODIFY'], 'the selection, oldest first');
    await vscode.commands.executeCommand('dynamodbStreams.tail.copyRecord', context);
    assert.strictEqual(await vscode.env.clipboard.readText(), panel.session.recordJson(rows[1].id), 'Copy record: the right-clicked row');
    // A closed panel's key: nothing is copied (the error is shown as a notification).
    await vscode.env.clipboard.writeText('unchanged');
    await vscode.commands.executeCommand('dynamodbStreams.tail.copyRecord', { ...context, tailPanel: 'dynamodb:closed' });
    assert.strictEqual(await vscode.env.clipboard.readText(), 'unchanged');
  });

  it('ignores malformed webview messages', async () => {
    for (const bad of [null, 'pause', { type: 'pause', extra: 1, id: -1 } as unknown, { type: 'copyRecord', id: 'x' }, { type: 'restart', startPosition: 'AT_SEQUENCE_NUMBER' }, { type: 'nope' }]) {
      await panel.receive(bad);
    }
    assert.strictEqual(panel.session.currentState === 'stopped', false);
  });

  it('pause holds new records in the host; resume delivers them', async () => {
    await panel.receive({ type: 'pause' });
    assert.strictEqual(panel.session.isPaused, true);
    const before = panel.session.visibleRows().length;
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'ORDER#1002' }, html: { S: '<img src=x onerror=alert(1)>' } } }));
    await until('a pending record', () => panel.session.pending >= 1);
    assert.strictEqual(panel.session.visibleRows().length, before);
    await panel.receive({ type: 'resume' });
    assert.strictEqual(panel.session.pending, 0);
    assert.strictEqual(panel.session.visibleRows().length, before + 1);
  });

  it('filters by kind and text through setFilter', async () => {
    await panel.receive({ type: 'setFilter', filter: { text: 'processing', kinds: ['MODIFY'] } });
    assert.deepStrictEqual(panel.session.visibleRows().map((r) => r.eventName), ['MODIFY']);
    await panel.receive({ type: 'setFilter', filter: { text: '', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] } });
    assert.strictEqual(panel.session.visibleRows().length, 3);
  });

  it('keeps its records while hidden and re-sends them when shown again', async () => {
    const held = panel.session.held;
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the tail panel' });
    await vscode.window.showTextDocument(doc, { viewColumn: panel.webviewPanel.viewColumn, preview: false });
    await until('the panel to be hidden', () => !panel.webviewPanel.visible && !panel.session.isWebviewReady);
    panel.webviewPanel.reveal();
    await until('the webview to reload and say ready', () => panel.webviewPanel.visible && panel.session.isWebviewReady);
    assert.strictEqual(panel.session.held, held);
  });

  it('exports the held records as NDJSON', async () => {
    const target = vscode.Uri.file(path.join(os.tmpdir(), `${TABLE}.ndjson`));
    const written = await panel.exportRecords(target);
    assert.strictEqual(written?.fsPath, target.fsPath);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    assert.strictEqual(lines.length, 3);
    assert.deepStrictEqual(lines.map((l) => l.eventName), ['INSERT', 'MODIFY', 'INSERT']);
    assert.strictEqual(lines[0].dynamodb.NewImage.big.N, BIG);
    await vscode.workspace.fs.delete(target);
  });

  it('exports through workspace.fs to a URI that is not a file: URI', async () => {
    const memory = new MemoryFs();
    const registration = vscode.workspace.registerFileSystemProvider('ddbstreams-test', memory);
    try {
      const target = vscode.Uri.from({ scheme: 'ddbstreams-test', path: `/${TABLE}.ndjson` });
      assert.strictEqual((await panel.exportRecords(target))?.toString(), target.toString());
      const text = new TextDecoder().decode(memory.files.get(target.path));
      assert.ok(text.endsWith('\n'));
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepStrictEqual(lines.map((l) => l.dynamodb.Keys.PK.S), ['ORDER#1001', 'ORDER#1001', 'ORDER#1002']);
    } finally {
      registration.dispose();
    }
  });

  it('clear empties the panel; restart re-reads from TRIM_HORIZON', async () => {
    await panel.receive({ type: 'clear' });
    assert.strictEqual(panel.session.held, 0);
    await panel.receive({ type: 'restart', startPosition: 'TRIM_HORIZON' });
    await until('the records again', () => panel.session.held >= 3);
    assert.deepStrictEqual(panel.session.visibleRows().map((r) => r.eventName), ['INSERT', 'MODIFY', 'INSERT']);
  });

  it('stopAll stops every running tail and says why in the panel; Restart tails again with the reader it holds', async () => {
    await until('the reader to run', () => panel.isRunning && panels.runningCount === 1);
    const held = panel.session.held;
    panels.stopAll('Connection changed');
    assert.strictEqual(panel.isRunning, false);
    assert.strictEqual(panels.runningCount, 0);
    assert.strictEqual(panel.session.currentState, 'stopped');
    assert.strictEqual(panel.session.status().reason, 'Connection changed');
    const last = panel.session.currentNotices.at(-1);
    assert.deepStrictEqual(last && { level: last.level, message: last.message }, {
      level: 'warning',
      message: 'Connection changed: this tail stopped; use Restart to tail again.',
    });
    // The reader is aborted: a change made now is not received until the restart. How long to look for it is
    // measured by a control reader (the same reader code, through its own proxy): once the control has the change
    // and has made two more GetRecords calls, a reader still running would have had it too.
    const panelCalls = panelProxy.calls('GetRecords');
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'ORDER#1003' }, status: { S: 'new' } } }));
    const control = new AbortController();
    let controlSaw = false;
    const controlReader = streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient({ ...config, endpoint: controlProxy.endpoint })), { streamArn, loopback: true });
    const controlRun = controlReader.read('TRIM_HORIZON', control.signal, (e) => {
      if (e.type === 'records' && e.records.some((r) => r.dynamodb?.Keys?.PK?.S === 'ORDER#1003')) controlSaw = true;
    });
    try {
      await until('the control reader to get the change', () => controlSaw);
      await twoMoreCalls(controlProxy, 'GetRecords');
    } finally {
      control.abort();
      await controlRun;
    }
    assert.strictEqual(panel.session.held, held);
    // At most the call in flight when the reader was aborted reached the proxy after it.
    assert.ok(panelProxy.calls('GetRecords') - panelCalls <= 1, `GetRecords by the stopped reader: ${panelProxy.calls('GetRecords') - panelCalls}`);
    assert.strictEqual(panel.session.currentState, 'stopped');
    panels.stopAll('Connection changed again');
    assert.strictEqual(panel.session.currentNotices.at(-1)?.message, last?.message, 'a stopped tail is left as it is');
    // Restart asks before it clears the records held: Cancel keeps them.
    hooks.answer(undefined);
    await panel.receive({ type: 'restart', startPosition: 'TRIM_HORIZON' });
    assert.strictEqual(hooks.lastConfirmation?.message, `Restart clears the ${held} records held. Export them first?`);
    assert.strictEqual(panel.session.held, held);
    assert.strictEqual(panel.session.currentState, 'stopped');
    hooks.answer('Restart');
    await panel.receive({ type: 'restart', startPosition: 'TRIM_HORIZON' });
    assert.strictEqual(hooks.pending(), 0);
    await until('the reader to run again', () => panel.isRunning && panels.runningCount === 1);
    const rows = await until('the records again, the new one included', () => {
      const r = panel.session.visibleRows();
      return r.some((x) => x.keys === 'PK="ORDER#1003"') ? r : undefined;
    });
    assert.deepStrictEqual(rows.map((r) => r.eventName), ['INSERT', 'MODIFY', 'INSERT', 'INSERT']);
  });

  it('opening a stopped tail again asks before it clears the records held', async () => {
    panels.stopAll('Connection changed');
    const held = panel.session.held;
    assert.ok(held > 0);
    hooks.clear();
    hooks.answer(undefined);
    assert.strictEqual(panels.open(openOptions), panel);
    await until('the question answered', () => hooks.pending() === 0 && hooks.lastConfirmation !== undefined);
    assert.strictEqual(hooks.lastConfirmation?.message, `Restart clears the ${held} records held. Export them first?`);
    assert.strictEqual(panel.session.held, held, 'Cancel keeps the records');
    assert.strictEqual(panel.isRunning, false);
    hooks.answer('Restart');
    panels.open(openOptions);
    await until('the reader to run again', () => panel.isRunning && panels.runningCount === 1);
    await until('the records read again', () => panel.session.held === held);
  });

  it('follows tail.maxRecords while open: a raised cap holds more, a lowered one evicts the oldest at once', async () => {
    const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
    const global = vscode.ConfigurationTarget.Global;
    try {
      await settings().update('tail.maxRecords', 200, global);
      await until('the panel to hold up to 200 records', () => panel.session.target.maxRecords === 200);
      const before = panel.session.held;
      for (let batch = 0; batch < 5; batch++) {
        const items = Array.from({ length: 22 }, (_, i) => ({ PutRequest: { Item: { PK: { S: `CAP#${batch * 22 + i}` } } } }));
        await ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items } }));
      }
      await until('110 more records held', () => panel.session.held === before + 110);
      await settings().update('tail.maxRecords', 100, global);
      await until('the oldest records evicted', () => panel.session.held === 100);
      assert.strictEqual(panel.session.evicted, before + 10);
      assert.strictEqual(panel.session.currentNotices.at(-1)?.message, `Holding at most 100 records now: the oldest ${before + 10} evicted.`);
      assert.strictEqual(panel.session.status().held, 100);
      await settings().update('tail.maxRecords', 1e9, global);
      await until("the cap clamped to the setting's maximum", () => panel.session.target.maxRecords === 150_000);
    } finally {
      await settings().update('tail.maxRecords', undefined, global);
    }
    await until('the default cap again', () => panel.session.target.maxRecords === 10_000);
    assert.strictEqual(panel.session.held, 100);
  });

  it('follows tail.jsonView while open; its toggle writes the scope the value in force comes from', async () => {
    const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
    const workspace = vscode.ConfigurationTarget.Workspace;
    const globalBefore = settings().inspect('tail.jsonView')?.globalValue;
    const id = panel.session.visibleRows()[0].id;
    try {
      await settings().update('tail.jsonView', 'plain', workspace);
      await until('the panel to show plain JSON', () => panel.session.currentJsonView === 'plain');
      assert.strictEqual(typeof JSON.parse(panel.session.recordJson(id)!).dynamodb.Keys.PK, 'string');
      await panel.receive({ type: 'setJsonView', view: 'dynamodb' });
      const inspected = settings().inspect('tail.jsonView');
      assert.strictEqual(inspected?.workspaceValue, 'dynamodb', 'written to the workspace, where the value came from');
      assert.strictEqual(inspected?.globalValue, globalBefore, 'user settings untouched');
      assert.strictEqual(panel.session.currentJsonView, 'dynamodb');
      await settings().update('tail.jsonView', 'plain', workspace);
      await until('the panel to follow the workspace value again', () => panel.session.currentJsonView === 'plain');
    } finally {
      await settings().update('tail.jsonView', undefined, workspace);
    }
    const fallback = settings().get('tail.jsonView');
    await until(`the panel to show ${String(fallback)} again`, () => panel.session.currentJsonView === fallback);
  });

  it('closing the panel stops the reader and forgets the panel', async () => {
    panel.webviewPanel.dispose();
    await until('the panel to be forgotten', () => panels.get({ source: 'dynamodb', streamArn }) === undefined);
    assert.strictEqual(panel.isRunning, false);
    assert.strictEqual(panels.runningCount, 0);
  });
});
