// Keeps a local Lambda handler loaded and runs it on one event after another, like Lambda's execution environment
// (started by the local trigger's WarmRunnerPool, src/handlers/warmRunner.ts; never in the extension host).
// Usage: node node-warm-runner.cjs <handler file> <export name> <function name> <function ARN>
// The protocol is NDJSON on fd 3 (a pipe of its own: the handler's stdout/stderr stay its own output):
//   runner → host  {"type":"ready","loadMs":n}   or   {"type":"initError","loadMs":n,"error":{…}}   once, after loading
//   host → runner  {"type":"invoke","id":n,"requestId":"…","timeoutMs":n,"event":{…}}
//   runner → host  {"type":"result","id":n,"value":…}   or   {"type":"error","id":n,"error":{"errorType","errorMessage"}}
// The runner leads its process group (the host starts it detached). It exits when the host's end of the pipe closes;
// a watchdog thread kills the group when an invocation is well past its deadline or the host is gone, even while the
// handler blocks this thread.
'use strict';
const net = require('node:net');
const { performance } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');
const { loadHandler, makeContext, callHandler, errorOf, encodeResult, endGroup, lineSplitter } = require('./node-handler-common.cjs');

/** The host stops an invocation at its deadline; the watchdog is the backstop a little later. */
const WATCHDOG_GRACE_MS = 2000;

/** The deadline (epoch ms) of the invocation in progress, 0 when idle: shared with the watchdog thread. */
const deadline = new BigInt64Array(new SharedArrayBuffer(8));

function startWatchdog() {
  const code = `
    const { workerData } = require('node:worker_threads');
    const killGroup = () => {
      try { process.kill(-workerData.pid, 'SIGKILL'); } catch { process.kill(workerData.pid, 'SIGKILL'); }
    };
    setInterval(() => {
      const due = Number(Atomics.load(workerData.deadline, 0));
      if (process.ppid !== workerData.ppid || (due > 0 && Date.now() > due + workerData.graceMs)) killGroup();
    }, 250);
  `;
  const worker = new Worker(code, { eval: true, workerData: { pid: process.pid, ppid: process.ppid, deadline, graceMs: WATCHDOG_GRACE_MS } });
  worker.unref(); // the watchdog alone does not keep the runner alive
}

const [file, exportName = 'handler', functionName = 'local-handler', functionArn = ''] = process.argv.slice(2);
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
const send = (message) => channel.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
/** The invocation in progress: an uncaught error in the handler's code ends it (and then the process, as Lambda does). */
let current;

function answer(id, outcome) {
  Atomics.store(deadline, 0, 0n);
  if (current?.id === id) current = undefined;
  if ('error' in outcome) {
    process.stderr.write(`Invoke error ${outcome.error.errorType}: ${outcome.error.errorMessage}\n${(outcome.error.stack ?? []).slice(1).join('\n')}\n`);
    send({ type: 'error', id, error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } });
    return;
  }
  const encoded = encodeResult(outcome.value);
  if (encoded.error) send({ type: 'error', id, error: encoded.error });
  else send(`{"type":"result","id":${JSON.stringify(id)},"value":${encoded.json}}`);
}

function invoke(fn, request) {
  const due = Date.now() + request.timeoutMs;
  Atomics.store(deadline, 0, BigInt(due));
  current = { id: request.id };
  const context = makeContext({ functionName, functionArn, awsRequestId: request.requestId, deadline: due });
  let settled;
  try {
    settled = callHandler(fn, request.event, context);
  } catch (err) {
    settled = Promise.reject(err);
  }
  settled.then(
    (value) => answer(request.id, { value }),
    (err) => answer(request.id, { error: errorOf(err) }),
  );
}

function fail(kind, err) {
  // Lambda's Node.js runtime: an error nothing caught ends the invocation with it, and the environment is replaced.
  if (current) answer(current.id, { error: { ...errorOf(err), errorType: kind } });
  else process.stderr.write(`${kind}: ${errorOf(err).stack?.join('\n') ?? String(err)}\n`);
  channel.end(() => process.exit(1));
}

async function main() {
  startWatchdog();
  process.on('exit', endGroup); // what the handler started ends with the runner
  process.on('uncaughtException', (err) => fail('Runtime.UncaughtException', err));
  process.on('unhandledRejection', (err) => fail('Runtime.UnhandledPromiseRejection', err));
  channel.on('error', () => process.exit(1));
  channel.on('close', () => process.exit(0)); // the host is gone or let go of this lane
  const started = performance.now();
  let fn;
  try {
    fn = await loadHandler(file, exportName);
  } catch (err) {
    send({ type: 'initError', loadMs: performance.now() - started, error: errorOf(err) });
    channel.end(() => process.exit(1));
    return;
  }
  send({ type: 'ready', loadMs: performance.now() - started });
  channel.setEncoding('utf8');
  channel.on(
    'data',
    lineSplitter((line) => {
      if (line.trim() === '') return;
      const request = JSON.parse(line);
      if (request.type === 'invoke') invoke(fn, request);
    }),
  );
}

void main();
