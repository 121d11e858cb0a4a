// Global-table replicas and Lambda triggers in a real extension host, against DynamoDB Local.
// DynamoDB Local keeps one database per region, so a same-named table created through a client for another region
// stands in for the replica there (its stream is real); only the replica listing is injected (DynamoDB Local has no
// global tables). Lambda: a small loopback stub answers ListEventSourceMappings with documented JSON (synthetic: no
// local Lambda backend exists), reached through AWS_ENDPOINT_URL_LAMBDA by the extension's own Lambda client.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
// @ts-expect-error plain ESM helper shared with the scripts (bundled into this suite by esbuild)
import { startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';
import { activateExtension, createKeyedTable, endpoint, LOCAL_CONNECTION, localConfig, twoMoreCalls, until, useConnection } from './support';

const suffix = Date.now().toString(36);
const GLOBAL = `global-orders-${suffix}`;
const OTHER_REGION = 'eu-west-1';
const ddb = new DynamoDBClient(localConfig);
const ddbOther = new DynamoDBClient({ ...localConfig, region: OTHER_REGION });

type Node = TreeNode & { kind: string; replica?: { region: string }; streamArn?: string; current?: boolean };
interface Row { eventName: string; keys: string }
interface Panel {
  key: string;
  isRunning: boolean;
  webviewPanel: vscode.WebviewPanel;
  session: { currentState: string; held: number; visibleRows(): Row[]; lambdaState: { text: string; error?: string } };
}

let api: TestApi;

async function children(node: Node): Promise<Node[]> {
  return (await api.tree.getChildren(node));
}

async function tableChildren(name: string): Promise<Node[]> {
  const [root] = (await api.tree.getChildren()) as Node[];
  await api.tree.getChildren(root);
  return children((await api.tree.getTable(name)));
}

const item = (node: Node) => api.tree.getTreeItem(node);

describe('global-table replicas (DynamoDB Local, one database per region)', function () {
  this.timeout(90_000);
  // No faults: it only counts the extension's calls, so a wrong-region record is waited for by calls, not by time.
  let proxy: { endpoint: string; calls(operation: string): number; stop(): Promise<void> };
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    api = await activateExtension();
    proxy = await startFaultProxy({ target: endpoint });
    restoreConnection = await useConnection(api, { ...LOCAL_CONNECTION, endpoint: proxy.endpoint });
    await createKeyedTable(ddb, GLOBAL, 'NEW_AND_OLD_IMAGES');
    await createKeyedTable(ddbOther, GLOBAL, 'NEW_AND_OLD_IMAGES');
    api.tree.refresh();
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    api.replicas.source = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreConnection?.();
    await proxy?.stop();
    await ddb.send(new DeleteTableCommand({ TableName: GLOBAL })).catch(() => undefined);
    await ddbOther.send(new DeleteTableCommand({ TableName: GLOBAL })).catch(() => undefined);
  });

  it('a table without replicas has no Replicas node (DescribeGlobalTable answers UnknownOperation: no error shown)', async () => {
    const kids = await tableChildren(GLOBAL);
    assert.deepStrictEqual(kids.map((k) => k.kind), ['stream', 'message'], 'the stream, then DynamoDB Local saying it has no Kinesis destinations');
  });

  it('shows Replicas with one child per region and its status', async () => {
    api.replicas.source = {
      list: async (table) => (table.TableName === GLOBAL
        ? [
            { region: 'us-east-1', version: '2019.11.21', status: 'ACTIVE', tableClass: 'STANDARD' },
            { region: OTHER_REGION, version: '2019.11.21', status: 'ACTIVE', tableClass: 'STANDARD' },
          ]
        : []),
    };
    api.tree.refresh();
    const replicas = (await tableChildren(GLOBAL)).find((k) => k.kind === 'replicas');
    assert.ok(replicas, 'a Replicas node');
    assert.strictEqual(item(replicas).label, 'Replicas');
    const regions = await children(replicas);
    assert.deepStrictEqual(regions.map((r) => item(r).label), ['us-east-1', OTHER_REGION]);
    assert.deepStrictEqual(regions.map((r) => item(r).description), ['ACTIVE · this region', 'ACTIVE']);
    assert.ok(regions.every((r) => item(r).contextValue === 'replica'));
  });

  it('Tail stream on a replica opens "Tail: <table> (<region>)" and shows records written in that region only', async () => {
    const replicas = (await tableChildren(GLOBAL)).find((k) => k.kind === 'replicas') as Node;
    const other = (await children(replicas)).find((r) => r.replica?.region === OTHER_REGION) as Node;
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailReplicaStream', other);
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.webviewPanel.title, `Tail: ${GLOBAL} (${OTHER_REGION})`);
    const arn = (await ddbOther.send(new DescribeTableCommand({ TableName: GLOBAL }))).Table?.LatestStreamArn;
    assert.strictEqual(panel.key, `dynamodb:${arn}@${OTHER_REGION}`);
    await until('reader running', () => panel.session.currentState === 'running');

    await ddb.send(new PutItemCommand({ TableName: GLOBAL, Item: { PK: { S: 'HOME#1' }, SK: { S: 'A' } } }));
    await ddbOther.send(new PutItemCommand({ TableName: GLOBAL, Item: { PK: { S: 'REPLICA#1' }, SK: { S: 'B' } } }));
    await ddbOther.send(new PutItemCommand({ TableName: GLOBAL, Item: { PK: { S: 'REPLICA#2' }, SK: { S: 'B' } } }));
    const rows = await until('two records', () => (panel.session.held >= 2 ? panel.session.visibleRows() : undefined));
    await twoMoreCalls(proxy, 'GetRecords'); // a wrong-region record, if it were read, would have shown by then
    assert.deepStrictEqual(panel.session.visibleRows().map((r) => r.eventName), ['INSERT', 'INSERT']);
    assert.ok(rows.every((r) => /REPLICA#/.test(r.keys)), rows.map((r) => r.keys).join(' | '));

    // The connection's own region is the table's usual tail.
    const home = (await children(replicas)).find((r) => r.replica?.region === 'us-east-1') as Node;
    const homePanel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailReplicaStream', home);
    assert.strictEqual(homePanel.webviewPanel.title, `Tail: ${GLOBAL}`);
    assert.notStrictEqual(homePanel, panel);
  });

  it('Disable stream and Change stream view type warn that replication needs the stream first', async () => {
    api.testHooks.answer(undefined); // cancel the confirmation
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableStream', await api.tree.getTable(GLOBAL)), false);
    const disable = api.testHooks.lastConfirmation;
    assert.match(String(disable?.detail), new RegExp(`${GLOBAL} is a global table \\(replicas: us-east-1, ${OTHER_REGION}\\)`));
    assert.match(String(disable?.detail), /NEW_AND_OLD_IMAGES: disabling or changing it breaks replication/);

    api.testHooks.answer('NEW_IMAGE', undefined);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.changeViewType', await api.tree.getTable(GLOBAL)), false);
    assert.match(String(api.testHooks.lastConfirmation?.detail), /breaks replication/);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: GLOBAL }))).Table;
    assert.strictEqual(table?.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES', 'the stream is unchanged');
  });
});

