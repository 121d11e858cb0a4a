// The record commands of a tail panel's right-click menu (webview/context): Copy record, Copy as Lambda event, Export
// Lambda event…, Invoke handler…. VS Code runs them with the clicked row's context (its record, the selection it is part
// of, and the panel's key); each finds its panel through the manager and uses the panel's own action.
import * as vscode from 'vscode';
import { readRecordContext } from '../core/panel/recordContext';
import type { HandlerRunResult } from '../handlers/runHandler';
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
