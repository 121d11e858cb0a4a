// Command registration with failures handled in one place: any error a command throws is logged and shown with its
// next step (showError), so the commands themselves carry no try/catch.
import * as vscode from 'vscode';
import { CommandContext, showError } from './context';
import type { CommandId } from '../ids';

export type CommandRun = (...args: unknown[]) => unknown;

/**
 * Registers `run` under `id`. `what` names the command in messages ("Enable stream for Orders: Access denied: …").
 * The command resolves to what `run` returns, or to undefined once a failure has been shown.
 */
export function registerCommand(ctx: CommandContext, id: CommandId, what: string, run: CommandRun): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      await showError(ctx, what, err);
      return undefined;
    }
  });
}
