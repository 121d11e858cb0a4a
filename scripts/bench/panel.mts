// Benchmark 7: big panels (run with `node --expose-gc --import tsx`). A core TailSession (webview ready, post
// capturing messages) holding 10,000 and then 100,000 realistic records (ORDER items, 10 attributes, 70% MODIFY with
// both images, 20% INSERT, 10% REMOVE; the same shapes as the memory benchmark), pushed 1,000 at a time:
//   memory: heapUsed and RSS after full GCs, empty and at each size held, before and after the background search index
//     (src/core/panel/search/searchIndex.ts) filled every held record's search text;
//   first text filter right after the records arrived (nothing indexed yet: the index is held back and emptied before
//     each run): setFilter → view posted, for a rare, a common, an absent and a ubiquitous term and a negated one;
//     next to it the same terms through the matcher without the JSON-line pre-check (every record parsed and its
//     search text built), on the same held records, which must agree;
//   the background fill: wall time from the panel going idle to every held record indexed;
//   first text filter after the panel was idle for a moment (index filled), same terms, same rows;
//   re-show and filter change: the host's work (building the messages and serializing them, as postMessage does) and
//     the bytes posted when a hidden panel is shown again (onReady), when an event kind is hidden and shown again, and
//     for the window of rows the webview asks for when it shows the oldest rows (requestRows).
import { loadavg } from 'node:os';
import type { StreamRecord } from '../../src/core/records/model';
import { createMatcher, defaultFilter } from '../../src/core/panel/filter';
import { searchTextOf } from '../../src/core/records/records';
import { recordFromJsonLine } from '../../src/core/records/recordJson';
import { MAX_MAX_RECORDS } from '../../src/core/panel/recordCap';
import { TailSession } from '../../src/core/panel/tailSession';
import type { HostToWebview } from '../../src/core/panel/protocol';
import { args, log as makeLog, nowMs, orderItem, sleep, writeResult } from './common.mts';

const log = makeLog('panel');
const a = args();
const SIZES = a.quick ? [10_000] : [10_000, 100_000, MAX_MAX_RECORDS]; // the last: the setting's ceiling
const loadAtStart = loadavg()[0];
/** Above this, right after arrival only the term in every record is timed (without the pre-check: none). */
const TIMED_UP_TO = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-01T12:00:00.000';
const STATUSES = ['PENDING', 'PAID', 'PACKED', 'SHIPPED', 'DELIVERED'];
const KINDS = defaultFilter().kinds;
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
/** Every message posted while `capturing`. */
let captured: HostToWebview[] | undefined;
/** The search index's timers, held back while `indexHeld` (the bench's stand-in for "records still arriving"). */
let indexHeld = true;
const heldBack: (() => void)[] = [];
const session = new TailSession({
  target: { source: 'dynamodb', name: 'Orders', streamArn: STREAM_ARN, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: Math.max(...SIZES) },
  post: (m) => {
    last = m;
    captured?.push(m);
  },
  searchIndex: {
    timers: {
      set: (fn, ms) => setTimeout(() => (indexHeld ? heldBack.push(fn) : fn()), ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
  },
});
session.onReady();
session.handleEvent({ type: 'state', state: 'running' });
const empty = await heap();
log(`empty: heapUsed ${mib(empty.heapUsed)} MiB, rss ${mib(empty.rss)} MiB`);

type Held = { json: string; row: { kind: (typeof KINDS)[number] }; search?: string };
const internals = session as unknown as { buffer: Iterable<Held>; searchIndex: { remaining: number; nextId: number } };
/** The state right after records arrived: no held record indexed (and the index's cursor back at the start). */
const dropIndex = () => {
  for (const h of internals.buffer) h.search = undefined;
  internals.searchIndex.nextId = 1;
};

/** Milliseconds from letting the index run until it has visited every held record. */
async function fillIndex(): Promise<number> {
  const started = nowMs();
  indexHeld = false;
  heldBack.splice(0).forEach((fn) => fn());
  while (internals.searchIndex.remaining > 0) await sleep(5);
  const ms = nowMs() - started;
  indexHeld = true;
  return ms;
}

/** Median time of `runs` first filters with `text` (each after the filter was cleared), and the rows it showed. */
function timeFilter(text: string, runs: number, before: () => void): { ms: number; shown: number } {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    session.setFilter({ text: '', kinds: KINDS });
    before();
    const started = nowMs();
    session.setFilter({ text, kinds: KINDS });
    times.push(nowMs() - started);
  }
  return { ms: round1(median(times)), shown: last?.type === 'view' ? last.end - last.base : -1 };
}

/**
 * The host's work for one webview update, median of `runs`: `action` (which posts) plus serializing what it posted
 * (postMessage serializes; that was the dear part when every row was posted), and the bytes posted.
 */
function hostWork(runs: number, before: () => void, action: () => void): { ms: number; cpuMs: number; bytes: number; messages: number; rows: number } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let bytes = 0;
  let messages = 0;
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    before();
    captured = [];
    const started = nowMs();
    const cpu = process.cpuUsage();
    action();
    const json = captured.map((m) => JSON.stringify(m));
    const used = process.cpuUsage(cpu);
    times.push(nowMs() - started);
    cpuTimes.push((used.user + used.system) / 1000);
    bytes = json.reduce((n, j) => n + Buffer.byteLength(j), 0);
    messages = captured.length;
    rows = captured.reduce((n, m) => n + ('rows' in m && Array.isArray(m.rows) ? m.rows.length : 0), 0);
    captured = undefined;
  }
  // CPU time next to wall time: on a machine shared with other work, wall time includes waiting for a core.
  return { ms: round1(median(times)), cpuMs: round1(median(cpuTimes)), bytes, messages, rows };
}

