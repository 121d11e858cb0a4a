// Search retained stream (a CodeLens atop an item history): reads the whole retained stream for the item's changes,
// with progress and Cancel, and rebuilds the history document as changes are found. The table's previous streams
// (disabled less than 24 h ago, still readable) are offered too: an item's history may start before a view-type change.
import * as vscode from 'vscode';
import { searchRetainedStream, type RetainedSearchResult } from '../core/history/retainedSearch';
import type { StreamRecord } from '../core/records/model';
import { pick } from '../ui/prompts';
import type { UndoDeps } from './undoCommands';

/** The choices offered when the table has previous streams; tests answer with these labels. */
export const SEARCH_CHOICES = {
  current: 'The current stream',
  all: 'The current and previous streams',
} as const;

export async function searchRetainedStreamCommand(deps: UndoDeps, uri?: unknown): Promise<RetainedSearchResult | undefined> {
  const subject = typeof uri === 'string' ? deps.histories.subject(uri) : undefined;
  if (!subject?.streamArn) throw new Error('Use "Search retained stream" atop an item history opened from a DynamoDB stream tail.');
  const { connection, log } = deps.ctx;
  const streamArns = await streamsToSearch(deps, subject.tableName, subject.streamArn);
  if (!streamArns) return undefined;
  // Changes the history already has (held by the panel, from the current stream) are not added twice.
  const seen = new Set(subject.changes.map((c) => c.record.dynamodb?.SequenceNumber).filter((s): s is string => !!s).map((s) => `${subject.streamArn}|${s}`));
  const found: { id: number; record: StreamRecord }[] = [];
  const rebuild = (done: string) =>
    deps.histories.set({ ...subject, changes: [...subject.changes, ...found], source: `${subject.source}, and ${found.length} more found in the retained stream${streamArns.length > 1 ? `s (${streamArns.length})` : ''} (${done})` });
  const total: RetainedSearchResult = { scanned: 0, found: 0, shardsAtPresent: 0, shardsListed: 0, complete: true };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Search retained stream', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    for (const [index, streamArn] of streamArns.entries()) {
      const which = streamArns.length > 1 ? `stream ${index + 1} of ${streamArns.length}: ` : '';
      const before = { ...total };
      const result = await searchRetainedStream(connection.streams, {
        streamArn,
        keys: subject.keys,
        loopback: connection.current.loopback,
        signal: controller.signal,
        onFound: (records) => {
          for (const record of records) {
            const seq = record.dynamodb?.SequenceNumber;
            if (seq && seen.has(`${streamArn}|${seq}`)) continue;
            if (seq) seen.add(`${streamArn}|${seq}`);
            // Negative ids: these changes are not rows of any panel.
            found.push({ id: -(found.length + 1), record });
          }
          rebuild('searching…');
        },
        onProgress: (p) =>
          progress.report({ message: `${which}${before.scanned + p.scanned} records read, ${before.found + p.found} of this item; ${p.shardsAtPresent} of ${p.shardsListed} shards at the present` }),
      });
      total.scanned += result.scanned;
      total.found += result.found;
      total.shardsAtPresent += result.shardsAtPresent;
      total.shardsListed += result.shardsListed;
      if (!result.complete) {
        total.complete = false;
        total.error = result.error;
        break;
      }
    }
  });
  const how = total.complete ? `every shard read to the present${streamArns.length > 1 ? `, in ${streamArns.length} streams` : ''}` : total.error ? `stopped: ${total.error}` : 'cancelled';
  rebuild(`${total.scanned} records read, ${how}`);
  log.info(`Search retained stream ${streamArns.join(', ')}: ${total.scanned} records read, ${total.found} of the item, ${how}`);
  if (total.error) void vscode.window.showWarningMessage(`Search retained stream stopped: ${total.error}`);
  return total;
}

/** The current stream, and the previous ones if the table has some and the user wants them; undefined: cancelled. */
async function streamsToSearch(deps: UndoDeps, tableName: string, current: string): Promise<string[] | undefined> {
  let previous: { streamArn: string; streamLabel?: string }[] = [];
  try {
    const services = await deps.ctx.connection.getServices();
    previous = (await services.streams.listStreams(tableName)).filter((s) => s.streamArn !== current);
  } catch (err) {
    // Not being allowed ListStreams must not stop the search of the stream at hand.
    deps.ctx.log.warn(`Search retained stream: cannot list the previous streams of ${tableName} (${err instanceof Error ? err.message : String(err)}); searching the current stream only.`);
  }
  if (!previous.length) return [current];
  const labels = previous.map((s) => s.streamLabel ?? s.streamArn.split('/').pop()).join(', ');
  const chosen = await pick(
    [
      { label: SEARCH_CHOICES.current, detail: 'The stream the tail reads' },
      { label: SEARCH_CHOICES.all, detail: `Also ${previous.length === 1 ? 'the previous stream' : `${previous.length} previous streams`} of ${tableName} (${labels}), readable for 24 h after being disabled` },
    ],
    { title: `${tableName} has ${previous.length === 1 ? 'a previous stream' : `${previous.length} previous streams`} still readable`, placeHolder: 'Which streams should be searched?', ignoreFocusOut: true },
  );
  if (!chosen) return undefined;
  return chosen.label === SEARCH_CHOICES.all ? [current, ...previous.map((s) => s.streamArn)] : [current];
}
