// Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
// Usage: node node-runner.cjs <handler file> <export name> <function name> <timeout ms> <outcome file>; the event is
// JSON on stdin. The handler's own output goes to stdout/stderr as it is; the outcome is written to the outcome file:
//   {"kind":"result","value":<the returned value>}   or   {"kind":"error","error":{"errorType","errorMessage","stack"}}
// The runner leads its process group (the extension starts it detached). A watchdog thread kills the group when the
// deadline has passed or the extension host is gone, even while the handler blocks this thread.
'use strict';
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { Worker } = require('node:worker_threads');
const { loadHandler, makeContext, callHandler, errorOf, encodeResult, endGroup } = require('./node-handler-common.cjs');

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

function finish(outcomeFile, outcome) {
  let text;
  let code = outcome.kind === 'result' ? 0 : 1;
  if (outcome.kind === 'result') {
    const encoded = encodeResult(outcome.value);
    if (encoded.error) code = 1;
    text = encoded.error ? JSON.stringify({ kind: 'error', error: encoded.error }) : `{"kind":"result","value":${encoded.json}}`;
  } else text = JSON.stringify(outcome);
  fs.writeFileSync(outcomeFile, text);
  // Let stdout drain before leaving.
  process.stdout.write('', () => process.exit(code));
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
  const fn = await loadHandler(file, exportName);
  return callHandler(fn, event, makeContext({ functionName, awsRequestId: randomUUID(), deadline }));
}

const [file, exportName = 'handler', functionName = 'local-handler', timeoutText = '30000', outcomeFile] = process.argv.slice(2);
const timeoutMs = Number(timeoutText) > 0 ? Number(timeoutText) : 30000;
if (!outcomeFile) {
  process.stderr.write('node-runner.cjs: no outcome file given\n');
  process.exit(2);
}
startWatchdog(timeoutMs);
// However the runner ends, what the handler started ends with it (the extension kills the group too; this covers a
// runner whose parent is gone).
process.on('exit', endGroup);
main(file, exportName, functionName, timeoutMs).then(
  (value) => finish(outcomeFile, { kind: 'result', value }),
  (err) => finish(outcomeFile, { kind: 'error', error: errorOf(err) }),
);
