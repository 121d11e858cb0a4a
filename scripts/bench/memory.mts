// Benchmark 4: memory per retained record at the cap (run with `node --expose-gc --import tsx`).
// Realistic records — ORDER items with 10 attributes, NEW_AND_OLD_IMAGES, 70% MODIFY (old + new image), 20% INSERT,
// 10% REMOVE — come out of the real SDK: a tiny local HTTP server answers GetRecords with their wire JSON (1,000 per
// page) and SdkStreamsApi.getRecords deserializes them exactly as it does from DynamoDB (the SDK's objects are
// larger than a plain JSON.parse of the same text, so that shortcut would under-count). They are pushed through a
// core TailSession (maxRecords 10,000, webview ready, no-op post) page by page like the reader delivers them.
// heapUsed is read after full GCs: empty session, then 10k, 15k, 20k, 30k records pushed. Then, for comparison, what
// 10k records cost standalone in each form (the SDK's objects, the row model, JSON text, plain JSON-parsed objects),
// and the text filter's search cache.
import http from 'node:http';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import type { StreamRecord } from '../../src/core/records/model';
import { toRecordRow } from '../../src/core/records/records';
import { TailSession } from '../../src/core/panel/tailSession';
import { args, clients, log as makeLog, orderItem, sleep, writeResult } from './common.mts';

