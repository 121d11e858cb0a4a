// One warm runner process (media/runners/node-warm-runner.cjs or python-warm-runner.py) for one lane of a local
// trigger: loads the handler once, then runs invocations one at a time over NDJSON on a pipe of its own (fd 3), while
// the handler's stdout/stderr arrive as lines. The process leads its own group; kill() ends it and what it started.
// No vscode import: tested in Node.
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { killTree } from './runHandler';

export interface WarmProcessOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A line the handler printed (without its line break). */
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface RunnerError {
  errorType: string;
  errorMessage: string;
}

/** What the runner said after loading the handler, or how it ended before it could. */
export type InitResult = { kind: 'ready'; loadMs: number } | { kind: 'initError'; loadMs?: number; error: RunnerError } | { kind: 'exited'; exit: string };

/** What the runner answered to an invocation, or how it ended before it could. */
export type InvokeResult = { kind: 'result'; value: unknown } | { kind: 'error'; error: RunnerError } | { kind: 'exited'; exit: string } | { kind: 'unreadable'; problem: string };

/** A protocol line longer than this is not an answer the runner can have meant (results are at most 6 MB of JSON). */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** After the runner exits, how long its pipes may stay open (held by a process that left the group). */
const PIPE_GRACE_MS = 2000;
/** A handler's output line longer than this is passed on in pieces. */
const MAX_OUTPUT_LINE_CHARS = 64 * 1024;

type Message = { type: string; id?: number; loadMs?: number; value?: unknown; error?: Partial<RunnerError> };

export class WarmProcess {
  private readonly child: ChildProcess;
  private readonly channel: Readable & Writable;
  private pendingInit: ((r: InitResult) => void) | undefined;
  private pendingInvoke: { id: number; resolve: (r: InvokeResult) => void } | undefined;
  private initResult: InitResult | undefined;
  private exitText: string | undefined;
  private nextId = 1;
  /** Resolves once the process has exited and its output has been passed on. */
  readonly closed: Promise<void>;

