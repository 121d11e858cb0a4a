// An items panel's state, without vscode or the SDK: the query it runs, the pages loaded (LastEvaluatedKey to go on),
// the rows' columns and texts, and the messages to the webview (the same bundle as the tail panel, in items mode).
// The panel host (src/panels/itemsPanel.ts) feeds it the webview's messages and a page fetcher.
import type { HostToWebview, JsonView } from '../panel/protocol';
import { defaultItemsQuery, MAX_CELL_TEXT, MAX_ITEM_COLUMNS, type IndexChoice, type ItemRow, type ItemsQuerySpec, type ItemsStatus } from '../panel/itemsProtocol';
import type { Item } from '../records/model';
import { formatAttributeValue } from '../records/records';
import { attributeToDynamoDbJson } from '../records/plainJson';
import { plural } from '../util/plural';
import { buildBrowseRequest, type BrowseRequest } from './browseRequest';
import { itemToDocument } from './itemDocument';

/** One page as Scan or Query answers it. */
export interface BrowsePage {
  items: Item[];
  lastEvaluatedKey?: Item;
  scannedCount?: number;
}

/** Reads one page: at most `limit` items, from after `startKey` (none: the first page). */
export type PageFetcher = (request: BrowseRequest, limit: number, startKey: Item | undefined) => Promise<BrowsePage>;

/** Items per page (Limit) unless the panel is given another. */
export const DEFAULT_PAGE_SIZE = 100;
/** Most items a panel holds: past it, Load more asks for a narrower Query. */
export const MAX_BROWSED_ITEMS = 20_000;
/** Most rows in one message (the webview asks for the others as it scrolls). */
const ROWS_PER_MESSAGE = 500;
/** Longest item text in a detail (the editor shows the whole item). */
const MAX_DETAIL_TEXT = 200_000;

export interface BrowseSessionOptions {
  tableName: string;
  /** The table's key attribute names (partition, then sort): a row's reference for Edit item and Delete item. */
  tableKeys: string[];
  indexes: IndexChoice[];
  fetch: PageFetcher;
  post: (message: HostToWebview) => void;
  /** An error as the user reads it (AWS's words). */
  errorText: (err: unknown) => string;
  pageSize?: number;
  jsonView?: JsonView;
}

/** The columns of a browse: the table's keys, the index's keys, then the first other attributes met, in order. */
export function chooseColumns(keyNames: readonly string[], items: readonly Item[], max = MAX_ITEM_COLUMNS): string[] {
  const columns = [...new Set(keyNames)];
  for (const item of items) {
    for (const name of Object.keys(item)) {
      if (columns.length >= max) return columns;
      if (!columns.includes(name)) columns.push(name);
    }
  }
  return columns;
}

/** A row's cells (an attribute an item lacks is empty) and its table key in DynamoDB JSON (binary as base64). */
export function itemRowOf(id: number, item: Item, columns: readonly string[], tableKeys: readonly string[]): ItemRow {
  const cells = columns.map((c) => (item[c] === undefined ? '' : formatAttributeValue(item[c]).slice(0, MAX_CELL_TEXT)));
  const keys: Record<string, unknown> = {};
  for (const k of tableKeys) if (item[k] !== undefined) keys[k] = attributeToDynamoDbJson(item[k]);
  return { id, cells, keys };
}

export class BrowseSession {
  /** Numbers the runs: answers for an older one are dropped (here and in the webview). */
  private view = 0;
  /** The query last run (the bar shows it again after the webview was hidden). */
  private query: ItemsQuerySpec = defaultItemsQuery();
  private request?: BrowseRequest;
  private description = '';
  private items: Item[] = [];
  private columns: string[];
  private lastKey?: Item;
  private pages = 0;
  private scanned = 0;
  private loading = false;
  private error?: string;
  private jsonView: JsonView;
  private readonly pageSize: number;

  constructor(private readonly options: BrowseSessionOptions) {
    this.columns = [...options.tableKeys];
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.jsonView = options.jsonView ?? 'dynamodb';
  }

  get currentView(): number {
    return this.view;
  }

  get isLoading(): boolean {
    return this.loading;
  }

  get itemCount(): number {
    return this.items.length;
  }

  get hasMore(): boolean {
    return this.lastKey !== undefined;
  }

  get lastError(): string | undefined {
    return this.error;
  }

  get shownColumns(): readonly string[] {
    return this.columns;
  }

  /** The webview (re)loaded: what it shows, and the rows of the current view. */
  onReady(): void {
    this.options.post({ type: 'itemsInit', init: { tableName: this.options.tableName, indexes: this.options.indexes, query: this.query } });
    this.postView(true, this.items.length - ROWS_PER_MESSAGE);
  }

