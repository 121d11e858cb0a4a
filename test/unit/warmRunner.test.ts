// The local trigger's warm runner on real child processes (Node.js and python3) running the fixture handlers
// (test/fixtures/handlers/warm.cjs, warm.py): loaded once per process, errors as Lambda reports them, timeouts, crashes
// and aborts replace the lane's process, the handler's output apart from its result, and no process outlives dispose().
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LambdaDynamoDbEvent } from '../../src/core/lambda/lambdaEvent';
import type { InvokeOutcome } from '../../src/core/trigger/types';
import { WarmRunnerPool, type WarmRunnerOptions } from '../../src/handlers/warmRunner';

const fixtures = path.resolve(__dirname, '../fixtures/handlers');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-warm-test-'));
let files = 0;
const newFile = () => path.join(tmp, `f-${++files}`);

function event(n = 2): LambdaDynamoDbEvent {
  const names = ['INSERT', 'MODIFY', 'REMOVE'];
  return { Records: Array.from({ length: n }, (_, i) => ({ eventName: names[i % 3], eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'ddblocal', dynamodb: { Keys: { PK: { S: `k${i}` } } }, eventSourceARN: 'arn:local' })) };
}

type Line = { lane: number; stream: 'stdout' | 'stderr'; text: string };
const pools: WarmRunnerPool[] = [];

function pool(file: string, handlerName: string, extra: Partial<WarmRunnerOptions> = {}): { pool: WarmRunnerPool; lines: Line[] } {
  const lines: Line[] = [];
  const p = new WarmRunnerPool({
    file: path.join(fixtures, file),
    handlerName,
    runtime: file.endsWith('.py') ? 'python' : 'node',
    env: { GREETING: 'hello' },
    functionTimeoutSeconds: 20,
    lanes: 1,
    onOutput: (lane, stream, text) => lines.push({ lane, stream, text }),
    ...extra,
  });
  pools.push(p);
  return { pool: p, lines };
}

const never = () => new AbortController().signal;
const value = (o: InvokeOutcome) => {
  assert.equal(o.kind, 'success', JSON.stringify(o));
  return o.value as Record<string, unknown>;
};

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

const pidIn = (file: string) => Number(fs.readFileSync(file, 'utf8'));
const written = (file: string) => fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== '';

