// Benchmark 9: Search retained stream. 100,000 records retained in a table's stream on DynamoDB Local (ORDER items
// written by BatchWriteItem: one INSERT each, and a few changes of the item searched for), then read from TRIM_HORIZON
// to the present:
//   (a) bare:   every shard at once, GetShardIterator(TRIM_HORIZON) → GetRecords(Limit 1000) → … until a page without
//               records (the present) or the end of the shard;
//   (b) search: searchRetainedStream over SdkStreamsApi (the reader's shards in parallel, loopback pacing), keeping
//               one key's changes — the command's own path without the progress notification.
// Same shards, same parallelism (all shards at once; DynamoDB Local gives a stream one shard). They alternate for
// ROUNDS rounds; round 1 warms up and is not counted; each result is the median of the others. Target: (b) ≥ 0.9 × (a).
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { searchRetainedStream } from '../../src/core/history/retainedSearch';
import { args, clients, createStreamTable, log as makeLog, nowMs, orderItem, startDynamoDbLocal, writeOrderItems, writeResult } from './common.mts';

const log = makeLog('searchRetained');
const a = args();
const N = Number(a.get('n') ?? (a.quick ? 20_000 : 100_000));
const ROUNDS = Number(a.get('rounds') ?? (a.quick ? 2 : 3));
const WRITERS = 8;
const WANTED = orderItem(4242).pk.S!;
const WANTED_CHANGES = 5;

type Clients = ReturnType<typeof clients>;

async function writeRetained(dynamodb: Clients['dynamodb'], table: string): Promise<number> {
  const t0 = nowMs();
  await writeOrderItems(dynamodb, table, N - WANTED_CHANGES, WRITERS);
  // The item searched for changes a few more times (each a MODIFY): N records in all.
  for (let i = 0; i < WANTED_CHANGES; i++) await dynamodb.send(new PutItemCommand({ TableName: table, Item: orderItem(4242, undefined, `STATUS-${i}`) }));
  return nowMs() - t0;
}

/** (a) Every shard at once, each read from TRIM_HORIZON until a page without records or the shard's end. */
async function bare(streams: Clients['streams'], arn: string) {
  const t0 = nowMs();
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
  let received = 0;
  let calls = 0;
  await Promise.all(
    shards.map(async (shard) => {
      let it = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (it) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
        calls++;
        const n = out.Records?.length ?? 0;
        received += n;
        if (n === 0) break;
        it = out.NextShardIterator;
      }
    }),
  );
  const ms = nowMs() - t0;
  return { ms, received, calls, shards: shards.length, recordsPerSecond: Math.round(received / (ms / 1000)) };
}

/** (b) The command's search: the reader, all shards to the present, one key's changes kept. */
async function search(streams: Clients['streams'], arn: string) {
  let found = 0;
  const t0 = nowMs();
  const result = await searchRetainedStream(new SdkStreamsApi(streams), {
    streamArn: arn,
    keys: { pk: { S: WANTED } },
    loopback: true,
    signal: new AbortController().signal,
    onFound: (records) => (found += records.length),
  });
  const ms = nowMs() - t0;
  if (!result.complete) throw new Error(`search did not complete: ${result.error ?? 'cancelled'}`);
  return { ms, received: result.scanned, found, shards: result.shardsListed, recordsPerSecond: Math.round(result.scanned / (ms / 1000)) };
}

const ddb = await startDynamoDbLocal({ quiet: true });
try {
  const { dynamodb, streams } = clients(ddb.endpoint);
  const table = 'BenchRetained';
  const arn = await createStreamTable(dynamodb, table);
  log(`writing ${N} records (BatchWriteItem × ${WRITERS} in parallel) …`);
  const writeMs = await writeRetained(dynamodb, table);
  log(`written in ${(writeMs / 1000).toFixed(1)} s`);
  const runs: { bare: Awaited<ReturnType<typeof bare>>[]; search: Awaited<ReturnType<typeof search>>[] } = { bare: [], search: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of round % 2 ? (['bare', 'search'] as const) : (['search', 'bare'] as const)) {
      if (kind === 'bare') {
        const b = await bare(streams, arn);
        log(`round ${round} (a) bare loop: ${b.received} records in ${(b.ms / 1000).toFixed(2)} s = ${b.recordsPerSecond}/s (${b.calls} GetRecords, ${b.shards} shards)`);
        runs.bare.push(b);
      } else {
        const s = await search(streams, arn);
        log(`round ${round} (b) Search retained stream: ${s.received} records in ${(s.ms / 1000).toFixed(2)} s = ${s.recordsPerSecond}/s (${s.found} of the key)`);
        if (s.found !== WANTED_CHANGES + 1) throw new Error(`found ${s.found} changes of ${WANTED}, expected ${WANTED_CHANGES + 1}`);
        runs.search.push(s);
      }
    }
  }
  const median = <T extends { recordsPerSecond: number }>(list: T[]): T => {
    const counted = list.length > 1 ? list.slice(1) : list;
    const sorted = [...counted].sort((x, y) => x.recordsPerSecond - y.recordsPerSecond);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const b = median(runs.bare);
  const s = median(runs.search);
  dynamodb.destroy();
  streams.destroy();
  writeResult(a.out, {
    n: N,
    write: { ms: Math.round(writeMs), writers: WRITERS },
    bare: b,
    search: s,
    ratio: Math.round((s.recordsPerSecond / b.recordsPerSecond) * 1000) / 1000,
    rounds: ROUNDS,
    runs: { bare: runs.bare.map((r) => r.recordsPerSecond), search: runs.search.map((r) => r.recordsPerSecond) },
  });
} finally {
  await ddb.stop();
}
