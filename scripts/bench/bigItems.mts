// Benchmark: the byte budget with 400 KB items (run with `node --expose-gc --import tsx scripts/bench/bigItems.mts`).
// Pushes 10,000 MODIFY records whose old and new images are ~390 KB items each (a record ~780 KB) through a core
// TailSession (maxRecords 10,000, default byte budget, webview ready, no-op post), in pages of 100 like a reader
// delivers them, and reports the held count, the held bytes as the session counts them, heap and RSS after a full GC.
import { TailSession } from '../../src/core/panel/tailSession';
import { DEFAULT_MAX_HELD_MEGABYTES } from '../../src/core/panel/recordCap';
import type { StreamRecord } from '../../src/core/records/model';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const TOTAL = Number(process.env.BIG_ITEMS_TOTAL ?? 10_000);
const PAGE = 100;
const ITEM_CHARS = 390 * 1024;
const mib = (n: number) => Math.round(n / 1048576);

function item(i: number, version: string): Record<string, unknown> {
  // A distinct string per item: shared strings would under-count what real records cost.
  return { pk: { S: `ITEM#${i}` }, version: { S: version }, body: { S: `${i}:${version}:`.padEnd(ITEM_CHARS, 'abcdefghij') } };
}

const session = new TailSession({
  target: { source: 'dynamodb', name: 'Big', streamArn: 'arn:big', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: 10_000 },
  post: () => undefined,
  searchIndex: { idleMs: 1e9 },
});
session.onReady();
const started = Date.now();
let peakRss = 0;
for (let i = 0; i < TOTAL; i += PAGE) {
  const records: StreamRecord[] = [];
  for (let j = i; j < Math.min(TOTAL, i + PAGE); j++) {
    records.push({ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: `ITEM#${j}` } }, OldImage: item(j, 'old') as never, NewImage: item(j, 'new') as never, SequenceNumber: String(1000 + j), SizeBytes: 2 * ITEM_CHARS } });
  }
  session.handleEvent({ type: 'records', shardId: 's1', records });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const pushMs = Date.now() - started;
gc();
const m = process.memoryUsage();
const s = session.status();
const result = {
  records: TOTAL,
  heldRecordChars: session.get(session.visibleRows().at(-1)?.id ?? 0)?.json.length,
  budgetMiB: DEFAULT_MAX_HELD_MEGABYTES,
  held: s.held,
  evicted: s.evicted,
  evictedByBytes: s.evictedByBytes,
  heldBytesMiB: mib(session.heldByteCount),
  heapUsedMiB: mib(m.heapUsed),
  rssMiB: mib(m.rss),
  peakRssMiB: mib(peakRss),
  pushMs,
};
console.log(JSON.stringify(result, null, 2));
session.dispose();
