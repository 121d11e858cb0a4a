// Runs a local Lambda handler in a child process through a runner script shipped with the extension
// (media/runners/node-runner.cjs, python-runner.py): never in the extension host. No vscode import: tested in Node.
// The runner and everything the handler starts share one process group, killed when the run ends however it ends
// (return, error, timeout, cancel); the runner also watches its own deadline and its parent, so nothing outlives the
// extension host. The outcome travels in a file of its own, apart from the handler's (capped) output.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventSizeProblem, parseHandlerOutcome, type HandlerOutcome } from '../core/lambda/lambdaHandlerOutput';

export type HandlerRuntime = 'node' | 'python';

export interface HandlerRunOptions {
  runtime: HandlerRuntime;
  /** The folder holding node-runner.cjs and python-runner.py. */
  runnersDir: string;
  /** The handler's file (.js/.mjs/.cjs or .py). */
  file: string;
  /** The export (Node.js) or function (Python) to call. */
  exportName: string;
  event: unknown;
  /** Added to the runner's environment (over the extension host's). */
  env: Record<string, string>;
  /** Variables of the extension host's environment the runner must not inherit (e.g. keys that would override a profile). */
  removeEnv?: readonly string[];
  timeoutMs: number;
  functionName?: string;
  /** The executables; defaults: this Node (process.execPath, as plain Node) and `python3`. */
  nodePath?: string;
  pythonPath?: string;
  /** Most characters of stdout and of stderr kept (the rest is counted, not kept). */
  maxOutputChars?: number;
  /** Aborting kills the run (Cancel, a closed panel, deactivation); the result says `cancelled`. */
  signal?: AbortSignal;
  /** Called once the runner has started, with its pid (its process group's id on POSIX). */
  onStart?: (pid: number) => void;
}

export interface HandlerRunResult {
  outcome: HandlerOutcome;
  /** What the handler printed. */
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const DEFAULT_MAX_OUTPUT = 1_000_000;
/** After the runner exits, how long its output pipes may stay open (held by a process that left the group). */
const PIPE_GRACE_MS = 2000;

/** The runtime a handler file needs, from its extension; undefined when it is neither Node.js nor Python. */
export function runtimeOf(file: string): HandlerRuntime | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'node';
  if (ext === '.py') return 'python';
  return undefined;
}

/** Whether `python3` (or the given command) runs here: Python handlers are offered only then. Never blocks. */
export function pythonAvailable(command = 'python3'): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      execFile(command, ['--version'], { timeout: 5000, windowsHide: true }, (err) => resolve(!err));
    } catch {
      resolve(false);
    }
  });
}

/** Thrown before anything starts when the run cannot be what Lambda would do (an event over the payload limit). */
export class HandlerInputError extends Error {}

export function runHandler(options: HandlerRunOptions): Promise<HandlerRunResult> {
  const eventJson = JSON.stringify(options.event);
  const tooLarge = eventSizeProblem(eventJson);
  if (tooLarge) return Promise.reject(new HandlerInputError(tooLarge));
  const functionName = options.functionName ?? path.basename(options.file).replace(/\.[^.]+$/, '');
  const timeout = String(Math.max(1, Math.floor(options.timeoutMs)));
  const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-handler-'));
  const resultFile = path.join(resultDir, 'outcome.json');
  const runnerArgs = [options.file, options.exportName, functionName, timeout, resultFile];
  const [command, args] =
    options.runtime === 'node'
      ? [options.nodePath ?? process.execPath, [path.join(options.runnersDir, 'node-runner.cjs'), ...runnerArgs]]
      : [options.pythonPath ?? 'python3', [path.join(options.runnersDir, 'python-runner.py'), ...runnerArgs]];
  // ELECTRON_RUN_AS_NODE: the extension host's executable may be Electron's; it then runs as plain Node.
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...options.env };
  for (const name of options.removeEnv ?? []) delete env[name];
  const started = Date.now();
  const max = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    const done = (result: HandlerRunResult) => {
      fs.rmSync(resultDir, { recursive: true, force: true });
      resolve(result);
    };
    if (options.signal?.aborted) {
      done({ ...failed(new Error('cancelled before it started'), started), cancelled: true });
      return;
    }
    let child: ChildProcess;
    try {
      // Its own process group (POSIX), so the whole run can be killed: the handler's children too.
      child = spawn(command, args, { cwd: path.dirname(options.file), env, detached: process.platform !== 'win32', stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      done(failed(err, started));
      return;
    }
    if (child.pid !== undefined) options.onStart?.(child.pid);
    const out = collector(max);
    const errText = collector(max);
    let timedOut = false;
    let cancelled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let finished = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, options.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      killTree(child);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      killTree(child); // whatever the handler left running in the group
      const outcome = timedOut || cancelled ? ({ kind: 'none' } as const) : parseHandlerOutcome(readOutcome(resultFile));
      const stdout = out.text().replace(/\n+$/, '');
      done({ outcome, stdout, stderr: errText.text(), durationMs: Date.now() - started, timedOut, cancelled, exitCode: exit?.code ?? null, signal: exit?.signal ?? null });
    };
    child.stdout?.setEncoding('utf8').on('data', out.add);
    child.stderr?.setEncoding('utf8').on('data', errText.add);
    child.on('error', (err) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      done(failed(err, started, errText.text()));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killTree(child); // the runner is gone: so must be what it started (which may hold the pipes open)
      // A process that left the group may keep the pipes open: do not wait for it beyond a grace period.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, PIPE_GRACE_MS).unref();
    });
    child.on('close', finish);
    child.stdin?.on('error', () => undefined); // the handler may exit before reading the event
    child.stdin?.end(eventJson);
  });
}

/** The most bytes of an outcome file read: Lambda's 6 MB response limit is enforced by the runner, this is a backstop. */
const MAX_OUTCOME_BYTES = 8 * 1024 * 1024;

function readOutcome(file: string): string | undefined {
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_OUTCOME_BYTES) {
      return JSON.stringify({ kind: 'error', error: { errorType: 'ResultTooLarge', errorMessage: `The handler's outcome is ${size} bytes, more than can be shown.` } });
    }
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // no file: the runner died before writing it
  }
}

function failed(err: unknown, started: number, stderr = ''): HandlerRunResult {
  const message = err instanceof Error ? err.message : String(err);
  return {
    outcome: { kind: 'error', error: { errorType: 'RunnerFailed', errorMessage: `Could not start the handler's process: ${message}` } },
    stdout: '',
    stderr,
    durationMs: Date.now() - started,
    timedOut: false,
    cancelled: false,
    exitCode: null,
    signal: null,
  };
}

function collector(max: number): { add: (chunk: string) => void; text: () => string } {
  const parts: string[] = [];
  let size = 0;
  let dropped = 0;
  return {
    add: (chunk) => {
      if (size >= max) {
        dropped += chunk.length;
        return;
      }
      const kept = chunk.slice(0, max - size);
      parts.push(kept);
      size += kept.length;
      dropped += chunk.length - kept.length;
    },
    text: () => parts.join('') + (dropped ? `\n… ${dropped} more characters not kept` : ''),
  };
}

/** Kills the runner and everything it started: its process group on POSIX, `taskkill /T` on Windows. */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      if (child.exitCode === null && child.signalCode === null) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is empty already (ESRCH).
  }
}
