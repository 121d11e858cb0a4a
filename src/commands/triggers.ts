// Apply filter to tail: a Lambda trigger's FilterCriteria becomes the Lambda filter of its stream's tail panel, so the
// panel shows what that function would receive.
import * as vscode from 'vscode';
import { filterCriteriaText } from '../core/lambda/lambdaTriggers';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { LambdaTriggerNode } from '../views/nodes';
import type { CommandContext } from './context';
import { tailExactStream } from './tail';

/** Opens (or reveals) the stream's tail and sets its Lambda filter to the trigger's FilterCriteria. */
export async function applyTriggerFilter(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  if (!(arg instanceof LambdaTriggerNode)) throw new Error('Apply a trigger\'s filter from the tree: expand a stream\'s Lambda triggers and right-click one');
  const { trigger, stream } = arg;
  if (trigger.filterPatterns.length === 0) {
    void vscode.window.showInformationMessage(`${trigger.functionName} has no filter: every record of the stream invokes it.`);
    return undefined;
  }
  // The trigger reads exactly this stream (its mapping's source), even when the table has another one since.
  const panel = await tailExactStream(ctx, panels, stream);
  if (!panel) return undefined;
  const state = panel.setLambdaFilter(filterCriteriaText(trigger));
  // Lambda accepted this FilterCriteria; one the panel refuses is worth saying (the parser's message is precise).
  if (state.error) void vscode.window.showWarningMessage(`${trigger.functionName}'s filter could not be applied: ${state.error}`);
  return panel;
}
