// Tail panel host: one webview panel per stream (+ shard), running its record source (the DynamoDB Streams reader or
// the Kinesis reader) with an AbortController and relaying between the source, the core TailSession and the webview.
// Thin vscode glue; logic is in core.
import { createWriteStream } from 'node:fs';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import { toFilterSpec } from '../core/filter';
import { isWebviewMessage, panelTitle, type HostToWebview, type TailTarget, type WebviewToHost } from '../core/protocol';
import type { RecordSource, StartPosition, TailEvent } from '../core/tail/types';
import { concatChunks, ndjsonChunks, TailSession } from '../core/tailSession';
import { makeNonce, tailPanelHtml } from './html';

export const TAIL_WEBVIEW_TYPE = 'dynamodbStreams.tail';

/** What `TailPanelManager.open` needs: the target (viewType explains missing diffs; onlyShardId gets its own panel)
 * and the source that reads it. */
export interface TailPanelOpenOptions extends TailTarget {
  reader: RecordSource;
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

export class TailPanel implements vscode.Disposable {
  readonly key: string;
  readonly session: TailSession;
  private reader: RecordSource;
  private controller?: AbortController;
  private generation = 0;
  private readerRunning = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    options: TailPanelOpenOptions,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: () => void,
    private readonly onDisposed: (panel: TailPanel) => void,
  ) {
    this.reader = options.reader;
    this.key = panelKey(options);
    const { reader: _reader, log: _log, ...target } = options;
    this.session = new TailSession({
      target,
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

  /** Opened again: reveal; a tail that stopped starts again with the new options' reader and start position. */
  reopen(options: TailPanelOpenOptions): void {
    if (!this.isRunning) {
      this.reader = options.reader;
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
      this.log.error(`${this.title}: ${message.type} failed: ${messageOf(err)}`);
      void vscode.window.showErrorMessage(`${this.title}: ${message.type} failed: ${messageOf(err)}`);
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
        title: `Export ${count} record${count === 1 ? '' : 's'} of ${this.title}`,
        saveLabel: 'Export',
        defaultUri: this.defaultExportUri(),
        filters: { 'NDJSON (one record per line)': ['ndjson', 'jsonl'], 'All files': ['*'] },
      }));
    if (!uri) return undefined;
    await writeChunks(uri, ndjsonChunks(lines));
    this.log.info(`${this.title}: exported ${count} records to ${uri.toString(true)}`);
    this.post({ type: 'flash', message: `Exported ${count} record${count === 1 ? '' : 's'} to ${uri.path.split('/').pop()}.` });
    return uri;
  }

  private defaultExportUri(): vscode.Uri {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const { name, source } = this.session.target;
    const safeName = name.replace(/[^\w.-]/g, '_');
    const fileName = `${safeName}-${source === 'kinesis' ? 'kinesis' : 'stream'}-${stamp}.ndjson`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    return vscode.Uri.joinPath(folder, fileName);
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
      `${this.title}: starting at ${t.startPosition}${t.onlyShardId ? `, shard ${t.onlyShardId} only` : ''}, holding at most ${t.maxRecords} records (${t.streamArn})`,
    );
    const onEvent = (event: TailEvent) => {
      if (gen !== this.generation || this.disposed) return;
      this.logEvent(event);
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
        this.log.error(`${this.title}: reader failed: ${messageOf(err)}`);
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
    const name = this.title;
    switch (event.type) {
      case 'records':
        this.log.trace(`${name}: ${event.records.length} records from ${event.shardId}`);
        break;
      case 'state':
        this.log.info(`${name}: ${event.state}${event.reason ? ` (${event.reason})` : ''}`);
        break;
      case 'shard':
        this.log.debug(`${name}: shard ${event.shardId} ${event.status}`);
        break;
      case 'gap':
        this.log.warn(`${name}: gap in ${event.shardId}: ${event.message}`);
        break;
      case 'error':
        if (event.fatal) this.log.error(`${name}: ${event.message}`);
        else this.log.warn(`${name}: ${event.message}`);
        break;
      case 'stats':
        break;
    }
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    this.webviewPanel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.log.debug(`${this.title}: postMessage failed: ${messageOf(err)}`);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.stopReader();
    this.disposed = true;
    this.session.dispose();
    this.log.info(`${this.title}: closed (${this.session.held} records released)`);
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
    const key = panelKey(options);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reopen(options);
      return existing;
    }
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'media', 'dist');
    const webviewPanel = vscode.window.createWebviewPanel(
      TAIL_WEBVIEW_TYPE,
      panelTitle(options),
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

  get(target: PanelKeyParts): TailPanel | undefined {
    return this.panels.get(panelKey(target));
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
    const lines = running.map((p) => p.title);
    this.statusBar.tooltip = `DynamoDB Streams: ${running.length} tail${running.length === 1 ? '' : 's'} running\n${lines.join('\n')}`;
    this.statusBar.accessibilityInformation = { label: `DynamoDB Streams: ${running.length} tails running` };
    this.statusBar.show();
  }

  /** The status-bar item's command: reveals the only tail panel, or lets the user pick one. */
  async showRunningTails(): Promise<void> {
    const panels = this.openPanels;
    if (panels.length === 1) return panels[0].reveal();
    const picked = await vscode.window.showQuickPick(
      panels.map((p) => ({ label: p.title, description: p.isRunning ? 'running' : 'stopped', panel: p })),
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
