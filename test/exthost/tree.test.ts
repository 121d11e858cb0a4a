// The tree provider and the stream-settings commands in a real extension host, against DynamoDB Local.
// Only quick-pick / confirmation answers are supplied (testHooks); every AWS call is real.
import * as assert from 'assert';
import * as http from 'http';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { TestApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';
import { activateExtension, connectionRestorer, createKeyedTable, endpoint, LOCAL_CONNECTION, localConfig as config, until, useConnection } from './support';

const suffix = Date.now().toString(36);
const ORDERS = `ext-orders-${suffix}`;
const PLAIN = `ext-plain-${suffix}`;

// Any tree node, with the fields of whichever kind it is readable (the test bundle has its own module copies, so the
// kind tells them apart, never instanceof).
type Node = TreeNode & { name?: string; table?: TableDescription; streamArn?: string };

let api: TestApi;
const ddb = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);

async function rootChildren(): Promise<Node[]> {
  const [root] = (await api.tree.getChildren()) as Node[];
  return await api.tree.getChildren(root);
}

/** The table's node once its description has loaded. */
async function tableNode(name: string): Promise<Node> {
  await rootChildren();
  return until(`table node ${name}`, () => {
    const node = api.tree.getTableNode(name);
    return node && (node.table || node.error) ? node : undefined;
  });
}

async function description(name: string): Promise<string> {
  return String((await tableNode(name)).toTreeItem().description);
}

const createTable = (name: string, viewType?: 'NEW_AND_OLD_IMAGES') => createKeyedTable(ddb, name, viewType);

