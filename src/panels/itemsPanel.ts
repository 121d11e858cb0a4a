// Browse items: the `Items: <table>` panels (one per table per connection; opening again reveals it). The tail panel's
// webview bundle in items mode; this host relays between it and the core BrowseSession, whose pages come from the
// connection the panel was opened with. Thin vscode glue.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { errorText } from '../core/connection/awsError';
import { BrowseSession, type PageFetcher } from '../core/items/browseSession';
import { defaultItemsQuery, type IndexChoice } from '../core/panel/itemsProtocol';
import type { HostToWebview, WebviewToHost } from '../core/panel/protocol';
import { jsonViewSetting, onDidChangeSettings, SETTING } from '../config/settings';
import { bundleRoot, receiveWebviewMessage, setPanelHtml } from './webviewShell';

export const ITEMS_WEBVIEW_TYPE = 'dynamodbStreams.items';

/** `Items: <table name>` (users and tests find the panel by it). */
export function itemsPanelTitle(tableName: string): string {
  return `Items: ${tableName}`;
}

export interface ItemsPanelOpenOptions {
  tableName: string;
  /** Which connection the panel reads (its endpoint, region, profile): part of the panel's key. */
  connectionKey: string;
  tableKeys: string[];
  indexes: IndexChoice[];
  fetch: PageFetcher;
}

export class ItemsPanel implements vscode.Disposable {
  readonly session: BrowseSession;
  /** `Items: <table>`, also in logs and messages. */
  readonly title: string;
  readonly tableName: string;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly key: string,
    readonly webviewPanel: vscode.WebviewPanel,
    options: ItemsPanelOpenOptions,
    private readonly log: vscode.LogOutputChannel,
    private readonly onDisposed: (panel: ItemsPanel) => void,
    pageSize: number | undefined,
  ) {
    this.title = itemsPanelTitle(options.tableName);
    this.tableName = options.tableName;
    this.session = new BrowseSession({
      tableName: options.tableName,
      tableKeys: options.tableKeys,
      indexes: options.indexes,
      fetch: options.fetch,
      post: (m) => this.post(m),
      errorText,
      pageSize,
      jsonView: jsonViewSetting(),
    });
    this.disposables.push(
      webviewPanel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, false);
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
        return;
      case 'itemsQuery':
        await this.session.run(message.query);
        if (this.session.lastError) this.log.info(`${this.title}: ${this.session.lastError}`);
        else this.webviewPanel.title = this.title; // a table created again under the name: no longer "(deleted)"
        return;
      case 'itemsMore':
        await this.session.more(message.view);
        return;
      case 'requestRows':
        this.session.sendRows(message.view, message.start, message.end);
        return;
      case 'requestDetail':
        this.session.sendDetail(message.id);
        return;
      case 'itemAction': {
        const ref = this.session.reference(message.view, message.id);
        if (!ref) {
          this.post({ type: 'flash', message: 'That item is no longer loaded: Refresh.' });
          return;
        }
        // The commands ask, write and report themselves.
        const done = await vscode.commands.executeCommand(message.action === 'editItem' ? COMMANDS.editItem : COMMANDS.deleteItem, ref);
        if (message.action === 'deleteItem' && done === true) this.post({ type: 'flash', message: 'Item deleted: Refresh to list the items without it.' });
        return;
      }
      case 'setJsonView':
        this.session.setJsonView(message.view);
        return;
      default:
        return; // tail-only messages
    }
  }

  /** Delete table… deleted this panel's table: the title and the status say so; the items loaded stay readable. */
  tableDeleted(): void {
    if (this.disposed) return;
    this.webviewPanel.title = `${this.title} (deleted)`;
    this.session.tableDeleted();
  }

  post(message: HostToWebview): void {
    if (this.disposed) return;
    this.webviewPanel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.log.debug(`${this.title}: postMessage failed: ${errorText(err)}`);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.webviewPanel.dispose();
    this.onDisposed(this);
  }
}

/** Opens items panels: one per table per connection; opening again reveals it. Push it into context.subscriptions. */
export class ItemsPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, ItemsPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Items per page of new panels (tests set a small one to page through few items). */
  pageSize?: number;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      onDidChangeSettings((change) => {
        if (change.affects(SETTING.jsonView)) for (const p of this.openPanels) p.session.setJsonView(jsonViewSetting());
      }),
    );
  }

  get openPanels(): ItemsPanel[] {
    return [...this.panels.values()];
  }

  get(tableName: string, connectionKey: string): ItemsPanel | undefined {
    return this.panels.get(`${connectionKey}|${tableName}`);
  }

  /** The table was deleted on that connection: its panel, if open, says so. */
  tableDeleted(tableName: string, connectionKey: string): void {
    this.get(tableName, connectionKey)?.tableDeleted();
  }

  /** Opens (or reveals) the panel of a table; a new panel runs a first Scan. */
  open(options: ItemsPanelOpenOptions): ItemsPanel {
    const key = `${options.connectionKey}|${options.tableName}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      ITEMS_WEBVIEW_TYPE,
      itemsPanelTitle(options.tableName),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [bundleRoot(this.extensionUri)], retainContextWhenHidden: false, enableFindWidget: false },
    );
    setPanelHtml(webviewPanel.webview, this.extensionUri, key, 'items');
    const panel = new ItemsPanel(key, webviewPanel, options, this.log, (p) => {
      if (this.panels.get(p.key) === p) this.panels.delete(p.key);
    }, this.pageSize);
    this.panels.set(key, panel);
    this.log.info(`${panel.title}: opened`);
    void panel.receive({ type: 'itemsQuery', query: defaultItemsQuery() });
    return panel;
  }

  dispose(): void {
    for (const p of this.openPanels) p.dispose();
    this.panels.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
