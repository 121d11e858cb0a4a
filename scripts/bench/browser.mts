// Benchmark 5: write → row rendered in the tail panel, through the real product: the packaged VSIX installed into
// code-server, the workbench in headless Chromium, the tail opened with the command palette
// ("DynamoDB Streams: Tail stream" → pick the table), then single PutItem writes whose key carries a unique marker.
// A MutationObserver installed inside the webview's frame records performance.timeOrigin + performance.now() when
// a row with the marker is added to the DOM; node records its wall clock when the write starts (same machine, same
// clock). The row's "Arrived" cell title holds the extension host's receive time (ISO, ms), which splits the
// latency into write → extension host and extension host → DOM.
// Usage (normally via scripts/bench.mjs): node --import tsx scripts/bench/browser.mts [--no-package] [--n 200] [--out f]
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Frame, Page } from 'playwright-core';
import { startCodeServer } from '../lib/code-server.mjs';
import { isolatedAwsEnv, launchChromium } from '../lib/browser.mjs';
import { localRegion } from '../lib/dynamodb-local.mjs';
import { eventually, installPackagedVsix, root } from './workbench.mts';
import { args, clients, createStreamTable, log as makeLog, nowMs, orderItem, sleep, startDynamoDbLocal, summarize, uniform, writeResult } from './common.mts';

const log = makeLog('browser');
const a = args();
const N = Number(a.get('n') ?? (a.quick ? 30 : 200));
const WARMUP = 3;
const TABLE = 'BenchTail';
const TIMEOUT_MS = 15_000;
const work = join(root, 'test-results', 'bench');
const cleanups: (() => Promise<unknown>)[] = [];

declare global {
  interface Window {
    __bench?: { seen: Record<string, number>; arrived: Record<string, number>; skew: number[] };
  }
}

/** The frame (nested webview iframes) that holds the tail panel's list. */
async function tailFrame(page: Page): Promise<Frame> {
  return eventually('the tail webview frame', async () => {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => !!document.querySelector('#app .viewport[role="grid"]')).catch(() => false);
      if (found) return frame;
    }
    return undefined;
  }, 60_000);
}

/** Command palette → "DynamoDB Streams: Tail stream" → the table in the quick pick. */
async function openTailFromPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill('>DynamoDB Streams: Tail stream');
  // Exactly that command: "Tail Kinesis data stream…" matches the same words.
  const command = page
    .locator('.quick-input-widget [role="option"]')
    .filter({ has: page.locator('.label-name', { hasText: /^DynamoDB Streams: Tail stream$/ }) })
    .first();
  await command.waitFor({ timeout: 15_000 });
  await command.click();
  const option = page.locator('.quick-input-widget [role="option"]', { hasText: TABLE }).first();
  await option.waitFor({ timeout: 30_000 });
  await option.click();
}

async function main() {
  const { userDataDir, extensionsDir, workspace } = installPackagedVsix(work, log);

  const ddb = await startDynamoDbLocal();
  cleanups.push(() => ddb.stop());
  const { dynamodb } = clients(ddb.endpoint);
  cleanups.push(async () => dynamodb.destroy());
  await createStreamTable(dynamodb, TABLE);

  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    env: isolatedAwsEnv(join(work, 'aws'), ddb.endpoint),
    settings: { 'dynamodbStreams.endpoint': ddb.endpoint, 'dynamodbStreams.region': localRegion, 'dynamodbStreams.tail.startPosition': 'LATEST' },
    logFile: join(work, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const t0 = Date.now();
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
  log(`workbench loaded in ${Date.now() - t0} ms`);
  // Open the view first (the extension activates and lists the tables), then tail through the command palette.
  await page.locator('.activitybar [aria-label^="DynamoDB Streams"]').first().click({ timeout: 30_000 });
  await page.locator('.pane-body [role="treeitem"]', { hasText: TABLE }).first().waitFor({ timeout: 60_000 });
  await openTailFromPalette(page);
  await page.locator('.tab', { hasText: `Tail: ${TABLE}` }).first().waitFor({ timeout: 30_000 });
  const frame = await tailFrame(page);
  await eventually('the tail to be Running', () => frame.evaluate(() => document.querySelector('.status')?.textContent?.includes('Running') || undefined), 30_000);
  log(`tail panel open and running (${Date.now() - t0} ms after navigation)`);

  const prefix = `BM${Date.now().toString(36)}-`;
  await frame.evaluate((prefix) => {
    const bench = { seen: {} as Record<string, number>, arrived: {} as Record<string, number>, skew: [] as number[] };
    window.__bench = bench;
    const re = new RegExp(`${prefix}(\\d+)`, 'g');
    new MutationObserver((mutations) => {
      const t = performance.timeOrigin + performance.now();
      const wall = Date.now();
      for (const m of mutations) {
        for (const node of Array.from(m.addedNodes)) {
          if (!(node instanceof HTMLElement)) continue;
          for (const match of Array.from((node.textContent ?? '').matchAll(re))) {
            const id = match[1];
            if (bench.seen[id] !== undefined) continue;
            bench.seen[id] = t;
            bench.skew.push(wall - t);
            const title = node.querySelector('.cell.arrived')?.getAttribute('title') ?? '';
            const arrived = Date.parse(title.replace(/^Arrived /, ''));
            if (Number.isFinite(arrived)) bench.arrived[id] = arrived;
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, prefix);

  const total: number[] = [];
  const toHost: number[] = [];
  const hostToDom: number[] = [];
  let missed = 0;
  for (let i = -WARMUP; i < N; i++) {
    await sleep(uniform(300, 1000));
    const id = String(i + WARMUP);
    const start = nowMs();
    await dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: orderItem(i + WARMUP, `${prefix}${id}`) }));
    const got = await frame
      .waitForFunction((id) => window.__bench?.seen[id] !== undefined && { seen: window.__bench.seen[id], arrived: window.__bench.arrived[id] }, id, {
        polling: 50,
        timeout: TIMEOUT_MS,
      })
      .then((h) => h.jsonValue() as Promise<{ seen: number; arrived?: number }>)
      .catch(() => undefined);
    if (i < 0) continue;
    if (!got) {
      missed++;
      log(`write ${id}: no row within ${TIMEOUT_MS} ms`);
      continue;
    }
    total.push(got.seen - start);
    if (got.arrived !== undefined) {
      toHost.push(got.arrived - start);
      hostToDom.push(got.seen - got.arrived);
    }
    if ((i + 1) % 50 === 0) log(`${i + 1}/${N} writes`);
  }
  const skew = await frame.evaluate(() => window.__bench?.skew ?? []);
  await page.screenshot({ path: join(work, 'tail-panel.png') });
  const chromiumVersion = browser.version();
  return {
    n: N,
    missed,
    writeToDom: summarize(total),
    writeToExtensionHost: summarize(toHost),
    extensionHostToDom: summarize(hostToDom),
    pageClockSkewMs: { maxAbs: Math.round(Math.max(0, ...skew.map(Math.abs)) * 10) / 10 },
    chromium: chromiumVersion,
    screenshot: 'test-results/bench/tail-panel.png',
  };
}

let status = 0;
try {
  writeResult(a.out, await main());
} catch (err) {
  status = 1;
  console.error(`[bench:browser] FAILED: ${(err as Error).stack ?? err}`);
  writeResult(a.out, { error: String((err as Error).message ?? err) });
} finally {
  for (const c of cleanups.reverse()) await c().catch((e) => log(`cleanup: ${e}`));
}
process.exit(status);
