// Items as documents in VS Code's own editor: a file system provider for the `dynamodb-item:` scheme, so undo, search,
// formatting and dirty state work as for any file. Saving writes the item, only if it has not changed since it was
// opened; on a conflict the user compares and chooses (itemConflicts.ts).
import * as vscode from 'vscode';
import type { ItemsService } from '../aws/items';
import { documentToItem, itemToDocument, sameItem, sameValue, type DocumentView } from '../core/items/itemDocument';
import { changedKeyNames, keyOf, keyProblem } from '../core/items/itemKeys';
import { JsonDocumentError } from '../core/items/jsonText';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import type { KeyAttribute } from '../core/table/createTable';
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
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A save refused before anything was written; the message says why and what to do. */
class NotSaved extends Error {}

export class ItemDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly docs = new Map<string, ItemDocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private newItems = 0;
  /** The last refused save's message (also shown by VS Code as "Failed to save"), for tests and the log. */
  lastRefusal: string | undefined;

  constructor(
    private readonly items: () => Promise<ItemsService>,
    /** Read-only documents: "the item in DynamoDB now", the left side of a conflict's diff. */
    readonly readonlyDocs: DescribeTableDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** A document for a new item of `tableName`, holding a template built from the key schema. */
  openNew(tableName: string, keys: KeyAttribute[], view: DocumentView, template: Item): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ITEM_SCHEME, path: `/${tableName}/new item ${++this.newItems}.json` });
    this.set(uri, { tableName, keys, view, asRead: undefined, content: encoder.encode(itemToDocument(template, view, keys.map((k) => k.name))), mtime: Date.now() });
    return uri;
  }

  /** A document for an existing item, as just read. Opening an item already open with unsaved edits keeps them. */
  openExisting(tableName: string, keys: KeyAttribute[], view: DocumentView, item: Item): vscode.Uri {
    const label = keysText(keyOf(item, keys)).replace(/[/\\]/g, '_');
    const uri = vscode.Uri.from({ scheme: ITEM_SCHEME, path: `/${tableName}/${label}.json` });
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open?.isDirty) this.set(uri, { tableName, keys, view, asRead: item, content: encoder.encode(itemToDocument(item, view, keys.map((k) => k.name))), mtime: Date.now() });
    return uri;
  }

  stateOf(uri: vscode.Uri): ItemDocumentState | undefined {
    return this.docs.get(uri.toString());
  }

  private set(uri: vscode.Uri, state: ItemDocumentState): void {
    const existed = this.docs.has(uri.toString());
    this.docs.set(uri.toString(), state);
    if (existed) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  private require(uri: vscode.Uri): ItemDocumentState {
    const state = this.docs.get(uri.toString());
    if (!state) throw vscode.FileSystemError.FileNotFound(uri);
    return state;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const path = uri.path.replace(/\/+$/, '');
    if (path === '' || [...this.docs.values()].some((d) => `/${d.tableName}` === path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const state = this.require(uri);
    return { type: vscode.FileType.File, ctime: state.mtime, mtime: state.mtime, size: state.content.byteLength };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.require(uri).content;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const state = this.require(uri);
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
    const result = await items.saveIfUnchanged(state.tableName, item, state.asRead, keyOf(item, state.keys), keyNames);
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
    this.docs.set(uri.toString(), { ...state, asRead: item, content: encoder.encode(text), mtime: Date.now() });
  }

  /** Replaces what the document holds as read (conflict: "take theirs"): the editor is then changed to match. */
  takeTheirs(uri: vscode.Uri, state: ItemDocumentState, current: Item | undefined): string {
    const text = current ? itemToDocument(current, state.view, state.keys.map((k) => k.name)) : '';
    this.docs.set(uri.toString(), { ...state, asRead: current, content: encoder.encode(text), mtime: Date.now() });
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
    this.changed.dispose();
  }
}
