// Plumbing shared by the two stream readers (DynamoDB Streams: dynamodb/reader.ts; Kinesis: kinesis/reader.ts), each a tail
// made of concurrent loops: one listing loop, one loop per shard, one stats loop.
//
// TailLoops: the state machine (starting → running ⇄ reconnecting → stopped), prompt stopping through AbortSignals
// (every wait and every API call is abortable), counted calls, the once-a-second stats. What both readers do with
// shards is in shardTail.ts. Pure TS: no `vscode`, no SDK.
import { errorText, readAwsError } from '../connection/awsError';
import { Backoff } from './backoff';
import type { Clock } from './clock';
import { TailMeter } from './stats';
import type { TailEvent, TailState, TailStats } from './types';

export class Stopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'Stopped';
  }
}

export interface LoopsConfig {
  /** Aborting it stops the tail. */
  signal: AbortSignal;
  /** The stop reason when `signal` aborts. */
  abortedReason: string;
  statsIntervalMs: number;
  /** False when creation times are too coarse for a lag (DynamoDB Local stamps them to the minute). */
  measureLag: boolean;
  /** Prefix of the fatal error an unexpected failure of a loop stops the tail with. */
  failContext: string;
}

export abstract class TailLoops {
  protected readonly meter: TailMeter;
  protected state?: TailState;
  protected stopReason?: string;
  /** Components currently retrying a transient failure (key → error text). */
  private readonly problems = new Map<string, string>();
  private readonly controllers = new Set<AbortController>();
  private readonly loops = new Set<Promise<void>>();
  private finished = false;
  private kicked = false;
  private kickCtl?: AbortController;

  constructor(
    protected readonly onEvent: (e: TailEvent) => void,
    protected readonly clock: Clock,
    private readonly config: LoopsConfig,
  ) {
    this.meter = new TailMeter(clock.now(), config.measureLag);
  }

  /** Starts the component loops (called once, unless the tail was aborted before it started). */
  protected abstract start(): void;
  /** Shard counts for the stats event. */
  protected abstract shardCounts(): { open: number; closed: number; active: number };
  /** True once the tail may promise that a change written from now on is seen. */
  protected abstract ready(): boolean;