describe('tables tree and stream commands (DynamoDB Local)', function () {
  this.timeout(60_000);
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await createTable(ORDERS, 'NEW_AND_OLD_IMAGES');
    await createTable(PLAIN);
    api.tree.refresh();
  });

  afterEach(() => api.testHooks.clear());

  after(async () => {
    await restoreConnection?.();
    for (const name of [ORDERS, PLAIN]) await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('shows the connection at the root and the tables with their stream state', async () => {
    const [root] = (await api.tree.getChildren()) as Node[];
    assert.strictEqual(root.toTreeItem().label, endpoint);
    const names = (await rootChildren()).map((n) => n.name);
    assert.ok(names.includes(ORDERS) && names.includes(PLAIN), `tables listed: ${names.join(', ')}`);
    assert.deepStrictEqual(names, [...names].sort((a, b) => String(a).localeCompare(String(b))), 'sorted');
    assert.strictEqual(await description(ORDERS), 'NEW_AND_OLD_IMAGES');
    assert.strictEqual(await description(PLAIN), 'stream off');
    assert.strictEqual((await tableNode(ORDERS)).toTreeItem().contextValue, 'table.streamOn');
    assert.strictEqual((await tableNode(PLAIN)).toTreeItem().contextValue, 'table.streamOff');
  });

  it('lists the current stream and its shards under a table', async () => {
    const orders = await tableNode(ORDERS);
    const children = (await api.tree.getChildren(orders)) as Node[];
    const stream = children.find((c) => c.kind === 'stream')!;
    assert.ok(stream, 'stream node');
    assert.strictEqual(stream.toTreeItem().description, 'NEW_AND_OLD_IMAGES');
    assert.match(String(stream.streamArn), new RegExp(`table/${ORDERS}/stream/`));
    // The stream's `Lambda triggers` row comes first (replicasTriggers.test.ts), then its shards.
    const shards = ((await api.tree.getChildren(stream)) as Node[]).filter((c) => c.kind !== 'lambdaTriggers');
    assert.ok(shards.length >= 1 && shards[0].kind === 'shard', 'shard nodes');
    assert.match(String(shards[0].toTreeItem().description), /^open · from \d+/);
  });

  it('Enable stream… from the context menu: pick a view type, the node updates', async () => {
    api.testHooks.answer('NEW_IMAGE');
    const ok = await vscode.commands.executeCommand('dynamodbStreams.enableStream', await tableNode(PLAIN));
    assert.strictEqual(ok, true);
    assert.strictEqual(await description(PLAIN), 'NEW_IMAGE');
    const real = await ddb.send(new DescribeTableCommand({ TableName: PLAIN }));
    assert.strictEqual(real.Table?.StreamSpecification?.StreamViewType, 'NEW_IMAGE');
  });

  it('Change stream view type… disables and re-enables after confirmation; previous stream listed', async () => {
    const before = (await ddb.send(new DescribeTableCommand({ TableName: PLAIN }))).Table?.LatestStreamArn;
    api.testHooks.answer('KEYS_ONLY', 'Disable and re-enable');
    const ok = await vscode.commands.executeCommand('dynamodbStreams.changeViewType', await tableNode(PLAIN));
    assert.strictEqual(ok, true);
    assert.strictEqual(await description(PLAIN), 'KEYS_ONLY');
    const real = (await ddb.send(new DescribeTableCommand({ TableName: PLAIN }))).Table;
    assert.notStrictEqual(real?.LatestStreamArn, before);
    const listed = await streams.send(new ListStreamsCommand({ TableName: PLAIN }));
    assert.strictEqual(listed.Streams?.length, 2);
    const children = (await api.tree.getChildren(await tableNode(PLAIN))) as Node[];
    const previous = children.find((c) => c.kind === 'previousStreams');
    assert.ok(previous, 'previous streams node');
    assert.strictEqual(previous.toTreeItem().description, '1');
  });

  it('Disable stream asks for confirmation; cancelling changes nothing, accepting turns it off', async () => {
    api.testHooks.answer('Cancel');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableStream', await tableNode(PLAIN)), false);
    assert.strictEqual(await description(PLAIN), 'KEYS_ONLY');
    api.testHooks.answer('Disable');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.disableStream', await tableNode(PLAIN)), true);
    assert.strictEqual(await description(PLAIN), 'stream off');
    const real = await ddb.send(new DescribeTableCommand({ TableName: PLAIN }));
    assert.notStrictEqual(real.Table?.StreamSpecification?.StreamEnabled, true);
    // The disabled streams stay readable for ~24 h: a stream-off table still expands to them.
    const node = await tableNode(PLAIN);
    assert.strictEqual(node.toTreeItem().collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const children = (await api.tree.getChildren(node)) as Node[];
    // Then DynamoDB Local's quiet word that it has no Kinesis destinations.
    assert.deepStrictEqual(children.map((c) => c.kind), ['previousStreams', 'message']);
    assert.strictEqual(children[0].toTreeItem().description, '2');
    assert.match(String(children[1].toTreeItem().label), /Kinesis destinations: not supported/);
  });

  it('works from the palette: the table comes from a quick pick', async () => {
    api.testHooks.answer(PLAIN, 'NEW_AND_OLD_IMAGES');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableStream'), true);
    assert.strictEqual(await description(PLAIN), 'NEW_AND_OLD_IMAGES');
    assert.strictEqual(api.testHooks.pending(), 0);
  });

  it('Copy ARN puts the table ARN on the clipboard', async () => {
    const node = await tableNode(ORDERS);
    const copied = await vscode.commands.executeCommand('dynamodbStreams.copyArn', node);
    assert.strictEqual(copied, node.table?.TableArn);
    assert.strictEqual(await vscode.env.clipboard.readText(), node.table?.TableArn);
  });

  it('Describe table opens the DescribeTable output as a read-only JSON document', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dynamodbStreams.describeTable', await tableNode(ORDERS));
    assert.ok(doc, 'a document');
    assert.strictEqual(doc.uri.scheme, 'dynamodb-streams');
    assert.strictEqual(doc.languageId, 'json');
    const parsed = JSON.parse(doc.getText());
    assert.strictEqual(parsed.Table.TableName, ORDERS);
    assert.strictEqual(parsed.Table.StreamSpecification.StreamViewType, 'NEW_AND_OLD_IMAGES');
  });

  it('Filter tables… narrows the list', async () => {
    api.tree.setFilter(ORDERS);
    try {
      assert.deepStrictEqual((await rootChildren()).map((n) => n.name), [ORDERS]);
    } finally {
      api.tree.setFilter('');
    }
  });

  it('Connect… refuses a malformed endpoint and keeps the setting', async () => {
    api.testHooks.answer('Custom endpoint', 'localhost:8000');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.connect'), false);
    assert.match(String(api.testHooks.lastRefusal), /must start with http:\/\/ or https:\/\//);
    assert.strictEqual(vscode.workspace.getConfiguration('dynamodbStreams').get('endpoint'), endpoint);
  });

  it('an unreachable endpoint becomes an error item with a next step', async () => {
    const bad = 'http://127.0.0.1:9';
    api.testHooks.answer('Custom endpoint', bad, 'Keep the current region');
    const restore = connectionRestorer(api);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.connect'), true);
    try {
      const [root] = await until('root relabelled', async () => {
        const roots = (await api.tree.getChildren()) as Node[];
        return roots[0].toTreeItem().label === bad ? roots : undefined;
      });
      const [error] = (await api.tree.getChildren(root)) as Node[];
      const item = error.toTreeItem();
      assert.strictEqual(item.label, `Cannot reach ${bad}`);
      assert.match(String(item.description), /Connect/);
      assert.strictEqual(item.command?.command, 'dynamodbStreams.connect');
    } finally {
      await restore();
    }
    await until('tables back after reconnecting', async () => (await rootChildren()).some((n) => n.name === ORDERS));
  });

  it('a region name that cannot exist becomes an error item, before any AWS call', async () => {
    const restore = await useConnection(api, { endpoint: '', region: 'mars-1' }, { waitForUse: false });
    try {
      const [error] = await until('error item', async () => {
        const [root] = (await api.tree.getChildren()) as Node[];
        if (!String(root.toTreeItem().label).endsWith('@ mars-1')) return undefined;
        return await api.tree.getChildren(root);
      });
      const item = error.toTreeItem();
      assert.strictEqual(item.label, '"mars-1" is not a region name. Use one like us-east-1 or eu-west-2');
      assert.strictEqual(item.command?.command, 'dynamodbStreams.connect');
    } finally {
      await restore();
    }
    await until('tables back after fixing the region', async () => (await rootChildren()).some((n) => n.name === ORDERS));
  });

  it('a malformed endpoint in settings.json becomes an error item, before any AWS call', async () => {
    const restore = await useConnection(api, { endpoint: 'localhost:8000' }, { waitForUse: false });
    try {
      const [error] = await until('error item', async () => {
        const [root] = (await api.tree.getChildren()) as Node[];
        if (root.toTreeItem().label !== 'localhost:8000') return undefined;
        return await api.tree.getChildren(root);
      });
      const item = error.toTreeItem();
      assert.match(String(item.label), /must start with http:\/\/ or https:\/\//);
      assert.strictEqual(item.command?.command, 'dynamodbStreams.connect');
    } finally {
      await restore();
    }
    await until('tables back', async () => (await rootChildren()).some((n) => n.name === ORDERS));
  });

  it('an endpoint with a password of any shape never shows it: root label, tooltip, error item', async () => {
    const settings = vscode.workspace.getConfiguration('dynamodbStreams');
    const cases = [
      ['admin:s3cret@localhost:8000', 'localhost:8000'],
      ['//admin:s3cret@localhost:8000', '//localhost:8000'],
      ['http://admin:s3cret@[bad', 'http://[bad'],
    ];
    try {
      for (const [bad, shown] of cases) {
        await settings.update('endpoint', bad, vscode.ConfigurationTarget.Global);
        const [root, error] = await until(`root shown as ${shown}`, async () => {
          const [r] = (await api.tree.getChildren()) as Node[];
          if (r.toTreeItem().label !== shown) return undefined;
          return [r, ...((await api.tree.getChildren(r)) as Node[])];
        });
        const rootItem = root.toTreeItem();
        const errorItem = error.toTreeItem();
        const texts = [rootItem.label, rootItem.tooltip, rootItem.description, errorItem.label, errorItem.tooltip, errorItem.description].map((t) => JSON.stringify(t ?? ''));
        for (const t of texts) assert.ok(!/s3cret|admin/.test(t), `${bad}: ${t}`);
        assert.match(String(errorItem.label), /must not contain a user name or password/);
        assert.strictEqual(errorItem.command?.command, 'dynamodbStreams.connect');
      }
    } finally {
      await settings.update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    }
    await until('tables back', async () => (await rootChildren()).some((n) => n.name === ORDERS));
  });

  it('a Kinesis endpoint that cannot be one is refused with the setting to fix, never echoing a secret', async () => {
    const settings = vscode.workspace.getConfiguration('dynamodbStreams');
    const before = settings.inspect<string>('kinesisEndpoint')?.globalValue;
    const bad = 'admin:s3cret@localhost:4567';
    await settings.update('kinesisEndpoint', bad, vscode.ConfigurationTarget.Global);
    try {
      await until('the connection to use the Kinesis endpoint', () => api.connection.current.kinesisEndpoint === bad);
      await assert.rejects(api.connection.kinesis.listStreams(), (err: Error) => {
        assert.match(err.message, /^Kinesis endpoint: Endpoint must not contain a user name or password/);
        assert.ok(!/s3cret|admin/.test(err.message), err.message);
        return true;
      });
    } finally {
      await settings.update('kinesisEndpoint', before, vscode.ConfigurationTarget.Global);
    }
  });
});

/** A loopback proxy in front of DynamoDB Local counting requests per operation, and the most in flight at once. */
async function countingProxy(target: string) {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    inFlight.set(op, (inFlight.get(op) ?? 0) + 1);
    peak.set(op, Math.max(peak.get(op) ?? 0, inFlight.get(op)!));
    const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    const done = () => inFlight.set(op, inFlight.get(op)! - 1);
    res.on('close', done);
    up.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    count: (op: string) => counts.get(op) ?? 0,
    peak: (op: string) => peak.get(op) ?? 0,
    inFlight: (op: string) => inFlight.get(op) ?? 0,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('tables tree at scale and per-credential databases (DynamoDB Local, requests counted by a proxy)', function () {
  this.timeout(180_000);
  // DynamoDB Local keeps one database per access key and region: these regions hold only this suite's tables.
  const SCALE_REGION = 'eu-west-3';
  const EMPTY_REGION = 'eu-north-1';
  const COUNT = 120; // two ListTables pages
  const names = Array.from({ length: COUNT }, (_, i) => `scale-${suffix}-${String(i).padStart(3, '0')}`);
  const regional = new DynamoDBClient({ ...config, region: SCALE_REGION });
  const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let restoreConnection: (() => Promise<void>) | undefined;

  const tableRows = async () => (await rootChildren()).filter((n) => n.kind === 'table');
  const allDescribed = () => until('every row described', () => names.every((n) => api.tree.getTableNode(n)?.table));

  before(async () => {
    api = await activateExtension();
    for (let i = 0; i < COUNT; i += 20) {
      await Promise.all(names.slice(i, i + 20).map((n, j) => createKeyedTable(regional, n, (i + j) % 3 === 0 ? 'NEW_IMAGE' : undefined)));
    }
    proxy = await countingProxy(endpoint);
    restoreConnection = await useConnection(api, { endpoint: proxy.endpoint, region: SCALE_REGION });
    await until('root shows the proxy', async () => ((await api.tree.getChildren()) as Node[])[0].toTreeItem().label === proxy.endpoint);
  });

  after(async () => {
    await restoreConnection?.();
    await proxy?.close();
    for (let i = 0; i < COUNT; i += 20) await Promise.all(names.slice(i, i + 20).map((n) => regional.send(new DeleteTableCommand({ TableName: n })).catch(() => undefined)));
  });

  it('describes each shown table once, a few at a time; a second listing or a filter change reads none again', async () => {
    const rows = await until('all rows listed', async () => { const r = await tableRows(); return r.length === COUNT ? r : undefined; });
    assert.deepStrictEqual(rows.map((r) => r.name), names);
    await allDescribed();
    assert.strictEqual(proxy.count('DescribeTable'), COUNT);
    assert.ok(proxy.peak('DescribeTable') <= 4, `at most 4 DescribeTable at once, saw ${proxy.peak('DescribeTable')}`);
    assert.strictEqual(proxy.count('DescribeTimeToLive'), 0, 'TTL is read on hover only');
    assert.strictEqual(String(api.tree.getTableNode(names[0])!.toTreeItem().description), 'NEW_IMAGE');
    assert.strictEqual(String(api.tree.getTableNode(names[1])!.toTreeItem().description), 'stream off');

    await tableRows();
    api.tree.setFilter(`${suffix}-11`);
    assert.deepStrictEqual((await tableRows()).map((r) => r.name), names.filter((n) => n.includes(`${suffix}-11`)));
    api.tree.setFilter('');
    assert.strictEqual((await tableRows()).length, COUNT);
    // Listing queues the rows it shows at once: a read it queued would be waiting, running or in flight now.
    await until('the describe queue to be idle', () => api.tables.describeQueue.size === 0 && api.tables.describeQueue.active === 0 && proxy.inFlight('DescribeTable') === 0);
    assert.strictEqual(proxy.count('DescribeTable'), COUNT, 'nothing read again');
  });

  it('hovering a row reads its TTL once; a stream command rereads only its table; Refresh rereads all', async () => {
    const node = api.tree.getTableNode(names[2])!;
    const item = node.toTreeItem();
    assert.strictEqual(item.tooltip, undefined, 'resolved on hover');
    const resolved = await api.tree.resolveTreeItem(item, node);
    assert.match(String((resolved?.tooltip as vscode.MarkdownString).value), /TTL/);
    await api.tree.resolveTreeItem(node.toTreeItem(), node);
    assert.strictEqual(proxy.count('DescribeTimeToLive'), 1);

    const before = proxy.count('DescribeTable');
    api.testHooks.answer('KEYS_ONLY');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.enableStream', node), true);
    assert.strictEqual(String(api.tree.getTableNode(names[2])!.toTreeItem().description), 'KEYS_ONLY');
    const afterCommand = proxy.count('DescribeTable') - before;
    // The command waits for ACTIVE with DescribeTable itself, then the tree rereads this one table.
    assert.ok(afterCommand >= 1 && afterCommand <= 4, `DescribeTable calls for one command: ${afterCommand}`);

    await vscode.commands.executeCommand('dynamodbStreams.refresh');
    await tableRows();
    await allDescribed();
    assert.strictEqual(proxy.count('DescribeTable') - before - afterCommand, COUNT);
  });

  it('an empty local endpoint says which credentials and region are in use, and the -sharedDb remedy', async () => {
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await settings().update('region', EMPTY_REGION, vscode.ConfigurationTarget.Global);
    const [message, remedy] = await until('empty-endpoint message', async () => {
      const children = await rootChildren();
      return children[0]?.kind === 'message' && String(children[0].toTreeItem().label).includes(EMPTY_REGION) ? children : undefined;
    });
    const item = message.toTreeItem();
    assert.strictEqual(item.label, `No tables for access key local in ${EMPTY_REGION}`);
    assert.strictEqual(item.description, `Credentials: environment AWS_ACCESS_KEY_ID (access key local) · region ${EMPTY_REGION}`);
    assert.match(String(item.tooltip), /-sharedDb/);
    assert.doesNotMatch(String(item.tooltip) + String(item.description), /secret/i);
    assert.match(String(remedy.toTreeItem().label), /-sharedDb/);
  });
});
