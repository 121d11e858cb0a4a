// Benchmark 6: the tree at scale. DynamoDB Local with 1,000 tables (every third with a stream; 10 ListTables pages)
// behind a counting proxy, read by the real TablesTreeProvider over the real TableService and SDK services (a minimal `vscode` stub,
// scripts/bench/vscode-stub.cts, stands in for the editor). Measures, as VS Code would see them:
//   names: getChildren(root) → getChildren(connection) plus getTreeItem for every row (VS Code asks them all);
//   first screenful: until the first 30 rows carry their stream state (onDidChangeTreeData), and all 1,000;
//   DescribeTable calls counted at the proxy (and the most in flight at once), and again after a second listing and a
//   filter change (should be none) and after Refresh (one per table again); the table filter over all names.
// Then a stream of 1,000 shards (a lineage of 100 chains, 10 generations, served as 10 synthetic DescribeStream pages
// of 100 by a loopback HTTP server, deserialized by the real SDK): time to expand it and every Expanded shard row.
import http from 'node:http';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { args, clients, countingProxy, log as makeLog, nowMs, sleep, startDynamoDbLocal, writeResult } from './common.mts';
import { localCredentials, localRegion } from '../lib/dynamodb-local.mjs';

const log = makeLog('tables');
const a = args();
const TABLES = a.quick ? 300 : 1000;
const SCREEN = 30; // rows of a side bar about 700 px high
const SHARDS = 1000;
const ROUNDS = a.quick ? 1 : 3;

// The provider imports `vscode`: resolve it to the stub (the tree's modules are CommonJS under tsx).
const stub = fileURLToPath(new URL('./vscode-stub.cts', import.meta.url));
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : resolveFilename.call(this, request, ...rest);
};
// The extension's client uses the default chain first: the tables below are created with these credentials.
process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
const { TablesTreeProvider } = await import('../../src/views/tablesTree');
const { TableService } = await import('../../src/connection/tableService');
const { StreamNode } = await import('../../src/views/nodes');
const { resolveConnection } = await import('../../src/core/connection/connection');
const { createServices } = await import('../../src/aws/services');
const { SdkStreamsApi } = await import('../../src/aws/streamsApi');

type Provider = InstanceType<typeof TablesTreeProvider>;
type Node = Awaited<ReturnType<Provider['getChildren']>>[number];

/** 1,000 shards: 100 chains of 10 generations (each shard's parent is the one 100 before it); the last open. */
function syntheticShards() {
  const seq = (n: number) => String(100000000000000000000n + BigInt(n) * 1_000_000n);
  return Array.from({ length: SHARDS }, (_, i) => ({
    ShardId: `shardId-${String(i).padStart(20, '0')}-${(i * 2654435761 % 4294967296).toString(16).padStart(8, '0')}`,
    ParentShardId: i >= 100 ? `shardId-${String(i - 100).padStart(20, '0')}-${((i - 100) * 2654435761 % 4294967296).toString(16).padStart(8, '0')}` : undefined,
    SequenceNumberRange: i < SHARDS - 100 ? { StartingSequenceNumber: seq(i), EndingSequenceNumber: seq(i + 99) } : { StartingSequenceNumber: seq(i) },
  }));
}

