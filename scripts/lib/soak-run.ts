// One soak run, of any size, shared by `npm run soak` and the fault test (test/integration/faults.test.ts).
//
// Parallel writers put `writes` versions spread over `keys` items straight into DynamoDB Local (each item's counter
// n goes 1, 2, 3 … per key), while the panel's own path reads the stream through the fault-injecting proxy: the
// extension's clients (createClients) → SdkStreamsApi → readStream → TailSession (the panel host state), exported
// with the panel's export (exportLines + ndjsonChunks) to a file. The figures are computed from that file.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { createClients } from '../../src/aws/clients';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { resolveConnection } from '../../src/core/connection/connection';
import { readStream } from '../../src/core/tail/dynamodb/reader';
import type { TailEvent, TailState } from '../../src/core/tail/types';
import { TailSession } from '../../src/core/panel/tailSession';
import { ndjsonChunks } from '../../src/core/panel/ndjsonExport';
import { clampMaxRecords } from '../../src/core/panel/recordCap';
// @ts-expect-error plain ESM helper shared with the scripts
import { startDynamoDbLocal } from './dynamodb-local.mjs';
// @ts-expect-error plain ESM helper shared with the scripts
import { FAULT_KINDS, FAULT_SEED_ENV, faultSeed, startFaultProxy } from './fault-proxy.mjs';

