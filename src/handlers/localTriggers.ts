// The local triggers of this workspace: each runs a local handler on a stream's batches as an event source mapping
// would (core/trigger/engine.ts over warm handler processes, handlers/warmRunner.ts). Definitions and their latest
// checkpoints live in workspace state, so a window reload resumes a running trigger where it stopped; environment
// variables live in secret storage. Each trigger has an output channel (handler output, one line per batch) and may
// append its given-up batches' invocation records to a file (the on-failure destination's stand-in).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { handlerEnvironment } from '../core/lambda/handlerEnv';
import { LocalTriggerEngine } from '../core/trigger/engine';
import { applyActivity, batchLogLine, emptyProgress, type TriggerProgress } from '../core/trigger/progress';
import type { OnFailureRecord, TriggerActivity, TriggerInvoker } from '../core/trigger/types';
import { notify } from '../ui/prompts';
import {
  LOCAL_TRIGGERS_KEY,
  localFunctionArn,
  localTriggerEnvKey,
  sameConnection,
  type LocalTriggerDefinition,
  type LocalTriggerEntry,
  type LocalTriggerManagerDeps,
  type OutputLike,
  type SavedTrigger,
} from './localTriggerTypes';
import { WarmRunnerPool } from './warmRunner';

export * from './localTriggerTypes';

/** Checkpoints are written at most this often while batches go by (and always when a trigger stops). */
const CHECKPOINT_SAVE_MS = 1000;

interface Running {
  engine: LocalTriggerEngine;
  invoker: TriggerInvoker;
  done: Promise<void>;
  /** Why it is being stopped, and whether it stays `running` in workspace state (a reload resumes it). */
  stopping?: { reason: string; keepRunning: boolean };
}

export class LocalTriggerManager implements vscode.Disposable {
  private readonly saved = new Map<string, SavedTrigger>();
  private readonly progress = new Map<string, TriggerProgress>();
  private readonly running = new Map<string, Running>();
  private readonly outputs = new Map<string, OutputLike>();
  /** Appends to each trigger's on-failure file, in order. */
  private readonly appends = new Map<string, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fired with a trigger's id when it changed, undefined when triggers came or went. */
  readonly onDidChange = this.changed.event;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private shuttingDown?: Promise<void>;

  constructor(private readonly deps: LocalTriggerManagerDeps) {
    for (const t of deps.workspaceState.get<SavedTrigger[]>(LOCAL_TRIGGERS_KEY) ?? []) {
      if (!t?.definition?.id) continue;
      this.saved.set(t.definition.id, t);
      this.progress.set(t.definition.id, { ...emptyProgress('stopped', t.checkpoints), reason: t.stoppedReason });
    }
  }

  list(): LocalTriggerEntry[] {
    return [...this.saved.values()].map((t) => this.entry(t.definition.id)!);
  }

  get(id: string): LocalTriggerEntry | undefined {
    return this.saved.has(id) ? this.entry(id) : undefined;
  }

  private entry(id: string): LocalTriggerEntry | undefined {
    const t = this.saved.get(id);
    if (!t) return undefined;
    return { definition: t.definition, progress: this.progress.get(id) ?? emptyProgress('stopped'), active: this.running.has(id) };
  }

  /** Saves a new trigger (its variables as secrets) and starts it. */
  async start(definition: LocalTriggerDefinition, env: Record<string, string>): Promise<void> {
    if (this.saved.has(definition.id)) throw new Error(`A local trigger ${definition.id} exists already.`);
    await this.deps.secrets.store(localTriggerEnvKey(definition.id), JSON.stringify(env));
    this.saved.set(definition.id, { definition, running: true });
    this.progress.set(definition.id, emptyProgress('starting'));
    await this.persist();
    this.changed.fire(undefined);
    await this.launch(definition.id);
  }

  /** Start local trigger again: from its last checkpoint. */
  async resume(id: string): Promise<void> {
    const t = this.required(id);
    if (this.running.has(id)) return;
    if (!sameConnection(t.definition.connection, this.deps.connection())) {
      throw new Error(`${t.definition.label} reads through ${t.definition.connection.label}, not the current connection (${this.deps.connection().label}): connect to it again first.`);
    }
    t.running = true;
    t.stoppedReason = undefined;
    await this.persist();
    await this.launch(id);
  }

  /** Stops one trigger; it stays in the list (Start local trigger again resumes it). */
  async stop(id: string, reason = 'stopped by the user'): Promise<void> {
    this.required(id);
    await this.halt(id, reason, false);
  }

  /** Stops it (if running), forgets it, its variables and its output channel. */
  async remove(id: string): Promise<void> {
    this.required(id);
    await this.halt(id, 'removed', false);
    this.saved.delete(id);
    this.progress.delete(id);
    this.outputs.get(id)?.dispose();
    this.outputs.delete(id);
    await this.deps.secrets.delete(localTriggerEnvKey(id));
    await this.persist();
    this.changed.fire(undefined);
  }

