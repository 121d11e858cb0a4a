// Tail panel host: one webview panel per stream (+ shard), running its record source (the DynamoDB Streams reader or
// the Kinesis reader) with an AbortController and relaying between the source, the core TailSession and the webview.
// Thin vscode glue; logic is in core.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { errorText } from '../core/connection/awsError';
import { toFilterSpec } from '../core/panel/filter';
import { heldByteBudget, jsonViewSetting, saveJsonView } from '../config/settings';
import {
  panelTitle,
  startKindOf,
  type HostToWebview,
  type JsonView,
  type LambdaFilterState,
  type TailTarget,
  type WebviewToHost,
} from '../core/panel/protocol';
import type { RecordSource, ResumePosition, StartPosition, TailEvent } from '../core/tail/types';
import { restoredNotice, resumePositionOf, type TailRestoreState } from '../core/panel/panelRestore';
import { applyRestoredState, savedConnectionOf, TailPersistence, type PanelConnection } from './tailPersistence';
import { TailSession } from '../core/panel/tailSession';
import { restartClearsText } from '../core/panel/ndjsonExport';
import { choose } from '../ui/prompts';
import type { HandlerChoice, HandlerConnection, HandlerInvoker } from '../handlers/invokeHandler';
import type { HandlerRunResult } from '../handlers/runHandler';
import { describeStart } from '../core/tail/startPosition';
import { askStartPosition } from './startPrompts';
import { copyLambdaEvent, exportHeldRecords, exportLambdaEvent, invokeHandlerOn, type PanelActionHost } from './panelActions';
import { logTailEvent } from './tailLog';
import { receiveWebviewMessage } from './webviewShell';

export const TAIL_WEBVIEW_TYPE = 'dynamodbStreams.tail';

/** What `TailPanelManager.open` needs: the target (viewType explains missing diffs; onlyShardId gets its own panel)
 * and the source that reads it. */
export interface TailPanelOpenOptions extends TailTarget {
  reader: RecordSource;
  /** The connection the reader uses, as Invoke handler… passes it on to the handler (the manager fills it in). */
  handlerConnection?: HandlerConnection;
  /** Diagnostics; defaults to the channel given to the manager. */
  log?: vscode.LogOutputChannel;
  /** The connection the reader uses, saved with the panel so that a reload restores it on the same one only. */
  connection?: PanelConnection;
  /** A panel brought back after a reload: its saved state, and why it must not read (connection changed), if so. */
  restored?: { state: TailRestoreState; stoppedReason?: string };
}

/**
 * Which panel shows a target: one per stream of each kind, and one per shard tailed on its own. A replica's region is
 * part of the key: DynamoDB Local gives the same stream ARN to same-named tables of different regions.
 */
export type PanelKeyParts = Pick<TailTarget, 'source' | 'streamArn' | 'onlyShardId' | 'region'>;

export function panelKey({ source, streamArn, onlyShardId, region }: PanelKeyParts): string {
  return `${source}:${streamArn}${onlyShardId ? `#${onlyShardId}` : ''}${region ? `@${region}` : ''}`;
}