/** DescribeStream answered from memory, 100 shards a page (as DynamoDB Streams pages them). */
async function shardServer(streamArn: string) {
  const shards = syntheticShards();
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls++;
      const { ExclusiveStartShardId } = JSON.parse(body) as { ExclusiveStartShardId?: string };
      const from = ExclusiveStartShardId ? shards.findIndex((s) => s.ShardId === ExclusiveStartShardId) + 1 : 0;
      const page = shards.slice(from, from + 100);
      const last = from + 100 < shards.length ? page[page.length - 1].ShardId : undefined;
      const text = JSON.stringify({
        StreamDescription: {
          StreamArn: streamArn, StreamLabel: 'bench', StreamStatus: 'ENABLED', StreamViewType: 'NEW_AND_OLD_IMAGES', TableName: 'BenchShards',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Shards: page, LastEvaluatedShardId: last,
        },
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Time until `done()` holds, checked on every change event of the tree. */
function whenTree(provider: Provider, done: () => boolean, started: number): Promise<number> {
  return new Promise((resolve) => {
    if (done()) return resolve(nowMs() - started);
    const sub = provider.onDidChangeTreeData(() => {
      if (!done()) return;
      sub.dispose();
      resolve(nowMs() - started);
    });
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;

const ddb = await startDynamoDbLocal();
const proxy = await countingProxy(ddb.endpoint);
const streamArn = `arn:aws:dynamodb:${localRegion}:000000000000:table/BenchShards/stream/2025-01-01T00:00:00.000`;
const shardsApi = await shardServer(streamArn);
try {
  const { dynamodb } = clients(ddb.endpoint);
  const names = Array.from({ length: TABLES }, (_, i) => `bench-table-${String(i).padStart(4, '0')}`);
  const createStarted = nowMs();
  for (let i = 0; i < TABLES; i += 25) {
    await Promise.all(names.slice(i, i + 25).map((TableName, j) => dynamodb.send(new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: (i + j) % 3 === 0 ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
    }))));
  }
  log(`${TABLES} tables created in ${((nowMs() - createStarted) / 1000).toFixed(1)} s`);

  const connection = resolveConnection({ profile: '', region: localRegion, endpoint: proxy.endpoint }, {});
  const streamsClient = new DynamoDBStreamsClient({ endpoint: shardsApi.endpoint, region: localRegion, credentials: localCredentials });
  let services: ReturnType<typeof createServices> | undefined;
  // Stands in for the extension's ConnectionManager: the resolved connection, and services built on first use.
  const session = {
    current: connection,
    onDidChange: () => ({ dispose() {} }),
    forgetAnswers: () => services?.forgetAnswers(),
    // As the extension does: the clients are built on first use (part of the first listing's time).
    getServices: async () => {
      services ??= { ...createServices(connection), streams: new SdkStreamsApi(streamsClient) };
      return services;
    },
  };
  const quiet = { info() {}, warn() {}, error() {} };
  const tableService = new TableService(session as never, quiet as never);
  const provider = new TablesTreeProvider(tableService, session as never, quiet as never);

  const rounds: { namesMs: number; itemsMs: number; firstScreenMs: number; allMs: number; describeTable: number; peakInFlight: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r > 0) provider.refresh(); // Refresh: the cache goes, every row is read again
    proxy.reset();
    tableService.describeQueue.peak = 0;
    const started = nowMs();
    const [root] = await provider.getChildren();
    const rows = (await provider.getChildren(root)) as Node[];
    const namesMs = nowMs() - started;
    for (const row of rows) provider.getTreeItem(row);
    const itemsMs = nowMs() - started;
    const tables = rows.filter((n) => n.kind === 'table') as { table?: unknown }[];
    if (tables.length !== TABLES) throw new Error(`listed ${tables.length} tables, expected ${TABLES}`);
    const firstScreen = whenTree(provider, () => tables.slice(0, SCREEN).every((t) => t.table), started);
    const all = whenTree(provider, () => tables.every((t) => t.table), started);
    const round = { namesMs: round1(namesMs), itemsMs: round1(itemsMs), firstScreenMs: round1(await firstScreen), allMs: round1(await all), describeTable: 0, peakInFlight: 0 };
    round.describeTable = proxy.count('DescribeTable');
    round.peakInFlight = tableService.describeQueue.peak;
    rounds.push(round);
    log(`round ${r + 1}${r ? ' (after Refresh)' : ' (first listing)'}: ${JSON.stringify(round)} · requests ${JSON.stringify(proxy.snapshot())}`);
  }
  const requestsFirstListing = proxy.snapshot();

  // A second listing (VS Code re-asks on expand / any change) and a filter change: nothing is read again.
  proxy.reset();
  const [root] = await provider.getChildren();
  await provider.getChildren(root);
  const filterStarted = nowMs();
  provider.setFilter('-07');
  const filtered = (await provider.getChildren(root)).filter((n) => n.kind === 'table');
  const filterMs = nowMs() - filterStarted;
  provider.setFilter('');
  await provider.getChildren(root);
  await sleep(500);
  const repeated = proxy.snapshot();

  // A stream of 1,000 shards: expand it, then every row VS Code shows expanded (shards with children are Expanded).
  const stream = new StreamNode('BenchShards', streamArn, 'bench', 'NEW_AND_OLD_IMAGES', true);
  const shardTimes: number[] = [];
  let shardRows = 0;
  for (let r = 0; r < ROUNDS + 1; r++) {
    const started = nowMs();
    let level = (await provider.getChildren(stream)) as Node[];
    shardRows = 0;
    while (level.length) {
      shardRows += level.length;
      const next: Node[] = [];
      for (const node of level) {
        if (provider.getTreeItem(node).collapsibleState === 2) next.push(...((await provider.getChildren(node)) as Node[]));
      }
      level = next;
    }
    shardTimes.push(nowMs() - started);
  }
  const result = {
    tables: TABLES,
    screenRows: SCREEN,
    describeConcurrency: rounds[0].peakInFlight,
    firstListing: rounds[0],
    afterRefresh: rounds.slice(1),
    requestsFirstListing,
    secondListingAndFilter: { requests: repeated, describeTable: repeated.DescribeTable ?? 0 },
    filter: { needle: '-07', shown: filtered.length, ms: round1(filterMs) },
    shards: {
      shards: SHARDS,
      rows: shardRows,
      describeStreamCalls: shardsApi.calls(),
      expandMs: round1(shardTimes[0]),
      expandMsAgain: shardTimes.slice(1).map(round1),
    },
  };
  writeResult(a.out, result);
  provider.dispose();
  tableService.dispose();
  services?.dispose();
  streamsClient.destroy();
} finally {
  await shardsApi.close();
  await proxy.close();
  await ddb.stop();
}
