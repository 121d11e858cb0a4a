// The items panel's (`Items: <table>`) part of the webview protocol: what the query bar sends, the rows and states the
// host answers with, and the runtime checks of both. Pure and dependency-free: the webview bundle imports it.

/** The sort-key conditions a Query offers, as DynamoDB writes them. */
export const SORT_OPERATORS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'] as const;
export type SortOperator = (typeof SORT_OPERATORS)[number];

export function isSortOperator(x: unknown): x is SortOperator {
  return typeof x === 'string' && (SORT_OPERATORS as readonly string[]).includes(x);
}

/** Longest text accepted in one field of the query bar (a key value is at most 2 KB, a sort key 1 KB). */
export const MAX_QUERY_FIELD = 4096;

/** What the query bar asks for, as typed: the host checks it against the table (core/items/browseRequest.ts). */
export interface ItemsQuerySpec {
  mode: 'scan' | 'query';
  /** '' : the table itself; else a GSI's or LSI's name. */
  index: string;
  partitionValue: string;
  /** '' : no sort-key condition. */
  sortOperator: SortOperator | '';
  sortValue: string;
  /** The upper bound of `between`. */
  sortValue2: string;
}

export function defaultItemsQuery(): ItemsQuerySpec {
  return { mode: 'scan', index: '', partitionValue: '', sortOperator: '', sortValue: '', sortValue2: '' };
}

/** Untrusted input (a message, saved state) as a query spec, or undefined. */
export function toItemsQuery(x: unknown): ItemsQuerySpec | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const o = x as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= MAX_QUERY_FIELD ? v : undefined);
  const index = text(o.index);
  const partitionValue = text(o.partitionValue);
  const sortValue = text(o.sortValue);
  const sortValue2 = text(o.sortValue2);
  if (o.mode !== 'scan' && o.mode !== 'query') return undefined;
  if (index === undefined || partitionValue === undefined || sortValue === undefined || sortValue2 === undefined) return undefined;
  if (o.sortOperator !== '' && !isSortOperator(o.sortOperator)) return undefined;
  return { mode: o.mode, index, partitionValue, sortOperator: o.sortOperator, sortValue, sortValue2 };
}

/** A key attribute of the table or an index, as the query bar labels its fields. */
export interface KeyField {
  name: string;
  /** S, N or B. */
  type: string;
}

/** The table or one of its indexes, as the index pick list shows it. */
export interface IndexChoice {
  /** '' : the table. */
  name: string;
  /** "table", "GSI", "LSI". */
  kind: 'table' | 'GSI' | 'LSI';
  partitionKey: KeyField;
  sortKey?: KeyField;
}

/** What an items panel shows; sent after every `ready`. */
export interface ItemsInit {
  tableName: string;
  indexes: IndexChoice[];
  /** The query the panel last ran (the bar shows it again after the webview was hidden). */
  query: ItemsQuerySpec;
}

/** One row: the text of each column (the view's `columns`) and the item's key for the row's menu. */
export interface ItemRow {
  id: number;
  cells: string[];
  /** The item's table key in DynamoDB JSON, binary as base64: what Edit item and Delete item take. */
  keys: Record<string, unknown>;
}

/** Where a browse is: running a page, more pages to load, how many items are shown, the last error (inline). */
export interface ItemsStatus {
  loading: boolean;
  more: boolean;
  /** "40 items (2 pages) · scanned 40". */
  summary: string;
  /** Bad input, or AWS's refusal in AWS's words. */
  error?: string;
}

/** Most cells in a row (the keys and the first attributes). */
export const MAX_ITEM_COLUMNS = 8;
/** Longest cell text sent: the detail has the whole item. */
export const MAX_CELL_TEXT = 300;

/** One row from a host message, normalised to text; undefined without a usable id. */
export function validItemRow(x: unknown): ItemRow | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  if (!Number.isSafeInteger(r.id) || (r.id as number) < 0) return undefined;
  const cells = Array.isArray(r.cells) ? r.cells.slice(0, MAX_ITEM_COLUMNS).map((c) => (typeof c === 'string' ? c.slice(0, MAX_CELL_TEXT) : '')) : [];
  const keys = typeof r.keys === 'object' && r.keys !== null && !Array.isArray(r.keys) ? (r.keys as Record<string, unknown>) : {};
  return { id: r.id as number, cells, keys };
}