/** Kills a leftover of a failed test so it does not outlive the test run either. */
function cleanup(...pids: (number | undefined)[]): void {
  for (const pid of pids) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

for (const runtime of ['node', 'python'] as const) {
  const file = runtime === 'node' ? 'warm.cjs' : 'warm.py';
  const main = runtime === 'node' ? 'handler' : 'lambda_handler';
  const spawnerName = runtime === 'node' ? 'startsSleeper' : 'starts_sleeper';

  describe(`WarmRunnerPool (${runtime})`, function () {
    this.timeout(30_000);
    afterEach(async () => {
      await Promise.all(pools.splice(0).map((p) => p.dispose()));
    });

    it('loads the module once: a cold start, then warm invocations in the same process', async () => {
      const { pool: p } = pool(file, main);
      const first = await p.invoke(event(2), 0, never());
      const firstValue = value(first);
      assert.ok(typeof first.coldStartMs === 'number' && first.coldStartMs >= 0, `coldStartMs ${first.coldStartMs}`);
      assert.ok(first.durationMs >= 0);
      const second = await p.invoke(event(3), 0, never());
      const third = await p.invoke(event(1), 0, never());
      assert.equal(second.coldStartMs, undefined);
      assert.equal(third.coldStartMs, undefined);
      assert.deepEqual([firstValue.loads, value(second).loads, value(third).loads], [1, 1, 1]);
      assert.deepEqual([firstValue.invocations, value(second).invocations, value(third).invocations], [1, 2, 3]);
      assert.equal(value(second).pid, firstValue.pid);
      assert.equal(value(third).pid, firstValue.pid);
      assert.equal(value(second).records, 3);
    });

    it('gives the handler a Lambda-like context for the local function', async () => {
      const { pool: p } = pool(file, main, { functionName: 'orders-archiver', functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:local-orders', functionTimeoutSeconds: 7 });
      const a = value(await p.invoke(event(), 0, never()));
      const b = value(await p.invoke(event(), 0, never()));
      assert.equal(a.functionName, 'orders-archiver');
      assert.equal(a.arn, 'arn:aws:lambda:eu-west-1:000000000000:function:local-orders');
      assert.match(String(a.requestId), /^[0-9a-f-]{36}$/);
      assert.notEqual(a.requestId, b.requestId);
      assert.ok(Number(a.remainingMs) > 0 && Number(a.remainingMs) <= 7000, String(a.remainingMs));
    });

    it('reports a thrown error with its type and message, and the process stays warm', async () => {
      const name = runtime === 'node' ? 'throwsCustom' : 'throws';
      const { pool: p, lines } = pool(file, name);
      const a = await p.invoke(event(), 0, never());
      assert.deepEqual([a.kind, a.errorType, a.errorMessage, a.crashed, a.timedOut], ['error', 'ValidationError', 'missing key', undefined, undefined]);
      assert.ok(a.coldStartMs !== undefined);
      const b = await p.invoke(event(), 0, never());
      assert.equal(b.errorType, 'ValidationError');
      assert.equal(b.coldStartMs, undefined, 'the same process ran it');
      await until(() => lines.some((l) => l.stream === 'stderr' && /missing key/.test(l.text)), 'the error is also in the handler output');
    });

    it('a result JSON cannot hold is an error', async () => {
      const { pool: p } = pool(file, runtime === 'node' ? 'notJson' : 'not_json');
      const o = await p.invoke(event(), 0, never());
      assert.equal(o.kind, 'error');
      assert.equal(o.errorType, 'ResultNotJson');
      assert.match(String(o.errorMessage), /cannot be written as JSON/);
    });

    it('a timeout kills the lane\'s process and what it started, and no other pool\'s', async () => {
      const pidFile = newFile();
      const neighbour = Number(value(await pool(file, main).pool.invoke(event(), 0, never())).pid);
      const { pool: p } = pool(file, 'hangs', { functionTimeoutSeconds: 1, env: { PID_FILE: pidFile } });
      const running = p.invoke(event(), 0, never());
      await until(() => written(pidFile), 'the handler started its sleeper');
      const sleeper = pidIn(pidFile);
      const runner = p.pids[0];
      const o = await running;
      try {
        assert.ok(runner !== undefined && !alive(runner), 'the runner is gone when the timeout is reported (not only by its own watchdog later)');
        assert.deepEqual([o.kind, o.timedOut, o.errorType], ['error', true, 'Sandbox.Timedout']);
        assert.match(String(o.errorMessage), /Task timed out after 1\.00 seconds/);
        assert.ok(o.durationMs >= 900, String(o.durationMs)); // timers may fire a fraction of a millisecond early by performance.now()
        await until(() => !alive(sleeper), 'the sleeper the handler started is gone');
        assert.deepEqual(p.pids, [undefined]);
        assert.ok(alive(neighbour), 'another pool\'s process is not touched');
      } finally {
        cleanup(sleeper, runner);
      }
    });

    it('a handler that spins is stopped at the timeout; the next invocation starts a new process', async () => {
      const { pool: p } = pool(file, 'spins', { functionTimeoutSeconds: 1 });
      const o = await p.invoke(event(), 0, never());
      assert.equal(o.timedOut, true);
      assert.deepEqual(p.pids, [undefined]);
      const again = await p.invoke(event(), 0, never());
      assert.equal(again.timedOut, true);
      assert.ok(again.coldStartMs !== undefined, 'a new process was started');
    });

    it('a process that exits during an invocation is a crash; the next invocation gets a new process', async () => {
      const { pool: p } = pool(file, 'exits');
      const o = await p.invoke(event(), 0, never());
      assert.deepEqual([o.kind, o.crashed, o.errorType], ['error', true, 'Runtime.ExitError']);
      assert.match(String(o.errorMessage), /exit status 3/);
      const again = await p.invoke(event(), 0, never());
      assert.equal(again.crashed, true);
      assert.ok(again.coldStartMs !== undefined, 'a new process was started');
    });

    it('sends the handler\'s output to onOutput, line by line, and not into the result', async () => {
      const { pool: p, lines } = pool(file, 'chatty', { lanes: 2 });
      const o = await p.invoke(event(4), 1, never());
      assert.deepEqual(value(o), { ok: true });
      // What the handler printed before it returned has been passed on when the invocation's outcome is reported.
      assert.ok(lines.some((l) => l.stream === 'stderr' && l.text === 'stderr line'), JSON.stringify(lines));
      assert.ok(lines.some((l) => l.stream === 'stdout' && l.text === 'stdout line for 4 records'), JSON.stringify(lines));
      if (runtime === 'node') assert.ok(lines.some((l) => l.text === 'partial line'), 'a line written in pieces arrives whole');
      assert.ok(lines.every((l) => l.lane === 1), JSON.stringify(lines));
    });

    it('runs lanes at the same time, one process each', async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'barrier-'));
      const { pool: p } = pool(file, 'barrier', { lanes: 3, functionTimeoutSeconds: 15, env: { BARRIER_DIR: dir, BARRIER_COUNT: '3' } });
      // Each lane returns only once all three have arrived: lanes run one after another would time out.
      const outcomes = await Promise.all([0, 1, 2].map((lane) => p.invoke(event(), lane, never())));
      const pids = outcomes.map((o) => value(o).pid);
      assert.equal(new Set(pids).size, 3, JSON.stringify(outcomes));
      assert.deepEqual(p.pids, pids);
    });

    it('an abort ends the invocation as an error and kills the lane\'s process and what it started', async () => {
      const pidFile = newFile();
      const { pool: p } = pool(file, 'hangs', { env: { PID_FILE: pidFile } });
      const abort = new AbortController();
      const running = p.invoke(event(), 0, abort.signal);
      await until(() => written(pidFile), 'the handler started its sleeper');
      const sleeper = pidIn(pidFile);
      const runner = p.pids[0];
      try {
        assert.ok(runner !== undefined && alive(runner) && alive(sleeper));
        abort.abort();
        const o = await running;
        assert.deepEqual([o.kind, o.errorType], ['error', 'Aborted']);
        await until(() => !alive(sleeper) && !alive(runner), 'the runner and the sleeper are gone');
        assert.deepEqual(p.pids, [undefined]);
        const before = await p.invoke(event(), 0, abort.signal);
        assert.equal(before.errorType, 'Aborted', 'an already aborted signal does not start anything');
        assert.deepEqual(p.pids, [undefined]);
      } finally {
        cleanup(sleeper, runner);
      }
    });

    it('dispose() kills every lane\'s process and what the handlers started', async () => {
      const { pool: p } = pool(file, spawnerName, { lanes: 2, env: { PID_FILE: newFile() } });
      const started: number[] = [];
      for (const lane of [0, 1]) {
        const v = value(await p.invoke(event(), lane, never()));
        started.push(Number(v.sleeper), Number(v.pid));
      }
      try {
        assert.ok(started.every(alive), 'the runners and their sleepers are running');
        await p.dispose();
        await until(() => !started.some(alive), 'every runner and sleeper is gone');
        assert.deepEqual(p.pids, [undefined, undefined]);
        const after = await p.invoke(event(), 0, never());
        assert.equal(after.kind, 'error', 'a disposed pool runs nothing');
        assert.deepEqual(p.pids, [undefined, undefined]);
      } finally {
        cleanup(...started);
      }
    });

    it('a missing handler is an init error that names it', async () => {
      const { pool: p } = pool(file, 'nope');
      const o = await p.invoke(event(), 0, never());
      assert.equal(o.kind, 'error');
      assert.match(String(o.errorMessage), runtime === 'node' ? /exports no function "nope"; it exports handler,/ : /defines no function 'nope'/);
      assert.ok(o.coldStartMs !== undefined);
      assert.deepEqual(p.pids, [undefined]);
    });
  });
}

