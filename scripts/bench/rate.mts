// Benchmark 2: GetRecords calls per shard per second, idle and busy, for both reader modes.
// Each mode's readStream talks to DynamoDB Local through its own loopback HTTP proxy that counts requests by their
// X-Amz-Target header (the reader's own statistics are not used). Both readers tail the same stream at once.
//   idle: 10 s with no writes.   busy: 10 s of continuous PutItem writes (4 writers back to back).
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { readStream } from '../../src/core/tail/dynamodb/reader';
import { args, clients, countingProxy, createStreamTable, log as makeLog, nowMs, orderItem, sleep, startDynamoDbLocal, writeResult } from './common.mts';

const log = makeLog('rate');
const a = args();
const WINDOW_MS = Number(a.get('seconds') ?? 10) * 1000;
const WRITERS = 4;
const MODES = ['aws', 'loopback'] as const;

interface ModeState {
  proxy: Awaited<ReturnType<typeof countingProxy>>;
  streams: ReturnType<typeof clients>['streams'];
  records: number;
  shards: Set<string>;
  errors: string[];
}
interface ModeCounts {
  shards: number;
  getRecordsPerShardPerSecond: number;
  requests: Record<string, number>;
  recordsDelivered: number;
}
interface Measurement {
  seconds: number;
  written: number;
  aws: ModeCounts;
  loopback: ModeCounts;
}

const ddb = await startDynamoDbLocal();
try {
  const { dynamodb } = clients(ddb.endpoint);
  const table = 'BenchRate';
  const arn = await createStreamTable(dynamodb, table);
  const ctl = new AbortController();
  const state = Object.fromEntries(
    await Promise.all(
      MODES.map(async (mode) => {
        const proxy = await countingProxy(ddb.endpoint);
        const { streams } = clients(proxy.endpoint);
        const s: ModeState = { proxy, streams, records: 0, shards: new Set<string>(), errors: [] };
        return [mode, s] as const;
      }),
    ),
  );
  const runs = MODES.map((mode) => {
    const s = state[mode];
    return readStream(new SdkStreamsApi(s.streams), { streamArn: arn, start: 'LATEST', loopback: mode === 'loopback', signal: ctl.signal }, (e) => {
      if (e.type === 'records') s.records += e.records.length;
      else if (e.type === 'shard' && e.status === 'reading') s.shards.add(e.shardId);
      else if (e.type === 'error') s.errors.push(e.message);
    });
  });
  // Settle: both readers polling their shard.
  while (MODES.some((m) => state[m].proxy.count('GetRecords') < 2)) await sleep(20);
  await sleep(1000);

  const measure = async (label: string, during: (until: number) => Promise<number>): Promise<Measurement> => {
    for (const m of MODES) {
      state[m].proxy.reset();
      state[m].records = 0;
    }
    const t0 = nowMs();
    const written = await during(t0 + WINDOW_MS);
    const seconds = (nowMs() - t0) / 1000;
    const counts = (m: (typeof MODES)[number]): ModeCounts => {
      const s = state[m];
      const shards = Math.max(1, s.shards.size);
      return {
        shards,
        getRecordsPerShardPerSecond: Math.round((s.proxy.count('GetRecords') / seconds / shards) * 100) / 100,
        requests: s.proxy.snapshot(),
        recordsDelivered: s.records,
      };
    };
    const out: Measurement = { seconds: Math.round(seconds * 100) / 100, written, aws: counts('aws'), loopback: counts('loopback') };
    log(`${label}: ${JSON.stringify(out)}`);
    return out;
  };

  const idle = await measure('idle', async (until) => {
    await sleep(until - nowMs());
    return 0;
  });
  const busy = await measure('busy', async (until) => {
    let written = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; nowMs() < until; i++) {
          await dynamodb.send(new PutItemCommand({ TableName: table, Item: orderItem(i, `RATE#${w}#${i}`) }));
          written++;
        }
      }),
    );
    return written;
  });
  // Both readers delivered every write (checked after the window, not counted in the rates).
  const deadline = nowMs() + 5000;
  while (MODES.some((m) => state[m].records < busy.written) && nowMs() < deadline) await sleep(50);
  const caughtUp = Object.fromEntries(MODES.map((m) => [m, state[m].records === busy.written]));
  ctl.abort();
  await Promise.all(runs);
  for (const m of MODES) {
    state[m].streams.destroy();
    await state[m].proxy.close();
  }
  dynamodb.destroy();
  writeResult(a.out, { windowSeconds: WINDOW_MS / 1000, writers: WRITERS, idle, busy, caughtUp, errors: Object.fromEntries(MODES.map((m) => [m, state[m].errors])) });
} finally {
  await ddb.stop();
}
