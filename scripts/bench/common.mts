// Shared helpers of the benchmarks (scripts/bench/*.mts, run by scripts/bench.mjs with `node --import tsx`).
// Not a test: nothing here asserts; each benchmark writes its measurements as JSON to the file named by --out.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, DynamoDBClient, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { localCredentials, localRegion, startDynamoDbLocal } from '../lib/dynamodb-local.mjs';
import { QUIET_SDK_LOGGER } from '../../src/aws/clients';

export { startDynamoDbLocal };

// The SDK warns once that future versions need Node 22 (harmless here: the tests run on Node 20); keep the bench output readable.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning instanceof Error ? warning.message : warning).startsWith('NodeVersionSupportWarning')) return;
  return (emitWarning as (...x: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

/** `--name value` / `--flag` arguments. */
export function args(): { out?: string; quick: boolean; get(name: string): string | undefined } {
  const argv = process.argv.slice(2);
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { out: get('out'), quick: argv.includes('--quick'), get };
}

export function writeResult(out: string | undefined, result: unknown): void {
  const text = JSON.stringify(result, null, 2);
  if (out) writeFileSync(out, text + '\n');
  else console.log(text);
}

export const log = (name: string) => (msg: string) => console.error(`[bench:${name}] ${msg}`);

/** Milliseconds with sub-ms resolution on the wall clock of this process (timeOrigin + monotonic now). */
export const nowMs = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Uniform random in [min, max). */
export const uniform = (min: number, max: number) => min + Math.random() * (max - min);

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: s.length,
    min: round(s[0]),
    p50: round(percentile(s, 50)),
    p90: round(percentile(s, 90)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1]),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

export function clients(endpoint: string, streamsEndpoint = endpoint) {
  // The product's clients have this logger (src/aws/clients.ts): measured code pays what the extension pays.
  const common = { region: localRegion, credentials: localCredentials, logger: QUIET_SDK_LOGGER };
  return {
    dynamodb: new DynamoDBClient({ ...common, endpoint }),
    streams: new DynamoDBStreamsClient({ ...common, endpoint: streamsEndpoint }),
  };
}

/** Creates a PAY_PER_REQUEST table (pk string key) with a stream; returns its stream ARN once ACTIVE. */
export async function createStreamTable(dynamodb: DynamoDBClient, name: string, viewType = 'NEW_AND_OLD_IMAGES'): Promise<string> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType as 'NEW_AND_OLD_IMAGES' },
    }),
  );
  for (;;) {
    const t = (await dynamodb.send(new DescribeTableCommand({ TableName: name }))).Table;
    if (t?.TableStatus === 'ACTIVE' && t.LatestStreamArn) return t.LatestStreamArn;
    await sleep(100);
  }
}

const STATUSES = ['PENDING', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'];
const CITIES = ['Lisbon', 'Porto', 'Berlin', 'Hamburg', 'Paris', 'Lyon', 'Madrid', 'Dublin'];

/** A realistic ORDER item with 10 attributes (strings, numbers, a map, a list, a bool, a string set). */
export function orderItem(i: number, pk = `ORDER#${String(i).padStart(8, '0')}`, status = STATUSES[i % STATUSES.length]): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    customerId: { S: `CUSTOMER#${(i * 7919) % 100_000}` },
    status: { S: status },
    total: { N: `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}` },
    currency: { S: 'EUR' },
    createdAt: { S: new Date(1_700_000_000_000 + i * 1000).toISOString() },
    itemCount: { N: String((i % 5) + 1) },
    shipping: { M: { city: { S: CITIES[i % CITIES.length] }, zip: { S: String(10000 + (i % 89999)) }, express: { BOOL: i % 3 === 0 } } },
    lines: { L: [{ M: { sku: { S: `SKU-${i % 1000}` }, qty: { N: '1' } } }, { M: { sku: { S: `SKU-${(i + 1) % 1000}` }, qty: { N: '2' } } }] },
    tags: { SS: ['web', i % 2 ? 'promo' : 'regular'] },
  };
}

/** Writes orderItem(0 … count-1) into `table`: BatchWriteItem of 25 by `writers` at once, unprocessed items again. */
export async function writeOrderItems(dynamodb: DynamoDBClient, table: string, count: number, writers: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + 25);
        let requests: WriteRequest[] = [];
        for (let i = from; i < next; i++) requests.push({ PutRequest: { Item: orderItem(i) } });
        while (requests.length > 0) {
          const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = out.UnprocessedItems?.[table] ?? [];
          if (requests.length) await sleep(50);
        }
      }
    }),
  );
}

/**
 * A loopback HTTP proxy in front of DynamoDB Local that counts requests by their X-Amz-Target header
 * (e.g. "DynamoDBStreams_20120810.GetRecords"). The reader's own statistics are not trusted for this.
 */
export async function countingProxy(target: string) {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const peaks = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '(none)').split('.').pop() ?? '(none)';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    inFlight.set(op, (inFlight.get(op) ?? 0) + 1);
    peaks.set(op, Math.max(peaks.get(op) ?? 0, inFlight.get(op) ?? 0));
    res.on('close', () => inFlight.set(op, (inFlight.get(op) ?? 1) - 1));
    const up = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    count: (op: string) => counts.get(op) ?? 0,
    /** Most requests of `op` in flight at once since the last reset. */
    peak: (op: string) => peaks.get(op) ?? 0,
    snapshot: () => Object.fromEntries(counts),
    reset: () => {
      counts.clear();
      peaks.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
