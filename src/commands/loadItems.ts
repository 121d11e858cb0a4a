// Load items from file…: the file is read and every line checked before the first write; lines that cannot be
// written are listed by number in a document beside, and nothing is written unless the user goes on without them.
// Then BatchWriteItem requests of 25, a few at a time, with a cancellable progress bar and a summary.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_PARALLELISM, loadInBatches, summaryText, type BatchLoadSummary } from '../core/items/batchLoad';
import { keyAttributesOf } from '../core/items/itemKeys';
import { describePlan, planLoad, problemsReport, type LoadPlan } from '../core/items/loadFile';
import type { Item } from '../core/records/model';
import type { ItemsService } from '../aws/items';
import { confirm } from '../ui/prompts';
import { CommandContext, forTable, requireTable, tableNameFor } from './context';

export interface LoadResult {
  plan: LoadPlan;
  /** Undefined when nothing was written (the user refused, or the file held nothing to load). */
  summary?: BatchLoadSummary;
}

async function fileFor(arg: unknown, tableName: string): Promise<vscode.Uri | undefined> {
  const given = (arg as { file?: unknown } | undefined)?.file;
  if (given instanceof vscode.Uri) return given;
  if (typeof given === 'string' && given) return vscode.Uri.file(given);
  const picked = await vscode.window.showOpenDialog({
    title: `Load items from file into ${tableName}`,
    canSelectMany: false,
    openLabel: 'Load items',
    filters: { 'Items (JSON array, NDJSON, tail export)': ['json', 'ndjson', 'jsonl'], 'All files': ['*'] },
  });
  return picked?.[0];
}

/** Writes the items with progress and Cancel; shared with Import NoSQL Workbench model…. */
export async function writeItems(items: ItemsService, tableName: string, toWrite: Item[], title: string): Promise<BatchLoadSummary> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    let shown = 0;
    try {
      return await loadInBatches(toWrite, (batch) => items.batchPut(tableName, batch), {
        parallelism: DEFAULT_PARALLELISM,
        signal: abort.signal,
        onProgress: (done, total) => {
          const percent = (done / total) * 100;
          progress.report({ message: `${done} of ${total}`, increment: percent - shown });
          shown = percent;
        },
      });
    } finally {
      cancelled.dispose();
    }
  });
}

export async function loadItemsFromFile(ctx: CommandContext, arg?: unknown): Promise<LoadResult | undefined> {
  const tableName = await tableNameFor(ctx, arg, 'Load items into which table?');
  if (!tableName) return undefined;
  const uri = await fileFor(arg, tableName);
  if (!uri) return undefined;
  const keys = keyAttributesOf(await forTable(tableName, () => requireTable(ctx, tableName), 'dynamodb:DescribeTable'));
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const plan = planLoad(text, keys);
  const fileName = path.basename(uri.fsPath);
  ctx.log.info(`Load items from ${uri.fsPath} into ${tableName}: ${describePlan(plan)}; ${plan.problems.length} problem line(s), ${plan.skipped.length} skipped`);
  const skipped = plan.skipped.length + plan.problems.length;

  if (plan.problems.length > 0) {
    const report = await vscode.workspace.openTextDocument({ content: problemsReport(fileName, tableName, plan), language: 'plaintext' });
    await vscode.window.showTextDocument(report, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    const first = plan.problems.slice(0, 3).map((p) => `line ${p.line}: ${p.reason}`).join('\n');
    const goOn =
      plan.items.length > 0 &&
      (await confirm(
        `${plan.problems.length} line${plan.problems.length === 1 ? '' : 's'} of ${fileName} cannot be loaded into ${tableName}`,
        `${first}${plan.problems.length > 3 ? '\n…' : ''}\n\nAll are listed in the document beside. Nothing has been written. Load the other ${describePlan(plan)} without those lines?`,
        'Load without those lines',
      ));
    if (!goOn) {
      if (plan.items.length === 0) void vscode.window.showWarningMessage(`${fileName} has nothing that can be loaded into ${tableName}: nothing was written (the problems are listed beside).`);
      return { plan };
    }
  }
  if (plan.items.length === 0) {
    void vscode.window.showInformationMessage(`${fileName} holds no item to load into ${tableName}${plan.skipped.length ? ` (${plan.skipped.length} line(s) skipped: REMOVE records or older versions)` : ''}.`);
    return { plan };
  }

  const { items } = await ctx.connection.getServices();
  const summary = await writeItems(items, tableName, plan.items.map((i) => i.item), `Loading ${describePlan(plan)} into ${tableName}`);
  const streamNote = plan.content === 'stream records' ? ' Stream records: the newest image of each item was loaded; REMOVE records were skipped.' : '';
  const message = `Load items from ${fileName} into ${tableName}: ${summaryText(summary, skipped)}.${streamNote}`;
  ctx.log.info(message);
  if (summary.failed || summary.cancelled) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return { plan, summary };
}