export class TailPanel implements vscode.Disposable {
  readonly key: string;
  readonly session: TailSession;
  private reader: RecordSource;
  private controller?: AbortController;
  private generation = 0;
  private readerRunning = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The connection the reader was opened with: a handler run talks to the same account, region and endpoint. */
  private handlerConnection?: HandlerConnection;
  /** Aborted when the panel closes: kills the handler runs it started. */
  private readonly handlerRuns = new AbortController();
  /** Keeps the webview's saved state current, for a reload. */
  private readonly persistence: TailPersistence;
  /** The connection the reader uses (the saved state names a restored panel's old one until it restarts). */
  private readerConnection?: PanelConnection;
  /** The generation of a restored panel's first reader: when it stops by itself, Restart is offered. */
  private restoredGeneration?: number;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    options: TailPanelOpenOptions,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: () => void,
    private readonly onDisposed: (panel: TailPanel) => void,
    /** Runs local handlers for Invoke handler…; without it the action says it is not available. */
    private readonly handlers?: HandlerInvoker,
  ) {
    this.reader = options.reader;
    this.handlerConnection = options.handlerConnection;
    this.key = panelKey(options);
    const { reader: _reader, log: _log, handlerConnection: _connection, connection, restored, ...target } = options;
    this.session = new TailSession({
      target,
      post: (m) => this.post(m),
      onStateChange: () => this.onChange(),
      maxHeldBytes: heldByteBudget(),
      onRecordFailure: (_kind, message) => this.log.warn(`${this.title}: ${message}`),
      firstId: restored?.state.nextId,
    });
    this.session.setJsonView(jsonViewSetting());
    const webview = webviewPanel.webview;
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      webviewPanel.onDidChangeViewState(() => {
        // Without retained context the webview is torn down while hidden; it says `ready` when it is back.
        if (!webviewPanel.visible) this.session.onHidden();
      }),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
    this.readerConnection = connection;
    this.persistence = new TailPersistence(this.session, restored?.stoppedReason ? savedConnectionOf(restored.state) : connection, (m) => this.post(m));
    this.disposables.push(this.persistence);
    if (restored) this.startRestored(restored.state, restored.stoppedReason);
    else this.startReader();
  }

  /**
   * Back after a reload: the filters as they were, the saved positions saved again at once (a second reload loses
   * nothing), then the held records re-read and the tail continued after the last record delivered per shard. On
   * another connection than before, nothing is read: the panel says why and offers Restart.
   */
  private startRestored(state: TailRestoreState, stoppedReason: string | undefined): void {
    const wanted = applyRestoredState(this.session, state);
    if (wanted.error) this.log.warn(`${this.title}: the saved Lambda filter was refused: ${wanted.error}`);
    if (stoppedReason) {
      this.log.info(`${this.title}: restored after a reload, not reading: ${stoppedReason}`);
      this.session.stop(stoppedReason);
      this.offerRestart(stoppedReason);
      return;
    }
    this.session.addNotice('info', 'info', restoredNotice(state));
    this.persistence.sinceMs = state.sinceMs;
    this.startReader(resumePositionOf(state.shards, state.target.startPosition, state.sinceMs));
    this.restoredGeneration = this.generation;
  }

  /** A restored panel that cannot read (connection changed, stream gone) offers Restart once. */
  private offerRestart(reason: string): void {
    void vscode.window.showWarningMessage(`${this.title}: ${reason}`, 'Restart').then((choice) => {
      if (choice === 'Restart' && !this.disposed) return this.receive({ type: 'restart', startPosition: startKindOf(this.session.target.startPosition) });
      return undefined;
    });
  }

  /** What a reload would restore (the state last saved in the webview); for tests and diagnostics. */
  get savedState(): TailRestoreState | undefined {
    return this.persistence.lastSaved;
  }

  /** `Tail: <table>` or `Kinesis: <stream>`: the panel's title, also used in logs and messages. */
  get title(): string {
    return panelTitle(this.session.target);
  }

  /** The reader is running and has not stopped (stream disabled, fatal error). */
  get isRunning(): boolean {
    return this.readerRunning && this.session.currentState !== 'stopped';
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, false);
  }

  /**
   * Opened again: reveal; a tail that stopped starts again with the new options' reader and start position, once the
   * user agreed to clear the records it holds (asked only when it holds some). Resolves when that is settled.
   */
  async reopen(options: TailPanelOpenOptions): Promise<void> {
    this.reveal();
    if (this.isRunning || !(await this.confirmClearing()) || this.isRunning || this.disposed) return;
    this.reader = options.reader;
    this.handlerConnection = options.handlerConnection;
    this.readerConnection = options.connection;
    this.restart(options.startPosition);
  }

  /**
   * A restart clears the held records: while there are any, the user says first (Export… exports them, then the
   * restart goes on once the file is written). True when the restart may go on.
   */
  private async confirmClearing(): Promise<boolean> {
    const held = this.session.held;
    if (held === 0) return true;
    const choice = await choose(restartClearsText(held), 'The tail reads again from its start position; the records this panel holds now are dropped.', ['Export…', 'Restart']);
    if (choice === 'Restart') return true;
    if (choice === 'Export…') return (await this.exportRecords()) !== undefined;
    return false;
  }

  /**
   * Stops a running tail (its reader is aborted) and shows `reason` in the panel; Restart (or opening the tail
   * again) starts it again. A tail that already stopped is left as it is.
   */
  stop(reason: string): void {
    if (this.disposed || !this.isRunning) return;
    this.stopReader();
    this.log.info(`${this.title}: stopped (${reason})`);
    this.session.stop(reason);
    this.onChange();
  }

  /** A message from the webview (validated here; public so extension-host tests can drive the panel). */
  async receive(message: unknown): Promise<void> {
    if (this.disposed) return;
    await receiveWebviewMessage(this.title, this.log, message, (m) => this.handle(m));
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.session.onReady();
        this.persistence.save(true);
        return;
      case 'pause':
        this.session.pause();
        return;
      case 'resume':
        this.session.resume();
        return;
      case 'clear':
        this.session.clear();
        return;
      case 'setFilter': {
        const filter = toFilterSpec(message.filter);
        if (filter) this.session.setFilter(filter);
        return;
      }
      case 'requestDetail':
        this.session.sendDetail(message.id);
        return;
      case 'requestRows':
        this.session.sendRows(message.view, message.start, message.end);
        return;
      case 'requestIds':
        this.session.sendIds(message.view, message.start, message.end);
        return;
      case 'locate':
        this.session.sendLocated(message.view, message.ids);
        return;
      case 'copyRecord':
        await this.copyRecord(message.id);
        return;
      case 'export':
        await this.exportRecords();
        return;
      case 'restart': {
        const position = await askStartPosition(message.startPosition, this.session.lastSequenceNumbers(), { source: this.session.target.source, reader: this.reader });
        if (position && (await this.confirmClearing())) this.restart(position);
        return;
      }
      case 'setLambdaFilter':
        this.setLambdaFilter(message.text);
        return;
      case 'setLambdaOnly':
        this.session.setLambdaOnly(message.only);
        return;
      case 'copyLambdaEvent':
        await this.copyLambdaEvent(message.ids);
        return;
      case 'exportLambdaEvent':
        await this.exportLambdaEvent();
        return;
      case 'setJsonView':
        await this.setJsonView(message.view);
        return;
      case 'invokeHandler':
        await this.invokeHandler(message.ids);
        return;
      case 'undoChanges':
        // The command (as from the row menu without a selection) takes the records shown; it reports its own errors.
        await vscode.commands.executeCommand(COMMANDS.undoChanges, { tailPanel: this.key });
        return;
    }
  }

  /**
   * Sets the Lambda filter (a FilterCriteria JSON, a Filters array or one pattern; empty text clears it), e.g. from a
   * Lambda trigger's FilterCriteria. Invalid text changes nothing: the returned state carries the parser's message.
   */
  setLambdaFilter(text: string): LambdaFilterState {
    const state = this.session.setLambdaFilter(text);
    if (state.error) this.log.info(`${this.title}: Lambda filter refused: ${state.error}`);
    else this.log.info(`${this.title}: Lambda filter ${state.text ? `set to ${state.text}` : 'cleared'}`);
    return state;
  }

  /** Copy as Lambda event: the records (by id; none: the records shown) as the event their Lambda function gets. */
  copyLambdaEvent(ids: readonly number[]): Promise<void> {
    return copyLambdaEvent(this.actionHost(), ids);
  }

  /** Export Lambda event…: the records (by id; none: the records shown, filters applied) as one Lambda event in a .json file. */
  exportLambdaEvent(target?: vscode.Uri, ids: readonly number[] = []): Promise<vscode.Uri | undefined> {
    return exportLambdaEvent(this.actionHost(), target, ids);
  }

  private actionHost(): PanelActionHost {
    return { session: this.session, title: this.title, log: this.log, post: (m) => this.post(m) };
  }

  /**
   * DynamoDB JSON or plain JSON in details and Copy record (the panel's toggle): remembered in the setting, which every
   * open panel follows (TailPanelManager).
   */
  async setJsonView(view: JsonView): Promise<void> {
    this.session.setJsonView(view);
    await saveJsonView(view);
  }

  /** The record cap setting changed: hold at most `maxRecords` from now on (the oldest beyond it are evicted). */
  setMaxRecords(maxRecords: number): void {
    if (this.disposed || maxRecords === this.session.target.maxRecords) return;
    this.log.info(`${this.title}: holding at most ${maxRecords} records (was ${this.session.target.maxRecords})`);
    this.session.setMaxRecords(maxRecords);
  }

  /** The byte budget setting changed: the held records take at most `maxHeldBytes` from now on. */
  setMaxHeldBytes(maxHeldBytes: number): void {
    if (this.disposed) return;
    this.session.setMaxHeldBytes(maxHeldBytes);
  }

  /**
   * Invoke handler…: runs a local handler on the records (by id; none: the records shown) as one Lambda event, in a
   * child process. `choice` skips the questions it answers. Resolves to the run, or undefined when nothing ran.
   */
  invokeHandler(ids: readonly number[], choice?: HandlerChoice): Promise<HandlerRunResult | undefined> {
    return invokeHandlerOn(this.actionHost(), ids, { handlers: this.handlers, connection: this.handlerConnection, choice, signal: this.handlerRuns.signal });
  }

  async copyRecord(id: number): Promise<void> {
    const json = this.session.recordJson(id);
    if (json === undefined) {
      this.post({ type: 'flash', message: 'That record is no longer held (evicted or cleared).' });
      return;
    }
    await vscode.env.clipboard.writeText(json);
    this.post({ type: 'flash', message: 'Copied the record as JSON.' });
  }

  /** Asks where to save, then writes the held records the filter shows as NDJSON (as received), chunk by chunk. */
  exportRecords(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    return exportHeldRecords(this.actionHost(), target);
  }

  /** Stops the reader and tails again (from `startPosition`, the session's from now on); held records are cleared. */
  restart(startPosition: StartPosition): void {
    if (this.disposed) return;
    this.stopReader();
    this.session.restart(startPosition);
    this.persistence.connection = this.readerConnection;
    this.startReader();
  }

  private startReader(resume?: ResumePosition): void {
    const gen = ++this.generation;
    if (!resume) this.persistence.sinceMs = Date.now();
    const controller = new AbortController();
    this.controller = controller;
    this.readerRunning = true;
    const t = this.session.target;
    this.log.info(
      `${this.title}: starting with ${describeStart(t.startPosition)}${t.onlyShardId ? `, shard ${t.onlyShardId} only` : ''}, holding at most ${t.maxRecords} records (${t.streamArn})`,
    );
    const onEvent = (event: TailEvent) => {
      if (gen !== this.generation || this.disposed) return;
      logTailEvent(this.log, this.title, event);
      this.session.handleEvent(event);
    };
    let run: Promise<void>;
    try {
      const reader = this.reader;
      run = Promise.resolve(resume && reader.resume ? reader.resume(resume, controller.signal, onEvent) : reader.read(t.startPosition, controller.signal, onEvent));
    } catch (err) {
      run = Promise.reject(err);
    }
    run
      .catch((err: unknown) => {
        if (gen !== this.generation || this.disposed) return;
        this.log.error(`${this.title}: reader failed: ${errorText(err)}`);
        this.session.handleEvent({ type: 'error', message: errorText(err), fatal: true });
        this.session.handleEvent({ type: 'state', state: 'stopped', reason: errorText(err) });
      })
      .finally(() => {
        if (gen !== this.generation) return;
        this.readerRunning = false;
        this.onChange();
        if (gen === this.restoredGeneration && !this.disposed) this.offerRestart(this.session.status().reason ?? 'the tail stopped');
      });
    this.onChange();
  }

  private stopReader(): void {
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    this.readerRunning = false;
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    this.webviewPanel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.log.debug(`${this.title}: postMessage failed: ${errorText(err)}`);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.stopReader();
    this.handlerRuns.abort();
    this.disposed = true;
    this.session.dispose();
    this.log.info(`${this.title}: closed (${this.session.held} records released)`);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.webviewPanel.dispose();
    this.onDisposed(this);
  }
}

