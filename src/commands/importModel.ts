// Import NoSQL Workbench model…: reads a model file, asks what to do with tables that already exist, shows what it
// will create (tables, indexes, item counts), then creates each table with its indexes, waits until ACTIVE, and loads
// its sample items with Load items from file…'s writer.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { summaryText, type BatchLoadSummary } from '../core/items/batchLoad';
import { describeModelTable, modelTableRequest, parseWorkbenchModel, WorkbenchModelError, type ModelTable, type WorkbenchModel } from '../core/table/workbenchModel';
import { KnownTableError } from '../connection/tableService';
import { confirm, pick } from '../ui/prompts';
import { CommandContext, forTable } from './context';
import { writeItems } from './loadItems';

const EXISTING = { skip: 'Skip this table', load: 'Load its items into the existing table', cancel: 'Cancel the import' } as const;

export interface ImportResult {
  model: WorkbenchModel;
  created: string[];
  loaded: { tableName: string; summary: BatchLoadSummary }[];
  skipped: string[];
}

async function modelFile(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = (arg as { file?: unknown } | undefined)?.file;
  if (given instanceof vscode.Uri) return given;
  if (typeof given === 'string' && given) return vscode.Uri.file(given);
  const picked = await vscode.window.showOpenDialog({
    title: 'Import NoSQL Workbench model',
    canSelectMany: false,
    openLabel: 'Import model',
    filters: { 'NoSQL Workbench model (JSON)': ['json'], 'All files': ['*'] },
  });
  return picked?.[0];
}

type Plan = { table: ModelTable; action: 'create' | 'load' };

export async function importWorkbenchModel(ctx: CommandContext, arg?: unknown): Promise<ImportResult | undefined> {
  const uri = await modelFile(arg);
  if (!uri) return undefined;
  let model: WorkbenchModel;
  try {
    model = parseWorkbenchModel(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch (err) {
    if (!(err instanceof WorkbenchModelError)) throw err;
    void vscode.window.showErrorMessage(`Import NoSQL Workbench model: ${path.basename(uri.fsPath)}: ${err.message}`);
    return undefined;
  }
  const listing = await ctx.tables.listNames();
  if (!listing.ok) throw new KnownTableError(listing.error);
  const existing = new Set(listing.names);

  const plans: Plan[] = [];
  const skipped: string[] = [];
  for (const table of model.tables) {
    if (!existing.has(table.name)) {
      plans.push({ table, action: 'create' });
      continue;
    }
    const choice = await pick(
      [
        { label: EXISTING.skip, detail: 'Leave the table as it is' },
        { label: EXISTING.load, detail: `Write the model's ${table.items.length} item(s) into it (items with the same key are replaced); its keys must match the model's` },
        { label: EXISTING.cancel, detail: 'Create nothing' },
      ],
      { title: `Import ${model.name}: table ${table.name} already exists`, placeHolder: `${table.name} already exists on this connection` },
    );
    if (!choice || choice.label === EXISTING.cancel) return undefined;
    if (choice.label === EXISTING.skip) skipped.push(table.name);
    else plans.push({ table, action: 'load' });
  }
  if (plans.length === 0) {
    void vscode.window.showInformationMessage(`Import ${model.name}: every table already exists and was skipped; nothing was changed.`);
    return { model, created: [], loaded: [], skipped };
  }
  const lines = plans.map((p) => `${p.action === 'create' ? 'Create' : 'Load items into existing'} ${describeModelTable(p.table)}`);
  if (skipped.length) lines.push(`Skip (exists): ${skipped.join(', ')}`);
  const go = await confirm(`Import NoSQL Workbench model "${model.name}" into ${ctx.connection.current.label}?`, lines.join('\n'), 'Import');
  if (!go) return undefined;

  const { tableLifecycle, items } = await ctx.connection.getServices();
  const result: ImportResult = { model, created: [], loaded: [], skipped };
  for (const { table, action } of plans) {
    if (action === 'create') {
      const request = modelTableRequest(table);
      await forTable(table.name, async () =>
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating table ${table.name}` }, () => tableLifecycle.createFromRequest(request)),
        'dynamodb:CreateTable',
      );
      result.created.push(table.name);
      ctx.tables.namesChanged(table.name);
      ctx.log.info(`Import ${model.name}: created ${describeModelTable(table)}`);
    }
    if (table.items.length) {
      const summary = await forTable(table.name, () => writeItems(items, table.name, table.items, `Loading ${table.items.length} item(s) into ${table.name}`), 'dynamodb:BatchWriteItem');
      result.loaded.push({ tableName: table.name, summary });
      ctx.log.info(`Import ${model.name}: ${table.name}: ${summaryText(summary, 0)}`);
    }
  }
  const failed = result.loaded.some((l) => l.summary.failed || l.summary.notAttempted);
  const written = result.loaded.reduce((sum, l) => sum + l.summary.written, 0);
  const message = `Imported ${model.name}: created ${result.created.length ? result.created.join(', ') : 'no table'}; ${written} item(s) written${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}${failed ? ' — some items failed (see the log)' : ''}.`;
  if (failed) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return result;
}
