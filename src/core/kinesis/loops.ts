// Plumbing of a tail made of concurrent loops (a listing loop, one loop per shard, a stats loop): the state machine
// (starting → running ⇄ reconnecting → stopped), prompt stopping through AbortSignals, counted and abortable API
// calls, and the once-a-second stats. Written for the Kinesis reader in a form the DynamoDB Streams reader
// (src/core/tail/reader.ts, which has its own copy) can move onto. Pure TS: no `vscode`, no SDK.
import { errorText } from '../awsError';
import { Backoff } from '../tail/backoff';
import type { Clock } from '../tail/clock';
import { TailMeter } from '../tail/stats';
import type { TailEvent, TailState, TailStats } from '../tail/types';

export class Stopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'Stopped';
  }
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
    private readonly signal: AbortSignal,
    private readonly abortedReason: string,
    private readonly statsIntervalMs: number,
  ) {
    this.meter = new TailMeter(clock.now());
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
    const onAbort = () => this.stop(this.abortedReason);
    try {
      this.setState('starting');
      if (this.signal.aborted) this.stop(this.abortedReason);
      else {
        this.signal.addEventListener('abort', onAbort, { once: true });
        this.start();
        this.spawn((s) => this.statsLoop(s));
      }
    } catch (err) {
      this.fail(err, 'Reader failed');
    }
    while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
    this.signal.removeEventListener('abort', onAbort);
    this.emit({ type: 'stats', stats: this.snapshot() });
    this.setState('stopped', this.stopReason ?? this.abortedReason);
    this.finished = true;
  }

  protected emit(e: TailEvent): void {
    if (this.finished) return;
    try {
      this.onEvent(e);
    } catch {
      // A consumer's bug must not break the reader.
    }
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
      .catch((err) => this.fail(err, 'Reader failed'))
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

  /**
   * One API call, counted. `fn` gets a signal of its own (aborted with `signal`) to cancel the HTTP request with;
   * the call settles at once on abort (rejecting with Stopped) whatever the adapter does with it.
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
    if (this.state !== 'reconnecting') this.setState('reconnecting', `${text}; retrying with backoff`);
  }

  /** A component's call succeeded again; once nothing is retrying, back to 'running' (or 'starting' if not ready). */
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

  protected kick(): void {
    this.kicked = true;
    this.kickCtl?.abort();
  }

  private async statsLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.sleep(this.statsIntervalMs, signal);
      if (signal.aborted) return;
      this.emit({ type: 'stats', stats: this.snapshot() });
    }
  }

  private snapshot(): TailStats {
    return this.meter.snapshot(this.clock.now(), this.shardCounts());
  }
}
