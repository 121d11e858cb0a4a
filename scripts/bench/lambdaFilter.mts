// Lambda filter matcher speed: one compiled filter over 10,000 realistic DynamoDB-stream Lambda event records
// (target ≤ 50 ms). Run: npx tsx scripts/bench/lambdaFilter.mts. Prints JSON; not a test, nothing asserts.
import { performance } from 'node:perf_hooks';
import { parseLambdaFilter } from '../../src/core/lambda/filter/lambdaFilter';
import { toLambdaDynamoDbRecord } from '../../src/core/lambda/lambdaEvent';
import { orderRecord } from './orderRecords.mts';

const RECORDS = 10_000;
const ROUNDS = 20;
const WARM_UP_ROUNDS = 3; // let the JIT compile the closures first: a tail runs the filter all along

const FILTERS: Record<string, string> = {
  seedRemove: '{"eventName":["REMOVE"]}',
  ttl: '{"Filters":[{"Pattern":"{\\"userIdentity\\":{\\"type\\":[\\"Service\\"],\\"principalId\\":[\\"dynamodb.amazonaws.com\\"]}}"}]}',
  fiveFilters: JSON.stringify({
    Filters: [
      { Pattern: '{"dynamodb":{"NewImage":{"status":{"S":["shipped","delivered"]}}}}' },
      { Pattern: '{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"USER#"}]}}},"eventName":[{"anything-but":["REMOVE"]}]}' },
      { Pattern: '{"dynamodb":{"SizeBytes":[{"numeric":[">",10000]}]}}' },
      { Pattern: '{"$or":[{"dynamodb":{"NewImage":{"note":{"S":[{"exists":true}]}}}},{"dynamodb":{"OldImage":{"note":{"S":[{"suffix":"!"}]}}}}]}' },
      { Pattern: '{"dynamodb":{"NewImage":{"tags":{"L":{"S":[{"equals-ignore-case":"URGENT"}]}}}}}' },
    ],
  }),
};

/** The Lambda event record of each bench record: exactly what Lambda evaluates a filter on. */
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-08-06T12:00:00.000';
const record = (i: number) => toLambdaDynamoDbRecord(orderRecord(i), { awsRegion: 'us-east-1', eventSourceARN: STREAM_ARN });

const records = Array.from({ length: RECORDS }, (_, i) => record(i));
type Spread = { min: number; median: number; max: number };
// Wall time and this process's CPU time: on a shared machine the wall clock also counts waiting for a core.
const results: Record<string, { matched: number; wallMsPer10k: Spread; cpuMsPer10k: Spread }> = {};
const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return { min: round2(s[0]), median: round2(s[s.length >> 1]), max: round2(s[s.length - 1]) };
};
for (const [name, text] of Object.entries(FILTERS)) {
  const parsed = parseLambdaFilter(text);
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  const filter = parsed.filter;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let matched = 0;
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const r of records) filter.matches(r);
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    let n = 0;
    for (const r of records) if (filter.matches(r)) n++;
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    matched = n;
  }
  results[name] = { matched, wallMsPer10k: spread(times), cpuMsPer10k: spread(cpuTimes) };
}
console.log(JSON.stringify({ records: RECORDS, rounds: ROUNDS, targetMs: 50, results }, null, 2));