/**
 * Starts a warm runner the way WarmRunnerPool does (its own group, the protocol on fd 3) from a stand-in for the
 * extension host, which prints the runner's pid once it is loaded and then, by `mode`: `idle` exits; `spinning`
 * starts an invocation of a handler that never yields and exits; `deadline` starts it and stays (never killing it).
 */
function startRunnerFromStandIn(runtime: 'node' | 'python', mode: 'idle' | 'spinning' | 'deadline') {
  const script = path.resolve(__dirname, '../../media/runners', runtime === 'node' ? 'node-warm-runner.cjs' : 'python-warm-runner.py');
  const file = path.join(fixtures, runtime === 'node' ? 'warm.cjs' : 'warm.py');
  const host = `
    const { spawn } = require('node:child_process');
    const [command, script, file, mode] = JSON.parse(process.env.STAND_IN);
    const c = spawn(command, [script, file, 'spins', 'f', ''], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    c.stdio[3].on('data', (d) => {
      if (!String(d).includes('"ready"')) return;
      if (mode !== 'idle') c.stdio[3].write(JSON.stringify({ type: 'invoke', id: 1, requestId: 'r', timeoutMs: 300, event: { Records: [] } }) + '\\n');
      console.log(c.pid);
      if (mode !== 'deadline') setTimeout(() => process.exit(0), 50);
    });
  `;
  const command = runtime === 'node' ? process.execPath : 'python3';
  const standIn = spawn(process.execPath, ['-e', host], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, STAND_IN: JSON.stringify([command, script, file, mode]) } });
  let printed = '';
  standIn.stdout.on('data', (d: Buffer) => (printed += d.toString()));
  return { standIn, runnerPid: () => Number(printed.trim()) };
}

