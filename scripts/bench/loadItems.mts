// Benchmark 8: Load items from file…'s writer. 50,000 items (about 200 bytes each, parsed from an NDJSON file by the
// command's own planLoad) written to DynamoDB Local by loadInBatches over ItemsService.batchPut, against a bare loop
// of BatchWriteItem requests of 25 with the same parallelism (4) over the same items. Each run writes into a fresh
// on-demand table; the two alternate for 6 rounds; round 1 warms up (JIT, DynamoDB Local) and is not counted; the
// medians of the others are compared, as in the backlog benches (best against best let one lucky run of either decide:
// the bare loop's rounds ranged 6,300–9,400 items/s in one run on this shared machine). Host CPU per item is reported
// too: the work each does, apart from waiting. Target: loader ≥ 0.9 × the bare loop.
import { BatchWriteItemCommand, CreateTableCommand, DeleteTableCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { args, clients, log as makeLog, nowMs, startDynamoDbLocal, summarize, writeResult } from './common.mts';
import { ItemsService } from '../../src/aws/items';
import { DEFAULT_PARALLELISM, loadInBatches } from '../../src/core/items/batchLoad';
import { planLoad } from '../../src/core/items/loadFile';
import type { Item } from '../../src/core/records/model';

const log = makeLog('loadItems');
const a = args();
const ITEMS = a.quick ? 10_000 : 50_000;
const ROUNDS = a.quick ? 2 : 6;
const keys = [{ name: 'PK', type: 'S' as const }, { name: 'SK', type: 'N' as const }];

function fileText(): string {
  const lines: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    lines.push(JSON.stringify({ PK: `CUSTOMER#${i % 5000}`, SK: i, status: ['PLACED', 'SHIPPED', 'DELIVERED'][i % 3], total: (i * 7.31).toFixed(2), note: `order ${i} `.padEnd(120, '.'), tags: { $SS: ['a', `t${i % 7}`] } }));
  }
  return lines.join('\n');
}

const ddb = await startDynamoDbLocal({ quiet: true });
const { dynamodb } = clients(ddb.endpoint);
let tableNo = 0;

async function freshTable(): Promise<string> {
  const name = `load-bench-${++tableNo}`;
  await dynamodb.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'N' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  return name;
}

/** The reference: 4 workers each taking the next 25 items and sending them until nothing is left unprocessed. */
async function bareLoop(table: string, items: Item[]): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, (next += 25));
      let requests = batch.map((item) => ({ PutRequest: { Item: item as Record<string, AttributeValue> } }));
      while (requests.length) {
        const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: DEFAULT_PARALLELISM }, worker));
  return items.length;
}

try {
  const text = fileText();
  const planStarted = nowMs();
  const plan = planLoad(text, keys);
  const planMs = nowMs() - planStarted;
  if (plan.problems.length || plan.items.length !== ITEMS) throw new Error(`plan: ${plan.items.length} items, ${plan.problems.length} problems`);
  const items = plan.items.map((i) => i.item);
  log(`${ITEMS} items planned in ${Math.round(planMs)} ms (${(text.length / 1048576).toFixed(1)} MiB)`);
  const service = new ItemsService(dynamodb);
  const bare: number[] = [];
  const loader: number[] = [];
  const cpuMicrosPerItem = { bare: [] as number[], loader: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? ['bare', 'loader'] : ['loader', 'bare']) {
      const table = await freshTable();
      const cpu0 = process.cpuUsage();
      const started = nowMs();
      if (kind === 'bare') await bareLoop(table, items);
      else {
        const summary = await loadInBatches(items, (batch) => service.batchPut(table, batch), { parallelism: DEFAULT_PARALLELISM });
        if (summary.written !== ITEMS) throw new Error(`loader wrote ${summary.written} of ${ITEMS}: ${JSON.stringify(summary.failures)}`);
      }
      const rate = ITEMS / ((nowMs() - started) / 1000);
      (kind === 'bare' ? bare : loader).push(Math.round(rate));
      const cpu = process.cpuUsage(cpu0);
      cpuMicrosPerItem[kind as 'bare' | 'loader'].push(Math.round(((cpu.user + cpu.system) / ITEMS) * 10) / 10);
      log(`round ${round + 1} ${kind}: ${Math.round(rate)} items/s (host CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms)`);
      await dynamodb.send(new DeleteTableCommand({ TableName: table }));
    }
  }
  const median = (xs: number[]) => Math.round(summarize(xs.length > 1 ? xs.slice(1) : xs).p50);
  writeResult(a.out, {
    items: ITEMS,
    parallelism: DEFAULT_PARALLELISM,
    planMs: Math.round(planMs),
    rounds: ROUNDS,
    bare: { itemsPerSecond: median(bare), runs: bare, cpuMicrosPerItem: summarize(cpuMicrosPerItem.bare.slice(1)).p50 },
    loader: { itemsPerSecond: median(loader), runs: loader, cpuMicrosPerItem: summarize(cpuMicrosPerItem.loader.slice(1)).p50 },
    ratio: Math.round((median(loader) / median(bare)) * 100) / 100,
    bestAgainstBest: Math.round((Math.max(...loader.slice(1)) / Math.max(...bare.slice(1))) * 100) / 100,
  });
} finally {
  dynamodb.destroy();
  await ddb.stop();
}
