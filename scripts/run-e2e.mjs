// End-to-end test: package the VSIX (`npm run package`), install it into a fresh code-server, create tables in a
// fresh DynamoDB Local, open the workbench in headless Chromium and run the steps of test/e2e/e2e.mjs.
// Screenshots go to test-results/screenshots/; with DDB_STREAMS_UPDATE_DOCS=1 the last step also copies tail.png and
// tree.png (the README's pictures) to docs/images/.
// Usage: node scripts/run-e2e.mjs [--no-package]   (--no-package reuses dist/dynamodb-streams.vsix)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, localCredentials, localRegion } from './lib/dynamodb-local.mjs';
import { ensureCodeServer, installVsix, startCodeServer } from './lib/code-server.mjs';
import { startKinesalite } from './lib/kinesalite.mjs';
import { startKinesisRelay } from './lib/kinesis-relay.mjs';
import { launchChromium, isolatedAwsEnv } from './lib/browser.mjs';
import { createTables, KINESIS_STREAM, steps, tailSummary, treeRows, visibleNotifications } from '../test/e2e/e2e.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const results = join(root, 'test-results');
const work = join(results, 'e2e'); // user data and logs stay here for inspection
const screenshots = join(results, 'screenshots');
const vsix = join(root, 'dist', 'dynamodb-streams.vsix');
const log = (msg) => console.log(`[e2e] ${msg}`);
const cleanups = [];

async function main() {
  if (!process.argv.includes('--no-package')) {
    log('npm run package …');
    rmSync(vsix, { force: true });
    execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist (npm run package failed?)`);
  ensureCodeServer();

  rmSync(work, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const userDataDir = join(work, 'user-data');
  const extensionsDir = join(work, 'extensions');
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  log(`installing ${vsix} into a fresh extensions folder`);
  process.stdout.write(installVsix({ vsix, extensionsDir, userDataDir }));

  const ddb = await startDynamoDbLocal();
  cleanups.push(() => ddb.stop());
  const dynamodb = new DynamoDBClient({ endpoint: ddb.endpoint, region: localRegion, credentials: localCredentials });
  cleanups.push(async () => dynamodb.destroy());
  // kinesalite and the demo relay (a fixture answering the Kinesis destination calls in front of DynamoDB Local): the
  // extension talks to the relay, as with npm start.
  const kinesis = await startKinesalite();
  cleanups.push(() => kinesis.stop());
  const relay = await startKinesisRelay({ dynamodbEndpoint: ddb.endpoint, kinesisEndpoint: kinesis.endpoint });
  cleanups.push(() => relay.stop());
  await createTables(dynamodb, { relayEndpoint: relay.endpoint, kinesis });
  log(`DynamoDB Local at ${ddb.endpoint} with tables Orders (NEW_AND_OLD_IMAGES, Kinesis destination ${KINESIS_STREAM}) and Customers (no stream); relay at ${relay.endpoint}`);

  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    env: isolatedAwsEnv(join(work, 'aws'), relay.endpoint),
    settings: { 'dynamodbStreams.endpoint': relay.endpoint, 'dynamodbStreams.kinesisEndpoint': kinesis.endpoint, 'dynamodbStreams.region': localRegion },
    logFile: join(work, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  log(`code-server at ${server.url}`);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);

  const ctx = { page, dynamodb, screenshots, workspace, shot: (name) => page.screenshot({ path: join(screenshots, `${name}.png`) }) };
  let passed = 0;
  let failed = 0;
  let notRun = 0;
  for (const [i, [name, run]] of steps.entries()) {
    const started = Date.now();
    try {
      await run(ctx);
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`  ✗ ${name} (${Date.now() - started} ms)\n     ${String(err.message ?? err).split('\n').join('\n     ')}`);
      const shot = join(screenshots, `failure-${i + 1}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      const notes = await visibleNotifications(page);
      if (notes.length) console.log(`     window shows: ${notes.map((n) => JSON.stringify(n.trim())).join('; ')}`);
      const rows = await treeRows(page);
      if (rows.length) console.log(`     tree rows: ${rows.map((r) => JSON.stringify(r)).join('; ')}`);
      for (const line of await tailSummary(page)) console.log(`     tail panel ${line}`);
      console.log(`     screenshot: ${shot}`);
      const skipped = steps.slice(i + 1).map(([n]) => n);
      skipped.forEach((n) => console.log(`  - ${n} (not run)`));
      notRun = skipped.length; // later steps depend on this one
      break;
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed${notRun ? `, ${notRun} not run` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

let status = 1;
try {
  status = await main();
} catch (err) {
  console.error(`[e2e] FAILED: ${err.stack || err}`);
  console.log(`e2e: 0 passed, 1 failed`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(`[e2e] cleanup: ${e.message}`));
}
process.exit(status);
