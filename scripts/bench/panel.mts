// Benchmark 7: big panels (run with `node --expose-gc --import tsx`). A core TailSession (webview ready, post
// capturing messages) holding 10,000 and then 100,000 realistic records (ORDER items, 10 attributes, 70% MODIFY with
// both images, 20% INSERT, 10% REMOVE; the same shapes as the memory benchmark), pushed 1,000 at a time:
//   memory: heapUsed and RSS after full GCs, empty and at 100,000 held, also with a text filter's search cache;
//   first text filter: setFilter → snapshot posted (cold cache), for a rare, a common, an absent and a ubiquitous term
//     and a negated one; next to it the same terms through the matcher without the JSON-line pre-check (today's path:
//     every record parsed and its search text built), on the same held records;
//   snapshot: the host → webview message of every held row (what the webview gets on a filter change), its JSON size
//     and the time to build and serialize it.
import type { StreamRecord } from '../../src/core/model';
import { createMatcher, defaultFilter } from '../../src/core/filter';
import { recordFromJsonLine, searchTextOf } from '../../src/core/records';
import { MAX_MAX_RECORDS, TailSession } from '../../src/core/tailSession';
import type { HostToWebview } from '../../src/core/protocol';
import { args, log as makeLog, nowMs, orderItem, sleep, writeResult } from './common.mts';

const log = makeLog('panel');
const a = args();
const SIZES = a.quick ? [10_000] : [10_000, 100_000, MAX_MAX_RECORDS]; // the last: the setting's ceiling
/** Above this, memory only (and the cost of a filter matching everything, which fills the search cache). */
const TIMED_UP_TO = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-01T12:00:00.000';
const STATUSES = ['PENDING', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'];
const KINDS = defaultFilter().kinds;
// 'everywhere' last: its search cache (every record's search text) is what the memory figure with a filter counts.
const TERMS = {
  rare: 'order#00004242', // one record
  absent: 'no-such-text',
  common: 'lisbon', // one record in eight (shipping.city)
  negated: '-shipped', // excludes the 30% with SHIPPED in an image
  everywhere: 'eur', // every image (currency)
};
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** Record i as the SDK delivers it (Date creation time, N as strings). */
function recordAt(i: number): StreamRecord {
  const kind = i % 10 < 7 ? 'MODIFY' : i % 10 < 9 ? 'INSERT' : 'REMOVE';
  const pk = `ORDER#${String(i).padStart(8, '0')}`;
  const oldImage = orderItem(i, pk, STATUSES[i % STATUSES.length]);
  const newImage = { ...orderItem(i, pk, STATUSES[(i + 1) % STATUSES.length]), updatedAt: { S: new Date(1_715_000_000_000 + i * 997).toISOString() } };
  return {
    eventID: (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32),
    eventName: kind,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date((1_715_000_000 + Math.floor(i / 50)) * 1000),
      Keys: { pk: { S: pk } },
      SequenceNumber: String(100000000000000000000n + BigInt(i) * 1000n),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      SizeBytes: 700,
      ...(kind !== 'INSERT' ? { OldImage: oldImage } : {}),
      ...(kind !== 'REMOVE' ? { NewImage: newImage } : {}),
    },
  } as StreamRecord;
}

