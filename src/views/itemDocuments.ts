// Items as documents in VS Code's own editor: a file system provider for the `dynamodb-item:` scheme, so undo, search,
// formatting and dirty state work as for any file. Saving writes the item, only if it has not changed since it was
// opened; on a conflict the user compares and chooses (itemConflicts.ts).
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ItemsService } from '../aws/items';
import { documentToItem, itemToDocument, type DocumentView } from '../core/items/itemDocument';
import { sameItem, sameValue } from '../core/records/sameItem';
import { changedKeyNames, keyOf, keyProblem, newItemTemplate } from '../core/items/itemKeys';
import { JsonDocumentError } from '../core/items/jsonText';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import type { KeyAttribute } from '../core/table/createTable';
import { parseReopenQuery, reopenQuery } from '../core/items/itemReopen';
import { resolveConflict } from './itemConflicts';
import type { DescribeTableDocuments } from './describeDocuments';

export const ITEM_SCHEME = 'dynamodb-item';

export interface ItemDocumentState {
  tableName: string;
  keys: KeyAttribute[];
  view: DocumentView;
  /** The item as last read or written; undefined while a new item has not been written. */
  asRead: Item | undefined;
  content: Uint8Array;
  mtime: number;
  /** Reopened after a window reload and found changed since it was last read: the next save compares first. */
  changedSinceRead?: boolean;
}

/** workspaceState key: a hash of each open item document's "as read" text, so a reopen can tell it changed meanwhile. */
const AS_READ_KEY = 'dynamodbStreams.itemDocuments.asRead';
/** workspaceState key: the reopen query of the item each new item's document saved, so a reopen reads that item. */
const SAVED_AS_KEY = 'dynamodbStreams.itemDocuments.newItemSavedAs';
/** Documents remembered in each of those (the most recently kept). */
const DOCUMENTS_KEPT = 100;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A save refused before anything was written; the message says why and what to do. */
class NotSaved extends Error {}

/** A new item's document: the key schema's template; saving writes it only if no item has its key. */
function newItemState(tableName: string, keys: KeyAttribute[], view: DocumentView): ItemDocumentState {
  return { tableName, keys, view, asRead: undefined, content: encoder.encode(itemToDocument(newItemTemplate(keys), view, keys.map((k) => k.name))), mtime: Date.now() };
}

