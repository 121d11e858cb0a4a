// Runs a local Lambda handler once, in its own process (started by "Invoke handler…"; never in the extension host).
// Usage: node node-runner.cjs <handler file> <export name> <function name> <timeout ms>; the event is JSON on stdin.
// The handler's own output goes to stdout/stderr as it is; the outcome is one marked line on stdout:
//   __DDBS_HANDLER_RESULT__ <JSON of the returned value>   or   __DDBS_HANDLER_ERROR__ <{"errorType","errorMessage","stack"}>
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');

const RESULT = '__DDBS_HANDLER_RESULT__';
const ERROR = '__DDBS_HANDLER_ERROR__';

function finish(marker, value, code) {
  let text;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    text = JSON.stringify({ errorType: 'ResultNotJson', errorMessage: `The handler's result cannot be written as JSON: ${e.message}` });
    marker = ERROR;
    code = 1;
  }
  process.stdout.write(`\n${marker} ${text}\n`, () => process.exit(code));
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

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main() {
  const [file, exportName = 'handler', functionName = 'local-handler', timeoutText = '30000'] = process.argv.slice(2);
  const deadline = Date.now() + Number(timeoutText);
  const event = JSON.parse(await readStdin());
  const mod = await load(path.resolve(file));
  const fn = mod[exportName] ?? (mod.default && mod.default[exportName]);
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
  const outcome = await new Promise((resolve, reject) => {
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    context.done = callback;
    context.succeed = (value) => resolve(value);
    context.fail = (err) => reject(err);
    const returned = fn(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (fn.length < 3) resolve(returned); // neither a promise nor a callback handler: its return value
  });
  finish(RESULT, outcome, 0);
}

main().catch((err) => finish(ERROR, errorOf(err), 1));
