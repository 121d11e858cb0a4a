// A third reader of a shard is asked about first: a stream tail open plus a Lambda trigger, and a shard tail of the
// same stream would be the third reader (DynamoDB Streams serves two). The tails and the stream are real (DynamoDB
// Local); the Lambda trigger is a loopback stub answering ListEventSourceMappings with one Enabled mapping in the
// documented JSON (synthetic: no local Lambda backend exists), reached through AWS_ENDPOINT_URL_LAMBDA.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, createKeyedTable, LOCAL_CONNECTION, localConfig, until, useConnection } from './support';

const ddb = new DynamoDBClient(localConfig);
const TABLE = `readers-${Date.now().toString(36)}`;

type Node = TreeNode & { kind: string; current?: boolean; shardId?: string };
type Panel = NonNullable<ReturnType<TestApi['panels']['get']>>;

describe('third reader of a shard (synthetic Lambda trigger: loopback ListEventSourceMappings stub)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let server: http.Server;
  let restoreConnection: (() => Promise<void>) | undefined;
  let mappingState = 'Enabled';

  async function shardNode(): Promise<Node> {
    const [root] = (await api.tree.getChildren()) as Node[];
    await api.tree.getChildren(root);
    const kids = (await api.tree.getChildren(await api.tree.getTable(TABLE))) as Node[];
    const stream = kids.find((k) => k.kind === 'stream' && k.current);
    assert.ok(stream, 'the current stream');
    const shard = ((await api.tree.getChildren(stream)) as Node[]).find((k) => k.kind === 'shard');
    assert.ok(shard, 'a shard node');
    return shard;
  }

  before(async () => {
    api = await activateExtension();
    api.testHooks.clear(); // an earlier suite's last answered question is not this suite's
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      if (req.method !== 'GET' || !/^\/2015-03-31\/event-source-mappings\/?$/.test(url.pathname)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
        return;
      }
      const mapping = {
        UUID: 'uuid-reader', EventSourceArn: url.searchParams.get('EventSourceArn'), FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:index-orders',
        State: mappingState, BatchSize: 100, StartingPosition: 'LATEST', LastModified: 1700000000, MaximumRetryAttempts: -1,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ EventSourceMappings: [mapping] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    // Set before any tail opens: rebuilding the connection stops running tails.
    process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api.connection.reset();
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    api.tree.refresh();
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    api.connection.reset();
    await new Promise((resolve) => server.close(resolve));
    await restoreConnection?.();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('a stream tail and a Lambda trigger read the shard: opening a shard tail warns; Cancel opens nothing, Open anyway opens it', async () => {
    const streamTail = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', TABLE);
    assert.ok(streamTail, 'the stream tail opens without a question (second reader, with the trigger)');
    assert.strictEqual(api.testHooks.lastConfirmation, undefined);
    await until('the stream tail running', () => streamTail.isRunning);
    const shard = await shardNode();
    const before = api.panels.openPanels.length;

    api.testHooks.answer(undefined); // Cancel
    const cancelled = await vscode.commands.executeCommand<Panel | undefined>('dynamodbStreams.tailStream', shard);
    assert.strictEqual(cancelled, undefined);
    const asked = api.testHooks.lastConfirmation as { message: string; detail: string } | undefined; // set by the command just run
    assert.match(String(asked?.message), /reader 3 of a shard that allows 2/);
    assert.match(String(asked?.detail), /1 stream tail, 1 Lambda trigger/);
    assert.match(String(asked?.detail), /throttled for every reader of the shard, the Lambda trigger included/);
    assert.strictEqual(api.panels.openPanels.length, before, 'Cancel opened nothing');
    assert.strictEqual(api.panels.get({ source: 'dynamodb', streamArn: streamTail.session.target.streamArn, onlyShardId: shard.shardId }), undefined);

    api.testHooks.answer('Open anyway');
    const opened = await vscode.commands.executeCommand<Panel | undefined>('dynamodbStreams.tailStream', shard);
    assert.ok(opened, 'Open anyway opens the shard tail');
    assert.strictEqual(opened.session.target.onlyShardId, shard.shardId);
    opened.webviewPanel.dispose();
  });

  it('a Disabled mapping does not read: the shard tail opens without a question', async () => {
    mappingState = 'Disabled';
    const shard = await shardNode();
    const opened = await vscode.commands.executeCommand<Panel | undefined>('dynamodbStreams.tailStream', shard);
    assert.ok(opened);
    assert.strictEqual(api.testHooks.lastConfirmation, undefined);
    opened.webviewPanel.dispose();
  });
});