async function heap(): Promise<{ heapUsed: number; rss: number }> {
  await sleep(120); // the session's batch timer
  for (let k = 0; k < 4; k++) gc!();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;
const round1 = (x: number) => Math.round(x * 10) / 10;

let last: HostToWebview | undefined;
const session = new TailSession({
  target: { source: 'dynamodb', name: 'Orders', streamArn: STREAM_ARN, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: Math.max(...SIZES) },
  post: (m) => (last = m),
});
session.onReady();
session.handleEvent({ type: 'state', state: 'running' });
const empty = await heap();
log(`empty: heapUsed ${mib(empty.heapUsed)} MiB, rss ${mib(empty.rss)} MiB`);

const results: Record<string, unknown>[] = [];
let pushed = 0;
for (const size of SIZES) {
  while (pushed < size) {
    session.handleEvent({ type: 'records', shardId: 'shardId-00000001715000000000-0000abcd', records: Array.from({ length: 1000 }, (_, k) => recordAt(pushed + k)) });
    session.flush();
    pushed += 1000;
  }
  const held = await heap();
  const lines = [...(session as unknown as { buffer: Iterable<{ json: string; row: { kind: (typeof KINDS)[number] } }> }).buffer];

  // First text filter, with the pre-check (the session) and without it (today's path), each on a cold cache.
  const filter: Record<string, { ms: number; shown: number; withoutPrecheckMs: number }> = {};
  const runs = size >= 100_000 ? 1 : 3; // median of `runs`, each on a cold cache
  session.setFilter({ text: 'warm-up', kinds: KINDS });
  for (const [name, text] of Object.entries(TERMS)) {
    if (size > TIMED_UP_TO && name !== 'everywhere') continue;
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      session.setFilter({ text: '', kinds: KINDS }); // drops the search cache
      const started = nowMs();
      session.setFilter({ text, kinds: KINDS });
      times.push(nowMs() - started);
    }
    const ms = median(times);
    const shown = last?.type === 'snapshot' ? last.rows.length : -1;
    const full = createMatcher({ text, kinds: KINDS });
    let fullShown = 0;
    const fullTimes: number[] = [];
    for (let r = 0; r < (size > TIMED_UP_TO ? 0 : runs); r++) {
      const t0 = nowMs();
      fullShown = 0;
      for (const h of lines) if (full(h.row.kind, () => searchTextOf(recordFromJsonLine(h.json)))) fullShown++;
      fullTimes.push(nowMs() - t0);
    }
    const withoutPrecheckMs = fullTimes.length ? median(fullTimes) : NaN;
    if (fullTimes.length && fullShown !== shown) throw new Error(`filter "${text}": ${shown} rows with the pre-check, ${fullShown} without`);
    filter[name] = { ms: round1(ms), shown, withoutPrecheckMs: round1(withoutPrecheckMs) };
    log(`${size} held, filter "${text}": ${round1(ms)} ms (${shown} rows); without pre-check ${round1(withoutPrecheckMs)} ms`);
  }
  const withSearchCache = await heap(); // the last filter's cache: every record's search text

  // The snapshot of every held row, as sent when the filter is cleared.
  session.setFilter({ text: '', kinds: KINDS });
  const t0 = nowMs();
  session.setFilter({ text: ' ', kinds: KINDS }); // blank text: no filter, all rows
  const snapshotMs = nowMs() - t0;
  const t1 = nowMs();
  const json = JSON.stringify(last);
  const serializeMs = nowMs() - t1;
  const snapshot = { rows: last?.type === 'snapshot' ? last.rows.length : -1, jsonBytes: json.length, buildMs: round1(snapshotMs), serializeMs: round1(serializeMs), bytesPerRow: Math.round(json.length / size) };
  log(`${size} held: heap ${mib(held.heapUsed - empty.heapUsed)} MiB retained, rss ${mib(held.rss)} MiB; snapshot ${JSON.stringify(snapshot)}`);
  results.push({
    held: session.held,
    retainedHeapMiB: mib(held.heapUsed - empty.heapUsed),
    bytesPerHeldRecord: Math.round((held.heapUsed - empty.heapUsed) / session.held),
    heapUsedMiB: mib(held.heapUsed),
    rssMiB: mib(held.rss),
    withSearchCache: { heapUsedMiB: mib(withSearchCache.heapUsed), rssMiB: mib(withSearchCache.rss), bytesPerHeldRecord: Math.round((withSearchCache.heapUsed - empty.heapUsed) / session.held) },
    filter,
    snapshot,
  });
}
session.dispose();
writeResult(a.out, { empty: { heapUsedMiB: mib(empty.heapUsed), rssMiB: mib(empty.rss) }, terms: TERMS, sizes: results });
