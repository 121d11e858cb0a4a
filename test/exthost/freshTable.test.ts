// Commands act on the table as DynamoDB says now, not on the tree's copy: a stream disabled and enabled again by
// another client (the aws CLI, the console) has a new ARN, and Tail must read that one. Refresh forgets everything
// the connection learned, including what the endpoint does not support. Against DynamoDB Local, in a real host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, UpdateTableCommand, waitUntilTableExists, type TableDescription } from '@aws-sdk/client-dynamodb';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, connectionUses, createKeyedTable, endpoint, localConfig, until } from './support';

const ddb = new DynamoDBClient(localConfig);
const TABLE = `fresh-orders-${Date.now().toString(36)}`;

type Node = TreeNode & { name?: string; table?: TableDescription; streamArn?: string; current?: boolean };
interface Panel {
  key: string;
  isRunning: boolean;
  session: { currentState: string; held: number; visibleRows(): { keys: string }[] };
}

/** Disables and re-enables the table's stream with the SDK (outside the extension); returns the new stream's ARN. */
async function replaceStreamOutside(): Promise<string> {
  const active = () => waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: TABLE });
  await ddb.send(new UpdateTableCommand({ TableName: TABLE, StreamSpecification: { StreamEnabled: false } }));
  await active();
  await ddb.send(new UpdateTableCommand({ TableName: TABLE, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
  await active();
  const arn = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.LatestStreamArn;
  assert.ok(arn, 'a new stream');
  return arn;
}

describe('Tail after the stream changed outside VS Code, and Refresh (DynamoDB Local)', function () {
  this.timeout(90_000);
  let api: TestApi;

  /** The table's row once the tree has read it. */
  async function row(): Promise<Node> {
    const [root] = (await api.tree.getChildren()) as Node[];
    await api.tree.getChildren(root);
    return until(`the row of ${TABLE}`, () => {
      const node = api.tree.getTableNode(TABLE) as Node | undefined;
      return node?.table ? node : undefined;
    });
  }

  /** Tails from `node` and checks the panel reads `streamArn` and shows a record written now. */
  async function tailsNewStream(node: Node, streamArn: string, marker: string): Promise<void> {
    const panel = await vscode.commands.executeCommand<Panel>('dynamodbStreams.tailStream', node);
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.key, `dynamodb:${streamArn}`);
    await until('reader running', () => panel.session.currentState === 'running');
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: marker }, SK: { S: 'METADATA' } } }));
    const rows = await until(`the record ${marker}`, () => panel.session.visibleRows().find((r) => r.keys.includes(marker)));
    assert.ok(rows);
    assert.strictEqual(panel.session.currentState, 'running', 'still tailing (not "Stream disabled")');
  }

  before(async () => {
    api = await activateExtension();
    api.replicas.source = undefined;
    await vscode.workspace.getConfiguration('dynamodbStreams').update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, endpoint);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    api.tree.refresh();
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('Tail from the table row reads the stream enabled since, not the one the tree had', async () => {
    const node = await row();
    const oldArn = node.table?.LatestStreamArn;
    const newArn = await replaceStreamOutside();
    assert.notStrictEqual(newArn, oldArn);
    assert.strictEqual(node.table?.LatestStreamArn, oldArn, 'the tree still holds the old stream (nothing told it)');
    await tailsNewStream(node, newArn, 'ORDER#fresh-1');
    // The read made for the command also updated the row.
    assert.strictEqual(api.tree.getTableNode(TABLE)?.table?.LatestStreamArn, newArn);
  });

  it('Tail from the row\'s current-stream node, gone stale the same way, reads the new stream too', async () => {
    const stale = ((await api.tree.getChildren(await row())) as Node[]).find((c) => c.kind === 'stream' && c.current);
    assert.ok(stale, 'the current stream node');
    const newArn = await replaceStreamOutside();
    assert.notStrictEqual(stale.streamArn, newArn);
    await tailsNewStream(stale, newArn, 'ORDER#fresh-2');
  });

  it('Refresh forgets what the endpoint was found not to support (asked again on the next expand)', async () => {
    const services = await api.connection.getServices();
    api.tree.refresh();
    await api.tree.getChildren(await row());
    // DynamoDB Local has no DescribeGlobalTable: the answer is remembered for the connection…
    assert.match(String(services.replicas.skipGlobalTables), /no global tables/);
    await vscode.commands.executeCommand('dynamodbStreams.refresh');
    // …until Refresh, after which the next expand asks again (and learns it again).
    await until('the answer forgotten', () => services.replicas.skipGlobalTables === undefined);
    await api.tree.getChildren(await row());
    assert.match(String(services.replicas.skipGlobalTables), /no global tables/);
  });
});
