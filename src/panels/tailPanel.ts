// Tail panel host: one webview panel per stream ARN (+ shard), running the stream reader with an AbortController
// and relaying between the reader, the core TailSession and the webview. Thin vscode glue; logic is in core.
import { createWriteStream } from 'node:fs';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import { toFilterSpec } from '../core/filter';
import { isWebviewMessage, type HostToWebview, type TailTarget, type WebviewToHost } from '../core/protocol';
import { readStream } from '../core/tail/reader';
import type { StartPosition, StreamsApi, TailEvent, TailOptions } from '../core/tail/types';
import { concatChunks, ndjsonChunks, TailSession } from '../core/tailSession';
import { makeNonce, tailPanelHtml } from './html';

export const TAIL_WEBVIEW_TYPE = 'dynamodbStreams.tail';

/** What `TailPanelManager.open` needs: the target (viewType explains missing diffs; onlyShardId gets its own panel)
 * and how to read it. */
export interface TailPanelOpenOptions extends TailTarget {
  streamsApi: StreamsApi;
  /** DynamoDB Local / loopback endpoint: the reader polls faster. */
  loopback?: boolean;
  /** Diagnostics; defaults to the channel given to the manager. */
  log?: vscode.LogOutputChannel;
}

export type TailFunction = (api: StreamsApi, options: TailOptions, onEvent: (event: TailEvent) => void) => Promise<void>;