export function validItemRows(list: readonly unknown[]): ItemRow[] {
  const out: ItemRow[] = [];
  for (const x of list) {
    const r = validItemRow(x);
    if (r) out.push(r);
  }
  return out;
}

/** The buttons of an item's detail header (the same as its row's right-click menu). */
export type ItemAction = 'editItem' | 'deleteItem';

export function isItemAction(x: unknown): x is ItemAction {
  return x === 'editItem' || x === 'deleteItem';
}

/** `webviewSection` of an items panel row: Edit item, Delete item and Item history show there. */
export const ITEM_ROW_SECTION = 'itemRow';

/** A row's context for VS Code's right-click menu: the reference Edit item and Delete item take, as they are. */
export interface ItemRowContext {
  webviewSection: typeof ITEM_ROW_SECTION;
  tableName: string;
  keys: Record<string, unknown>;
  preventDefaultContextMenuItems: true;
}

export function toItemRowContext(tableName: string, keys: Record<string, unknown>): ItemRowContext {
  return { webviewSection: ITEM_ROW_SECTION, tableName, keys, preventDefaultContextMenuItems: true };
}

/** An item as JSON text in the JSON view (`dynamodb` or `plain`), as a tail record's detail carries its images. */
export interface ItemJsonText {
  view: 'dynamodb' | 'plain';
  text: string;
}

/** What the host sends an items panel (protocol.ts's HostToWebview includes these). */
export type ItemsHostMessage =
  | { type: 'itemsInit'; init: ItemsInit }
  /**
   * Rows of a browse: `reset` starts a new view (a query run or refreshed) with its first rows; otherwise the view grew
   * to `end` rows (a page loaded), the newest given. Rows are numbered by position from 0; their id is the position.
   */
  | { type: 'itemsView'; view: number; reset: boolean; columns: string[]; end: number; rows: ItemRow[]; status: ItemsStatus }
  /** Answer to requestRows in items mode. */
  | { type: 'itemRows'; view: number; start: number; rows: ItemRow[] }
  | { type: 'itemsStatus'; view: number; status: ItemsStatus }
  /** Answer to requestDetail in items mode: the item as JSON (the JSON view's), or why it is not there. */
  | { type: 'itemDetail'; view: number; id: number; json?: ItemJsonText; missing?: string };

/** What an items panel sends besides ready, requestRows, requestDetail and setJsonView (protocol.ts's WebviewToHost). */
export type ItemsWebviewMessage =
  /** Run (or run again: Refresh) a Scan or Query from its first page. */
  | { type: 'itemsQuery'; query: ItemsQuerySpec }
  /** The next page of that view (Load more). */
  | { type: 'itemsMore'; view: number }
  /** A button of an item's detail header. */
  | { type: 'itemAction'; view: number; id: number; action: ItemAction };

export const ITEMS_HOST_TYPES: readonly ItemsHostMessage['type'][] = ['itemsInit', 'itemsView', 'itemRows', 'itemsStatus', 'itemDetail'];

const isId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runtime check of an items panel's message from the webview (the host calls it through isWebviewMessage). */
export function isItemsWebviewMessage(m: Record<string, unknown>): boolean {
  switch (m.type) {
    case 'itemsQuery':
      return toItemsQuery(m.query) !== undefined;
    case 'itemsMore':
      return isId(m.view);
    case 'itemAction':
      return isId(m.view) && isId(m.id) && isItemAction(m.action);
    default:
      return false;
  }
}

/** Minimal shape check of a host message to an items panel (the webview renders every field as text). */
export function isItemsHostMessage(m: Record<string, unknown>): boolean {
  switch (m.type) {
    case 'itemsInit':
      return isObject(m.init);
    case 'itemsView':
      return isId(m.view) && typeof m.reset === 'boolean' && Array.isArray(m.columns) && isId(m.end) && Array.isArray(m.rows) && isObject(m.status);
    case 'itemRows':
      return isId(m.view) && isId(m.start) && Array.isArray(m.rows);
    case 'itemsStatus':
      return isId(m.view) && isObject(m.status);
    case 'itemDetail':
      return isId(m.view) && isId(m.id);
    default:
      return false;
  }
}