  /** Runs the query bar's Scan or Query from its first page (Refresh runs it again). Bad input is an inline error. */
  async run(spec: ItemsQuerySpec): Promise<void> {
    const built = buildBrowseRequest(spec, this.options.indexes);
    if (!built.ok) {
      this.error = built.error;
      this.postStatus();
      return;
    }
    this.view++;
    this.query = spec;
    this.request = built.request;
    this.description = built.description;
    this.items = [];
    this.lastKey = undefined;
    this.pages = 0;
    this.scanned = 0;
    this.error = undefined;
    const index = this.options.indexes.find((c) => c.name === spec.index);
    this.columns = chooseColumns([...this.options.tableKeys, ...(index ? [index.partitionKey.name, index.sortKey?.name ?? ''].filter(Boolean) : [])], []);
    await this.loadPage(true);
  }

  /** The table was deleted (by Delete table…): the items loaded stay, the status says so until a run succeeds. */
  tableDeleted(): void {
    this.lastKey = undefined;
    this.error = `Table ${this.options.tableName} was deleted: these are the items loaded before.`;
    this.postStatus();
  }

  /** Load more: the next page of `view` (nothing when that view is gone, a page is loading or none is left). */
  async more(view: number): Promise<void> {
    if (view !== this.view || this.loading || !this.lastKey || !this.request) return;
    if (this.items.length >= MAX_BROWSED_ITEMS) {
      this.error = `This panel holds at most ${MAX_BROWSED_ITEMS.toLocaleString('en-US')} items: narrow the Query to see further.`;
      this.postStatus();
      return;
    }
    await this.loadPage(false);
  }

  private async loadPage(first: boolean): Promise<void> {
    const view = this.view;
    const request = this.request!;
    this.loading = true;
    this.error = undefined;
    if (first) this.postView(true, 0);
    else this.postStatus();
    let page: BrowsePage;
    try {
      page = await this.options.fetch(request, this.pageSize, this.lastKey);
    } catch (err) {
      if (view !== this.view) return;
      this.loading = false;
      this.error = this.options.errorText(err);
      this.postStatus();
      return;
    }
    if (view !== this.view) return;
    this.loading = false;
    const start = this.items.length;
    if (first) this.columns = chooseColumns(this.columns, page.items);
    this.items.push(...page.items);
    this.lastKey = page.lastEvaluatedKey;
    this.pages++;
    this.scanned += page.scannedCount ?? page.items.length;
    this.postView(first, start);
  }

  /** The rows from `start` on (at most a message's worth, the newest) with the view's state. */
  private postView(reset: boolean, start: number): void {
    const end = this.items.length;
    const from = Math.max(0, start, end - ROWS_PER_MESSAGE);
    this.options.post({ type: 'itemsView', view: this.view, reset, columns: this.columns, end, rows: this.rows(from, end), status: this.status() });
  }

  private postStatus(): void {
    this.options.post({ type: 'itemsStatus', view: this.view, status: this.status() });
  }

  private rows(start: number, end: number): ItemRow[] {
    const out: ItemRow[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.items.length); i++) out.push(itemRowOf(i, this.items[i], this.columns, this.options.tableKeys));
    return out;
  }

  status(): ItemsStatus {
    const parts: string[] = [];
    if (this.description) parts.push(this.description);
    if (this.pages > 0 || this.items.length > 0) {
      parts.push(`${plural(this.items.length, 'item')} (${plural(this.pages, 'page')})`);
      if (this.scanned !== this.items.length) parts.push(`${this.scanned} evaluated`);
      parts.push(this.lastKey ? 'more to load' : 'all loaded');
    } else if (!this.request) parts.push('Scan or Query to see items');
    return { loading: this.loading, more: this.lastKey !== undefined && !this.loading, summary: parts.join(' · '), ...(this.error ? { error: this.error } : {}) };
  }

  /** Answer to requestRows. */
  sendRows(view: number, start: number, end: number): void {
    if (view !== this.view) return;
    this.options.post({ type: 'itemRows', view, start, rows: this.rows(start, Math.min(end, start + ROWS_PER_MESSAGE)) });
  }

  /** Answer to requestDetail: the item as its editor would show it (key attributes first), in the JSON view. */
  sendDetail(id: number): void {
    const item = this.items[id];
    if (!item) {
      this.options.post({ type: 'itemDetail', view: this.view, id, missing: 'This item is no longer loaded: Refresh.' });
      return;
    }
    const text = itemToDocument(item, this.jsonView, this.options.tableKeys);
    this.options.post({ type: 'itemDetail', view: this.view, id, json: { view: this.jsonView, text: text.length > MAX_DETAIL_TEXT ? `${text.slice(0, MAX_DETAIL_TEXT)}…` : text } });
  }

  /** What Edit item and Delete item take for a row of `view`, or undefined when that row is gone. */
  reference(view: number, id: number): { tableName: string; keys: Record<string, unknown> } | undefined {
    const item = view === this.view ? this.items[id] : undefined;
    return item ? { tableName: this.options.tableName, keys: itemRowOf(id, item, [], this.options.tableKeys).keys } : undefined;
  }

  /** The JSON view changed (the setting): details follow it. */
  setJsonView(view: JsonView): void {
    this.jsonView = view;
    this.options.post({ type: 'jsonView', view });
  }
}