export function panelKey(streamArn: string, onlyShardId?: string): string {
  return onlyShardId ? `${streamArn}#${onlyShardId}` : streamArn;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Writes a file chunk by chunk: a file: URI through a Node write stream (never the whole file in memory), any other
 * scheme through workspace.fs (which takes the whole file at once).
 */
async function writeChunks(uri: vscode.Uri, chunks: Iterable<Uint8Array>): Promise<void> {
  if (uri.scheme === 'file') await pipeline(Readable.from(chunks), createWriteStream(uri.fsPath));
  else await vscode.workspace.fs.writeFile(uri, concatChunks(chunks));
}

/** How a panel's reader reaches the stream. What it reads (and from where) is the session's target. */
interface ReaderSource {
  streamsApi: StreamsApi;
  loopback?: boolean;
}

export class TailPanel implements vscode.Disposable {
  readonly key: string;
  readonly session: TailSession;
  private source: ReaderSource;
  private controller?: AbortController;
  private generation = 0;
  private readerRunning = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    options: TailPanelOpenOptions,
    private readonly log: vscode.LogOutputChannel,
    private readonly tail: TailFunction,
    private readonly onChange: () => void,
    private readonly onDisposed: (panel: TailPanel) => void,
  ) {
    this.source = { streamsApi: options.streamsApi, loopback: options.loopback };
    this.key = panelKey(options.streamArn, options.onlyShardId);
    this.session = new TailSession({
      target: {
        tableName: options.tableName,
        streamArn: options.streamArn,
        viewType: options.viewType,
        onlyShardId: options.onlyShardId,
        startPosition: options.startPosition,
        maxRecords: options.maxRecords,
      },
      post: (m) => this.post(m),
      onStateChange: () => this.onChange(),
    });
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

  get tableName(): string {
    return this.session.target.tableName;
  }

  /** The reader is running and has not stopped (stream disabled, fatal error). */
  get isRunning(): boolean {
    return this.readerRunning && this.session.currentState !== 'stopped';
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, false);
  }

  /** Opened again: reveal; a tail that stopped starts again with the new options' reader and start position. */
  reopen(options: TailPanelOpenOptions): void {
    if (!this.isRunning) {
      this.source = { streamsApi: options.streamsApi, loopback: options.loopback };
      this.restart(options.startPosition);
    }
    this.reveal();
  }

  /**
   * Stops a running tail (its reader is aborted) and shows `reason` in the panel; Restart (or opening the tail
   * again) starts it again. A tail that already stopped is left as it is.
   */
  stop(reason: string): void {
    if (this.disposed || !this.isRunning) return;
    this.stopReader();
    this.log.info(`Tail ${this.tableName}: stopped (${reason})`);
    this.session.stop(reason);
    this.onChange();
  }

  /** A message from the webview (validated here; public so extension-host tests can drive the panel). */
  async receive(message: unknown): Promise<void> {
    if (this.disposed) return;
    if (!isWebviewMessage(message)) {
      this.log.warn(`Tail ${this.tableName}: ignored a malformed message from the webview`);
      return;
    }
    try {
      await this.handle(message);
    } catch (err) {
      this.log.error(`Tail ${this.tableName}: ${message.type} failed: ${messageOf(err)}`);
      void vscode.window.showErrorMessage(`Tail ${this.tableName}: ${message.type} failed: ${messageOf(err)}`);
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
      case 'copyRecord':
        await this.copyRecord(message.id);
        return;
      case 'export':
        await this.exportRecords();
        return;
      case 'restart':
        this.restart(message.startPosition);
        return;
    }
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
  async exportRecords(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const lines = this.session.exportLines();
    const count = lines.length;
    if (count === 0) {
      this.post({ type: 'flash', message: 'No records to export.' });
      return undefined;
    }
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export ${count} stream record${count === 1 ? '' : 's'} of ${this.tableName}`,
        saveLabel: 'Export',
        defaultUri: this.defaultExportUri(),
        filters: { 'NDJSON (one record per line)': ['ndjson', 'jsonl'], 'All files': ['*'] },
      }));
    if (!uri) return undefined;
    await writeChunks(uri, ndjsonChunks(lines));
    this.log.info(`Tail ${this.tableName}: exported ${count} records to ${uri.toString(true)}`);
    this.post({ type: 'flash', message: `Exported ${count} record${count === 1 ? '' : 's'} to ${uri.path.split('/').pop()}.` });
    return uri;
  }

  private defaultExportUri(): vscode.Uri {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const safeName = this.tableName.replace(/[^\w.-]/g, '_');
    const name = `${safeName}-stream-${stamp}.ndjson`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    return vscode.Uri.joinPath(folder, name);
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
    const { streamsApi, loopback } = this.source;
    this.log.info(
      `Tail ${t.tableName}: starting at ${t.startPosition}${t.onlyShardId ? `, shard ${t.onlyShardId} only` : ''}, holding at most ${t.maxRecords} records (${t.streamArn})`,
    );
    const onEvent = (event: TailEvent) => {
      if (gen !== this.generation || this.disposed) return;
      this.logEvent(event);
      this.session.handleEvent(event);
    };
    let run: Promise<void>;
    try {
      run = Promise.resolve(this.tail(streamsApi, { streamArn: t.streamArn, start: t.startPosition, onlyShardId: t.onlyShardId, loopback, signal: controller.signal }, onEvent));
    } catch (err) {
      run = Promise.reject(err);
    }
    run
      .catch((err: unknown) => {
        if (gen !== this.generation || this.disposed) return;
        this.log.error(`Tail ${t.tableName}: reader failed: ${messageOf(err)}`);
        this.session.handleEvent({ type: 'error', message: messageOf(err), fatal: true });
        this.session.handleEvent({ type: 'state', state: 'stopped', reason: messageOf(err) });
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

  private logEvent(event: TailEvent): void {
    const name = this.tableName;
    switch (event.type) {
      case 'records':
        this.log.trace(`Tail ${name}: ${event.records.length} records from ${event.shardId}`);
        break;
      case 'state':
        this.log.info(`Tail ${name}: ${event.state}${event.reason ? ` (${event.reason})` : ''}`);
        break;
      case 'shard':
        this.log.debug(`Tail ${name}: shard ${event.shardId} ${event.status}`);
        break;
      case 'gap':
        this.log.warn(`Tail ${name}: gap in ${event.shardId}: ${event.message}`);
        break;
      case 'error':
        if (event.fatal) this.log.error(`Tail ${name}: ${event.message}`);
        else this.log.warn(`Tail ${name}: ${event.message}`);
        break;
      case 'stats':
        break;
    }
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    this.webviewPanel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.log.debug(`Tail ${this.tableName}: postMessage failed: ${messageOf(err)}`);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.stopReader();
    this.disposed = true;
    this.session.dispose();
    this.log.info(`Tail ${this.tableName}: closed (${this.session.held} records released)`);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.webviewPanel.dispose();
    this.onDisposed(this);
  }
}

/**
 * Opens tail panels: one per stream ARN (+ shard); opening again reveals the existing one.
 * Owns the status-bar item counting running tails. Push it into context.subscriptions.
 */
export class TailPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, TailPanel>();
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly defaultLog?: vscode.LogOutputChannel,
    private readonly tail: TailFunction = readStream,
  ) {
    this.statusBar = vscode.window.createStatusBarItem('dynamodbStreams.tails', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'DynamoDB Streams tails';
    this.statusBar.command = COMMANDS.showRunningTails;
    this.disposables.push(this.statusBar);
  }

  /** Opens (or reveals) the tail panel of a stream, or of one shard of it when onlyShardId is set. */
  open(options: TailPanelOpenOptions): TailPanel {
    const log = options.log ?? this.defaultLog;
    if (!log) throw new Error('TailPanelManager.open: no log channel');
    const key = panelKey(options.streamArn, options.onlyShardId);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reopen(options);
      return existing;
    }
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'media', 'dist');
    const webviewPanel = vscode.window.createWebviewPanel(
      TAIL_WEBVIEW_TYPE,
      `Tail: ${options.tableName}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [bundle], retainContextWhenHidden: false, enableFindWidget: false },
    );
    const webview = webviewPanel.webview;
    webview.html = tailPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'tail.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'tail.css')).toString(),
    });
    const panel = new TailPanel(
      webviewPanel,
      options,
      log,
      this.tail,
      () => this.updateStatusBar(),
      (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
        this.updateStatusBar();
      },
    );
    this.panels.set(key, panel);
    this.updateStatusBar();
    return panel;
  }

  get(streamArn: string, onlyShardId?: string): TailPanel | undefined {
    return this.panels.get(panelKey(streamArn, onlyShardId));
  }

  get openPanels(): TailPanel[] {
    return [...this.panels.values()];
  }

  get runningCount(): number {
    return this.openPanels.filter((p) => p.isRunning).length;
  }

  /**
   * Stops every running tail (its reader is aborted) and shows `reason` in its panel, e.g. when the connection
   * settings change. Restart in a panel tails again with the reader it was opened with; opening the tail again
   * (TailPanelManager.open) restarts it with the new options' reader.
   */
  stopAll(reason: string): void {
    for (const p of this.openPanels) p.stop(reason);
    this.updateStatusBar();
  }

  private updateStatusBar(): void {
    const running = this.openPanels.filter((p) => p.isRunning);
    if (running.length === 0) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `$(pulse) ${running.length} tail${running.length === 1 ? '' : 's'}`;
    const lines = running.map((p) => `Tail: ${p.tableName}`);
    this.statusBar.tooltip = `DynamoDB Streams: ${running.length} tail${running.length === 1 ? '' : 's'} running\n${lines.join('\n')}`;
    this.statusBar.accessibilityInformation = { label: `DynamoDB Streams: ${running.length} tails running` };
    this.statusBar.show();
  }

  /** The status-bar item's command: reveals the only tail panel, or lets the user pick one. */
  async showRunningTails(): Promise<void> {
    const panels = this.openPanels;
    if (panels.length === 1) return panels[0].reveal();
    const picked = await vscode.window.showQuickPick(
      panels.map((p) => ({ label: `Tail: ${p.tableName}`, description: p.isRunning ? 'running' : 'stopped', panel: p })),
      { title: 'DynamoDB Streams: tails' },
    );
    picked?.panel.reveal();
  }

  dispose(): void {
    for (const p of this.openPanels) p.dispose();
    this.panels.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