  protected get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  /** Resolves after the final `state: stopped` event; never rejects. */
  async run(): Promise<void> {
    const { signal, abortedReason } = this.config;
    const onAbort = () => this.stop(abortedReason);
    try {
      this.setState('starting');
      if (signal.aborted) this.stop(abortedReason);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        this.start();
        this.spawn((s) => this.statsLoop(s));
      }
    } catch (err) {
      // Not expected: every loop handles its own failures.
      this.fail(err, this.config.failContext);
    }
    while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
    signal.removeEventListener('abort', onAbort);
    this.emit({ type: 'stats', stats: this.snapshot() });
    this.setState('stopped', this.stopReason ?? abortedReason);
    this.finished = true;
  }

  protected emit(e: TailEvent): void {
    if (this.finished) return;
    try {
      this.onEvent(e);
    } catch (err) {
      this.consumerFailed(e, err);
    }
  }

  /**
   * The consumer threw. A consumer's bug must not break the reader, nor lose records without a word: records it could
   * not take stop the tail with the reason (read on, later records would be shown as if nothing were missing);
   * any other event's failure is reported once as a warning.
   */
  private consumerFailed(e: TailEvent, err: unknown): void {
    const why = errorText(err);
    const report = (event: TailEvent) => {
      try {
        this.onEvent(event);
      } catch {
        // The consumer cannot even take the report: stopping (for records) is all that is left.
      }
    };
    if (e.type !== 'records') {
      if (e.type !== 'error') report({ type: 'error', message: `The panel failed to handle a ${e.type} event: ${why}`, fatal: false });
      return;
    }
    const n = e.records.length;
    const message = `The panel could not take ${n === 1 ? '1 record' : `${n} records`} of shard ${e.shardId} (${why}); the tail stopped so that no record is skipped without notice`;
    report({ type: 'error', message, fatal: true });
    this.stop(message);
  }

  protected setState(state: TailState, reason?: string): void {
    this.state = state;
    this.emit(reason === undefined ? { type: 'state', state } : { type: 'state', state, reason });
  }

  protected stop(reason: string): void {
    if (this.stopped) return;
    this.stopReason = reason;
    for (const ctl of this.controllers) ctl.abort();
    this.kickCtl?.abort();
  }

  protected fail(err: unknown, context: string): void {
    if (this.stopped) return;
    const message = `${context}: ${errorText(err)}`;
    this.emit({ type: 'error', message, fatal: true });
    this.stop(message);
  }

  protected newBackoff(): Backoff {
    const clock = this.clock;
    return new Backoff({ random: clock.random ? () => clock.random!() : Math.random });
  }

  /** Runs a loop with its own abort controller (aborted on stop), tracked until it ends. */
  protected spawn(body: (signal: AbortSignal) => Promise<void>): void {
    const ctl = new AbortController();
    this.controllers.add(ctl);
    if (this.stopped) ctl.abort();
    const loop: Promise<void> = body(ctl.signal)
      .catch((err) => this.fail(err, this.config.failContext))
      .finally(() => {
        this.controllers.delete(ctl);
        this.loops.delete(loop);
      });
    this.loops.add(loop);
  }

  protected async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    try {
      await this.clock.sleep(Math.max(0, ms), signal);
    } catch {
      // An aborted sleep may reject; the caller checks the signal.
    }
  }

  /** Resolves once pending I/O and promise callbacks have had their turn (not a timer: the clock is not involved). */
  protected nextTurn(): Promise<void> {
    return new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Sleeps until the clock reads `at` (if it does not yet). */
  protected async sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    const wait = at - this.clock.now();
    if (wait > 0) await this.sleep(wait, signal);
  }

  /**
   * One API call, counted. `fn` gets a signal of its own (aborted with `signal`) to cancel the HTTP request with (a
   * GetRecords left open would count against the readers allowed per shard); the call settles at once on abort
   * (rejecting with Stopped) whatever the adapter does with it. One controller per call, so nothing accumulates
   * listeners on the long-lived loop signal.
   */
  protected call<T>(signal: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(new Stopped());
    this.meter.call();
    const request = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(new Stopped());
        request.abort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      new Promise<T>((r) => r(fn(request.signal))).then(
        (value) => (done(), resolve(value)),
        (err) => (done(), reject(err)),
      );
    });
  }

  /** A component hit a transient failure: the tail is 'reconnecting' until every such component succeeded again. */
  protected trouble(key: string, err: unknown): void {
    if (this.stopped) return;
    const text = errorText(err);
    this.problems.set(key, text);
    if (this.state !== 'reconnecting') this.setState('reconnecting', troubleReason(err, text));
  }

  /**
   * A component's call succeeded again. Once nothing is retrying, the tail is back to 'running' — or, if the trouble
   * came during start-up, back to 'starting' until ready(): 'running' promises that a write made from then on is
   * seen, which a LATEST iterator not yet obtained cannot keep.
   */
  protected recovered(key: string): void {
    if (!this.problems.delete(key) || this.problems.size > 0 || this.state !== 'reconnecting' || this.stopped) return;
    this.setState(this.ready() ? 'running' : 'starting');
  }

  /** 'starting' → 'running' once ready. */
  protected enterRunningWhenReady(): void {
    if (this.state === 'starting' && !this.stopped && this.ready()) this.setState('running');
  }

  /** Waits `ms`, or less if kick() is called meanwhile (or was called since the last wait began). */
  protected async waitForKick(ms: number, signal: AbortSignal): Promise<void> {
    if (this.kicked || signal.aborted) {
      this.kicked = false;
      return;
    }
    const ctl = new AbortController();
    const onStop = () => ctl.abort();
    signal.addEventListener('abort', onStop, { once: true });
    this.kickCtl = ctl;
    try {
      await this.sleep(ms, ctl.signal);
    } finally {
      signal.removeEventListener('abort', onStop);
      if (this.kickCtl === ctl) this.kickCtl = undefined;
      this.kicked = false;
    }
  }

  /** List the shards again now (a shard closed: its children may be listed). */
  protected kick(): void {
    this.kicked = true;
    this.kickCtl?.abort();
  }

  private async statsLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.sleep(this.config.statsIntervalMs, signal);
      if (signal.aborted) return;
      this.emit({ type: 'stats', stats: this.snapshot() });
    }
  }

  private snapshot(): TailStats {
    return this.meter.snapshot(this.clock.now(), this.shardCounts());
  }
}

/** Why the tail is reconnecting, in words that say what is going on: throttled, signed out, or a failing call. */
export function troubleReason(err: unknown, text = errorText(err)): string {
  switch (readAwsError(err).kind) {
    case 'throttled':
      return `Throttled (${text}): the stream's read quota is shared with its other readers; retrying with backoff`;
    case 'credentials':
      return `Sign in again (${text}): the tail resumes where it stopped once the credentials work`;
    default:
      return `${text}; retrying with backoff`;
  }
}
