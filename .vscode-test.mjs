// @vscode/test-cli configuration: the extension-host suites on desktop VS Code, for machines that can download it
// (`npm run test:vscode`). On the project's offline test machines the same suites run in code-server instead:
// `node scripts/run-exthost-tests.mjs` (part of `npm test`).
import { defineConfig } from '@vscode/test-cli';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal, localRegion } from './scripts/lib/dynamodb-local.mjs';
import { isolatedAwsEnv } from './scripts/lib/browser.mjs';

const root = import.meta.dirname;
const work = join(root, '.vscode-test', 'ddb-streams');
const userDataDir = join(work, 'user-data');
const workspace = join(work, 'workspace');

// Only start DynamoDB Local for a real run, not when an editor merely lists the configuration.
let endpoint = process.env.DDB_STREAMS_TEST_ENDPOINT;
if (!endpoint && !process.argv.includes('--list-configuration')) {
  const ddb = await startDynamoDbLocal();
  endpoint = ddb.endpoint;
  process.on('exit', () => { try { process.kill(ddb.pid, 'SIGKILL'); } catch { /* gone */ } });
}

// Same clean window and settings as the code-server runner.
mkdirSync(join(userDataDir, 'User'), { recursive: true });
mkdirSync(workspace, { recursive: true });
writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'dynamodbStreams.endpoint': endpoint ?? '',
  'dynamodbStreams.region': localRegion,
}, null, 2));

export default defineConfig({
  label: 'exthost',
  // Bundled by `node scripts/build.mjs --tests`; index.js is the code-server/test-electron entry, not a suite.
  files: 'dist/test/exthost/*.test.js',
  version: '1.100.3', // the VS Code version code-server 4.100.3 embeds, so both runs see the same API
  workspaceFolder: workspace,
  launchArgs: ['--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust'],
  env: {
    ...(endpoint ? isolatedAwsEnv(join(work, 'aws'), endpoint) : {}),
    DDB_STREAMS_EXTHOST_RESULT: join(root, 'test-results', 'exthost-desktop-result.json'),
  },
  mocha: { ui: 'bdd', timeout: 60_000, color: true },
});
