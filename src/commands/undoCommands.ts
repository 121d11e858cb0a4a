// Undo from the stream, one item at a time: Undo change and Item history on a tail record (the rows' right-click menu),
// and Restore this version on an entry of an item's history (a CodeLens). The versions come from the records the panel
// holds; the write itself goes through restoreItem (preview, the user's choice, a guarded write).
import * as vscode from 'vscode';
import type { AwsServices } from '../aws/services';
import type { HeldChange } from '../core/history/itemHistory';
import { planRestoreVersion, planUndoChange } from '../core/history/restoreOne';
import { readRecordContext } from '../core/panel/recordContext';
import type { StreamRecord } from '../core/records/model';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import type { DescribeTableDocuments } from '../views/describeDocuments';
import type { HistoryDocuments } from '../views/historyDocuments';
import { forTable, type CommandContext } from './context';
import { restoreItem, type RestoreResult } from './restoreItem';

export interface UndoDeps {
  ctx: CommandContext;
  panels: TailPanelManager;
  docs: DescribeTableDocuments;
  histories: HistoryDocuments;
}

interface HeldTarget {
  panel: TailPanel;
  record: StreamRecord;
  tableName: string;
}

function heldTarget(panels: TailPanelManager, arg: unknown): HeldTarget {
  const { panelKey, recordId } = readRecordContext(arg);
  const panel = panels.panelFor(panelKey);
  if (!panel) throw new Error(panelKey ? 'That tail panel is closed.' : 'Right-click a record in a tail panel.');
  if (recordId === undefined) throw new Error('Right-click the record of the item in the tail panel.');
  const record = panel.session.record(recordId);
  if (!record) throw new Error('That record is no longer held (evicted or cleared): tail from an earlier position to see it again.');
  if (!record.dynamodb?.Keys) throw new Error('This record is not a DynamoDB item change (it has no keys).');
  return { panel, record, tableName: tableOf(panel, record) };
}

/** The table a record changed: the panel's table, or (a Kinesis destination) the table the record names. */
export function tableOf(panel: TailPanel, record: StreamRecord): string {
  const target = panel.session.target;
  if (target.source === 'dynamodb') return target.name;
  if (record.kinesis?.tableName) return record.kinesis.tableName;
  throw new Error('This record does not name its table, so its item cannot be found.');
}

/** Writes go to the connection's region: a replica panel of another region is refused rather than written elsewhere. */
export function checkRegion(deps: UndoDeps, panel: TailPanel | undefined): void {
  const region = panel?.session.target.region;
  const here = deps.ctx.connection.current.region;
  if (region && region !== here) throw new Error(`This panel reads the replica in ${region}; the connection is in ${here}. Connect to ${region} to write there.`);
}

export async function ttlAttributeOf(services: AwsServices, tableName: string): Promise<string | undefined> {
  const extras = await forTable(tableName, () => services.tables.describeExtras(tableName), 'dynamodb:DescribeTimeToLive');
  return extras.ttlStatus === 'ENABLED' || extras.ttlStatus === 'ENABLING' ? extras.ttlAttribute : undefined;
}

export async function undoChangeCommand(deps: UndoDeps, arg?: unknown): Promise<RestoreResult> {
  const { panel, record, tableName } = heldTarget(deps.panels, arg);
  checkRegion(deps, panel);
  const services = await deps.ctx.connection.getServices();
  const ttlAttribute = await ttlAttributeOf(services, tableName);
  const plan = planUndoChange(record, panel.session.heldChanges(), { ttlAttribute });
  return restoreItem({ items: services.items, docs: deps.docs, log: deps.ctx.log }, { what: 'Undo change', tableName, plan });
}

export async function itemHistoryCommand(deps: UndoDeps, arg?: unknown): Promise<vscode.Uri> {
  const { panel, record, tableName } = heldTarget(deps.panels, arg);
  const changes = panel.session.heldChanges();
  const uri = deps.histories.set({
    tableName,
    keys: record.dynamodb!.Keys!,
    panelKey: panel.key,
    viewType: panel.session.target.viewType ?? record.dynamodb?.StreamViewType,
    changes,
    source: `the ${changes.length} record${changes.length === 1 ? '' : 's'} held by the tail panel "${panel.title}"`,
    streamArn: panel.session.target.source === 'dynamodb' && !panel.session.target.region ? panel.session.target.streamArn : undefined,
  });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}

export async function restoreVersionCommand(deps: UndoDeps, uri?: unknown, index?: unknown): Promise<RestoreResult> {
  const found = typeof uri === 'string' && typeof index === 'number' ? deps.histories.entry(uri, index) : undefined;
  if (!found) throw new Error('Use the "Restore this version" above a change in an item history.');
  const { subject, change } = found;
  const panel = deps.panels.panelFor(subject.panelKey);
  checkRegion(deps, panel);
  // Records the panel got since the history was built are newer versions too.
  const known: HeldChange[] = [...subject.changes, ...(panel?.session.heldChanges() ?? [])];
  const services = await deps.ctx.connection.getServices();
  const ttlAttribute = await ttlAttributeOf(services, subject.tableName);
  const plan = planRestoreVersion(change.record, known, { ttlAttribute });
  return restoreItem({ items: services.items, docs: deps.docs, log: deps.ctx.log }, { what: 'Restore this version', tableName: subject.tableName, plan });
}