export class ItemDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly docs = new Map<string, ItemDocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private newItems = 0;
  /** Documents being read again after a window reload (stat and readFile ask at once: one read). */
  private readonly reopening = new Map<string, Promise<ItemDocumentState>>();
  /** The last refused save's message (also shown by VS Code as "Failed to save"), for tests and the log. */
  lastRefusal: string | undefined;

  constructor(
    private readonly items: () => Promise<ItemsService>,
    /** Read-only documents: "the item in DynamoDB now", the left side of a conflict's diff. */
    readonly readonlyDocs: DescribeTableDocuments,
    private readonly log: vscode.LogOutputChannel,
    /** The current connection's identity (no secrets): an item reopened after a reload must come from the same one. */
    private readonly connectionId: () => string,
    /** Where the "as read" hashes live across a reload (no item data: a hash only). */
    private readonly workspaceState: vscode.Memento,
  ) {
    // A reopened document that opens clean shows the item as read again: edits start from it, no comparison needed.
    // One that opens dirty holds unsaved edits VS Code kept from before the reload (changedSinceRead stays).
    this.opened = vscode.workspace.onDidOpenTextDocument((doc) => {
      const state = this.docs.get(doc.uri.toString());
      if (state?.changedSinceRead && !doc.isDirty) state.changedSinceRead = false;
    });
  }

  private readonly opened: vscode.Disposable;

  /** A document for a new item of `tableName`, holding a template built from the key schema. */
  openNew(tableName: string, keys: KeyAttribute[], view: DocumentView): vscode.Uri {
    // The query lets VS Code open it again after a window reload; the number skips documents restored by one.
    const query = reopenQuery({ connection: this.connectionId(), tableName, keys, view });
    let uri: vscode.Uri;
    do uri = vscode.Uri.from({ scheme: ITEM_SCHEME, path: `/${tableName}/new item ${++this.newItems}.json`, query });
    while (this.docs.has(uri.toString()) || vscode.workspace.textDocuments.some((d) => d.uri.path === uri.path));
    this.set(uri, newItemState(tableName, keys, view));
    return uri;
  }

  /** A document for an existing item, as just read. Opening an item already open with unsaved edits keeps them. */
  openExisting(tableName: string, keys: KeyAttribute[], view: DocumentView, item: Item): vscode.Uri {
    const key = keyOf(item, keys);
    const label = keysText(key).replace(/[/\\]/g, '_');
    // The query lets VS Code open the document again after a window reload (see `require`).
    const query = reopenQuery({ connection: this.connectionId(), tableName, keys, view, key });
    const uri = vscode.Uri.from({ scheme: ITEM_SCHEME, path: `/${tableName}/${label}.json`, query });
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open?.isDirty) this.set(uri, { tableName, keys, view, asRead: item, content: encoder.encode(itemToDocument(item, view, keys.map((k) => k.name))), mtime: Date.now() });
    return uri;
  }

  stateOf(uri: vscode.Uri): ItemDocumentState | undefined {
    return this.docs.get(uri.toString());
  }

  private set(uri: vscode.Uri, state: ItemDocumentState): void {
    const existed = this.docs.has(uri.toString());
    this.keep(uri, state);
    if (existed) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** Holds `state` for `uri`, and remembers what was read (as a hash) for a reopen after a reload. */
  private keep(uri: vscode.Uri, state: ItemDocumentState): void {
    this.docs.set(uri.toString(), state);
    if (!state.asRead) return; // a new item not saved yet: nothing was read
    this.remember(AS_READ_KEY, uri, asReadHash(state));
    const info = parseReopenQuery(uri.query);
    if (info && !info.key) this.remember(SAVED_AS_KEY, uri, reopenQuery({ ...info, key: keyOf(state.asRead, state.keys) }));
  }

  /** Sets `uri`'s entry in a workspaceState map of documents, keeping the most recent DOCUMENTS_KEPT. */
  private remember(mapKey: string, uri: vscode.Uri, value: string): void {
    const map = { ...this.workspaceState.get<Record<string, string>>(mapKey, {}) };
    delete map[uri.toString()];
    map[uri.toString()] = value;
    const names = Object.keys(map);
    for (const old of names.slice(0, Math.max(0, names.length - DOCUMENTS_KEPT))) delete map[old];
    void this.workspaceState.update(mapKey, map);
  }

  /** A document's state; one VS Code restores after a window reload (this memory gone) is read again from DynamoDB. */
  private async require(uri: vscode.Uri): Promise<ItemDocumentState> {
    const state = this.docs.get(uri.toString());
    if (state) return state;
    let pending = this.reopening.get(uri.toString());
    if (!pending) {
      pending = this.reopen(uri).finally(() => this.reopening.delete(uri.toString()));
      this.reopening.set(uri.toString(), pending);
    }
    return pending;
  }

  private async reopen(uri: vscode.Uri): Promise<ItemDocumentState> {
    let info = parseReopenQuery(uri.query);
    if (!info) throw vscode.FileSystemError.FileNotFound(uri);
    // A new item's document that was saved shows that item: read it again as an Edit item document is.
    if (!info.key) info = parseReopenQuery(this.workspaceState.get<Record<string, string>>(SAVED_AS_KEY, {})[uri.toString()] ?? '') ?? info;
    if (info.connection !== this.connectionId()) {
      throw vscode.FileSystemError.Unavailable(`${info.tableName} ${info.key ? keysText(info.key) : 'new item'} was opened on another connection: connect to it again, then reopen the editor.`);
    }
    if (!info.key) {
      // A new item's document: its template again; VS Code restores unsaved edits over it. Nothing was read.
      const state = newItemState(info.tableName, info.keys, info.view);
      this.docs.set(uri.toString(), state);
      this.log.info(`Reopened a new item's document for ${info.tableName} after a window reload (its template; unsaved edits come back over it)`);
      return state;
    }
    const item = await (await this.items()).getItem(info.tableName, info.key);
    if (!item) throw vscode.FileSystemError.FileNotFound(`${info.tableName} has no item ${keysText(info.key)} any more (deleted since?). Put item… creates one.`);
    const state: ItemDocumentState = { tableName: info.tableName, keys: info.keys, view: info.view, asRead: item, content: encoder.encode(itemToDocument(item, info.view, info.keys.map((k) => k.name))), mtime: Date.now() };
    // Unsaved edits VS Code brings back were made on the version read before the reload: if the item is no longer
    // that version (or that is unknown), the next save shows both and asks, as a conflict does.
    const before = this.workspaceState.get<Record<string, string>>(AS_READ_KEY, {})[uri.toString()];
    if (before !== asReadHash(state)) state.changedSinceRead = true;
    this.docs.set(uri.toString(), state);
    this.log.info(`Reopened ${info.tableName} item ${keysText(info.key)} (read again after a window reload${state.changedSinceRead ? '; it changed meanwhile' : ''})`);
    return state;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const path = uri.path.replace(/\/+$/, '');
    if (path === '' || [...this.docs.values()].some((d) => `/${d.tableName}` === path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const state = await this.require(uri);
    return { type: vscode.FileType.File, ctime: state.mtime, mtime: state.mtime, size: state.content.byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.require(uri)).content;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const state = await this.require(uri);
    const text = decoder.decode(content);
    try {
      await this.save(uri, state, text);
    } catch (err) {
      const message = err instanceof NotSaved ? err.message : `Not saved: ${err instanceof Error ? err.message : String(err)}`;
      this.lastRefusal = message;
      this.log.warn(`${uri.path}: ${message}`);
      throw vscode.FileSystemError.Unavailable(message);
    }
    this.lastRefusal = undefined;
  }

  private async save(uri: vscode.Uri, state: ItemDocumentState, text: string): Promise<void> {
    let item: Item;
    try {
      item = documentToItem(text, state.view);
    } catch (err) {
      if (err instanceof JsonDocumentError) throw new NotSaved(`Not saved: ${err.message}. Nothing was written; correct the document and save again.`);
      throw err;
    }
    const keyNames = state.keys.map((k) => k.name);
    const problem = keyProblem(item, state.keys);
    if (problem) throw new NotSaved(`Not saved: ${problem}.`);
    if (state.asRead) {
      const changed = changedKeyNames(state.asRead, item, state.keys, sameValue);
      if (changed.length) {
        throw new NotSaved(
          `Not saved: the key (${changed.join(', ')}) cannot change in the editor, as that would write another item. Undo the key change; to copy this item under a new key, use Put item… and paste it there.`,
        );
      }
      if (sameItem(item, state.asRead)) {
        // Nothing to write (a PutItem that changes nothing would not even reach the stream): keep the new text.
        this.accept(uri, state, state.asRead, text);
        return;
      }
    }
    const items = await this.items();
    const result = state.changedSinceRead
      ? { conflict: true as const, current: await items.getItem(state.tableName, keyOf(item, state.keys)) }
      : await items.saveIfUnchanged(state.tableName, item, state.asRead, keyOf(item, state.keys), keyNames);
    if (result.conflict) {
      const current = result.current;
      const choice = await resolveConflict(this.readonlyDocs, uri, state, item, current, () => this.takeTheirs(uri, state, current));
      if (choice === 'overwrite') {
        await items.putItem(state.tableName, item);
        this.log.info(`${uri.path}: overwrote the item changed meanwhile`);
      } else {
        throw new NotSaved(
          choice === 'theirs'
            ? 'Not saved: the editor now holds the item as it is in DynamoDB (Undo brings your version back).'
            : 'Not saved: the item changed since you opened it. Save again to compare and choose.',
        );
      }
    } else if (result.unguarded.length) {
      this.log.info(`${uri.path}: saved after a full comparison; the write's condition covered ${Object.keys(item).length - result.unguarded.length} attributes (4 KB expression limit)`);
    }
    this.accept(uri, state, item, text);
    this.log.info(`Saved ${state.tableName} item ${keysText(keyOf(item, state.keys))}`);
  }

  /** The item is now `item`, and the document's text on "disk" is `text` (so the editor is clean). */
  private accept(uri: vscode.Uri, state: ItemDocumentState, item: Item, text: string): void {
    this.keep(uri, { ...state, asRead: item, content: encoder.encode(text), mtime: Date.now(), changedSinceRead: false });
  }

  /** Replaces what the document holds as read (conflict: "take theirs"): the editor is then changed to match. */
  takeTheirs(uri: vscode.Uri, state: ItemDocumentState, current: Item | undefined): string {
    const text = current ? itemToDocument(current, state.view, state.keys.map((k) => k.name)) : '';
    this.keep(uri, { ...state, asRead: current, content: encoder.encode(text), mtime: Date.now(), changedSinceRead: false });
    return text;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: use Delete item to delete an item`);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: an item's key cannot change`);
  }

  dispose(): void {
    this.opened.dispose();
    this.changed.dispose();
  }
}

function asReadHash(state: ItemDocumentState): string {
  return createHash('sha256').update(state.asRead ? itemToDocument(state.asRead, state.view, state.keys.map((k) => k.name)) : '').digest('hex');
}
