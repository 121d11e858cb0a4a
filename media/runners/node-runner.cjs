// Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
// Usage: node node-runner.cjs <handler file> <export name> <function name> <timeout ms> <outcome file>; the event is
// JSON on stdin. The handler's own output goes to stdout/stderr as it is; the outcome is written to the outcome file:
//   {"kind":"result","value":<the returned value>}   or   {"kind":"error","error":{"errorType","errorMessage","stack"}}
// The runner leads its process group (the extension starts it detached). A watchdog thread kills the group when the
// deadline has passed or the extension host is gone, even while the handler blocks this thread.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');
const { Worker } = require('node:worker_threads');

/** Lambda's limit on a response payload. */
const MAX_RESULT_BYTES = 6 * 1024 * 1024;
/** The extension stops the run at the deadline; the watchdog is the backstop a little later. */
const WATCHDOG_GRACE_MS = 2000;

function startWatchdog(timeoutMs) {
  const code = `
    const { workerData } = require('node:worker_threads');
    const killGroup = () => {
      try { process.kill(-workerData.pid, 'SIGKILL'); } catch { process.kill(workerData.pid, 'SIGKILL'); }
    };
    setTimeout(killGroup, workerData.timeoutMs);
    setInterval(() => { if (process.ppid !== workerData.ppid) killGroup(); }, 500);
  `;
  const worker = new Worker(code, { eval: true, workerData: { pid: process.pid, ppid: process.ppid, timeoutMs: timeoutMs + WATCHDOG_GRACE_MS } });
  worker.unref(); // the watchdog alone does not keep the runner alive
}

function finish(outcomeFile, outcome, code) {
  let text;
  try {
    text = JSON.stringify(outcome.kind === 'result' ? { kind: 'result', value: outcome.value === undefined ? null : outcome.value } : outcome);
  } catch (e) {
    text = JSON.stringify({ kind: 'error', error: { errorType: 'ResultNotJson', errorMessage: `The handler's result cannot be written as JSON: ${e.message}` } });
    code = 1;
  }
  const bytes = Buffer.byteLength(text);
  if (outcome.kind === 'result' && bytes > MAX_RESULT_BYTES) {
    const errorMessage = `The handler returned ${(bytes / 1024 / 1024).toFixed(1)} MB; Lambda's response payload limit is 6 MB (${MAX_RESULT_BYTES} bytes).`;
    text = JSON.stringify({ kind: 'error', error: { errorType: 'ResultTooLarge', errorMessage } });
    code = 1;
  }
  fs.writeFileSync(outcomeFile, text);
  // Let stdout drain before leaving.
  process.stdout.write('', () => process.exit(code));
}

function errorOf(err) {
  if (err instanceof Error) return { errorType: err.name || 'Error', errorMessage: err.message, stack: String(err.stack || '').split('\n') };
  return { errorType: 'Error', errorMessage: typeof err === 'string' ? err : JSON.stringify(err) };
}

async function load(file) {
  const ext = path.extname(file);
  if (ext === '.mjs') return import(pathToFileURL(file).href);
  try {
    return require(file);
  } catch (err) {
    // A .js file in an ES-module package ("type": "module"): load it as a module.
    if (err && (err.code === 'ERR_REQUIRE_ESM' || err.code === 'ERR_REQUIRE_ASYNC_MODULE')) return import(pathToFileURL(file).href);
    throw err;
  }
}

/** The module's own export of that name (an inherited member such as `constructor` is not an export). */
function ownExport(mod, name) {
  if (mod !== null && (typeof mod === 'object' || typeof mod === 'function')) {
    if (Object.hasOwn(mod, name)) return mod[name];
    const d = Object.hasOwn(mod, 'default') ? mod.default : undefined;
    if (d !== null && (typeof d === 'object' || typeof d === 'function') && Object.hasOwn(d, name)) return d[name];
  }
  return undefined;
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main(file, exportName, functionName, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const event = JSON.parse(await readStdin());
  const mod = await load(path.resolve(file));
  const fn = ownExport(mod, exportName);
  if (typeof fn !== 'function') {
    const found = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw Object.assign(new Error(`${path.basename(file)} exports no function "${exportName}"${found.length ? `; it exports ${found.join(', ')}` : ''}.`), { name: 'HandlerNotFound' });
  }
  const region = process.env.AWS_REGION || 'us-east-1';
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  return new Promise((resolve, reject) => {
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    context.done = callback;
    context.succeed = (value) => resolve(value);
    context.fail = (err) => reject(err);
    const returned = fn(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (fn.length < 3) resolve(returned); // neither a promise nor a callback handler: its return value
  });
}

const [file, exportName = 'handler', functionName = 'local-handler', timeoutText = '30000', outcomeFile] = process.argv.slice(2);
const timeoutMs = Number(timeoutText) > 0 ? Number(timeoutText) : 30000;
if (!outcomeFile) {
  process.stderr.write('node-runner.cjs: no outcome file given\n');
  process.exit(2);
}
startWatchdog(timeoutMs);
// However the runner ends, what the handler started ends with it (the extension kills the group too; this covers a
// runner whose parent is gone). Only the runner's own group: a process group with its pid exists only if it leads one.
process.on('exit', () => {
  try {
    process.on('SIGTERM', () => undefined);
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // not a group leader, or nothing left
  }
});
main(file, exportName, functionName, timeoutMs).then(
  (value) => finish(outcomeFile, { kind: 'result', value }, 0),
  (err) => finish(outcomeFile, { kind: 'error', error: errorOf(err) }, 1),
);
