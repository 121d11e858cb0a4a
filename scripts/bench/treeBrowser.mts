// Benchmark 6b: the tree at scale through the real product. The packaged VSIX in code-server, the workbench in
// headless Chromium, DynamoDB Local with 1,000 tables (every third with a stream) behind a counting proxy. The bench
// clicks the view's activity-bar icon; a MutationObserver in the page records (browser clock) when the first table
// names are on screen, when the first row shows its stream state instead of "…", and when every table row on screen
// does. DescribeTable is counted at the proxy: how many had been made when the first screenful was complete, the most
// at once, and the total once all rows are read (each table once).
// Usage (normally via scripts/bench.mjs --only=treeBrowser): node --import tsx scripts/bench/treeBrowser.mts
//   [--no-package | --vsix <file>] [--quick] [--out f]
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startCodeServer } from '../lib/code-server.mjs';
import { isolatedAwsEnv, launchChromium } from '../lib/browser.mjs';
import { localRegion } from '../lib/dynamodb-local.mjs';
import { eventually, installPackagedVsix, root } from './workbench.mts';
import { args, clients, countingProxy, log as makeLog, nowMs, startDynamoDbLocal, writeResult } from './common.mts';

const log = makeLog('treeBrowser');
const a = args();
const TABLES = a.quick ? 300 : 1000;
const PREFIX = 'bench-table-';
const names = Array.from({ length: TABLES }, (_, i) => `${PREFIX}${String(i).padStart(4, '0')}`);
const work = join(root, 'test-results', 'bench-tree');
const cleanups: (() => Promise<unknown>)[] = [];

/** Browser-clock times (ms since the epoch) of what the page showed first. */
interface Seen {
  names?: number;
  firstRow?: number;
  screen?: number;
  screenRows?: number;
}

declare global {
  interface Window {
    __treeBench?: Seen;
  }
}

async function createTables(endpoint: string): Promise<void> {
  const { dynamodb } = clients(endpoint);
  const started = nowMs();
  for (let i = 0; i < TABLES; i += 25) {
    await Promise.all(names.slice(i, i + 25).map((TableName, j) => dynamodb.send(new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: (i + j) % 3 === 0 ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
    }))));
  }
  dynamodb.destroy();
  log(`${TABLES} tables created in ${((nowMs() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const { userDataDir, extensionsDir, workspace } = installPackagedVsix(work, log);
  const ddb = await startDynamoDbLocal();
  cleanups.push(() => ddb.stop());
  await createTables(ddb.endpoint);
  const proxy = await countingProxy(ddb.endpoint);
  cleanups.push(() => proxy.close());

  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    env: isolatedAwsEnv(join(work, 'aws'), proxy.endpoint),
    settings: { 'dynamodbStreams.endpoint': proxy.endpoint, 'dynamodbStreams.region': localRegion },
    logFile: join(work, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });

  // tsx keeps function names by wrapping them in `__name(…)`, which the page lacks.
  await page.evaluate('window.__name = (f) => f');
  // Watches the side bar's rows from before the click: names first, then their descriptions.
  await page.evaluate(({ prefix, firstName }) => {
    const seen: Seen = {};
    window.__treeBench = seen;
    const check = () => {
      const t = performance.timeOrigin + performance.now();
      const rows = Array.from(document.querySelectorAll('.pane-body .monaco-list-row[role="treeitem"]'))
        .map((row) => ({ name: row.querySelector('.label-name')?.textContent ?? '', state: row.querySelector('.label-description')?.textContent ?? '' }))
        .filter((row) => row.name.startsWith(prefix));
      if (rows.length === 0) return;
      seen.names ??= t;
      const known = (row: { state: string }) => row.state !== '' && row.state !== '…';
      const first = rows.find((row) => row.name === firstName);
      if (first && known(first)) seen.firstRow ??= t;
      if (seen.screen === undefined && rows.every(known)) {
        seen.screen = t;
        seen.screenRows = rows.length;
      }
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, { prefix: PREFIX, firstName: names[0] });

  proxy.reset();
  const clicked = nowMs();
  await page.locator('.activitybar [aria-label^="DynamoDB Streams"]').first().click({ timeout: 30_000 });
  const seen = await eventually('the first screenful with its stream state', async () => {
    const s = await page.evaluate(() => window.__treeBench);
    return s?.screen !== undefined && s.firstRow !== undefined ? s : undefined;
  }, 120_000, 50);
  const describesAtScreen = proxy.count('DescribeTable');
  await page.screenshot({ path: join(work, 'tree.png') });
  await eventually('every table described', async () => proxy.count('DescribeTable') >= TABLES || undefined, 300_000, 100);
  const allMs = nowMs() - clicked;
  const { names: namesAt = NaN, firstRow = NaN, screen = NaN, screenRows = 0 } = seen;
  const round = (x: number) => Math.round(x);
  return {
    tables: TABLES,
    clickToNamesMs: round(namesAt - clicked),
    namesToFirstRowStateMs: round(firstRow - namesAt),
    namesToFirstScreenStateMs: round(screen - namesAt),
    screenRows,
    describeTableAtFirstScreen: describesAtScreen,
    clickToAllDescribedMs: round(allMs),
    describeTable: proxy.count('DescribeTable'),
    describeTablePeakInFlight: proxy.peak('DescribeTable'),
    requests: proxy.snapshot(),
    chromium: browser.version(),
    screenshot: 'test-results/bench-tree/tree.png',
  };
}

let status = 0;
try {
  writeResult(a.out, await main());
} catch (err) {
  status = 1;
  console.error(`[bench:treeBrowser] FAILED: ${(err as Error).stack ?? err}`);
  writeResult(a.out, { error: String((err as Error).message ?? err) });
} finally {
  for (const c of cleanups.reverse()) await c().catch((e) => log(`cleanup: ${e}`));
}
process.exit(status);
