// Add replica region… / Remove replica region… in a real extension host against DynamoDB Local, which has no global
// tables: the command offers the stream a replica needs (for real), then says replicas are not supported here.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import { activateExtension, createKeyedTable, LOCAL_CONNECTION, localConfig, useConnection } from './support';

const suffix = Date.now().toString(36);
const READY = `replica-ready-${suffix}`;
const KEYS = `replica-keys-${suffix}`;
const ddb = new DynamoDBClient(localConfig);

describe('Add / Remove replica region (DynamoDB Local: not supported)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createKeyedTable(ddb, READY, 'NEW_AND_OLD_IMAGES');
    await createKeyedTable(ddb, KEYS, 'KEYS_ONLY');
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    await restoreConnection?.();
    for (const TableName of [READY, KEYS]) await ddb.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  });

  it('Add replica region… on a NEW_AND_OLD_IMAGES table says replicas are not supported by this endpoint', async () => {
    api.testHooks.answer('eu-west-1');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.addReplicaRegion', READY), false);
    assert.match(String(api.testHooks.lastNotice), /Replicas are not supported by this endpoint/);
    assert.strictEqual(api.testHooks.pending(), 0);
  });

  it('refuses the connection\'s own region before any change', async () => {
    api.testHooks.answer(localConfig.region);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.addReplicaRegion', READY), false);
    assert.match(String(api.testHooks.lastRefusal), /this connection's region/);
  });

  it('offers to change a KEYS_ONLY stream to NEW_AND_OLD_IMAGES first, does it, then says not supported', async () => {
    api.testHooks.answer('eu-west-1', 'Change view type');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.addReplicaRegion', KEYS), false);
    assert.match(String(api.testHooks.lastConfirmation?.message), /A replica needs a NEW_AND_OLD_IMAGES stream/);
    assert.match(String(api.testHooks.lastConfirmation?.detail), /streams KEYS_ONLY/);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: KEYS }))).Table;
    assert.strictEqual(table?.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.match(String(api.testHooks.lastNotice), /Replicas are not supported by this endpoint/);
  });

  it('Remove replica region… on a replica asks first, then says not supported', async () => {
    api.testHooks.answer('Remove replica');
    const replica = { tableName: READY, replica: { region: 'eu-west-1' } };
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.removeReplicaRegion', replica), false);
    assert.match(String(api.testHooks.lastConfirmation?.message), /Remove the replica of .* in eu-west-1\?/);
    assert.match(String(api.testHooks.lastNotice), /Replicas are not supported by this endpoint/);
  });
});
