// Read-only documents holding DescribeTable output, opened by the Describe table command.
import * as vscode from 'vscode';

export const DESCRIBE_SCHEME = 'dynamodb-streams';

/** A content provider's documents cannot be edited: the JSON is shown as AWS returned it. */
export class DescribeTableDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
