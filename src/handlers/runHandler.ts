// Runs a local Lambda handler in a child process through a runner script shipped with the extension
// (media/runners/node-runner.cjs, python-runner.py): never in the extension host. No vscode import: tested in Node.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { parseHandlerOutput, type HandlerOutcome } from '../core/lambda/lambdaHandlerOutput';

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
  timeoutMs: number;
  functionName?: string;
  /** The executables; defaults: this Node (process.execPath, as plain Node) and `python3`. */
  nodePath?: string;
  pythonPath?: string;
  /** Most characters of stdout and of stderr kept (the rest is counted, not kept). */
  maxOutputChars?: number;
}

export interface HandlerRunResult {
  outcome: HandlerOutcome;
  /** What the handler printed (the runner's marked line removed). */
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const DEFAULT_MAX_OUTPUT = 1_000_000;

/** The runtime a handler file needs, from its extension; undefined when it is neither Node.js nor Python. */
export function runtimeOf(file: string): HandlerRuntime | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'node';
  if (ext === '.py') return 'python';
  return undefined;
}

/** Whether `python3` (or the given command) runs here: Python handlers are offered only then. */
export function pythonAvailable(command = 'python3'): boolean {
  try {
    return spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  } catch {
    return false;
  }
}

export function runHandler(options: HandlerRunOptions): Promise<HandlerRunResult> {
  const functionName = options.functionName ?? path.basename(options.file).replace(/\.[^.]+$/, '');
  const timeout = String(Math.max(1, Math.floor(options.timeoutMs)));
  const [command, args] =
    options.runtime === 'node'
      ? [options.nodePath ?? process.execPath, [path.join(options.runnersDir, 'node-runner.cjs'), options.file, options.exportName, functionName, timeout]]
      : [options.pythonPath ?? 'python3', [path.join(options.runnersDir, 'python-runner.py'), options.file, options.exportName, functionName, timeout]];
  // ELECTRON_RUN_AS_NODE: the extension host's executable may be Electron's; it then runs as plain Node.
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...options.env };
  const started = Date.now();
  const max = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // Its own process group (POSIX), so a timeout kills the handler's children too.
      child = spawn(command, args, { cwd: path.dirname(options.file), env, detached: process.platform !== 'win32', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      resolve(failed(err, started));
      return;
    }
    const out = collector(max);
    const errText = collector(max);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, options.timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', out.add);
    child.stderr?.setEncoding('utf8').on('data', errText.add);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(failed(err, started, errText.text()));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const parsed = parseHandlerOutput(out.text());
      resolve({ outcome: parsed.outcome, stdout: parsed.output, stderr: errText.text(), durationMs: Date.now() - started, timedOut, exitCode, signal });
    });
    child.stdin?.on('error', () => undefined); // the handler may exit before reading the event
    child.stdin?.end(JSON.stringify(options.event));
  });
}

function failed(err: unknown, started: number, stderr = ''): HandlerRunResult {
  const message = err instanceof Error ? err.message : String(err);
  return {
    outcome: { kind: 'error', error: { errorType: 'RunnerFailed', errorMessage: `Could not start the handler's process: ${message}` } },
    stdout: '',
    stderr,
    durationMs: Date.now() - started,
    timedOut: false,
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
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already: make sure the runner is too
  }
}
