// A network blackhole under a running tail panel, in a real extension host: the extension's own clients (its
// settings pointed at a fault proxy started here, in front of DynamoDB Local) meet no answers at all for a while.
// The panel must say Reconnecting, then go back to Running by itself and show every record once.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
// @ts-expect-error plain ESM helper shared with the scripts (bundled into this suite by esbuild)
import { startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';
import { activateExtension, createKeyedTable, endpoint, LOCAL_CONNECTION, localConfig, twoMoreCalls, until, useConnection } from './support';
import type { TestApi } from '../../src/extension';

const ddb = new DynamoDBClient(localConfig);
const TABLE = `faults-${Date.now().toString(36)}`;
/** The extension's Streams client gives up on an unanswered request after 10 s, twice: the blackhole must last longer
 * than that for the reader to hear of it. */
const BLACKHOLE_MS = 30_000;

interface Row { keys: string; eventName: string }
interface Panel {
  isRunning: boolean;
  webviewPanel: vscode.WebviewPanel;
  session: { currentState: string; held: number; visibleRows(): Row[]; currentNotices: { message: string }[] };
}
interface Proxy {
  endpoint: string;
  counts(): Record<string, number>;
  calls(operation: string): number;
  blackhole(ms: number): Promise<void>;
  stop(): Promise<void>;
}

describe('Tail panel through a network blackhole (DynamoDB Local behind a fault proxy)', function () {
  this.timeout(240_000);
  let api: TestApi;
  let proxy: Proxy;
  let panel: Panel | undefined;
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    proxy = await startFaultProxy({ target: endpoint });
    // The connection is rebuilt a moment after the setting changes: tail only once it goes through the proxy.
    restoreConnection = await useConnection(api, { ...LOCAL_CONNECTION, endpoint: proxy.endpoint });
    api.tree.refresh();
    await until('the table, through the proxy', async () => (await api.tree.getTable(TABLE)).table !== undefined);
  });

  after(async () => {
    panel?.webviewPanel.dispose();
    await restoreConnection?.();
    await proxy?.stop();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('says Reconnecting during the blackhole, returns to Running by itself, and shows each record once', async () => {
    const put = (pk: string) => ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: pk }, SK: { S: 'A' } } }));
    panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', await api.tree.getTable(TABLE));
    await until('running', () => panel!.session.currentState === 'running');
    await put('before');
    await until('the first record', () => panel!.session.held === 1);

    const blackhole = proxy.blackhole(BLACKHOLE_MS);
    await put('during');
    await until('Reconnecting', () => panel!.session.currentState === 'reconnecting', BLACKHOLE_MS + 20_000);
    await blackhole;
    await until('Running again', () => panel!.session.currentState === 'running', 60_000);
    await put('after');
    await until('three records', () => panel!.session.held >= 3, 30_000);
    await twoMoreCalls(proxy, 'GetRecords'); // a duplicate would have arrived by then

    assert.deepStrictEqual(panel.session.visibleRows().map((r) => r.eventName), ['INSERT', 'INSERT', 'INSERT']);
    const keys = panel.session.visibleRows().map((r) => r.keys);
    ['before', 'during', 'after'].forEach((pk, i) => assert.match(keys[i], new RegExp(pk)));
    assert.ok(proxy.counts().blackhole >= 1, 'Streams calls were held by the blackhole');
    const notices = panel.session.currentNotices.map((n) => n.message);
    assert.ok(notices.some((m) => /^Reconnecting/.test(m)), `a Reconnecting notice: ${notices.join(' | ')}`);
    assert.ok(notices.includes('Reconnected.'), `a Reconnected notice: ${notices.join(' | ')}`);
    assert.strictEqual(panel.isRunning, true);
  });
});
