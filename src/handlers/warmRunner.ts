// The local trigger's invoker: warm handler processes, like Lambda's execution environments. One long-lived runner
// process per lane (the parallelization factor) loads the handler's module once (the cold start, reported on the
// invocation that started the process) and then runs one invocation after another. A timeout, an abort or a process
// that died ends the invocation as an error; the lane's process (and what the handler started) is killed and replaced
// on the lane's next invocation. No vscode import: tested in Node (test/unit/warmRunner.test.ts).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LambdaDynamoDbEvent } from '../core/lambda/lambdaEvent';
import { eventSizeProblem } from '../core/lambda/lambdaHandlerOutput';
import type { InvokeOutcome, TriggerInvoker } from '../core/trigger/types';
import type { HandlerRuntime } from './runHandler';
import { WarmProcess, type InvokeResult } from './warmProcess';

export interface WarmRunnerOptions {
  /** The handler's file (.js/.mjs/.cjs or .py). */
  file: string;
  /** The export (Node.js) or function (Python) to call. */
  handlerName: string;
  runtime: HandlerRuntime;
  /** Added to the runner's environment (over the extension host's). */
  env: Record<string, string>;
  /** Variables of the extension host's environment the runner must not inherit (e.g. keys that would override a profile). */
  removeEnv?: readonly string[];
  /** The runner's working directory; default: the handler's folder. */
  cwd?: string;
  /** Lambda's function timeout, 1–900 s. */
  functionTimeoutSeconds: number;
  /** How many processes (lanes 0…lanes-1): the parallelization factor. */
  lanes: number;
  /**
   * A line the handler printed on a lane (without its line break); a handler's error is also written to stderr. What
   * the runner printed before it answered is passed on before the invocation's outcome is reported.
   */
  onOutput: (lane: number, stream: 'stdout' | 'stderr', text: string) => void;
  /** Default `python3`. */
  pythonCommand?: string;
  /** Default: this Node (process.execPath, run as plain Node). */
  nodePath?: string;
  /** The folder holding the runner scripts; default: media/runners of the extension. */
  runnersDir?: string;
  /** The context's functionName; default: the file's name without its extension. */
  functionName?: string;
  /** The context's invokedFunctionArn; default: a local stand-in ARN for functionName. */
  functionArn?: string;
}

/** Lambda's limit on the init phase (loading the module); a longer function timeout applies instead when it is longer. */
const INIT_LIMIT_MS = 10_000;

export class WarmRunnerPool implements TriggerInvoker {
  private readonly processes: (WarmProcess | undefined)[];
  /** Each lane's last invocation: a lane runs one at a time. */
  private readonly laneTails: Promise<unknown>[];
  private readonly command: string;
  private readonly args: string[];
  private readonly env: NodeJS.ProcessEnv;
  private disposed = false;

