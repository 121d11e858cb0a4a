// The local trigger: a DynamoDB stream read as Lambda's event source mapping reads it, each batch handed to a local
// handler (TriggerInvoker: the warm runner processes). The stream reader (core/tail/dynamodb/reader.ts) keeps the
// shards in order, parents before children, and waits for this engine before each next GetRecords (awaited delivery);
// shardWorker.ts and lane.ts apply Lambda's rules per shard; this file wires them to the reader, keeps the checkpoints
// and reports activity. Pure: no `vscode`, no SDK.
import { parseLambdaFilter, type LambdaFilter } from '../lambda/filter/lambdaFilter';
import { readStream } from '../tail/dynamodb/reader';
import { systemClock, type Clock } from '../tail/clock';
import type { StreamsApi, TailEvent } from '../tail/types';
import { plural } from '../util/plural';
import { Gate } from './ledger';
import type { TriggerContext } from './lane';
import { validateTriggerSettings } from './settings';
import { ShardWorker } from './shardWorker';
import type { TriggerActivity, TriggerCheckpoints, TriggerInvoker, TriggerSettings } from './types';

export interface LocalTriggerOptions {
  streamArn: string;
  /** The DynamoDB Streams calls (src/core/tail/types.ts StreamsApi; the adapter is src/aws/streamsApi.ts). */
  api: StreamsApi;
  /** Loopback endpoint (DynamoDB Local): poll faster, minute-rounded times. */
  loopback: boolean;
  settings: TriggerSettings;
  invoker: TriggerInvoker;
  /** Resume from these (saved from an earlier run's `checkpoint` activity); absent: settings.startingPosition. */
  checkpoints?: TriggerCheckpoints;
  /** Stand-in function ARN for events' context / on-failure records, e.g. arn:aws:lambda:<region>:000000000000:function:local-<name>. */
  functionArn: string;
  /** awsRegion in the Lambda event records. */
  region: string;
  onActivity: (activity: TriggerActivity) => void;
  clock?: Clock;
  /**
   * The table's partition key attribute, when known: with a parallelization factor, records of one partition key
   * stay in one lane. Without it, records of one item (its whole key) do.
   */
  partitionKeyName?: string;
}

export const TRIGGER_STOPPED = 'Trigger stopped';

export class LocalTriggerEngine {
  private readonly ctl = new AbortController();
  private readonly clock: Clock;
  private readonly checkpoints: TriggerCheckpoints;
  private readonly workers = new Map<string, ShardWorker>();
  private readonly gates = new Map<number, Gate>();
  private batchIds = 0;
  private running?: Promise<void>;
  private stopReason?: string;
  private readerStopReason?: string;
  private finished = false;

  constructor(private readonly options: LocalTriggerOptions) {
    this.clock = options.clock ?? systemClock;
    const saved = options.checkpoints;
    this.checkpoints = {
      shards: { ...saved?.shards },
      startedAtMs: saved?.startedAtMs ?? this.clock.now(),
      startingPosition: saved?.startingPosition ?? options.settings.startingPosition,
    };
  }

  /** Runs until stop() or the stream ends; resolves after the final `state: stopped` activity; never rejects. */
  run(): Promise<void> {
    this.running ??= this.runOnce().catch((err: unknown) => {
      // Not expected: every part handles its own failures. Still, the promise never rejects and says why it ended.
      this.stopReason ??= `The trigger failed: ${err instanceof Error ? err.message : String(err)}`;
      this.ctl.abort();
      this.emit({ type: 'state', state: 'stopped', reason: this.stopReason });
      this.finished = true;
    });
    return this.running;
  }

  /** Stops reading, aborts an in-flight invocation (its batch is not checkpointed: it runs again on resume). */
  async stop(): Promise<void> {
    this.stopReason ??= TRIGGER_STOPPED;
    this.ctl.abort();
    await this.run();
  }

