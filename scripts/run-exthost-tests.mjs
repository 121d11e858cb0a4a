// Runs the extension-host mocha suites (test/exthost/*.test.ts) inside a real VS Code: code-server 4.100.3 with this
// repo as the development extension, opened by headless Chromium, against a fresh DynamoDB Local.
// Desktop VS Code cannot be downloaded here; `.vscode-test.mjs` runs the same suites where it can.
// Usage: node scripts/run-exthost-tests.mjs [--grep <pattern>]     Exit status: 0 all passed, 1 otherwise.
// DDB_STREAMS_EXTHOST_ORDER=reverse runs the suite files last to first (a check that no suite depends on file order).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal, localRegion } from './lib/dynamodb-local.mjs';
import { ensureCodeServer, startCodeServer } from './lib/code-server.mjs';
import { startKinesalite } from './lib/kinesalite.mjs';
import { startKinesisRelay } from './lib/kinesis-relay.mjs';
import { launchChromium, isolatedAwsEnv } from './lib/browser.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const results = join(root, 'test-results');
const work = join(results, 'exthost'); // user data, logs and workspace stay here for inspection after a run
const resultFile = join(results, 'exthost-result.json');
const TIMEOUT_MS = Number(process.env.DDB_STREAMS_EXTHOST_TIMEOUT_MS) || 10 * 60_000;
const grepIndex = process.argv.indexOf('--grep');
const grep = grepIndex > 0 ? process.argv[grepIndex + 1] : undefined;

const log = (msg) => console.log(`[exthost] ${msg}`);
const cleanups = [];

async function main() {
  let t = Date.now();
  log('building extension and test bundles …');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--tests'], { cwd: root, stdio: 'inherit' });
  const index = join(root, 'dist', 'test', 'exthost', 'index.js');
  if (!existsSync(index)) throw new Error(`${index} was not built`);
  ensureCodeServer();

  rmSync(work, { recursive: true, force: true });
  rmSync(resultFile, { force: true });
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });

  const ddb = await startDynamoDbLocal();
  cleanups.push(() => ddb.stop());
  log(`DynamoDB Local at ${ddb.endpoint}`);
  // kinesalite for Kinesis tails, and the demo relay that gives DynamoDB Local Kinesis destinations (a fixture).
  const kinesis = await startKinesalite();
  cleanups.push(() => kinesis.stop());
  const relay = await startKinesisRelay({ dynamodbEndpoint: ddb.endpoint, kinesisEndpoint: kinesis.endpoint });
  cleanups.push(() => relay.stop());
  log(`kinesalite at ${kinesis.endpoint}, Kinesis destination relay at ${relay.endpoint}`);

  const server = await startCodeServer({
    userDataDir: join(work, 'user-data'),
    extensionsDir: join(work, 'extensions'),
    folder: workspace,
    env: {
      ...isolatedAwsEnv(join(work, 'aws'), ddb.endpoint),
      DDB_STREAMS_TEST_KINESIS_ENDPOINT: kinesis.endpoint,
      DDB_STREAMS_TEST_RELAY_ENDPOINT: relay.endpoint,
      DDB_STREAMS_EXTHOST_RESULT: resultFile,
      DDB_STREAMS_EXTHOST_GREP: grep,
    },
    settings: { 'dynamodbStreams.endpoint': ddb.endpoint, 'dynamodbStreams.kinesisEndpoint': kinesis.endpoint, 'dynamodbStreams.region': localRegion },
    logFile: join(work, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  log(`code-server at ${server.url} (log: ${server.logFile})`);

  // The payload makes the workbench start the remote extension host with our extension in development mode and
  // call run() from extensionTestsPath, as @vscode/test-electron does on the desktop.
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(index)]];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const browserLog = [];
  page.on('console', (m) => browserLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => browserLog.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  log(`workbench opened; waiting for the suites (up to ${TIMEOUT_MS / 1000} s) …`);

  const deadline = Date.now() + TIMEOUT_MS;
  while (!existsSync(resultFile)) {
    if (Date.now() > deadline) {
      const shot = join(results, 'exthost-timeout.png');
      await page.screenshot({ path: shot }).catch(() => {});
      writeFileSync(join(work, 'browser-console.log'), browserLog.join('\n'));
      console.error(`[exthost] FAILED: no result from the extension host within ${TIMEOUT_MS / 1000} s.`);
      console.error(`  The extension or a test bundle probably failed to load, or a test hangs. Look at:`);
      console.error(`  screenshot ${shot}; browser console ${join(work, 'browser-console.log')};`);
      console.error(`  extension host log:\n${tailOf(findExtHostLog(join(work, 'user-data')), 40)}`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  writeFileSync(join(work, 'browser-console.log'), browserLog.join('\n'));
  return report(JSON.parse(readFileSync(resultFile, 'utf8')), Date.now() - t);
}

/** Prints each test mocha-style, then "N passing / M failing" lines that scripts/test.mjs parses. */
function report(result, elapsed) {
  console.log('');
  for (const test of result.tests) {
    const mark = test.state === 'passed' ? '  ✓' : test.state === 'pending' ? '  -' : '  ✗';
    console.log(`${mark} ${test.fullTitle}${test.duration ? ` (${test.duration} ms)` : ''}  [${test.file ?? ''}]`);
  }
  const failed = result.tests.filter((x) => x.state === 'failed');
  failed.forEach((test, i) => {
    console.log(`\n  ${i + 1}) ${test.fullTitle}:\n     ${(test.error?.stack || test.error?.message || '').split('\n').join('\n     ')}`);
  });
  console.log(`\n  ${result.stats.passes} passing (${Math.round(elapsed / 1000)}s)`);
  if (result.stats.pending) console.log(`  ${result.stats.pending} pending`);
  console.log(`  ${result.stats.failures} failing`);
  console.log(`[exthost] suites: ${result.files.filter((f) => f !== 'index.js').join(', ')}; result: ${resultFile}`);
  if (result.tests.length === 0) console.error('[exthost] FAILED: no tests ran');
  return result.status === 'passed' && result.tests.length > 0 ? 0 : 1;
}

function findExtHostLog(dir) {
  // code-server keeps the remote extension host's log under <user-data>/logs/<date>/exthost*/remoteexthost.log
  const found = [];
  const walk = (d) => {
    for (const name of existsSync(d) ? readdirSync(d) : []) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/exthost\.log$/i.test(name)) found.push(p);
    }
  };
  walk(join(dir, 'logs'));
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function tailOf(file, lines) {
  if (!file || !existsSync(file)) return '  (no extension host log found)';
  return `  (${file})\n` + readFileSync(file, 'utf8').split('\n').slice(-lines).map((l) => `  ${l}`).join('\n');
}

let status = 1;
try {
  status = await main();
} catch (err) {
  console.error(`[exthost] FAILED: ${err.stack || err}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(`[exthost] cleanup: ${e.message}`));
}
process.exit(status);
