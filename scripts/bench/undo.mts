// Benchmark 10: Undo changes… throughput. A fresh table per run on DynamoDB Local: N ORDER items, then a "deploy"
// that changes each once (N MODIFY records, read from the stream before the clock starts), then every change undone:
//   (a) bare:    the same requests by hand at the same parallelism (UNDO_PARALLELISM): per item a consistent GetItem,
//                then the PutItem with the same condition (built before the clock starts);
//   (b) product: planUndo over the records + applyUndo over ItemsService (the command's path without its dialogs:
//                per item the consistent read compared in full, then the conditional write).
//   (c) reference, not the target: the conditional PutItems alone, without the read. The product reads first because
//                a condition can only compare the attributes it names (an attribute added since would go unseen) and
//                an item of hundreds of attributes does not fit DynamoDB's 4 KB expression limit.
// (a), (b) and (c) alternate; round 1 warms up and is not counted; each result is the best of the others (the machine is
// shared: the best run is the least disturbed one, as in loadItems.mts). Each run has a DynamoDB Local of its own: one
// instance slowed about 4× from run to run (its stream records pile up across tables).
// Target: (b) ≥ 0.9 × (a).
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { ItemsService } from '../../src/aws/items';
import { applyUndo, UNDO_PARALLELISM } from '../../src/core/history/undoApply';
import type { HeldChange } from '../../src/core/history/itemHistory';
import { planUndo } from '../../src/core/history/undoPlan';
import { countOutcomes, isWrite, runBounded } from '../../src/core/history/undoRun';
import { unchangedCondition } from '../../src/core/items/conditions';
import type { StreamRecord } from '../../src/core/records/model';
import { args, clients, createStreamTable, log as makeLog, nowMs, orderItem, sleep, startDynamoDbLocal, writeResult } from './common.mts';

const log = makeLog('undo');
const a = args();
const N = Number(a.get('n') ?? (a.quick ? 500 : 2_000));
const ROUNDS = Number(a.get('rounds') ?? (a.quick ? 2 : 4));

type Clients = ReturnType<typeof clients>;
type Row = Record<string, AttributeValue>;

async function batchPut(dynamodb: Clients['dynamodb'], table: string, items: Row[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        let requests: WriteRequest[] = items.slice(next, (next += 25)).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = out.UnprocessedItems?.[table] ?? [];
          if (requests.length) await sleep(50);
        }
      }
    }),
  );
}

async function readAll(streams: Clients['streams'], arn: string, count: number): Promise<HeldChange[]> {
  const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards?.[0]?.ShardId;
  let it = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const out: HeldChange[] = [];
  while (it && out.length < count) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
    for (const record of page.Records ?? []) out.push({ id: out.length + 1, record: record as StreamRecord });
    it = page.NextShardIterator;
  }
  return out;
}

let tableNo = 0;
/** A table after the deploy, and the deploy's changes (the selection to undo). */
async function deployed(c: Clients) {
  const table = `undo-bench-${++tableNo}`;
  const arn = await createStreamTable(c.dynamodb, table);
  await batchPut(c.dynamodb, table, Array.from({ length: N }, (_, i) => orderItem(i)));
  await batchPut(c.dynamodb, table, Array.from({ length: N }, (_, i) => orderItem(i, undefined, 'DEPLOYED')));
  const held = await readAll(c.streams, arn, 2 * N);
  if (held.length !== 2 * N) throw new Error(`read ${held.length} records, expected ${2 * N}`);
  return { table, selected: held.slice(N), held };
}

const ratePerSecond = (ms: number) => Math.round(N / (ms / 1000));

const runs: Record<'bare' | 'product' | 'writesOnly', number[]> = { bare: [], product: [], writesOnly: [] };
/** planUndo's part of each product run. */
const planMs: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const kind of round % 2 ? (['bare', 'product', 'writesOnly'] as const) : (['product', 'bare', 'writesOnly'] as const)) {
    const ddb = await startDynamoDbLocal({ quiet: true });
    const c = clients(ddb.endpoint);
    try {
      const items = new ItemsService(c.dynamodb);
      const { table, selected, held } = await deployed(c);
      let ms: number;
      if (kind === 'product') {
        const t0 = nowMs();
        const writes = planUndo(selected, { known: held }).filter(isWrite);
        planMs.push(Math.round(nowMs() - t0));
        const outcomes = await applyUndo(items, table, writes, { parallelism: UNDO_PARALLELISM });
        ms = nowMs() - t0;
        const counts = countOutcomes(outcomes);
        if (counts.restored !== N) throw new Error(`product: ${JSON.stringify(counts)}`);
      } else {
        // The same writes, planned before the clock starts: the item to put back and the condition on the deploy's version.
        const requests = selected.map(({ record }) => {
          const d = record.dynamodb!;
          const condition = unchangedCondition(d.NewImage!, ['pk']);
          return {
            key: d.Keys as Row,
            put: new PutItemCommand({ TableName: table, Item: d.OldImage as Row, ConditionExpression: condition.ConditionExpression, ExpressionAttributeNames: condition.ExpressionAttributeNames, ExpressionAttributeValues: condition.ExpressionAttributeValues as Row }),
          };
        });
        const t0 = nowMs();
        await runBounded(requests, UNDO_PARALLELISM, async (r) => {
          if (kind === 'bare') await c.dynamodb.send(new GetItemCommand({ TableName: table, Key: r.key, ConsistentRead: true }));
          await c.dynamodb.send(r.put);
        });
        ms = nowMs() - t0;
      }
      runs[kind].push(ratePerSecond(ms));
      log(`round ${round} ${kind}: ${N} items in ${(ms / 1000).toFixed(2)} s = ${ratePerSecond(ms)} items/s`);
    } finally {
      c.dynamodb.destroy();
      c.streams.destroy();
      await ddb.stop();
    }
  }
}
const best = (list: number[]) => Math.max(...(list.length > 1 ? list.slice(1) : list));
writeResult(a.out, {
  items: N,
  parallelism: UNDO_PARALLELISM,
  bare: { itemsPerSecond: best(runs.bare) },
  product: { itemsPerSecond: best(runs.product) },
  writesOnly: { itemsPerSecond: best(runs.writesOnly) },
  ratio: Math.round((best(runs.product) / best(runs.bare)) * 1000) / 1000,
  rounds: ROUNDS,
  runs,
  planMs,
});
