// What the Node.js runners share (node-runner.cjs runs a handler once, node-warm-runner.cjs keeps it loaded): loading
// the handler's module, finding its own export, the Lambda-like context, calling a promise or callback handler, the
// error shape and the result's encoding under Lambda's 6 MB response limit.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

/** Lambda's limit on a response payload. */
const MAX_RESULT_BYTES = 6 * 1024 * 1024;

async function loadModule(file) {
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

/** Loads the file and returns its export `exportName`; throws a HandlerNotFound error naming the functions it has. */
async function loadHandler(file, exportName) {
  const mod = await loadModule(path.resolve(file));
  const fn = ownExport(mod, exportName);
  if (typeof fn !== 'function') {
    const found = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw Object.assign(new Error(`${path.basename(file)} exports no function "${exportName}"${found.length ? `; it exports ${found.join(', ')}` : ''}.`), { name: 'HandlerNotFound' });
  }
  return fn;
}

/** The context object a Lambda Node.js handler receives, for a local function. */
function makeContext({ functionName, functionArn, awsRequestId, deadline }) {
  const region = process.env.AWS_REGION || 'us-east-1';
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn || `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** Calls an async, promise-returning or callback-style handler; settles once with its value or error. */
function callHandler(fn, event, context) {
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

function errorOf(err) {
  if (err instanceof Error) return { errorType: err.name || 'Error', errorMessage: err.message, stack: String(err.stack || '').split('\n') };
  let errorMessage;
  try {
    errorMessage = typeof err === 'string' ? err : JSON.stringify(err);
  } catch {
    errorMessage = String(err);
  }
  return { errorType: 'Error', errorMessage: errorMessage ?? String(err) };
}

/**
 * A returned value as JSON text (undefined → null), or the error Lambda would report instead: a value that is not
 * JSON, or one over the 6 MB response limit. Returns { json } or { error }.
 */
function encodeResult(value) {
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    return { error: { errorType: 'ResultNotJson', errorMessage: `The handler's result cannot be written as JSON: ${e.message}` } };
  }
  if (json === undefined) json = 'null'; // a function or a symbol: nothing JSON can hold
  // A quick bound first: UTF-8 takes at most 3 bytes per UTF-16 unit.
  const bytes = json.length * 3 <= MAX_RESULT_BYTES ? json.length : Buffer.byteLength(json);
  if (bytes > MAX_RESULT_BYTES) {
    const errorMessage = `The handler returned ${(bytes / 1024 / 1024).toFixed(1)} MB; Lambda's response payload limit is 6 MB (${MAX_RESULT_BYTES} bytes).`;
    return { error: { errorType: 'ResultTooLarge', errorMessage } };
  }
  return { json };
}

/** Kills the runner's own process group: what the handler started goes with it (only if the runner leads a group). */
function endGroup() {
  try {
    process.on('SIGTERM', () => undefined);
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // not a group leader, or nothing left
  }
}

/** Calls onLine with each complete line of the text chunks given to the returned function (a line may span chunks). */
function lineSplitter(onLine) {
  let parts = [];
  return (chunk) => {
    let start = 0;
    let newline;
    while ((newline = chunk.indexOf('\n', start)) >= 0) {
      parts.push(chunk.slice(start, newline));
      const line = parts.join('');
      parts = [];
      start = newline + 1;
      onLine(line);
    }
    if (start < chunk.length) parts.push(chunk.slice(start));
  };
}

module.exports = { MAX_RESULT_BYTES, loadHandler, makeContext, callHandler, errorOf, encodeResult, endGroup, lineSplitter };
