// Invoke handler…'s processes and results, on real child processes: what a handler starts never outlives its run
// (return, timeout, cancel, a blocked runner, a vanished extension host), the result is reported however much the
// handler prints or returns, only a module's own exports are handlers, and an event over Lambda's limit never starts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandlerInputError, pythonAvailable, runHandler, runtimeOf, type HandlerRunOptions } from '../../src/handlers/runHandler';

const root = path.resolve(__dirname, '../..');
const runners = path.join(root, 'media/runners');
const fixtures = path.join(root, 'test/fixtures/handlers');
const event = { Records: [{ eventName: 'REMOVE' }] };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-handler-test-'));
let pidFiles = 0;

function newPidFile(): string {
  return path.join(tmp, `pid-${++pidFiles}`);
}

function run(file: string, exportName: string, extra: Partial<HandlerRunOptions> = {}) {
  return runHandler({ runtime: runtimeOf(file)!, runnersDir: runners, file: path.join(fixtures, file), exportName, event, env: {}, timeoutMs: 20_000, ...extra });
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

/** Polls until `check` holds (each poll is a state check, not a guess at how long something takes); fails after `ms`. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pidIn(file: string): number {
  return Number(fs.readFileSync(file, 'utf8'));
}

/** Kills a leftover of a failed test so it does not outlive the test run either. */
function cleanup(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

describe('Invoke handler: no process outlives its run', function () {
  this.timeout(30_000);
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const exportName of ['handler', 'holdsPipes']) {
    it(`a handler that returns leaves nothing running (${exportName})`, async () => {
      const pidFile = newPidFile();
      const r = await run('spawner.cjs', exportName, { env: { PID_FILE: pidFile } });
      const sleeper = pidIn(pidFile);
      try {
        assert.equal(r.outcome.kind, 'result', JSON.stringify(r));
        assert.deepEqual((r.outcome as { value: unknown }).value, { sleeper });
        await until(() => !alive(sleeper), 'the sleeper is gone');
      } finally {
        cleanup(sleeper);
      }
    });
  }

  it('a Python handler that returns leaves nothing running', async () => {
    const pidFile = newPidFile();
    const r = await run('spawner.py', 'lambda_handler', { env: { PID_FILE: pidFile } });
    const sleeper = pidIn(pidFile);
    try {
      assert.equal(r.outcome.kind, 'result', JSON.stringify(r));
      await until(() => !alive(sleeper), 'the sleeper is gone');
    } finally {
      cleanup(sleeper);
    }
  });

  it('a timeout kills the handler and what it started', async () => {
    const pidFile = newPidFile();
    const r = await run('spawner.cjs', 'hangs', { env: { PID_FILE: pidFile }, timeoutMs: 1000 });
    const sleeper = pidIn(pidFile);
    try {
      assert.equal(r.timedOut, true);
      await until(() => !alive(sleeper), 'the sleeper is gone');
    } finally {
      cleanup(sleeper);
    }
  });

  for (const file of ['spawner.cjs', 'spawner.py']) {
    it(`cancel kills the runner and what the handler started (${file})`, async () => {
      const pidFile = newPidFile();
      const abort = new AbortController();
      let runner = 0;
      const running = run(file, 'hangs', { env: { PID_FILE: pidFile }, signal: abort.signal, onStart: (pid) => (runner = pid) });
      await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '', 'the handler started its sleeper');
      const sleeper = pidIn(pidFile);
      try {
        assert.ok(alive(sleeper) && alive(runner));
        abort.abort();
        const r = await running;
        assert.equal(r.cancelled, true);
        assert.equal(r.timedOut, false);
        await until(() => !alive(sleeper) && !alive(runner), 'the runner and the sleeper are gone');
      } finally {
        cleanup(sleeper);
      }
    });
  }

  /** Starts the runner the way runHandler does (its own group), but with no one to stop it: only its watchdog can. */
  function startRunnerAlone(exportName: string, timeoutMs: number, pidFile: string, outcomeFile: string) {
    const args = [path.join(runners, 'node-runner.cjs'), path.join(fixtures, 'spawner.cjs'), exportName, 'f', String(timeoutMs), outcomeFile];
    const child = spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, PID_FILE: pidFile } });
    child.stdin.end(JSON.stringify(event));
    return child;
  }

  it('the runner\'s own watchdog stops a handler that blocks its event loop', async () => {
    const pidFile = newPidFile();
    const child = startRunnerAlone('blocks', 300, pidFile, path.join(tmp, 'outcome-blocks.json'));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '', 'the handler started its sleeper');
    const sleeper = pidIn(pidFile);
    try {
      await exited;
      await until(() => !alive(sleeper), 'the sleeper is gone');
    } finally {
      cleanup(sleeper);
      cleanup(child.pid!);
    }
  });

  it('the runner stops when the process that started it (the extension host) is gone', async () => {
    const pidFile = newPidFile();
    // A stand-in for the extension host: starts the runner (as runHandler does), prints its pid, and exits.
    const host = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ${JSON.stringify([path.join(runners, 'node-runner.cjs'), path.join(fixtures, 'spawner.cjs'), 'hangs', 'f', '60000', path.join(tmp, 'outcome-orphan.json')])}, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      c.stdin.end(${JSON.stringify(JSON.stringify(event))});
      console.log(c.pid);
      const wait = () => require('node:fs').existsSync(process.env.PID_FILE) ? process.exit(0) : setTimeout(wait, 20);
      wait();
    `;
    const standIn = spawn(process.execPath, ['-e', host], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PID_FILE: pidFile } });
    let printed = '';
    standIn.stdout.on('data', (d: Buffer) => (printed += d.toString()));
    await new Promise((resolve) => standIn.on('close', resolve));
    const runner = Number(printed.trim());
    await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '', 'the handler started its sleeper');
    const sleeper = pidIn(pidFile);
    try {
      assert.ok(runner > 0, printed);
      await until(() => !alive(runner) && !alive(sleeper), 'the orphaned runner and its sleeper are gone');
    } finally {
      cleanup(sleeper);
      cleanup(runner);
    }
  });
});

describe('Invoke handler: the result apart from the output', function () {
  this.timeout(30_000);

  it('a handler that prints 3 MB still reports its result', async () => {
    const r = await run('big.cjs', 'chatty');
    assert.deepEqual(r.outcome, { kind: 'result', value: { ok: true } });
    assert.match(r.stdout, /more characters not kept$/);
  });

  it('a 2 MB result is reported whole', async () => {
    const r = await run('big.cjs', 'bigResult');
    assert.equal(r.outcome.kind, 'result');
    assert.equal(((r.outcome as { value: { text: string } }).value.text).length, 2 * 1024 * 1024);
  });

  it('a result over Lambda\'s 6 MB response limit is an error that says so', async () => {
    const r = await run('big.cjs', 'tooBig');
    assert.equal(r.outcome.kind, 'error');
    const e = (r.outcome as { error: { errorType: string; errorMessage: string } }).error;
    assert.equal(e.errorType, 'ResultTooLarge');
    assert.match(e.errorMessage, /7\.0 MB; Lambda's response payload limit is 6 MB/);
  });

  it('a Python handler that prints 3 MB and returns 2 MB reports its result', async () => {
    const r = await run('big.py', 'lambda_handler');
    assert.equal(r.outcome.kind, 'result', JSON.stringify(r.outcome).slice(0, 300));
    assert.equal(((r.outcome as { value: { text: string } }).value.text).length, 2 * 1024 * 1024);
  });

  it('an event over 6 MB is refused before anything starts', async () => {
    let started = false;
    const big = { Records: [{ data: 'e'.repeat(6 * 1024 * 1024) }] };
    await assert.rejects(
      run('echo.mjs', 'handler', { event: big, onStart: () => (started = true) }),
      (err: unknown) => err instanceof HandlerInputError && /The event is 6\.0 MB; Lambda invokes a function with at most 6 MB/.test(err.message),
    );
    assert.equal(started, false);
  });
});

describe('Invoke handler: only the module\'s own exports', function () {
  this.timeout(30_000);

  for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
    it(`Node.js: "${name}" is not an export`, async () => {
      const r = await run('callback.cjs', name);
      assert.equal(r.outcome.kind, 'error', JSON.stringify(r.outcome));
      assert.match((r.outcome as { error: { errorMessage: string } }).error.errorMessage, new RegExp(`exports no function "${name}"; it exports handler, fails`));
    });
  }

  it('Node.js: an ES module\'s inherited names are not exports either', async () => {
    const r = await run('echo.mjs', 'constructor');
    assert.equal(r.outcome.kind, 'error', JSON.stringify(r.outcome));
  });

  for (const name of ['__class__', '__init__', '__dir__', '__getattribute__', '__reduce__']) {
    it(`Python: "${name}" is not a handler`, async () => {
        const r = await run('big.py', name);
      assert.equal(r.outcome.kind, 'error', JSON.stringify(r.outcome));
      assert.match((r.outcome as { error: { errorMessage: string } }).error.errorMessage, new RegExp(`defines no function '${name}'`));
    });
  }
});

describe('pythonAvailable', () => {
  it('answers without blocking, true for python3 when it runs, false for a missing command', async () => {
    const pending = pythonAvailable('definitely-not-a-python-xyz');
    assert.ok(pending instanceof Promise);
    assert.equal(await pending, false);
    assert.equal(await pythonAvailable('python3'), true, 'python3 runs here (the Python handler tests need it)');
  });
});