for (const runtime of ['node', 'python'] as const) {
  describe(`warm runner on its own (${runtime}): nothing outlives the extension host`, function () {
    this.timeout(30_000);

    for (const mode of ['idle', 'spinning'] as const) {
      it(`ends when the process that started it is gone (${mode})`, async () => {
        const { standIn, runnerPid } = startRunnerFromStandIn(runtime, mode);
        await new Promise((resolve) => standIn.on('close', resolve));
        const runner = runnerPid();
        try {
          assert.ok(runner > 0, 'the stand-in printed the runner\'s pid');
          await until(() => !alive(runner), 'the orphaned runner is gone');
        } finally {
          cleanup(runner);
        }
      });
    }

    it('its watchdog stops a handler that never yields, a little after the deadline, when no one else does', async () => {
      const { standIn, runnerPid } = startRunnerFromStandIn(runtime, 'deadline');
      try {
        await until(() => runnerPid() > 0, 'the runner is loaded and invoked');
        assert.ok(alive(runnerPid()));
        await until(() => !alive(runnerPid()), 'the runner stopped itself');
      } finally {
        cleanup(runnerPid(), standIn.pid);
      }
    });
  });
}

describe('WarmRunnerPool (node): Node.js specifics', function () {
  this.timeout(30_000);
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.dispose()));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('waits for a callback handler, reports a callback error and a thrown TypeError; undefined is null', async () => {
    const cb = value(await pool('warm.cjs', 'callback').pool.invoke(event(2), 0, never()));
    assert.deepEqual(cb.names, ['INSERT', 'MODIFY']);
    const cbError = await pool('warm.cjs', 'callbackError').pool.invoke(event(), 0, never());
    assert.deepEqual([cbError.errorType, cbError.errorMessage], ['RangeError', 'out of range']);
    const thrown = await pool('warm.cjs', 'throwsType').pool.invoke(event(), 0, never());
    assert.deepEqual([thrown.errorType, thrown.errorMessage], ['TypeError', 'bad record']);
    const nothing = await pool('warm.cjs', 'returnsNothing').pool.invoke(event(), 0, never());
    assert.deepEqual([nothing.kind, nothing.value], ['success', null]);
  });

  it('runs an ES-module handler warm', async () => {
    const { pool: p, lines } = pool('echo.mjs', 'handler');
    const first = value(await p.invoke(event(2), 0, never()));
    const second = value(await p.invoke(event(3), 0, never()));
    assert.deepEqual([first.count, first.functionName, first.env, second.count], [2, 'echo', 'hello', 3]);
    assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.text), ['got 2 records', 'got 3 records']);
  });

  it('an error thrown from the handler\'s timer ends the invocation with it, and the process is replaced', async () => {
    const { pool: p } = pool('warm.cjs', 'throwsLater');
    const o = await p.invoke(event(), 0, never());
    assert.deepEqual([o.kind, o.errorType, o.errorMessage], ['error', 'Runtime.UncaughtException', 'thrown from a timer']);
    await until(() => p.pids[0] === undefined, 'the process ended');
  });

  it('a result over Lambda\'s 6 MB response limit is an error that says so', async () => {
    const o = await pool('warm.cjs', 'tooBig').pool.invoke(event(), 0, never());
    assert.equal(o.errorType, 'ResultTooLarge');
    assert.match(String(o.errorMessage), /7\.0 MB; Lambda's response payload limit is 6 MB/);
  });

  it('an event over 6 MB is refused, and a lane that does not exist is an error', async () => {
    const { pool: p } = pool('warm.cjs', 'handler');
    const big = { Records: [{ ...event(1).Records[0], dynamodb: { Keys: { PK: { S: 'e'.repeat(6 * 1024 * 1024) } } } }] };
    const o = await p.invoke(big, 0, never());
    assert.equal(o.errorType, 'RequestTooLarge');
    assert.deepEqual(p.pids, [undefined], 'nothing was started');
    const lane = await p.invoke(event(), 1, never());
    assert.equal(lane.errorType, 'InvalidLane');
  });
});
