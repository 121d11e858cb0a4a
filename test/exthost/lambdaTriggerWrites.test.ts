// Create Lambda trigger…, Update trigger filter…, Delete Lambda trigger… in a real extension host — synthetic Lambda:
// a loopback stub keeps event source mappings and answers with documented Lambda API JSON (no local Lambda backend
// exists), reached through AWS_ENDPOINT_URL_LAMBDA by the extension's own client. The table, its stream and the tail
// panel whose Lambda filter is used are real (DynamoDB Local).
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, createKeyedTable, LOCAL_CONNECTION, localConfig, useConnection } from './support';

const TABLE = `trigger-writes-${Date.now().toString(36)}`;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:archive-deletes';
const ddb = new DynamoDBClient(localConfig);

type Node = TreeNode & { kind: string; current?: boolean };
interface Mapping { UUID: string; EventSourceArn: string; FunctionArn: string; State: string; BatchSize: number; FilterCriteria?: { Filters?: { Pattern: string }[] } }
interface Panel { session: { lambdaState: { text: string } }; setLambdaFilter(text: string): { error?: string } }

/** The stub's requests (method, path, body) and its mappings. */
function lambdaStub() {
  const requests: { method: string; path: string; body: Record<string, unknown> }[] = [];
  const mappings = new Map<string, Mapping>();
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: req.method ?? '', path: url.pathname, body });
      const send = (status: number, json: unknown, errorType?: string) =>
        res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) }).end(JSON.stringify(json));
      const uuid = /^\/2015-03-31\/event-source-mappings\/([^/]+)$/.exec(url.pathname)?.[1];
      if (req.method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(url.pathname)) {
        return send(200, { Functions: [{ FunctionName: 'archive-deletes', FunctionArn: FUNCTION_ARN, Runtime: 'nodejs22.x' }] });
      }
      if (req.method === 'GET' && /^\/2015-03-31\/event-source-mappings\/?$/.test(url.pathname)) {
        const arn = url.searchParams.get('EventSourceArn');
        return send(200, { EventSourceMappings: [...mappings.values()].filter((m) => m.EventSourceArn === arn) });
      }
      if (req.method === 'POST' && /^\/2015-03-31\/event-source-mappings\/?$/.test(url.pathname)) {
        const existing = [...mappings.values()].find((m) => m.EventSourceArn === body.EventSourceArn && m.FunctionArn === body.FunctionName);
        if (existing) {
          return send(409, { Type: 'User', message: `The event source arn (" ${String(body.EventSourceArn)} ") and function (" archive-deletes ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing.UUID}` }, 'ResourceConflictException');
        }
        const m: Mapping = { UUID: `uuid-${next++}`, EventSourceArn: String(body.EventSourceArn), FunctionArn: String(body.FunctionName), State: 'Creating', BatchSize: Number(body.BatchSize), FilterCriteria: body.FilterCriteria as Mapping['FilterCriteria'] };
        mappings.set(m.UUID, m);
        return send(202, m);
      }
      if (req.method === 'PUT' && uuid && mappings.has(uuid)) {
        const m = { ...(mappings.get(uuid) as Mapping), State: 'Updating', FilterCriteria: body.FilterCriteria as Mapping['FilterCriteria'] };
        mappings.set(uuid, m);
        return send(202, m);
      }
      if (req.method === 'DELETE' && uuid && mappings.has(uuid)) {
        const m = { ...(mappings.get(uuid) as Mapping), State: 'Deleting' };
        mappings.delete(uuid);
        return send(202, m);
      }
      return send(404, { Type: 'User', message: 'Function not found' }, 'ResourceNotFoundException');
    });
  });
  return { server, requests, mappings };
}

