// Apply filter to tail: a Lambda trigger's FilterCriteria becomes the Lambda filter of its stream's tail panel, so the
// panel shows what that function would receive.
import * as vscode from 'vscode';
import { filterCriteriaText } from '../core/lambdaTriggers';
import type { TailPanel, TailPanelManager } from '../panels/tailPanel';
import { LambdaTriggerNode } from '../views/nodes';
import type { CommandContext } from './context';
import { tailStream } from './tail';

/** The tail panel's Lambda filter control, where the panel has one. */
type LambdaFilterable = TailPanel & { setLambdaFilter?: (text: string) => unknown };

/** Opens (or reveals) the stream's tail and sets its Lambda filter to the trigger's FilterCriteria. */
export async function applyTriggerFilter(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  if (!(arg instanceof LambdaTriggerNode)) throw new Error('Apply a trigger\'s filter from the tree: expand a stream\'s Lambda triggers and right-click one');
  const { trigger, stream } = arg;
  if (trigger.filterPatterns.length === 0) {
    void vscode.window.showInformationMessage(`${trigger.functionName} has no filter: every record of the stream invokes it.`);
    return undefined;
  }
  const panel = (await tailStream(ctx, panels, stream)) as LambdaFilterable | undefined;
  if (!panel) return undefined;
  const text = filterCriteriaText(trigger);
  if (panel.setLambdaFilter) await panel.setLambdaFilter(text);
  else ctx.log.warn(`${panel.title}: this tail panel has no Lambda filter to set (${text})`);
  return panel;
}