  private async runOnce(): Promise<void> {
    const { options } = this;
    const problem = validateTriggerSettings(options.settings);
    const filter = problem ? undefined : this.filter();
    if (problem || filter === null) {
      const reason = problem ?? 'The filter criteria cannot be read';
      this.emit({ type: 'notice', level: 'error', message: reason });
      this.emit({ type: 'state', state: 'stopped', reason });
      this.finished = true;
      return;
    }
    const resume = options.checkpoints !== undefined;
    const grainMs = options.loopback ? 60_000 : 1_000;
    const ctx: TriggerContext = {
      settings: options.settings,
      streamArn: options.streamArn,
      functionArn: options.functionArn,
      region: options.region,
      loopback: options.loopback,
      clock: this.clock,
      invoker: options.invoker,
      filter,
      partitionKeyName: options.partitionKeyName,
      grainMs,
      // A resumed LATEST trigger reads shards it has no checkpoint for from the trim horizon (nothing written while it
      // was stopped is skipped) and skips what was written before it first started. Times are rounded down to the
      // grain, so records of its first second (minute on DynamoDB Local) may be sent rather than lost.
      skipBeforeMs: resume && this.checkpoints.startingPosition === 'LATEST' ? Math.floor(this.checkpoints.startedAtMs / grainMs) * grainMs : undefined,
      signal: this.ctl.signal,
      gate: (lane) => this.gate(lane),
      nextBatchId: () => ++this.batchIds,
      emit: (a) => this.emit(a),
    };
    // Saved before anything is read: a LATEST trigger stopped before its first batch resumes without skipping what
    // was written meanwhile (from the trim horizon, skipping what predates startedAtMs).
    this.emitCheckpoints();
    const saved = Object.keys(this.checkpoints.shards).length;
    if (resume) this.emit({ type: 'notice', level: 'info', message: `Resuming after the checkpoints of ${plural(saved, 'shard')}; shards without one are read from the trim horizon` });
    await readStream(
      options.api,
      {
        streamArn: options.streamArn,
        start: resume ? 'TRIM_HORIZON' : options.settings.startingPosition,
        checkpoints: resume ? { ...this.checkpoints.shards } : undefined,
        loopback: options.loopback,
        signal: this.ctl.signal,
        deliver: (shardId, records, last) => this.worker(shardId, ctx).deliver(records, last),
      },
      (e) => this.onTailEvent(e),
      this.clock,
    );
    // The reader ended by itself (stream gone, disabled and read, a fatal error): nothing more comes; what a lane
    // still holds is not checkpointed and runs again on resume.
    this.ctl.abort();
    await Promise.all([...this.workers.values()].map((w) => w.finished));
    this.emit({ type: 'state', state: 'stopped', reason: this.stopReason ?? this.readerStopReason ?? TRIGGER_STOPPED });
    this.finished = true;
  }

  /** The settings' filter (undefined: every record); null if it cannot be read (validation parses it first). */
  private filter(): LambdaFilter | undefined | null {
    const patterns = this.options.settings.filterPatterns;
    if (patterns.length === 0) return undefined;
    const parsed = parseLambdaFilter(JSON.stringify({ Filters: patterns.map((Pattern) => ({ Pattern })) }));
    return parsed.ok ? parsed.filter : null;
  }

  private worker(shardId: string, ctx: TriggerContext): ShardWorker {
    let w = this.workers.get(shardId);
    if (!w) {
      w = new ShardWorker(shardId, ctx, (id, seq) => this.checkpointed(id, seq), (err) => this.laneFailed(err));
      this.workers.set(shardId, w);
    }
    return w;
  }

  private gate(lane: number): Gate {
    let g = this.gates.get(lane);
    if (!g) this.gates.set(lane, (g = new Gate()));
    return g;
  }

  private checkpointed(shardId: string, seq: string): void {
    this.checkpoints.shards[shardId] = seq;
    this.emitCheckpoints();
  }

  private emitCheckpoints(): void {
    this.emit({ type: 'checkpoint', checkpoints: { ...this.checkpoints, shards: { ...this.checkpoints.shards } } });
  }

  /** Not expected (a lane handles its own failures): stop rather than skip records without a word. */
  private laneFailed(err: unknown): void {
    const message = `The trigger failed: ${err instanceof Error ? err.message : String(err)}`;
    this.emit({ type: 'notice', level: 'error', message });
    this.stopReason ??= message;
    this.ctl.abort();
  }

  private onTailEvent(e: TailEvent): void {
    switch (e.type) {
      case 'state':
        // The trigger's own `stopped` comes once its lanes have ended too.
        if (e.state === 'stopped') this.readerStopReason = e.reason;
        else this.emit(e.reason === undefined ? { type: 'state', state: e.state } : { type: 'state', state: e.state, reason: e.reason });
        return;
      case 'gap':
        this.emit({ type: 'notice', level: 'warning', message: e.message });
        return;
      case 'error':
        this.emit({ type: 'notice', level: 'error', message: e.message });
        return;
      case 'notice':
        this.emit({ type: 'notice', level: 'info', message: e.message });
        return;
      default:
        // records (not sent with an awaited delivery), shard and stats: the batches say what matters.
        return;
    }
  }

  private emit(activity: TriggerActivity): void {
    if (this.finished) return;
    try {
      this.options.onActivity(activity);
    } catch {
      // A consumer's bug must not stop the trigger; the activity is lost to that consumer only.
    }
  }
}
