// Search retained stream (a CodeLens atop an item history): reads the whole retained stream for the item's changes,
// with progress and Cancel, and rebuilds the history document as changes are found.
import * as vscode from 'vscode';
import { searchRetainedStream, type RetainedSearchResult } from '../core/history/retainedSearch';
import type { StreamRecord } from '../core/records/model';
import type { UndoDeps } from './undoCommands';

export async function searchRetainedStreamCommand(deps: UndoDeps, uri?: unknown): Promise<RetainedSearchResult | undefined> {
  const subject = typeof uri === 'string' ? deps.histories.subject(uri) : undefined;
  if (!subject?.streamArn) throw new Error('Use "Search retained stream" atop an item history opened from a DynamoDB stream tail.');
  const streamArn = subject.streamArn;
  const { connection, log } = deps.ctx;
  // Changes the history already has (held by the panel) are not added twice.
  const seen = new Set(subject.changes.map((c) => c.record.dynamodb?.SequenceNumber).filter((s): s is string => !!s));
  const found: { id: number; record: StreamRecord }[] = [];
  const rebuild = (done: string) =>
    deps.histories.set({ ...subject, changes: [...subject.changes, ...found], source: `${subject.source}, and ${found.length} more found in the retained stream (${done})` });
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Search retained stream', cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return searchRetainedStream(connection.streams, {
        streamArn,
        keys: subject.keys,
        loopback: connection.current.loopback,
        signal: controller.signal,
        onFound: (records) => {
          for (const record of records) {
            const seq = record.dynamodb?.SequenceNumber;
            if (seq && seen.has(seq)) continue;
            if (seq) seen.add(seq);
            // Negative ids: these changes are not rows of any panel.
            found.push({ id: -(found.length + 1), record });
          }
          rebuild('searching…');
        },
        onProgress: (p) => progress.report({ message: `${p.scanned} records read, ${p.found} of this item; ${p.shardsAtPresent} of ${p.shardsListed} shards at the present` }),
      });
    },
  );
  const how = result.complete ? 'every shard read to the present' : result.error ? `stopped: ${result.error}` : 'cancelled';
  rebuild(`${result.scanned} records read, ${how}`);
  log.info(`Search retained stream ${streamArn}: ${result.scanned} records read, ${result.found} of the item, ${how}`);
  if (result.error) void vscode.window.showWarningMessage(`Search retained stream stopped: ${result.error}`);
  return result;
}
