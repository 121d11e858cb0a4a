// The record commands of a tail panel's right-click menu (webview/context): Copy record, Copy as Lambda event, Export
// Lambda event…, Invoke handler…, Edit item. VS Code runs them with the clicked row's context (its record, the selection it is part
// of, and the panel's key); each finds its panel through the manager and uses the panel's own action.
import * as vscode from 'vscode';
import { readRecordContext } from '../core/panel/recordContext';
import type { HandlerRunResult } from '../handlers/runHandler';
import type { ItemReference } from './items';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';

interface RecordTarget {
  panel: TailPanel;
  recordId?: number;
  /** Empty without a row's context (a keybinding): the actions then take the records shown. */
  recordIds: number[];
}

function targetOf(panels: TailPanelManager, arg: unknown): RecordTarget {
  const { panelKey, recordId, recordIds } = readRecordContext(arg);
  const panel = panels.panelFor(panelKey);
  if (!panel) throw new Error(panelKey ? 'That tail panel is closed.' : 'Right-click a record in a tail panel.');
  return { panel, recordId, recordIds };
}

export async function copyRecordCommand(panels: TailPanelManager, arg?: unknown): Promise<void> {
  const { panel, recordId } = targetOf(panels, arg);
  if (recordId === undefined) throw new Error('Right-click the record to copy in the tail panel.');
  await panel.copyRecord(recordId);
}

export async function copyLambdaEventCommand(panels: TailPanelManager, arg?: unknown): Promise<void> {
  const { panel, recordIds } = targetOf(panels, arg);
  await panel.copyLambdaEvent(recordIds);
}

export function exportLambdaEventCommand(panels: TailPanelManager, arg?: unknown): Promise<vscode.Uri | undefined> {
  const { panel, recordIds } = targetOf(panels, arg);
  return panel.exportLambdaEvent(undefined, recordIds);
}

export function invokeHandlerCommand(panels: TailPanelManager, arg?: unknown): Promise<HandlerRunResult | undefined> {
  const { panel, recordIds } = targetOf(panels, arg);
  return panel.invokeHandler(recordIds);
}

/** Edit item on a row: the reference Edit item takes (the table the record changed, the record's keys). */
export function recordItemReference(panels: TailPanelManager, arg?: unknown): ItemReference {
  const { panel, recordId } = targetOf(panels, arg);
  if (recordId === undefined) throw new Error('Right-click the record of the item to edit in the tail panel.');
  const record = panel.session.record(recordId);
  if (!record) throw new Error('That record is no longer held (evicted or cleared): use Edit item from the palette with its key.');
  const keys = record.dynamodb?.Keys;
  if (!keys) throw new Error('This record is not a DynamoDB item change (it has no keys).');
  const target = panel.session.target;
  // A Kinesis destination's panel carries several tables' records: each names its own.
  const tableName = target.source === 'dynamodb' ? target.name : record.kinesis?.tableName;
  if (!tableName) throw new Error('This record does not name its table, so its item cannot be found.');
  return { tableName, keys };
}
