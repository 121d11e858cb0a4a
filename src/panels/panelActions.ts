// A tail panel's file and clipboard actions that are not about the reader: writing exports, naming them, and the
// Lambda event actions (Copy as Lambda event, Export Lambda event…). Thin vscode glue over TailSession.
import { createWriteStream } from 'node:fs';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import type { HostToWebview, TailTarget } from '../core/panel/protocol';
import type { TailSession } from '../core/panel/tailSession';
import { concatChunks, evictedBeforeExportText, ndjsonChunks } from '../core/panel/ndjsonExport';
import { plural } from '../core/util/plural';
import type { HandlerChoice, HandlerConnection, HandlerInvoker } from '../handlers/invokeHandler';
import type { HandlerRunResult } from '../handlers/runHandler';

/** What the actions need of a panel. */
export interface PanelActionHost {
  session: TailSession;
  title: string;
  log: vscode.LogOutputChannel;
  post(message: HostToWebview): void;
}

/**
 * Writes a file chunk by chunk: a file: URI through a Node write stream (never the whole file in memory), any other
 * scheme through workspace.fs (which takes the whole file at once).
 */
export async function writeChunks(uri: vscode.Uri, chunks: Iterable<Uint8Array>): Promise<void> {
  if (uri.scheme === 'file') await pipeline(Readable.from(chunks), createWriteStream(uri.fsPath));
  else await vscode.workspace.fs.writeFile(uri, concatChunks(chunks));
}

/** `<name>-<stream|kinesis|lambda-event>-<time>.<ext>` in the first workspace folder (else the home folder). */
export function defaultExportUri(target: Pick<TailTarget, 'name' | 'source'>, what: 'stream' | 'lambda-event', extension: string): vscode.Uri {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safeName = target.name.replace(/[^\w.-]/g, '_');
  const kind = what === 'stream' && target.source === 'kinesis' ? 'kinesis' : what;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  return vscode.Uri.joinPath(folder, `${safeName}-${kind}-${stamp}.${extension}`);
}

/** Copy as Lambda event: the records (by id; none: the records shown) as the event their Lambda function gets. */
export async function copyLambdaEvent(host: PanelActionHost, ids: readonly number[]): Promise<void> {
  const event = host.session.lambdaEvent(ids);
  const n = event.Records.length;
  if (n === 0) {
    host.post({ type: 'flash', message: ids.length ? 'Those records are no longer held (evicted or cleared).' : 'No records to copy.' });
    return;
  }
  await vscode.env.clipboard.writeText(JSON.stringify(event, null, 2));
  host.post({ type: 'flash', message: `Copied the Lambda event (${plural(n, 'record')}).` });
}

/** What an export writes: how many records, described how, to which kind of file, as which chunks. */
interface ExportSpec {
  count: number;
  /** "3 records" / "a Lambda event of 3 records": the title, the log and the flash message use it. */
  what: string;
  defaultUri: vscode.Uri;
  filters: Record<string, string[]>;
  chunks: () => Iterable<Uint8Array>;
}

/** Asks where to save (unless `target` is given), writes the file chunk by chunk, and says so. */
export async function exportToFile(host: PanelActionHost, spec: ExportSpec, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (spec.count === 0) {
    host.post({ type: 'flash', message: 'No records to export.' });
    return undefined;
  }
  const uri = target ?? (await vscode.window.showSaveDialog({ title: `Export ${spec.what} of ${host.title}`, saveLabel: 'Export', defaultUri: spec.defaultUri, filters: spec.filters }));
  if (!uri) return undefined;
  await writeChunks(uri, spec.chunks());
  host.log.info(`${host.title}: exported ${spec.what} to ${uri.toString(true)}`);
  host.post({ type: 'flash', message: `Exported ${spec.what} to ${uri.path.split('/').pop()}.` });
  return uri;
}

/** Export Lambda event…: the records (by id; none: the records shown, filters applied) as one Lambda event in a .json file. */
export function exportLambdaEvent(host: PanelActionHost, target?: vscode.Uri, ids: readonly number[] = []): Promise<vscode.Uri | undefined> {
  const event = host.session.lambdaEvent(ids);
  const n = event.Records.length;
  return exportToFile(
    host,
    {
      count: n,
      what: `a Lambda event of ${plural(n, 'record')}`,
      defaultUri: defaultExportUri(host.session.target, 'lambda-event', 'json'),
      filters: { 'Lambda event (JSON)': ['json'], 'All files': ['*'] },
      chunks: () => [new TextEncoder().encode(JSON.stringify(event, null, 2) + '\n')],
    },
    target,
  );
}

/**
 * Export…: the held records the filter shows as NDJSON (as received), chunk by chunk, after asking where (unless
 * `target` is given); says which older records were evicted before it and are not in the file.
 */
export async function exportHeldRecords(host: PanelActionHost, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const lines = host.session.exportLines();
  const evicted = evictedBeforeExportText(host.session.evicted);
  const uri = await exportToFile(
    host,
    {
      count: lines.length,
      what: plural(lines.length, 'record'),
      defaultUri: defaultExportUri(host.session.target, 'stream', 'ndjson'),
      filters: { 'NDJSON (one record per line)': ['ndjson', 'jsonl'], 'All files': ['*'] },
      chunks: () => ndjsonChunks(lines),
    },
    target,
  );
  if (uri && evicted) {
    host.log.info(`${host.title}: ${evicted}`);
    void vscode.window.showWarningMessage(`${host.title}: ${evicted}`);
  }
  return uri;
}

/**
 * Invoke handler…: runs a local handler on the records (by id; none: the records shown) as one Lambda event, in a
 * child process, with the panel's connection. Resolves to the run, or undefined when nothing ran.
 */
export async function invokeHandlerOn(
  host: PanelActionHost,
  ids: readonly number[],
  run: { handlers?: HandlerInvoker; connection?: HandlerConnection; choice?: HandlerChoice; signal: AbortSignal },
): Promise<HandlerRunResult | undefined> {
  const event = host.session.lambdaEvent(ids);
  if (event.Records.length === 0) {
    host.post({ type: 'flash', message: ids.length ? 'Those records are no longer held (evicted or cleared).' : 'No records to invoke the handler on.' });
    return undefined;
  }
  if (!run.handlers) {
    host.post({ type: 'flash', message: 'Invoke handler… is not available here.' });
    return undefined;
  }
  // A replica panel reads another region than its connection's: so does its handler.
  const region = host.session.target.region;
  const connection = run.connection && region ? { ...run.connection, region } : run.connection;
  const result = await run.handlers.invoke(event, host.title, run.choice, { connection, signal: run.signal });
  if (result) {
    const how = result.cancelled ? 'was cancelled' : result.timedOut ? 'timed out' : result.outcome.kind === 'result' ? 'returned' : 'failed';
    host.post({ type: 'flash', message: `Handler ${how} after ${result.durationMs} ms (${event.Records.length} records): see "DynamoDB Streams: handler".` });
  }
  return result;
}
