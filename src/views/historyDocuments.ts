// Item history documents (Item history on a tail record): read-only markdown text from a content provider of their
// own scheme, with a "Restore this version" CodeLens on each change whose version is known.
import * as vscode from 'vscode';
import { itemHistory, type HeldChange, type ItemHistory } from '../core/history/itemHistory';
import { historyText, type HistoryText } from '../core/history/historyText';
import type { Item } from '../core/records/model';
import { keysText } from '../core/records/records';
import { COMMANDS } from '../ids';

export const HISTORY_SCHEME = 'dynamodb-history';

/** Whose history a document shows, and the changes it was built from. */
export interface HistorySubject {
  tableName: string;
  keys: Item;
  /** The tail panel the records came from (its later records count as newer versions when restoring). */
  panelKey?: string;
  viewType?: string;
  changes: HeldChange[];
  /** Where the changes came from, said at the top of the document. */
  source: string;
  /** The DynamoDB stream the records came from: Search retained stream reads it. */
  streamArn?: string;
}

interface HistoryDocument {
  subject: HistorySubject;
  history: ItemHistory;
  text: HistoryText;
}

export class HistoryDocuments implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly documents = new Map<string, HistoryDocument>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  /** Builds (or rebuilds: one document per item) the history of `subject` and returns its document's address. */
  set(subject: HistorySubject): vscode.Uri {
    const label = `${subject.tableName} ${keysText(subject.keys)}`.replace(/[/\\?#%]/g, '_');
    const uri = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${label} history.md` });
    const history = itemHistory(subject.changes, subject.keys, subject.viewType);
    this.documents.set(uri.toString(), { subject, history, text: historyText(subject.tableName, subject.keys, history, subject.source) });
    this.changed.fire(uri);
    this.lensesChanged.fire();
    return uri;
  }

  subject(uri: string): HistorySubject | undefined {
    return this.documents.get(uri)?.subject;
  }

  /** The subject and the change of entry `index` of the document at `uri`. */
  entry(uri: string, index: number): { subject: HistorySubject; change: HeldChange } | undefined {
    const doc = this.documents.get(uri);
    const entry = doc?.history.entries[index];
    return doc && entry ? { subject: doc.subject, change: { id: entry.id, record: entry.record } } : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString())?.text.text ?? 'This history is no longer available: run Item history again.';
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const doc = this.documents.get(document.uri.toString());
    if (!doc) return [];
    const lenses = doc.text.restorable.map(({ line, entry }) => {
      const range = new vscode.Range(line, 0, line, 0);
      return new vscode.CodeLens(range, { title: 'Restore this version', command: COMMANDS.restoreVersion, arguments: [document.uri.toString(), entry] });
    });
    if (doc.subject.streamArn && !doc.history.unavailable) {
      const search = { title: 'Search retained stream', command: COMMANDS.searchRetainedStream, arguments: [document.uri.toString()] };
      lenses.unshift(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), search));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    this.lensesChanged.dispose();
  }
}