  constructor(private readonly options: WarmProcessOptions) {
    // Its own process group (POSIX), so the whole lane can be killed: the handler's children too.
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    // No pipe when the process could not start at all (its 'error' says why).
    this.channel = (this.child.stdio[3] as (Readable & Writable) | null) ?? new PassThrough();
    this.channel.on('error', () => undefined); // the runner died: its exit says how
    this.channel.on('data', messageSplitter((line) => this.onMessage(line), (problem) => this.onUnreadable(problem)));
    const flushOut = forwardLines(this.child.stdout ?? new PassThrough(), (text) => options.onOutput('stdout', text));
    const flushErr = forwardLines(this.child.stderr ?? new PassThrough(), (text) => options.onOutput('stderr', text));
    this.closed = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.onExit(`could not start ${options.command}: ${err.message}`);
        resolve(); // it never ran (or cannot be signalled): nothing to wait for
      });
      this.child.on('exit', (code, signal) => {
        this.exitText ??= signal ? `signal ${signal}` : `exit status ${code}`;
        killTree(this.child); // what the handler started, which may hold the pipes open
        // 'close' waits for the pipes; a process that left the group may hold them: do not wait for it long.
        setTimeout(() => {
          this.child.stdout?.destroy();
          this.child.stderr?.destroy();
          this.channel.destroy();
        }, PIPE_GRACE_MS).unref();
      });
      // After the pipes have closed: an answer the runner wrote just before it ended has been read by then.
      this.child.on('close', (code, signal) => {
        flushOut();
        flushErr();
        this.onExit(signal ? `signal ${signal}` : `exit status ${code}`);
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Gone, or going: a new process takes its place on the next invocation. */
  get exited(): boolean {
    return this.exitText !== undefined;
  }

  /** Waits until the handler is loaded (or failed to load, or the process ended). */
  init(): Promise<InitResult> {
    if (this.initResult) return Promise.resolve(this.initResult);
    return new Promise((resolve) => (this.pendingInit = resolve));
  }

  /** Runs the handler on the event (JSON text); one invocation at a time. */
  invoke(eventJson: string, requestId: string, timeoutMs: number): Promise<InvokeResult> {
    if (this.exitText !== undefined) return Promise.resolve({ kind: 'exited', exit: this.exitText });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pendingInvoke = { id, resolve };
      this.channel.write(`{"type":"invoke","id":${id},"requestId":${JSON.stringify(requestId)},"timeoutMs":${Math.max(1, Math.round(timeoutMs))},"event":${eventJson}}\n`);
    });
  }

  /** Kills the process and everything it started; resolves once it has exited. */
  kill(): Promise<void> {
    killTree(this.child);
    return this.closed;
  }

  private settleInit(result: InitResult): void {
    this.initResult ??= result;
    this.pendingInit?.(this.initResult);
    this.pendingInit = undefined;
  }

  private settleInvoke(result: InvokeResult, id?: number): void {
    const pending = this.pendingInvoke;
    if (!pending || (id !== undefined && id !== pending.id)) return; // an answer to an invocation already given up on
    this.pendingInvoke = undefined;
    // After this turn's poll phase: what the handler printed before it answered has been passed on by then.
    setImmediate(() => pending.resolve(result));
  }

  private onMessage(line: string): void {
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch {
      this.onUnreadable('The runner sent a message that is not JSON.');
      return;
    }
    if (message.type === 'ready') this.settleInit({ kind: 'ready', loadMs: Number(message.loadMs) || 0 });
    else if (message.type === 'initError') this.settleInit({ kind: 'initError', loadMs: message.loadMs, error: runnerError(message.error) });
    else if (message.type === 'result') this.settleInvoke({ kind: 'result', value: message.value ?? null }, message.id);
    else if (message.type === 'error') this.settleInvoke({ kind: 'error', error: runnerError(message.error) }, message.id);
  }

  /** The protocol cannot be trusted any more: the process is replaced. */
  private onUnreadable(problem: string): void {
    this.settleInvoke({ kind: 'unreadable', problem });
    this.settleInit({ kind: 'initError', error: { errorType: 'Runtime.InvalidResponse', errorMessage: problem } });
    killTree(this.child);
  }

  private onExit(how: string): void {
    this.exitText ??= how;
    this.settleInit({ kind: 'exited', exit: how });
    this.settleInvoke({ kind: 'exited', exit: how });
  }
}

function runnerError(x: Partial<RunnerError> | undefined): RunnerError {
  return {
    errorType: typeof x?.errorType === 'string' ? x.errorType : 'Error',
    errorMessage: typeof x?.errorMessage === 'string' ? x.errorMessage : JSON.stringify(x ?? null),
  };
}

/** Splits the runner's byte stream into NDJSON lines (decoded once each: a 6 MB result is not re-scanned per chunk). */
function messageSplitter(onLine: (line: string) => void, onTooLong: (problem: string) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let size = 0;
  return (chunk) => {
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf(0x0a, start)) >= 0) {
      parts.push(chunk.subarray(start, newline));
      const line = Buffer.concat(parts).toString('utf8');
      parts = [];
      size = 0;
      start = newline + 1;
      onLine(line);
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > MAX_MESSAGE_BYTES) {
        parts = [];
        size = 0;
        onTooLong(`The runner's answer is over ${MAX_MESSAGE_BYTES / 1024 / 1024} MB.`);
      }
    }
  };
}

/** Passes a stream's text on line by line (long lines in pieces); returns a function that passes on the rest. */
function forwardLines(stream: Readable, onLine: (text: string) => void): () => void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
    while (partial.length > MAX_OUTPUT_LINE_CHARS) {
      onLine(partial.slice(0, MAX_OUTPUT_LINE_CHARS));
      partial = partial.slice(MAX_OUTPUT_LINE_CHARS);
    }
  });
  stream.on('error', () => undefined);
  return () => {
    if (partial !== '') onLine(partial);
    partial = '';
  };
}
