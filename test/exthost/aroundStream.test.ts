// Table settings around the stream in a real extension host: TTL (expired items leave as REMOVE records
// marked TTL expired), the table class on an endpoint that ignores it, and a Kinesis destination end to end through
// the demo relay (a fixture standing in for AWS's destination calls in front of DynamoDB Local) and kinesalite.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, connectionUses, createKeyedTable, LOCAL_CONNECTION, localConfig, until, useConnection } from './support';

const relayEndpoint = process.env.DDB_STREAMS_TEST_RELAY_ENDPOINT ?? '';
const kinesisEndpoint = process.env.DDB_STREAMS_TEST_KINESIS_ENDPOINT ?? '';
const suffix = Date.now().toString(36);
const SESSIONS = `around-sessions-${suffix}`;
const ORDERS = `around-orders-${suffix}`;
const STREAM = `around-changes-${suffix}`;
type Panel = NonNullable<ReturnType<TestApi['panels']['open']>>;

const ddb = new DynamoDBClient(localConfig);
const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');

describe('around the stream: TTL, table class, Kinesis destination (DynamoDB Local, relay, kinesalite)', function () {
  this.timeout(120_000);
  let api: TestApi;
  const panels: Panel[] = [];
  let restoreConnection: (() => Promise<void>) | undefined;

  async function children(tableName: string): Promise<(TreeNode & { destination?: { streamName: string; status: string } })[]> {
    const node = await api.tree.getTable(tableName);
    return await api.tree.getChildren(node);
  }

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createKeyedTable(ddb, SESSIONS, 'OLD_IMAGE');
    await createKeyedTable(ddb, ORDERS, 'NEW_AND_OLD_IMAGES');
    api.tree.refresh();
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    for (const p of panels) p.webviewPanel.dispose();
    await restoreConnection?.(); // the relay test points the endpoint at the relay
    for (const name of [SESSIONS, ORDERS]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('Enable TTL… offers the N attributes of a sample; expired items arrive as "TTL expired" REMOVE rows with their old image', async () => {
    const past = String(Math.floor(Date.now() / 1000) - 3600);
    const put = (pk: string) => ddb.send(new PutItemCommand({ TableName: SESSIONS, Item: { PK: { S: pk }, SK: { S: 'S' }, ExpirationTime: { N: past }, CreationTime: { N: past }, user: { S: `user-${pk}` } } }));
    await put('seed');
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', await api.tree.getTable(SESSIONS));
    panels.push(panel);
    await until('tail running', () => panel.session.currentState === 'running');

    api.testHooks.answer('ExpirationTime');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableTtl', await api.tree.getTable(SESSIONS)), true);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: SESSIONS }));
    assert.strictEqual(ttl.TimeToLiveDescription?.AttributeName, 'ExpirationTime');
    assert.match(String(ttl.TimeToLiveDescription?.TimeToLiveStatus), /ENABL/);
    await put('a');
    await put('b');
    // DynamoDB Local deletes expired items within seconds; each deletion is a REMOVE by the TTL service.
    const rows = await until('three TTL expiries', () => {
      const ttlRows = panel.session.visibleRows().filter((r) => r.eventName === 'TTL expired');
      return ttlRows.length >= 3 ? ttlRows : undefined;
    }, 90_000);
    assert.ok(rows.every((r) => r.kind === 'TTL'));
    const record = panel.session.record(rows[0].id);
    assert.deepStrictEqual(record?.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
    assert.match(JSON.stringify(record?.dynamodb?.OldImage?.user), /user-/);

    api.testHooks.answer('Disable TTL');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableTtl', await api.tree.getTable(SESSIONS)), true);
    assert.match(String((await ddb.send(new DescribeTimeToLiveCommand({ TableName: SESSIONS }))).TimeToLiveDescription?.TimeToLiveStatus), /DISABL/);
  });

  it('Enable TTL… refuses an attribute name it cannot use, and a table with TTL already on says so', async () => {
    api.testHooks.answer('$(edit) Another attribute…', '');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableTtl', await api.tree.getTable(ORDERS)), false);
    assert.match(String(api.testHooks.lastRefusal), /expiry time/);
  });

  it('Change table class… on DynamoDB Local says the endpoint does not support it, and changes nothing', async () => {
    api.testHooks.answer('Standard-IA', 'Change to Standard-IA');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.changeTableClass', await api.tree.getTable(ORDERS)), false);
    const table = await ddb.send(new DescribeTableCommand({ TableName: ORDERS }));
    assert.strictEqual(table.Table?.TableClassSummary, undefined);
  });

  it('on DynamoDB Local the table says quietly that Kinesis destinations are not supported', async () => {
    const kids = await children(ORDERS);
    assert.ok(kids.some((k) => k.kind === 'message' && /Kinesis destinations: not supported by this endpoint/.test(String(k.toTreeItem().label))), 'message node');
  });

  it('through the relay: Enable Kinesis destination…, the node shows it, Tail Kinesis stream shows the changes, Disable', async () => {
    assert.ok(relayEndpoint && kinesisEndpoint, 'the runner passes the relay and kinesalite');
    const kinesis = new KinesisClient({ endpoint: kinesisEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
    await until('stream ACTIVE', async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
    kinesis.destroy();
    await settings().update('endpoint', relayEndpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, relayEndpoint);

    api.testHooks.answer(STREAM, 'MILLISECOND');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableKinesisDestination', await api.tree.getTable(ORDERS)), true);
    const node = await until('ACTIVE destination node', async () => {
      await api.tree.refreshTable(ORDERS);
      return (await children(ORDERS)).find((k) => k.kind === 'kinesisDestination' && k.destination?.status === 'ACTIVE');
    });
    const item = node.toTreeItem();
    assert.strictEqual(item.label, 'Kinesis destination');
    assert.strictEqual(item.description, `${STREAM} · ACTIVE · millisecond`);
    assert.strictEqual(item.contextValue, 'kinesisDestination');

    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailKinesisDestination', node);
    panels.push(panel);
    assert.strictEqual(panel.webviewPanel.title, `Kinesis: ${STREAM}`);
    await until('Kinesis tail running', () => panel.session.currentState === 'running');
    await ddb.send(new PutItemCommand({ TableName: ORDERS, Item: { PK: { S: 'ORDER#1' }, SK: { S: 'A' }, status: { S: 'pending' } } }));
    await ddb.send(new UpdateItemCommand({ TableName: ORDERS, Key: { PK: { S: 'ORDER#1' }, SK: { S: 'A' } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'shipped' } } }));
    const rows = await until('two Kinesis rows', () => (panel.session.held >= 2 ? panel.session.visibleRows() : undefined));
    assert.deepStrictEqual(rows.map((r) => [r.eventName, r.keys]), [['INSERT', 'PK="ORDER#1", SK="A"'], ['MODIFY', 'PK="ORDER#1", SK="A"']]);

    api.testHooks.answer('MICROSECOND');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.changeKinesisPrecision', node), true);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableKinesisDestination', node), true);
    const after = await until('DISABLED', async () => {
      await api.tree.refreshTable(ORDERS);
      return (await children(ORDERS)).find((k) => k.kind === 'kinesisDestination' && k.destination?.status === 'DISABLED');
    });
    assert.match(String(after.toTreeItem().description), /DISABLED · microsecond/);
  });
});
