// `npm start`: build, start DynamoDB Local on 127.0.0.1:8000 with demo tables and live traffic, and open VS Code
// with the extension pointed at it. Ctrl-C stops everything this started.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal, cacheRoot } from './lib/dynamodb-local.mjs';
import { createDemoTables, localClient, runDemoTraffic } from './lib/demo-data.mjs';
import { startKinesalite } from './lib/kinesalite.mjs';
import { kinesisStreamArn, startKinesisRelay } from './lib/kinesis-relay.mjs';
import { EnableKinesisStreamingDestinationCommand } from '@aws-sdk/client-dynamodb';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.DDB_PORT || 8000);
const kinesisPort = Number(process.env.KINESIS_PORT || 4567);
const KINESIS_STREAM = 'orders-changes';
const stops = [];
let stopping = false;

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

try {
  console.log('Building the extension…');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });

  console.log(`Starting DynamoDB Local on 127.0.0.1:${port}…`);
  // -sharedDb: any client, with any credentials and region (the aws CLI with real keys too), sees the demo tables.
  const ddb = await startDynamoDbLocal({ port, sharedDb: true }).catch((err) => {
    throw new Error(`${err.message}\nIf port ${port} is taken, run with another: DDB_PORT=8001 npm start`);
  });
  stops.push(() => ddb.stop());

  const client = localClient(ddb.endpoint);
  await createDemoTables(client);
  console.log('Created tables Orders (stream NEW_AND_OLD_IMAGES), Customers (no stream), Sessions (TTL, stream OLD_IMAGE).');

  // Kinesis Data Streams: kinesalite, and the demo relay (a fixture) that gives DynamoDB Local the Kinesis destination
  // calls and copies Orders' changes into the data stream in the documented format.
  console.log(`Starting kinesalite (Kinesis) on 127.0.0.1:${kinesisPort}…`);
  const kinesis = await startKinesalite({ port: kinesisPort }).catch((err) => {
    throw new Error(`${err.message}\nIf port ${kinesisPort} is taken, run with another: KINESIS_PORT=4568 npm start`);
  });
  stops.push(() => kinesis.stop());
  await kinesis.createStream(KINESIS_STREAM, 2);
  const relay = await startKinesisRelay({ dynamodbEndpoint: ddb.endpoint, kinesisEndpoint: kinesis.endpoint });
  stops.push(() => relay.stop());
  const viaRelay = localClient(relay.endpoint);
  await viaRelay.send(new EnableKinesisStreamingDestinationCommand({ TableName: 'Orders', StreamArn: kinesisStreamArn(KINESIS_STREAM) }));
  console.log(`Orders streams its changes to the Kinesis data stream ${KINESIS_STREAM} (2 shards).`);

  const traffic = new AbortController();
  stops.push(() => traffic.abort());
  void runDemoTraffic(client, traffic.signal, (m) => console.log(`  demo: ${m}`));

  // A workspace whose settings point the extension at the relay (DynamoDB Local with Kinesis destinations) and kinesalite.
  const extensionSettings = { 'dynamodbStreams.endpoint': relay.endpoint, 'dynamodbStreams.kinesisEndpoint': kinesis.endpoint, 'dynamodbStreams.region': 'us-east-1' };
  const workspace = join(cacheRoot, 'demo-workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(extensionSettings, null, 2) + '\n');
  const awsEnv = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };

  if (hasCommand('code') && !process.env.DDB_STREAMS_USE_CODE_SERVER) {
    console.log('Opening VS Code with the extension in development mode…');
    const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', env: { ...process.env, ...awsEnv } });
    child.on('error', (err) => console.error(`Could not start VS Code: ${err.message}`));
  } else {
    const { startCodeServer } = await import('./lib/code-server.mjs');
    console.log('VS Code (`code`) is not on PATH: starting code-server (installed once into the cache)…');
    const server = await startCodeServer({
      userDataDir: join(cacheRoot, 'demo-user-data'),
      extensionsDir: join(cacheRoot, 'demo-extensions'),
      folder: workspace,
      env: awsEnv,
      settings: extensionSettings,
    });
    stops.push(() => server.stop());
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${root}`]];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`\nOpen this URL in a browser:\n\n  ${url}\n`);
  }
  console.log('Then click the "DynamoDB Streams" icon in the activity bar and right-click Orders → Tail stream;');
  console.log('expand Orders and right-click its Kinesis destination → Tail Kinesis stream.');
  console.log(`DynamoDB Local: ${ddb.endpoint} (one shared database: any credentials and region see the same tables).`);
  console.log(`Kinesis (kinesalite): ${kinesis.endpoint}. Ctrl-C stops everything.`);
} catch (err) {
  console.error(`\nnpm start failed: ${err.message}`);
  await stopAll(1);
}