describe('Create / Update filter / Delete Lambda trigger (synthetic: loopback Lambda stub)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;
  const stub = lambdaStub();
  let panel: Panel;

  async function triggersNode(): Promise<Node> {
    const [root] = (await api.tree.getChildren()) as Node[];
    await api.tree.getChildren(root);
    const stream = ((await api.tree.getChildren(await api.tree.getTable(TABLE))) as Node[]).find((k) => k.kind === 'stream' && k.current) as Node;
    const node = ((await api.tree.getChildren(stream)) as Node[])[0];
    assert.strictEqual(node.kind, 'lambdaTriggers');
    return node;
  }
  const labels = async () => ((await api.tree.getChildren(await triggersNode())) as Node[]).map((n) => String(api.tree.getTreeItem(n).label));

  before(async () => {
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    api.connection.reset();
    panel = (await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', TABLE));
    assert.strictEqual(panel.setLambdaFilter('{"eventName":["REMOVE"]}').error, undefined);
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    api.connection.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((resolve) => stub.server.close(resolve));
    await restoreConnection?.();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('Create Lambda trigger… picks a listed function, takes the tail panel\'s filter, sends every option and lists it', async () => {
    assert.deepStrictEqual(await labels(), ['No Lambda function reads this stream']);
    api.testHooks.answer('archive-deletes', '250', 'TRIM_HORIZON', '5', '3', 'Yes', 'Yes', 'arn:aws:sqs:us-east-1:123456789012:dlq', api.testHooks.keepValue);
    const created = await vscode.commands.executeCommand<{ uuid: string } | undefined>('dynamodbStreams.createLambdaTrigger', await triggersNode());
    assert.strictEqual(created?.uuid, 'uuid-1');
    const post = stub.requests.find((r) => r.method === 'POST');
    assert.deepStrictEqual(post?.body, {
      EventSourceArn: [...stub.mappings.values()][0].EventSourceArn,
      FunctionName: FUNCTION_ARN,
      BatchSize: 250,
      StartingPosition: 'TRIM_HORIZON',
      MaximumBatchingWindowInSeconds: 5,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] },
    });
    assert.match(String(post?.body.EventSourceArn), new RegExp(`table/${TABLE}/stream/`));
    assert.deepStrictEqual(await labels(), ['archive-deletes']);
  });

  it('a second trigger for the same function is refused in Lambda\'s words', async () => {
    api.testHooks.answer('archive-deletes', '100', 'LATEST', '0', '-1', 'No', 'No', '', '');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createLambdaTrigger', await triggersNode()), undefined);
    assert.match(String(api.testHooks.lastNotice), /provided mapping already exists\. Please update or delete the existing mapping with UUID uuid-1/);
    assert.strictEqual(stub.mappings.size, 1);
  });

  it('a filter the panel\'s parser refuses is refused before any call', async () => {
    const posts = stub.requests.filter((r) => r.method === 'POST').length;
    api.testHooks.answer('archive-deletes', '100', 'LATEST', '0', '-1', 'No', 'No', '', '{"eventName":"REMOVE"}');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.createLambdaTrigger', await triggersNode()), undefined);
    assert.match(String(api.testHooks.lastRefusal), /eventName/);
    assert.strictEqual(stub.requests.filter((r) => r.method === 'POST').length, posts);
  });

  it('Update trigger filter… shows the panel\'s filter against the trigger\'s, then sends it', async () => {
    assert.strictEqual(panel.setLambdaFilter('{"eventName":["INSERT"]}').error, undefined);
    const [trigger] = (await api.tree.getChildren(await triggersNode())) as Node[];
    api.testHooks.answer('Update filter');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.updateTriggerFilter', trigger), true);
    const detail = String(api.testHooks.lastConfirmation?.detail);
    assert.match(detail, /^- .*REMOVE/m);
    assert.match(detail, /^\+ .*INSERT/m);
    const put = stub.requests.find((r) => r.method === 'PUT');
    assert.deepStrictEqual(put?.body, { FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } });
    assert.strictEqual(put?.path, '/2015-03-31/event-source-mappings/uuid-1');
    const [updated] = (await api.tree.getChildren(await triggersNode())) as Node[];
    assert.match(String((api.tree.getTreeItem(updated).tooltip as vscode.MarkdownString).value), /INSERT/);
  });

  it('Delete Lambda trigger… asks first, deletes, and the list follows', async () => {
    const [trigger] = (await api.tree.getChildren(await triggersNode())) as Node[];
    api.testHooks.answer(undefined);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteLambdaTrigger', trigger), false);
    assert.strictEqual(stub.mappings.size, 1, 'cancelled: nothing deleted');
    api.testHooks.answer('Delete trigger');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.deleteLambdaTrigger', trigger), true);
    assert.match(String(api.testHooks.lastConfirmation?.message), /Delete the Lambda trigger archive-deletes/);
    assert.strictEqual(stub.requests.filter((r) => r.method === 'DELETE').length, 1);
    assert.deepStrictEqual(await labels(), ['No Lambda function reads this stream']);
  });
});
