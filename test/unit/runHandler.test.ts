// Invoke handler…'s runner: real child processes (Node.js and python3) running the fixture handlers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envToText, parseEnvText, parseHandlerOutput } from '../../src/core/lambda/lambdaHandlerOutput';
import { runHandler, runtimeOf, type HandlerRunOptions } from '../../src/handlers/runHandler';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/handlers');
const event = { Records: [{ eventName: 'REMOVE' }, { eventName: 'INSERT' }] };

function run(file: string, extra: Partial<HandlerRunOptions> = {}) {
  return runHandler({
    runtime: runtimeOf(file)!,
    runnersDir: path.join(root, 'media/runners'),
    file: path.join(fixtures, file),
    exportName: 'handler',
    event,
    env: { GREETING: 'hello' },
    timeoutMs: 20_000,
    ...extra,
  });
}

/** Running, not a zombie (a killed orphan may wait unreaped where PID 1 does not reap, e.g. in a container). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

describe('runHandler (local handlers in a child process)', function () {
  this.timeout(30_000);

  it('runs an ES-module handler with (event, context) and returns its result, output and duration', async () => {
    const r = await run('echo.mjs');
    assert.equal(r.outcome.kind, 'result');
    const value = (r.outcome as { value: Record<string, unknown> }).value;
    assert.equal(value.count, 2);
    assert.equal(value.functionName, 'echo');
    assert.match(String(value.requestId), /^[0-9a-f-]{36}$/);
    assert.ok(Number(value.remainingMs) > 0 && Number(value.remainingMs) <= 20_000);
    assert.equal(value.env, 'hello');
    assert.equal(r.stdout, 'got 2 records');
    assert.match(r.stderr, /a line on stderr/);
    assert.equal(r.exitCode, 0);
    assert.ok(r.durationMs >= 0);
  });

  it('waits for a callback handler, and reports a thrown error like Lambda', async () => {
    const ok = await run('callback.cjs');
    assert.deepEqual(ok.outcome, { kind: 'result', value: { names: ['REMOVE', 'INSERT'] } });
    const bad = await run('callback.cjs', { exportName: 'fails' });
    assert.equal(bad.outcome.kind, 'error');
    const error = (bad.outcome as { error: { errorType: string; errorMessage: string } }).error;
    assert.deepEqual([error.errorType, error.errorMessage], ['TypeError', 'bad record']);
    const missing = await run('callback.cjs', { exportName: 'nope' });
    assert.match((missing.outcome as { error: { errorMessage: string } }).error.errorMessage, /exports no function "nope"; it exports handler, fails/);
  });

  it('kills the process tree when the timeout expires', async () => {
    const r = await run('hang.cjs', { timeoutMs: 1500 });
    assert.equal(r.timedOut, true);
    assert.equal(r.outcome.kind, 'none');
    const pid = Number(/child pid (\d+)/.exec(r.stdout)?.[1]);
    assert.ok(pid > 0, r.stdout);
    // The child hangs for ever: only the kill ends it (the signal is delivered asynchronously, so poll for that).
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.equal(alive(pid), false, 'the handler\'s child was killed too');
  });

  it('runs a Python handler with python3', async () => {
    const r = await run('echo.py', { exportName: 'lambda_handler' });
    assert.deepEqual(r.outcome, { kind: 'result', value: { count: 2, functionName: 'echo', remainingPositive: true, env: 'hello' } });
    assert.equal(r.stdout, 'got 2 records');
  });
});

describe('handler output and environment text', () => {
  it('finds the marked result after the handler\'s own output', () => {
    const parsed = parseHandlerOutput('a\n__DDBS_HANDLER_RESULT__ not json\nb\n\n__DDBS_HANDLER_RESULT__ {"x":1}\n');
    assert.deepEqual(parsed, { outcome: { kind: 'result', value: { x: 1 } }, output: 'a\n__DDBS_HANDLER_RESULT__ not json\nb' });
    assert.deepEqual(parseHandlerOutput('died\n'), { outcome: { kind: 'none' }, output: 'died' });
  });

  it('reads KEY=value pairs and says which one is wrong', () => {
    assert.deepEqual(parseEnvText('TABLE_NAME=Archive; MODE=a=b\nEMPTY='), { ok: true, env: { TABLE_NAME: 'Archive', MODE: 'a=b', EMPTY: '' } });
    const bad = parseEnvText('GOOD=1; 1BAD=x');
    assert.ok(!bad.ok);
    assert.match(bad.error, /"1BAD=x" is not KEY=value/);
    assert.equal(envToText({ A: '1', B: 'x y' }), 'A=1; B=x y');
  });
});