const log = makeLog('memory');
const a = args();
const CAP = 10_000;
const PAGE = 1000;
const CHECKPOINTS = [10_000, 15_000, 20_000, 30_000];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-01T12:00:00.000';
const STATUSES = ['PENDING', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'];

/** The wire JSON of record i (what GetRecords returns for it). */
function wireJson(i: number): string {
  const kind = i % 10 < 7 ? 'MODIFY' : i % 10 < 9 ? 'INSERT' : 'REMOVE';
  const pk = `ORDER#${String(i).padStart(8, '0')}`;
  const oldImage = orderItem(i, pk, STATUSES[i % STATUSES.length]);
  const newImage = { ...orderItem(i, pk, STATUSES[(i + 1) % STATUSES.length]), updatedAt: { S: new Date(1_715_000_000_000 + i * 997).toISOString() } };
  const dynamodb: Record<string, unknown> = {
    ApproximateCreationDateTime: 1_715_000_000 + Math.floor(i / 50),
    Keys: { pk: { S: pk } },
    SequenceNumber: String(100000000000000000000n + BigInt(i) * 1000n),
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  };
  if (kind !== 'INSERT') dynamodb.OldImage = oldImage;
  if (kind !== 'REMOVE') dynamodb.NewImage = newImage;
  dynamodb.SizeBytes = JSON.stringify(dynamodb).length; // order of magnitude of DynamoDB's own figure
  const eventID = (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32);
  return JSON.stringify({ eventID, eventName: kind, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1', dynamodb });
}

// GetRecords server: iterator "it-<offset>" → records offset … offset+Limit-1.
let wireBytes = 0;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const { ShardIterator, Limit } = JSON.parse(body) as { ShardIterator: string; Limit: number };
    const from = Number(ShardIterator.slice(3));
    const records: string[] = [];
    for (let i = from; i < from + Limit; i++) records.push(wireJson(i));
    const text = `{"Records":[${records.join(',')}],"NextShardIterator":"it-${from + Limit}"}`;
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { streams } = clients(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
const api = new SdkStreamsApi(streams);

async function page(from: number, n: number): Promise<StreamRecord[]> {
  const out = await api.getRecords(`it-${from}`, n);
  for (const r of out.records) wireBytes += JSON.stringify(r).length;
  return out.records;
}

async function heap(): Promise<number> {
  await sleep(120); // let the session's 50 ms batch timer fire
  for (let k = 0; k < 4; k++) gc!();
  return process.memoryUsage().heapUsed;
}

let posts = 0;
let session: TailSession | undefined = new TailSession({
  target: { source: 'dynamodb', name: 'Orders', streamArn: STREAM_ARN, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: CAP },
  post: () => {
    posts++;
  },
});
session.onReady();
session.handleEvent({ type: 'state', state: 'running' });
// Warm up the code paths (and their compiled code) on throw-away records, then clear.
session.handleEvent({ type: 'records', shardId: 'shardId-warmup', records: await page(10_000_000, 1000) });
session.flush();
session.clear();
wireBytes = 0;

const empty = await heap();
log(`empty session: heapUsed ${(empty / 1048576).toFixed(1)} MiB`);
const points: { pushed: number; held: number; evicted: number; heapUsed: number; retainedBytes: number; bytesPerHeldRecord: number }[] = [];
let pushed = 0;
for (const target of CHECKPOINTS) {
  while (pushed < target) {
    session.handleEvent({ type: 'records', shardId: 'shardId-00000001715000000000-0000abcd', records: await page(pushed, PAGE) });
    session.flush();
    pushed += PAGE;
  }
  const h = await heap();
  const retained = h - empty;
  points.push({ pushed, held: session.held, evicted: session.evicted, heapUsed: h, retainedBytes: retained, bytesPerHeldRecord: Math.round(retained / session.held) });
  log(`${pushed} pushed, ${session.held} held: heapUsed ${(h / 1048576).toFixed(1)} MiB, ${Math.round(retained / session.held)} B per held record`);
}

// With a text filter active the session caches each held record's lower-cased search text: measured separately.
session.setFilter({ text: 'order', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] });
const filtered = await heap();
log(`text filter active: ${Math.round((filtered - empty) / session.held)} B per held record`);

// Breakdown (session released first): 10k SDK records alone, then their rows, then a compact alternative.
const heldAtCap = session.held;
session.dispose();
session = undefined;
const base = await heap();
const rawRecords: StreamRecord[] = [];
for (let i = 0; i < CAP; i += PAGE) rawRecords.push(...(await page(50_000_000 + i, PAGE)));
const withRecords = await heap();
const rows = rawRecords.map((r, i) => toRecordRow(r, { id: i + 1, shardId: 'shardId-00000001715000000000-0000abcd', arrivalMs: Date.now() }));
const withRows = await heap();
const compact = rawRecords.map((r) => JSON.stringify(r));
const withCompact = await heap();
// The same records as plain objects of exactly their size (a JSON round trip), for comparison.
const reparsed = compact.map((t) => JSON.parse(t));
const withReparsed = await heap();
const breakdown = {
  sdkRecordBytes: Math.round((withRecords - base) / CAP),
  rowBytes: Math.round((withRows - withRecords) / CAP),
  compactJsonStringBytes: Math.round((withCompact - withRows) / CAP),
  jsonRoundTripObjectBytes: Math.round((withReparsed - withCompact) / CAP),
};
log(`breakdown per record: ${JSON.stringify(breakdown)} (${rows.length + compact.length + reparsed.length} objects)`);

const at = (n: number) => points.find((p) => p.pushed === n)!;
const growth = (n: number) => Math.round(((at(n).retainedBytes - at(CAP).retainedBytes) / at(CAP).retainedBytes) * 1000) / 10;
writeResult(a.out, {
  cap: CAP,
  emptyHeapUsed: empty,
  points,
  bytesPerRecordAtCap: at(CAP).bytesPerHeldRecord,
  retainedGrowthPercent: { from10kTo20k: growth(20_000), from10kTo30k: growth(30_000) },
  heapUsedGrowthPercent: Math.round(((at(30_000).heapUsed - at(CAP).heapUsed) / at(CAP).heapUsed) * 1000) / 10,
  averageRecordJsonBytes: Math.round(wireBytes / pushed),
  withTextFilterBytesPerRecord: Math.round((filtered - empty) / heldAtCap),
  breakdown,
  posts,
});
streams.destroy();
server.close();