  constructor(private readonly options: WarmRunnerOptions) {
    const lanes = Math.max(1, Math.floor(options.lanes));
    this.processes = new Array<WarmProcess | undefined>(lanes).fill(undefined);
    this.laneTails = new Array<Promise<unknown>>(lanes).fill(Promise.resolve());
    const functionName = options.functionName ?? path.basename(options.file).replace(/\.[^.]+$/, '');
    const region = options.env.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1';
    const functionArn = options.functionArn ?? `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
    const runnersDir = options.runnersDir ?? defaultRunnersDir();
    const runnerArgs = [path.resolve(options.file), options.handlerName, functionName, functionArn];
    [this.command, this.args] =
      options.runtime === 'node'
        ? [options.nodePath ?? process.execPath, [path.join(runnersDir, 'node-warm-runner.cjs'), ...runnerArgs]]
        : [options.pythonCommand ?? 'python3', [path.join(runnersDir, 'python-warm-runner.py'), ...runnerArgs]];
    // ELECTRON_RUN_AS_NODE: the extension host's executable may be Electron's; it then runs as plain Node.
    // PYTHONUNBUFFERED: a Python handler's prints arrive as they are made.
    this.env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', PYTHONUNBUFFERED: '1', ...options.env };
    for (const name of options.removeEnv ?? []) if (!Object.hasOwn(options.env, name)) delete this.env[name];
  }

  /** The pid of each lane's process (its process group's id on POSIX), undefined where none is running. */
  get pids(): (number | undefined)[] {
    return this.processes.map((p) => (p && !p.exited ? p.pid : undefined));
  }

  invoke(event: LambdaDynamoDbEvent, lane: number, signal: AbortSignal): Promise<InvokeOutcome> {
    if (!Number.isInteger(lane) || lane < 0 || lane >= this.processes.length) {
      return Promise.resolve(failure('InvalidLane', `Lane ${lane} does not exist: the trigger has lanes 0 to ${this.processes.length - 1}.`, 0));
    }
    const run = this.laneTails[lane].then(() => this.invokeNow(event, lane, signal));
    this.laneTails[lane] = run.catch(() => undefined);
    return run.catch((err: unknown) => failure('Runtime.Unknown', `The handler could not be run: ${err instanceof Error ? err.message : String(err)}`, 0));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const running = this.processes.splice(0, this.processes.length, ...this.processes.map(() => undefined));
    await Promise.all(running.flatMap((p) => (p ? [p.kill()] : [])));
  }

  private async invokeNow(event: LambdaDynamoDbEvent, lane: number, signal: AbortSignal): Promise<InvokeOutcome> {
    if (this.disposed) return failure('Aborted', 'The trigger was stopped: its handler processes are gone.', 0);
    if (signal.aborted) return failure('Aborted', 'The invocation was stopped before it started.', 0);
    const eventJson = JSON.stringify(event);
    const tooLarge = eventSizeProblem(eventJson);
    if (tooLarge) return failure('RequestTooLarge', tooLarge, 0);
    const timeoutMs = Math.max(1, this.options.functionTimeoutSeconds) * 1000;
    let proc = this.processes[lane];
    let coldStartMs: number | undefined;
    if (!proc || proc.exited) {
      const started = performance.now();
      proc = this.start(lane);
      const init = await stopping(proc.init(), Math.max(INIT_LIMIT_MS, timeoutMs), signal);
      if (init !== 'timeout' && init !== 'aborted' && init.kind === 'ready') coldStartMs = round(init.loadMs);
      else {
        const ms = round(performance.now() - started);
        await this.stopLane(lane, proc);
        if (init === 'timeout') return { ...failure('Sandbox.Timedout', `Loading the handler took longer than ${seconds(Math.max(INIT_LIMIT_MS, timeoutMs))} seconds.`, ms), timedOut: true };
        if (init === 'aborted' || this.disposed) return failure('Aborted', 'The invocation was stopped while the handler was loading.', ms);
        if (init.kind === 'initError') return { ...failure(init.error.errorType, init.error.errorMessage, 0), coldStartMs: round(init.loadMs ?? ms) };
        return { ...failure('Runtime.ExitError', `The handler's process ended while loading the handler: ${init.exit}.`, ms), crashed: true };
      }
    }
    const requestId = randomUUID();
    const started = performance.now();
    const answer = await stopping(proc.invoke(eventJson, requestId, timeoutMs), timeoutMs, signal);
    const durationMs = round(performance.now() - started);
    const outcome = await this.outcomeOf(answer, lane, proc, requestId, durationMs);
    return coldStartMs === undefined ? outcome : { ...outcome, coldStartMs };
  }

  private async outcomeOf(answer: InvokeResult | 'timeout' | 'aborted', lane: number, proc: WarmProcess, requestId: string, durationMs: number): Promise<InvokeOutcome> {
    if (answer === 'timeout' || answer === 'aborted' || answer.kind === 'exited' || answer.kind === 'unreadable') await this.stopLane(lane, proc);
    if (answer === 'timeout') {
      const timeout = seconds(Math.max(1, this.options.functionTimeoutSeconds) * 1000);
      return { ...failure('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${timeout} seconds`, durationMs), timedOut: true };
    }
    if (answer === 'aborted' || (answer.kind === 'exited' && this.disposed)) return failure('Aborted', 'The invocation was stopped before it ended; its process was stopped too.', durationMs);
    switch (answer.kind) {
      case 'result':
        return { kind: 'success', value: answer.value, durationMs };
      case 'error':
        return failure(answer.error.errorType, answer.error.errorMessage, durationMs);
      case 'unreadable':
        return failure('Runtime.InvalidResponse', answer.problem, durationMs);
      case 'exited':
        return { ...failure('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: ${answer.exit}`, durationMs), crashed: true };
    }
  }

  private start(lane: number): WarmProcess {
    const proc = new WarmProcess({
      command: this.command,
      args: this.args,
      env: this.env,
      cwd: this.options.cwd ?? path.dirname(path.resolve(this.options.file)),
      onOutput: (stream, text) => this.options.onOutput(lane, stream, text),
    });
    this.processes[lane] = proc;
    return proc;
  }

  /** Kills the lane's process (and what it started); the lane's next invocation starts a new one. */
  private async stopLane(lane: number, proc: WarmProcess): Promise<void> {
    if (this.processes[lane] === proc) this.processes[lane] = undefined;
    await proc.kill();
  }
}

/** The runner scripts next to the bundle (dist/ → media/runners) or next to the sources (src/handlers → media/runners). */
export function defaultRunnersDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'media', 'runners'), path.resolve(__dirname, '..', '..', 'media', 'runners')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'node-warm-runner.cjs'))) ?? candidates[0];
}

/** The promise's value, or 'timeout' after `ms`, or 'aborted' when the signal fires first. */
function stopping<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | 'timeout' | 'aborted'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => end('timeout'), ms);
    const onAbort = () => end('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    const end = (value: T | 'timeout' | 'aborted') => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    if (signal.aborted) end('aborted');
    void promise.then(end, () => end('aborted'));
  });
}

function failure(errorType: string, errorMessage: string, durationMs: number): InvokeOutcome {
  return { kind: 'error', errorType, errorMessage, durationMs };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