  /** Stops every running trigger (e.g. the connection changed); each says why in its row. */
  async stopAll(reason: string): Promise<number> {
    const ids = [...this.running.keys()];
    await Promise.all(ids.map((id) => this.halt(id, reason, false)));
    return ids.length;
  }

  /** Resumes the triggers that were running when the window closed (or reloaded), on the connection they read. */
  async restore(): Promise<number> {
    let resumed = 0;
    for (const t of this.saved.values()) {
      if (!t.running || this.running.has(t.definition.id)) continue;
      if (!sameConnection(t.definition.connection, this.deps.connection())) {
        t.running = false;
        t.stoppedReason = `not resumed: it reads through ${t.definition.connection.label}, not the current connection`;
        this.setProgress(t.definition.id, { ...this.progressOf(t.definition.id), state: 'stopped', reason: t.stoppedReason });
        continue;
      }
      try {
        await this.launch(t.definition.id);
        resumed++;
      } catch {
        // Marked stopped with the reason (its row says it); the others are resumed still.
      }
    }
    await this.persist();
    return resumed;
  }

  /** The trigger's output channel, shown. */
  showOutput(id: string): void {
    this.output(this.required(id).definition).show(true);
  }

  private required(id: string): SavedTrigger {
    const t = this.saved.get(id);
    if (!t) throw new Error(`No local trigger ${id}: it was removed.`);
    return t;
  }

  private progressOf(id: string): TriggerProgress {
    return this.progress.get(id) ?? emptyProgress('stopped');
  }

  private setProgress(id: string, progress: TriggerProgress): void {
    this.progress.set(id, progress);
    this.changed.fire(id);
  }

  private output(definition: LocalTriggerDefinition): OutputLike {
    let out = this.outputs.get(definition.id);
    if (!out) {
      out = (this.deps.createOutput ?? ((name) => vscode.window.createOutputChannel(name)))(`Local trigger: ${definition.label}`);
      this.outputs.set(definition.id, out);
    }
    return out;
  }

  /** The handler's variables: the connection's (profile, region, endpoint: its SDK writes where the stream is read), then the user's. */
  private async environment(definition: LocalTriggerDefinition): Promise<{ env: Record<string, string>; removeEnv: string[] }> {
    const stored = await this.deps.secrets.get(localTriggerEnvKey(definition.id));
    let own: Record<string, string> = {};
    try {
      const parsed: unknown = stored ? JSON.parse(stored) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        own = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // A value that is not ours: no variables.
    }
    const connection = handlerEnvironment(definition.connection, process.env);
    return { env: { ...connection.env, ...own }, removeEnv: connection.remove.filter((k) => !Object.hasOwn(own, k)) };
  }

  /** Starts the trigger's engine; one that cannot start is marked stopped with the reason (and the error thrown). */
  private async launch(id: string): Promise<void> {
    try {
      await this.startEngine(id);
    } catch (err) {
      const t = this.saved.get(id);
      if (t) {
        t.running = false;
        t.stoppedReason = `could not start: ${(err as Error).message ?? String(err)}`;
        this.setProgress(id, { ...this.progressOf(id), state: 'stopped', reason: t.stoppedReason });
        await this.persist();
      }
      throw err;
    }
  }

  private async startEngine(id: string): Promise<void> {
    const t = this.required(id);
    const d = t.definition;
    const out = this.output(d);
    const { env, removeEnv } = await this.environment(d);
    if (this.disposed || this.running.has(id)) return;
    const functionArn = localFunctionArn(d);
    const invoker = (this.deps.createInvoker ?? ((o) => new WarmRunnerPool(o)))({
      file: d.handler.file,
      handlerName: d.handler.exportName,
      runtime: d.handler.runtime,
      env,
      removeEnv,
      runnersDir: this.deps.runnersDir,
      cwd: path.dirname(d.handler.file),
      functionName: functionArn.split(':').pop(),
      functionArn,
      functionTimeoutSeconds: d.settings.functionTimeoutSeconds,
      lanes: d.settings.parallelizationFactor,
      // One line at a time; lines of other lanes and of stderr say where they come from.
      onOutput: (lane, stream, line) => out.appendLine(lane > 0 || stream === 'stderr' ? `[${stream}${lane > 0 ? ` ${lane}` : ''}] ${line}` : line),
    });
    const from = t.checkpoints ? `from its checkpoint (${Object.keys(t.checkpoints.shards).length} shards)` : `at ${d.settings.startingPosition}`;
    out.appendLine(`── ${new Date().toISOString()} ${d.handler.file}#${d.handler.exportName} on ${d.tableName}'s stream ${from}`);
    this.setProgress(id, { ...emptyProgress('starting', t.checkpoints), counters: this.progressOf(id).counters, batches: this.progressOf(id).batches });
    const engine = new LocalTriggerEngine({
      streamArn: d.streamArn,
      api: this.deps.streams,
      loopback: d.connection.loopback,
      settings: d.settings,
      invoker,
      checkpoints: t.checkpoints,
      functionArn,
      partitionKeyName: d.partitionKeyName,
      region: d.connection.region ?? 'us-east-1',
      onActivity: (activity) => this.onActivity(id, activity),
    });
    const run: Running = { engine, invoker, done: Promise.resolve() };
    this.running.set(id, run);
    run.done = engine.run().then(() => this.ended(id, run), (err: unknown) => this.ended(id, run, String(err)));
    this.changed.fire(id);
  }