const results: Record<string, unknown>[] = [];
let pushed = 0;
for (const size of SIZES) {
  while (pushed < size) {
    session.handleEvent({ type: 'records', shardId: 'shardId-00000001715000000000-0000abcd', records: Array.from({ length: 1000 }, (_, k) => recordAt(pushed + k)) });
    session.flush();
    pushed += 1000;
  }
  dropIndex();
  const held = await heap();
  const lines = [...internals.buffer];

  // First text filter right after the records arrived (nothing indexed), and without the pre-check.
  const filter: Record<string, { ms: number; shown: number; withoutPrecheckMs: number }> = {};
  const runs = size >= 100_000 ? 1 : 3; // median of `runs`
  for (const [name, text] of Object.entries(TERMS)) {
    if (size > TIMED_UP_TO && name !== 'everywhere') continue;
    const { ms, shown } = timeFilter(text, runs, dropIndex);
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
    filter[name] = { ms, shown, withoutPrecheckMs: round1(withoutPrecheckMs) };
    log(`${size} held, right after arrival, filter "${text}": ${ms} ms (${shown} rows); without pre-check ${round1(withoutPrecheckMs)} ms`);
  }

  // The panel goes idle: the index fills every held record, then the same filters.
  session.setFilter({ text: '', kinds: KINDS });
  dropIndex();
  const indexFillMs = Math.round(await fillIndex());
  log(`${size} held: index filled in ${indexFillMs} ms after the panel went idle`);
  const withSearchCache = await heap();
  const filterWhenIdle: Record<string, { ms: number; shown: number }> = {};
  for (const [name, text] of Object.entries(TERMS)) {
    const timed = timeFilter(text, 3, () => undefined);
    if (filter[name] && filter[name].shown !== timed.shown) throw new Error(`filter "${text}": ${filter[name].shown} rows unindexed, ${timed.shown} indexed`);
    filterWhenIdle[name] = timed;
    log(`${size} held, when idle (indexed), filter "${text}": ${timed.ms} ms (${timed.shown} rows)`);
  }

  // Re-show, filter change (an event kind hidden, then shown again) and a window the webview asks for.
  session.setFilter({ text: '', kinds: KINDS });
  const withoutRemove = KINDS.filter((k) => k !== 'REMOVE');
  const reShow = hostWork(5, () => session.onHidden(), () => session.onReady());
  const filterChange = hostWork(5, () => session.setFilter({ text: '', kinds: KINDS }), () => session.setFilter({ text: '', kinds: withoutRemove }));
  const filterBack = hostWork(5, () => session.setFilter({ text: '', kinds: withoutRemove }), () => session.setFilter({ text: '', kinds: KINDS }));
  const view = last?.type === 'view' ? last.view : -1;
  const windowRows = hostWork(5, () => undefined, () => session.sendRows(view, 0, 100));
  const paging = { reShow, filterChange, filterBack, windowRows };
  log(`${size} held: heap ${mib(held.heapUsed - empty.heapUsed)} MiB retained, rss ${mib(held.rss)} MiB (indexed: ${mib(withSearchCache.heapUsed)} / ${mib(withSearchCache.rss)} MiB); re-show / filter change / back / window of 100: ${[reShow, filterChange, filterBack, windowRows].map((x) => `${x.ms} ms (CPU ${x.cpuMs} ms) ${x.bytes} B`).join(' / ')}`);
  results.push({
    held: session.held,
    retainedHeapMiB: mib(held.heapUsed - empty.heapUsed),
    bytesPerHeldRecord: Math.round((held.heapUsed - empty.heapUsed) / session.held),
    heapUsedMiB: mib(held.heapUsed),
    rssMiB: mib(held.rss),
    // Every held record's search text: what the background index holds once the panel was idle.
    withSearchCache: { heapUsedMiB: mib(withSearchCache.heapUsed), rssMiB: mib(withSearchCache.rss), bytesPerHeldRecord: Math.round((withSearchCache.heapUsed - empty.heapUsed) / session.held) },
    filter,
    indexFillMs,
    filterWhenIdle,
    paging,
  });
}
session.dispose();
writeResult(a.out, { loadAverage: { atStart: round1(loadAtStart), atEnd: round1(loadavg()[0]) }, empty: { heapUsedMiB: mib(empty.heapUsed), rssMiB: mib(empty.rss) }, terms: TERMS, sizes: results });
