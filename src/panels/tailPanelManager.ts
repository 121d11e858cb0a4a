// Opens tail panels (one per stream ARN + shard) and owns the status-bar item counting running tails.
import * as vscode from 'vscode';
import { heldByteBudget, jsonViewSetting, onDidChangeSettings, SETTING, tailSettings } from '../config/settings';
import { COMMANDS } from '../ids';
import { panelTitle, type TailSourceKind } from '../core/panel/protocol';
import type { HandlerConnection, HandlerInvoker } from '../handlers/invokeHandler';
import { bundleRoot, setPanelHtml } from './webviewShell';
import { panelKey, TAIL_WEBVIEW_TYPE, TailPanel, type PanelKeyParts, type TailPanelOpenOptions } from './tailPanel';
import type { PanelConnection } from './tailPersistence';
import { plural } from '../core/util/plural';

export interface TailPanelManagerOptions {
  extensionUri: vscode.Uri;
  /** Where panels log unless their opener names another channel. */
  log?: vscode.LogOutputChannel;
  /** Runs local handlers for Invoke handler… in every panel. */
  handlers?: HandlerInvoker;
  /** The connection's region: a Lambda event's awsRegion when neither the opener nor a record names one. */
  defaultRegion?: () => string | undefined;
  /** The current connection as a handler needs it: a panel keeps the one it was opened (or reopened) with. */
  handlerConnection?: () => HandlerConnection;
  /** The current connection's identity for a source, saved with each panel (a reload restores it on that one only). */
  connection?: (source: TailSourceKind) => PanelConnection;
}

/**
 * Opens tail panels: one per stream ARN (+ shard); opening again reveals the existing one.
 * Owns the status-bar item counting running tails. Push it into context.subscriptions.
 */
export class TailPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, TailPanel>();
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly options: TailPanelManagerOptions) {
    this.statusBar = vscode.window.createStatusBarItem('dynamodbStreams.tails', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'DynamoDB Streams tails';
    this.statusBar.command = COMMANDS.showRunningTails;
    this.disposables.push(this.statusBar, onDidChangeSettings((change) => {
      if (change.affects(SETTING.jsonView)) this.applyJsonView();
      if (change.affects(SETTING.maxRecords)) this.applyMaxRecords();
      if (change.affects(SETTING.maxHeldMegabytes)) for (const p of this.openPanels) p.setMaxHeldBytes(heldByteBudget());
    }));
  }

  /** Every open panel follows the JSON view setting (changed in Settings or from any panel's toggle). */
  private applyJsonView(): void {
    const view = jsonViewSetting();
    for (const p of this.openPanels) if (p.session.currentJsonView !== view) p.session.setJsonView(view);
  }

  /** Every open panel follows the record cap setting. */
  private applyMaxRecords(): void {
    const { maxRecords } = tailSettings();
    for (const p of this.openPanels) p.setMaxRecords(maxRecords);
  }

  /** Opens (or reveals) the tail panel of a stream, or of one shard of it when onlyShardId is set. */
  open(options: TailPanelOpenOptions): TailPanel {
    options = this.withDefaults(options);
    const log = this.logFor(options);
    const key = panelKey(options);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reopen(options).catch((err: unknown) => log.error(`${existing.title}: reopening failed: ${String(err)}`));
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      TAIL_WEBVIEW_TYPE,
      panelTitle(options),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...this.webviewOptions(), retainContextWhenHidden: false, enableFindWidget: false },
    );
    return this.attach(webviewPanel, key, options, log);
  }

  /**
   * A panel VS Code brings back after a reload (the serializer, src/commands/restoreTail.ts), in the webview panel it
   * restored. When the same tail was opened meanwhile, that one is revealed and the restored one closed.
   */
  restore(webviewPanel: vscode.WebviewPanel, options: TailPanelOpenOptions): TailPanel {
    options = this.withDefaults(options);
    const log = this.logFor(options);
    const key = panelKey(options);
    const existing = this.panels.get(key);
    if (existing) {
      webviewPanel.dispose();
      existing.reveal();
      return existing;
    }
    webviewPanel.title = panelTitle(options);
    webviewPanel.webview.options = this.webviewOptions();
    return this.attach(webviewPanel, key, options, log);
  }

  private withDefaults(options: TailPanelOpenOptions): TailPanelOpenOptions {
    if (options.eventRegion === undefined) options = { ...options, eventRegion: this.options.defaultRegion?.() };
    if (options.handlerConnection === undefined) options = { ...options, handlerConnection: this.options.handlerConnection?.() };
    if (options.connection === undefined) options = { ...options, connection: this.options.connection?.(options.source) };
    return options;
  }

  private logFor(options: TailPanelOpenOptions): vscode.LogOutputChannel {
    const log = options.log ?? this.options.log;
    if (!log) throw new Error('TailPanelManager: no log channel');
    return log;
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [bundleRoot(this.options.extensionUri)] };
  }

  private attach(webviewPanel: vscode.WebviewPanel, key: string, options: TailPanelOpenOptions, log: vscode.LogOutputChannel): TailPanel {
    setPanelHtml(webviewPanel.webview, this.options.extensionUri, key);
    const panel = new TailPanel(
      webviewPanel,
      options,
      log,
      () => this.updateStatusBar(),
      (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
        this.updateStatusBar();
      },
      this.options.handlers,
    );
    this.panels.set(key, panel);
    this.updateStatusBar();
    return panel;
  }

  get(target: PanelKeyParts): TailPanel | undefined {
    return this.panels.get(panelKey(target));
  }

  /**
   * The panel a record command acts on: the one its right-click menu named (its key), else the active tail panel
   * (a keybinding). Undefined when that panel is closed or no tail panel is active.
   */
  panelFor(key: string | undefined): TailPanel | undefined {
    if (key !== undefined) return this.panels.get(key);
    return this.openPanels.find((p) => p.webviewPanel.active);
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

  /** Stops the running tails of one table's DynamoDB streams in the connection's region (e.g. the table was deleted). */
  stopTable(tableName: string, reason: string): number {
    const tails = this.openPanels.filter((p) => p.isRunning && p.session.target.source === 'dynamodb' && p.session.target.name === tableName && !p.session.target.region);
    for (const p of tails) p.stop(reason);
    this.updateStatusBar();
    return tails.length;
  }

  private updateStatusBar(): void {
    const running = this.openPanels.filter((p) => p.isRunning);
    if (running.length === 0) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `$(pulse) ${plural(running.length, 'tail')}`;
    const lines = running.map((p) => p.title);
    this.statusBar.tooltip = `DynamoDB Streams: ${plural(running.length, 'tail')} running\n${lines.join('\n')}`;
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