  private onActivity(id: string, activity: TriggerActivity): void {
    const t = this.saved.get(id);
    if (!t) return;
    const out = this.outputs.get(id);
    if (activity.type === 'batch' && activity.batch.outcome !== 'running') out?.appendLine(batchLogLine(activity.batch));
    else if (activity.type === 'notice') out?.appendLine(`${activity.level}: ${activity.message}`);
    else if (activity.type === 'state') out?.appendLine(`state: ${activity.state}${activity.reason ? ` (${activity.reason})` : ''}`);
    else if (activity.type === 'checkpoint') {
      t.checkpoints = activity.checkpoints;
      this.scheduleSave();
    } else if (activity.type === 'onFailure') this.appendOnFailure(t.definition, activity.record);
    this.setProgress(id, applyActivity(this.progressOf(id), activity, Date.now()));
  }

  private appendOnFailure(definition: LocalTriggerDefinition, record: OnFailureRecord): void {
    const file = definition.settings.onFailureFile;
    const out = this.outputs.get(definition.id);
    const batch = `${record.DDBStreamBatchInfo.shardId} ${record.DDBStreamBatchInfo.startSequenceNumber}–${record.DDBStreamBatchInfo.endSequenceNumber}`;
    if (!file) {
      out?.appendLine(`on failure: batch ${batch} dropped (${record.requestContext.condition}; no destination)`);
      return;
    }
    const previous = this.appends.get(definition.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        await fsp.appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
        out?.appendLine(`on failure: batch ${batch} (${record.requestContext.condition}) appended to ${file}`);
      } catch (err) {
        out?.appendLine(`on failure: could not append batch ${batch} to ${file}: ${String(err)}`);
        notify('error', `Local trigger ${definition.label}: the on-failure record of batch ${batch} could not be written to ${file}: ${(err as Error).message ?? String(err)}`);
      }
    });
    this.appends.set(definition.id, next);
  }

  /** Stops the engine (and its handler processes); `keepRunning`: a reload resumes it. */
  private async halt(id: string, reason: string, keepRunning: boolean): Promise<void> {
    const run = this.running.get(id);
    const t = this.saved.get(id);
    if (!run) {
      if (t && t.running && !keepRunning) {
        t.running = false;
        await this.persist();
      }
      return;
    }
    run.stopping ??= { reason, keepRunning };
    await run.engine.stop();
    await run.done;
  }

  /** The engine's run ended: stopped by us, or on its own (the stream was disabled, the table deleted). */
  private async ended(id: string, run: Running, failure?: string): Promise<void> {
    const t = this.saved.get(id);
    const current = this.progressOf(id);
    const reason = run.stopping?.reason ?? failure ?? current.reason ?? 'the stream ended';
    if (t && !run.stopping?.keepRunning) {
      t.running = false;
      t.stoppedReason = reason;
    }
    // Shown stopped with our reason (not the engine's generic one) as soon as it is no longer active.
    if (this.running.get(id) === run) this.running.delete(id);
    if (t && !this.disposed) this.setProgress(id, { ...current, state: 'stopped', reason });
    this.outputs.get(id)?.appendLine(`── stopped: ${reason}`);
    await run.invoker.dispose().catch(() => undefined);
    await this.appends.get(id);
    await this.persist();
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.persist();
    }, CHECKPOINT_SAVE_MS);
  }

  /** Writes every trigger (definition, running, checkpoints) to workspace state, one write after another. */
  private persist(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const value = [...this.saved.values()].map((t) => ({ ...t }));
    this.saving = this.saving.then(() => this.deps.workspaceState.update(LOCAL_TRIGGERS_KEY, value)).then(undefined, () => undefined);
    return this.saving;
  }

  /**
   * Deactivation (a window reload or close): every engine stops, but each stays `running` in workspace state with its
   * latest checkpoint, so the next activation resumes it. Resolves when the handler processes are gone.
   */
  shutdown(): Promise<void> {
    return (this.shuttingDown ??= (async () => {
      const ids = [...this.running.keys()];
      // Marked before anything is awaited: an engine that ends now is not shown or started again.
      const stopped = Promise.all(ids.map((id) => this.halt(id, 'the window closed', true)));
      this.disposed = true;
      await stopped;
      await this.persist();
    })());
  }

  dispose(): void {
    void this.shutdown().finally(() => {
      for (const out of this.outputs.values()) out.dispose();
      this.outputs.clear();
      this.changed.dispose();
    });
  }
}