// Documented ListEventSourceMappings answers (Lambda API reference), two pages.
const FILTER = '{"eventName":["REMOVE"]}';
function mappingsPage(streamArn: string, marker: string | null): { EventSourceMappings: unknown[]; NextMarker?: string } {
  const base = { EventSourceArn: streamArn, BatchSize: 100, StartingPosition: 'LATEST', LastModified: 1700000000, MaximumRetryAttempts: -1 };
  if (!marker) {
    return {
      EventSourceMappings: [{ ...base, UUID: 'uuid-1', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:archive-deletes', State: 'Enabled', LastProcessingResult: 'OK', FilterCriteria: { Filters: [{ Pattern: FILTER }] } }],
      NextMarker: 'page-2',
    };
  }
  return {
    EventSourceMappings: [{ ...base, UUID: 'uuid-2', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:index-orders', State: 'Enabled', LastProcessingResult: 'PROBLEM: Function call failed', BisectBatchOnFunctionError: true }],
  };
}

describe('Lambda triggers (synthetic: loopback ListEventSourceMappings stub)', function () {
  this.timeout(60_000);
  const TABLE = `triggered-${suffix}`;
  let server: http.Server;
  const requests: URL[] = [];

  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      requests.push(url);
      if (req.method !== 'GET' || !/^\/2015-03-31\/event-source-mappings\/?$/.test(url.pathname)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
        return;
      }
      const body = mappingsPage(url.searchParams.get('EventSourceArn') ?? '', url.searchParams.get('Marker'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.tree.refresh();
  });

  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    api.connection.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((resolve) => server.close(resolve));
    await restoreConnection?.();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  async function triggersNode(): Promise<Node> {
    const stream = (await tableChildren(TABLE)).find((k) => k.kind === 'stream' && k.current) as Node;
    assert.ok(stream, 'the current stream');
    const node = (await children(stream))[0];
    assert.strictEqual(node.kind, 'lambdaTriggers');
    assert.strictEqual(item(node).label, 'Lambda triggers');
    return node;
  }

  it('a local endpoint without a Lambda endpoint says so on the node, asking nothing', async () => {
    const node = await triggersNode();
    assert.strictEqual(item(node).description, 'Lambda triggers are not available for a local endpoint');
    assert.strictEqual(item(node).collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.strictEqual(requests.length, 0);
  });

  it('with AWS_ENDPOINT_URL_LAMBDA: one child per mapping over every page, with state and filter count', async () => {
    process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api.connection.reset();
    const triggers = await children(await triggersNode());
    assert.deepStrictEqual(triggers.map((t) => item(t).label), ['archive-deletes', 'index-orders']);
    assert.deepStrictEqual(triggers.map((t) => item(t).description), [
      'Enabled · batch 100 · 1 filter',
      'Enabled · batch 100 · no filter · last batch failed',
    ]);
    assert.deepStrictEqual(triggers.map((t) => item(t).contextValue), ['lambdaTrigger.filtered', 'lambdaTrigger']);
    const tooltip = item(triggers[0]).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /"REMOVE"/);
    const arn = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.LatestStreamArn;
    assert.deepStrictEqual(requests.map((u) => [u.searchParams.get('EventSourceArn'), u.searchParams.get('Marker')]), [[arn, null], [arn, 'page-2']]);
  });

  it('Apply filter to tail opens (or reveals) the stream\'s tail panel and sets its Lambda filter to the trigger\'s', async () => {
    const [filtered] = await children(await triggersNode());
    // The stream has two Enabled triggers: the tail is its third reader, and is asked about first.
    api.testHooks.answer('Open anyway');
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.applyTriggerFilter', filtered);
    assert.match(String(api.testHooks.lastConfirmation?.message), /reader 3 of a shard that allows 2/);
    assert.match(String(api.testHooks.lastConfirmation?.detail), /2 Lambda triggers/);
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.webviewPanel.title, `Tail: ${TABLE}`);
    const arn = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.LatestStreamArn;
    assert.strictEqual(panel.key, `dynamodb:${arn}`);
    assert.strictEqual(panel.session.lambdaState.error, undefined);
    assert.match(panel.session.lambdaState.text, /eventName.*REMOVE/);
  });
});
