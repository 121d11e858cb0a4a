// Tail panel host: one webview panel per stream (+ shard), running its record source (the DynamoDB Streams reader or
// the Kinesis reader) with an AbortController and relaying between the source, the core TailSession and the webview.
// Thin vscode glue; logic is in core.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { errorText } from '../core/connection/awsError';
import { toFilterSpec } from '../core/panel/filter';
import { heldByteBudget, jsonViewSetting, saveJsonView } from '../config/settings';
import {
  isWebviewMessage,
  panelTitle,
  type HostToWebview,
  type JsonView,
  type LambdaFilterState,
  type TailTarget,
  type WebviewToHost,
} from '../core/panel/protocol';
import type { RecordSource, StartPosition, TailEvent } from '../core/tail/types';
import { evictedBeforeExportText, ndjsonChunks, restartClearsText, TailSession } from '../core/panel/tailSession';
import { choose } from '../ui/prompts';
import type { HandlerChoice, HandlerConnection, HandlerInvoker } from '../handlers/invokeHandler';
import type { HandlerRunResult } from '../handlers/runHandler';
import { describeStart } from '../core/tail/startPosition';
import { askStartPosition } from './startPrompts';
import { copyLambdaEvent, defaultExportUri, exportLambdaEvent, exportToFile, type PanelActionHost } from './panelActions';
import { logTailEvent } from './tailLog';
import { plural } from '../core/util/plural';

export const TAIL_WEBVIEW_TYPE = 'dynamodbStreams.tail';

/** What `TailPanelManager.open` needs: the target (viewType explains missing diffs; onlyShardId gets its own panel)
 * and the source that reads it. */
export interface TailPanelOpenOptions extends TailTarget {
  reader: RecordSource;
  /** The connection the reader uses, as Invoke handler… passes it on to the handler (the manager fills it in). */
  handlerConnection?: HandlerConnection;
  /** Diagnostics; defaults to the channel given to the manager. */
  log?: vscode.LogOutputChannel;
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
    const { reader: _reader, log: _log, handlerConnection: _connection, ...target } = options;
    this.session = new TailSession({
      target,
      post: (m) => this.post(m),
      onStateChange: () => this.onChange(),
      maxHeldBytes: heldByteBudget(),
      onRecordFailure: (_kind, message) => this.log.warn(`${this.title}: ${message}`),
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
    this.startReader();
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
    if (!isWebviewMessage(message)) {
      this.log.warn(`${this.title}: ignored a malformed message from the webview`);
      return;
    }
    try {
      await this.handle(message);
    } catch (err) {
      this.log.error(`${this.title}: ${message.type} failed: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`${this.title}: ${message.type} failed: ${errorText(err)}`);
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.session.onReady();
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
  async invokeHandler(ids: readonly number[], choice?: HandlerChoice): Promise<HandlerRunResult | undefined> {
    const event = this.session.lambdaEvent(ids);
    if (event.Records.length === 0) {
      this.post({ type: 'flash', message: ids.length ? 'Those records are no longer held (evicted or cleared).' : 'No records to invoke the handler on.' });
      return undefined;
    }
    if (!this.handlers) {
      this.post({ type: 'flash', message: 'Invoke handler… is not available here.' });
      return undefined;
    }
    // A replica panel reads another region than its connection's: so does its handler.
    const region = this.session.target.region;
    const connection = this.handlerConnection && region ? { ...this.handlerConnection, region } : this.handlerConnection;
    const result = await this.handlers.invoke(event, this.title, choice, { connection, signal: this.handlerRuns.signal });
    if (result) {
      const how = result.cancelled ? 'was cancelled' : result.timedOut ? 'timed out' : result.outcome.kind === 'result' ? 'returned' : 'failed';
      this.post({ type: 'flash', message: `Handler ${how} after ${result.durationMs} ms (${event.Records.length} records): see "DynamoDB Streams: handler".` });
    }
    return result;
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
    const lines = this.session.exportLines();
    const count = lines.length;
    const evicted = evictedBeforeExportText(this.session.evicted);
    const written = exportToFile(
      this.actionHost(),
      {
        count,
        what: plural(count, 'record'),
        defaultUri: defaultExportUri(this.session.target, 'stream', 'ndjson'),
        filters: { 'NDJSON (one record per line)': ['ndjson', 'jsonl'], 'All files': ['*'] },
        chunks: () => ndjsonChunks(lines),
      },
      target,
    );
    if (!evicted) return written;
    return written.then((uri) => {
      if (uri) {
        this.log.info(`${this.title}: ${evicted}`);
        void vscode.window.showWarningMessage(`${this.title}: ${evicted}`);
      }
      return uri;
    });
  }

  /** Stops the reader and tails again (from `startPosition`, the session's from now on); held records are cleared. */
  restart(startPosition: StartPosition): void {
    if (this.disposed) return;
    this.stopReader();
    this.session.restart(startPosition);
    this.startReader();
  }

  private startReader(): void {
    const gen = ++this.generation;
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
      run = Promise.resolve(this.reader.read(t.startPosition, controller.signal, onEvent));
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