export interface SoakOptions {
  writes: number;
  keys: number;
  /** Concurrent writers (each owns a share of the keys, so a key's versions are written in order). */
  writers?: number;
  /** Fault probabilities per Streams call, by kind (see scripts/lib/fault-proxy.mjs). */
  probabilities: Record<string, number>;
  stallMs: number;
  /** The fault draws' seed (default: DDB_STREAMS_FAULT_SEED, else a fresh one); printed through `log`. */
  seed?: number;
  /** A blackhole of this length starts once this share of the writes is done (0: none). */
  blackholeMs: number;
  blackholeAt?: number;
  /** Where the export is written. */
  exportPath: string;
  /** An already running DynamoDB Local; otherwise one is started (and stopped) for the run. */
  dynamodbEndpoint?: string;
  /** Longest wait for the last record after the last write. */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface SoakFigures {
  /** The fault draws' seed: DDB_STREAMS_FAULT_SEED=<seed> replays them. */
  seed: number;
  writes: number;
  /** Lines in the exported file. */
  delivered: number;
  distinctRecords: number;
  duplicatesBySequence: number;
  duplicatesByKeyCounter: number;
  /** Lines whose counter is not the previous line's (of that key) + 1. */
  orderViolations: number;
  missing: number;
  faults: Record<string, number>;
  streamsCalls: number;
  /** Faulted Streams calls (blackholed ones included) / all Streams calls. */
  faultShare: number;
  /** Times the tail went 'reconnecting'. */
  reconnects: number;
  gapNotices: number;
  errorEvents: number;
  writeSeconds: number;
  /** Last write acknowledged → last record held by the session. */
  drainSeconds: number;
  /** Records delivered / (first write → last record held). */
  recordsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  exportBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Every version of the writer's keys, in order: batches of 25 distinct keys; unprocessed items are sent again. */
async function writeKeys(dynamodb: DynamoDBClient, table: string, keys: string[], versions: number, onWritten: (n: number) => void): Promise<void> {
  for (let n = 1; n <= versions; n++) {
    for (let i = 0; i < keys.length; i += 25) {
      let pending: WriteRequest[] = keys.slice(i, i + 25).map((pk) => ({ PutRequest: { Item: { pk: { S: pk }, n: { N: String(n) }, pad: { S: 'x'.repeat(64) } } } }));
      const total = pending.length;
      while (pending.length > 0) {
        const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = out.UnprocessedItems?.[table] ?? [];
      }
      onWritten(total);
    }
  }
}

/** Checks the exported NDJSON: count, duplicates (by sequence number, by key + counter), per-key counter order. */
export function verifyExport(path: string, writes: number, keys: number) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const seqs = new Set<string>();
  const keyCounters = new Set<string>();
  const lastCounter = new Map<string, number>();
  let duplicatesBySequence = 0;
  let duplicatesByKeyCounter = 0;
  let orderViolations = 0;
  for (const line of lines) {
    const record = JSON.parse(line);
    const seq = String(record.dynamodb?.SequenceNumber);
    const key = String(record.dynamodb?.Keys?.pk?.S);
    const n = Number(record.dynamodb?.NewImage?.n?.N);
    if (seqs.has(seq)) duplicatesBySequence++;
    seqs.add(seq);
    if (keyCounters.has(`${key}#${n}`)) duplicatesByKeyCounter++;
    keyCounters.add(`${key}#${n}`);
    if (n !== (lastCounter.get(key) ?? 0) + 1) orderViolations++;
    lastCounter.set(key, n);
  }
  let missing = 0;
  for (let k = 0; k < keys; k++) for (let n = 1; n <= writes / keys; n++) if (!keyCounters.has(`${keyName(k)}#${n}`)) missing++;
  return { delivered: lines.length, distinctRecords: seqs.size, duplicatesBySequence, duplicatesByKeyCounter, orderViolations, missing, exportBytes: Buffer.byteLength(text) };
}

const keyName = (k: number) => `key-${String(k).padStart(5, '0')}`;

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const { writes, keys, writers = 8, log = () => undefined } = options;
  if (writes % keys !== 0) throw new Error('soak: writes must be a multiple of keys');
  const ownDdb = options.dynamodbEndpoint ? undefined : await startDynamoDbLocal();
  const ddbEndpoint: string = options.dynamodbEndpoint ?? ownDdb.endpoint;
  const seed: number = options.seed ?? faultSeed();
  log(`fault seed ${seed} (replay: ${FAULT_SEED_ENV}=${seed})`);
  const proxy = await startFaultProxy({ target: ddbEndpoint, probabilities: options.probabilities, stallMs: options.stallMs, seed });
  // The extension's own clients (retries, timeouts): the reader's through the proxy, the writers' straight to DynamoDB Local.
  const connection = (endpoint: string) => resolveConnection({ profile: '', region: '', endpoint }, {});
  const readerClients = createClients(connection(proxy.endpoint));
  const writerClients = createClients(connection(ddbEndpoint));
  const dynamodb = writerClients.dynamodb;
  const table = `soak-${Date.now().toString(36)}`;
  const controller = new AbortController();
  let peakRss = 0;
  let peakHeap = 0;
  const sampleMemory = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sampleMemory, 250);
  try {
    const created = await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const streamArn = created.TableDescription!.LatestStreamArn!;

    const session = new TailSession({
      target: { source: 'dynamodb', name: table, streamArn, startPosition: 'TRIM_HORIZON', maxRecords: clampMaxRecords(Math.max(writes, 100_000)) },
      post: () => undefined,
    });
    const states: TailState[] = [];
    let gapNotices = 0;
    let errorEvents = 0;
    let lastRecordAt = 0;
    const onEvent = (e: TailEvent) => {
      session.handleEvent(e);
      if (e.type === 'state' && states.at(-1) !== e.state) states.push(e.state);
      if (e.type === 'gap') gapNotices++;
      if (e.type === 'error') errorEvents++;
      if (e.type === 'records') lastRecordAt = Date.now();
    };
    // TRIM_HORIZON: the table is new, so that is every record the soak writes, read from the very first call (a
    // LATEST tail cannot get its position back if its first iterator expires before it saw a record).
    const reading = readStream(new SdkStreamsApi(readerClients.streams), { streamArn, start: 'TRIM_HORIZON', loopback: true, signal: controller.signal }, onEvent);
    await until('the tail to run', () => states.includes('running'), 120_000);
    log(`tail running on ${table} through ${proxy.endpoint}; writing ${writes} versions of ${keys} keys with ${writers} writers`);

    const started = Date.now();
    let written = 0;
    let blackhole: Promise<void> | undefined;
    const onWritten = (n: number) => {
      written += n;
      if (options.blackholeMs > 0 && !blackhole && written >= writes * (options.blackholeAt ?? 0.5)) {
        log(`blackhole of ${options.blackholeMs} ms at ${written} writes`);
        blackhole = proxy.blackhole(options.blackholeMs);
      }
    };
    const keyNames = Array.from({ length: keys }, (_, k) => keyName(k));
    await Promise.all(
      Array.from({ length: writers }, (_, w) => writeKeys(dynamodb, table, keyNames.filter((_, k) => k % writers === w), writes / keys, onWritten)),
    );
    const writesDone = Date.now();
    log(`${written} writes in ${((writesDone - started) / 1000).toFixed(1)} s; draining`);
    await blackhole;
    await until('all records', () => session.held >= writes || states.includes('stopped'), options.drainTimeoutMs ?? 300_000);
    if (session.held < writes) throw new Error(`soak: the tail stopped with ${session.held} of ${writes} records: ${session.status().reason}`);
    const drained = lastRecordAt;
    // Tail on under faults until each kind with a probability was injected (a short run may drain in a few calls).
    const wanted = (FAULT_KINDS as string[]).filter((k) => (options.probabilities[k] ?? 0) > 0);
    await until('every fault kind', () => wanted.every((k) => proxy.counts()[k] > 0) || states.includes('stopped'), 120_000);
    // A late duplicate would come with the next answers. The table has one shard and the reader delivers an answer's
    // records before it asks again: three more GetRecords answered means the second was asked for after this point
    // and delivered (the third was asked for after it). Counted, not timed: faulted calls do not count.
    const answered = proxy.answered('GetRecords');
    await until('three more GetRecords answers', () => proxy.answered('GetRecords') >= answered + 3 || states.includes('stopped'), 120_000);
    controller.abort();
    await reading;
    sampleMemory();

    const fd = openSync(options.exportPath, 'w');
    try {
      for (const chunk of ndjsonChunks(session.exportLines())) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    session.dispose();
    const checked = verifyExport(options.exportPath, writes, keys);
    const faults = proxy.counts() as Record<string, number>;
    const faulted = Object.values(faults).reduce((a, b) => a + b, 0);
    return {
      seed,
      writes: written,
      ...checked,
      faults,
      streamsCalls: proxy.streamsCalls(),
      faultShare: faulted / Math.max(1, proxy.streamsCalls()),
      reconnects: states.filter((s) => s === 'reconnecting').length,
      gapNotices,
      errorEvents,
      writeSeconds: (writesDone - started) / 1000,
      drainSeconds: Math.max(0, drained - writesDone) / 1000,
      recordsPerSecond: checked.delivered / Math.max(0.001, (drained - started) / 1000),
      peakRssMb: peakRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    controller.abort();
    await dynamodb.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    readerClients.destroy();
    writerClients.destroy();
    await proxy.stop();
    await ownDdb?.stop();
  }
}
