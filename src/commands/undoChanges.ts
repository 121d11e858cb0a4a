// Undo changes…: over the selected records of a tail panel (or, without a selection, the records it shows), every item
// is put back as it was before its first selected change. A dry run document and a modal confirmation first, then the
// writes a few items at a time with a cancellable progress notification, each guarded by what the newest held change
// left (nothing is written for an item that changed since), then a report document, exportable as NDJSON.
import * as vscode from 'vscode';
import type { ItemsService } from '../aws/items';
import { planUndo, type UndoStep } from '../core/history/undoPlan';
import { applyUndo, UNDO_PARALLELISM, withTtlFix } from '../core/history/undoApply';
import { countOutcomes, dryRunText, isWrite, reportNdjson, reportText, type UndoCounts, type UndoOutcome, type WriteStep } from '../core/history/undoRun';
import { readRecordContext } from '../core/panel/recordContext';
import { plural } from '../core/util/plural';
import { confirm, notify } from '../ui/prompts';
import { DESCRIBE_SCHEME } from '../views/describeDocuments';
import { askTtlFixForItems } from './restoreItem';
import { checkRegion, tableOf, ttlAttributeOf, type UndoDeps } from './undoCommands';

export const APPLY_ACTION = 'Apply';

export interface UndoChangesResult {
  steps: UndoStep[];
  outcomes: UndoOutcome[];
  counts: UndoCounts;
  /** False when the user declined the dry run (nothing was written). */
  applied: boolean;
  dryRun: vscode.Uri;
  report?: vscode.Uri;
}

/** The last report, for Export undo report as NDJSON. */
let lastReport: { tableName: string; outcomes: UndoOutcome[] } | undefined;

export async function undoChangesCommand(deps: UndoDeps, arg?: unknown): Promise<UndoChangesResult | undefined> {
  const { panelKey, recordIds } = readRecordContext(arg);
  const panel = deps.panels.panelFor(panelKey);
  if (!panel) throw new Error(panelKey ? 'That tail panel is closed.' : 'Right-click a record in a tail panel.');
  checkRegion(deps, panel);
  const selected = panel.session.changesFor(recordIds).filter((c) => c.record.dynamodb?.Keys);
  if (selected.length === 0) {
    notify('info', recordIds.length ? 'Those records are no longer held (evicted or cleared): nothing to undo.' : 'The panel shows no item changes: nothing to undo.');
    return undefined;
  }
  const tables = new Set(selected.map((c) => tableOf(panel, c.record)));
  if (tables.size > 1) throw new Error(`The records change ${tables.size} tables (${[...tables].join(', ')}): select the records of one table.`);
  const tableName = [...tables][0];

  const services = await deps.ctx.connection.getServices();
  const ttlAttribute = await ttlAttributeOf(services, tableName);
  const steps = planUndo(selected, { known: panel.session.heldChanges(), ttlAttribute });
  const writes = steps.filter(isWrite);
  const skipped: UndoOutcome[] = steps.flatMap((step) => (step.action === 'skip' ? [{ status: 'skipped' as const, step }] : []));
  const dryRun = await showDocument(deps, `/undo/${safe(tableName)} dry run ${stamp()}.md`, dryRunText(tableName, steps));
  const result = (outcomes: UndoOutcome[], applied: boolean, report?: vscode.Uri): UndoChangesResult => ({ steps, outcomes, counts: countOutcomes(outcomes), applied, dryRun, report });
  if (writes.length === 0) {
    notify('info', `Undo changes… on ${tableName}: nothing to write (${plural(skipped.length, 'item')} skipped; see the dry run).`);
    return result(skipped, false);
  }
  const go = await confirm(
    `Apply ${plural(writes.length, 'write')}?`,
    `Undo changes… on ${tableName}: the dry run lists what is restored, deleted and skipped. Each write happens only if the item is still what the newest held change left.`,
    APPLY_ACTION,
  );
  if (!go) return result(skipped, false);
  const expired = writes.flatMap((s) => (s.action === 'restore' && s.ttlInPast ? [s.ttlInPast] : []));
  let toWrite = writes;
  if (expired.length) {
    // The same choice as a single undo, once for all of them: restored as is, DynamoDB would delete them again.
    const fix = await askTtlFixForItems(expired[0].attribute, expired.length);
    if (!fix) {
      notify('info', `Undo changes… on ${tableName}: cancelled at the TTL question; nothing was written.`);
      return result(skipped, false);
    }
    toWrite = withTtlFix(writes, fix);
  }

  const written = await applyWrites(services.items, tableName, toWrite);
  const outcomes = [...written, ...skipped];
  lastReport = { tableName, outcomes };
  const report = await showDocument(deps, `/undo/${safe(tableName)} report ${stamp()}.md`, reportText(tableName, outcomes));
  const c = countOutcomes(outcomes);
  const message = `Undo changes… on ${tableName}: ${c.restored} restored, ${c.deleted} deleted, ${c.conflict} conflicts, ${c.failed} failed, ${c.skipped} skipped${c.notStarted ? `, ${c.notStarted} not started (cancelled)` : ''}.`;
  deps.ctx.log.info(message);
  notify(c.conflict || c.failed ? 'warning' : 'info', message);
  return result(outcomes, true, report);
}

async function applyWrites(items: ItemsService, tableName: string, writes: WriteStep[]): Promise<UndoOutcome[]> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${tableName}: Undo changes…`, cancellable: true },
    (progress, token) =>
      applyUndo(items, tableName, writes, {
        parallelism: UNDO_PARALLELISM,
        stopped: () => token.isCancellationRequested,
        onFinished: (finished, total) => progress.report({ message: `${finished} of ${total} items`, increment: 100 / total }),
      }),
  );
}

/** Export undo report as NDJSON: the last report, one line per item, to `target` or a file the user picks. */
export async function exportUndoReportCommand(target?: unknown): Promise<vscode.Uri | undefined> {
  if (!lastReport) throw new Error('No undo report yet: run Undo changes… on records of a tail panel first.');
  const { tableName, outcomes } = lastReport;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, `${safe(tableName)}-undo-report-${stamp()}.ndjson`) : undefined;
  const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({ title: 'Export undo report', saveLabel: 'Export', defaultUri, filters: { 'NDJSON': ['ndjson', 'jsonl'] } });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(reportNdjson(outcomes)));
  notify('info', `Exported the undo report of ${tableName} (${plural(outcomes.length, 'item')}) to ${uri.path.split('/').pop()}.`);
  return uri;
}

async function showDocument(deps: UndoDeps, path: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path });
  deps.docs.set(uri, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}

const safe = (name: string) => name.replace(/[^\w.-]/g, '_');
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
