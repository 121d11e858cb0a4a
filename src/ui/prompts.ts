// Every question the extension asks goes through here, so extension-host tests can answer them
// (a queue of answers) while everything else, AWS calls included, runs for real.
import * as vscode from 'vscode';

const answers: unknown[] = [];

export const testHooks = {
  /** Queue answers: a label/string for a quick pick, input box or confirmation; `undefined` to cancel. */
  answer(...values: unknown[]): void {
    answers.push(...values);
  },
  pending(): number {
    return answers.length;
  },
  clear(): void {
    answers.length = 0;
    testHooks.lastRefusal = undefined;
    testHooks.lastConfirmation = undefined;
    testHooks.lastNotice = undefined;
  },
  /** The validation message an input box showed for the last refused test answer. */
  lastRefusal: undefined as string | undefined,
  /** The last confirmation a test answered (e.g. to check a warning in its detail). */
  lastConfirmation: undefined as { message: string; detail: string } | undefined,
  /** An answer for an input box that takes the value it was opened with (e.g. a prefilled filter). */
  keepValue: Symbol('keep the input box value'),
  /** The last message shown through `notify` (e.g. to check what a command said before it stopped). */
  lastNotice: undefined as string | undefined,
};

/** A non-modal message; recorded for tests (they cannot read VS Code's notifications). */
export function notify(kind: 'info' | 'warning' | 'error', message: string): void {
  testHooks.lastNotice = message;
  const show = kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message);
}

function nextAnswer(): { value: unknown } | undefined {
  return answers.length ? { value: answers.shift() } : undefined;
}

export async function pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T | undefined> {
  const queued = nextAnswer();
  if (queued) {
    const list = await items;
    if (queued.value === undefined) return undefined;
    const found = list.find((i) => i.label === queued.value);
    if (!found) throw new Error(`Test answer "${String(queued.value)}" is not among: ${list.map((i) => i.label).join(', ')}`);
    return found;
  }
  return vscode.window.showQuickPick(items, options);
}

export async function input(options: vscode.InputBoxOptions): Promise<string | undefined> {
  const queued = nextAnswer();
  if (queued) {
    const value = queued.value === testHooks.keepValue ? (options.value ?? '') : (queued.value as string | undefined);
    const invalid = value !== undefined ? await options.validateInput?.(value) : undefined;
    if (invalid) {
      // The real input box would keep showing this message; the user's only way out is Escape.
      testHooks.lastRefusal = typeof invalid === 'string' ? invalid : invalid.message;
      return undefined;
    }
    return value;
  }
  return vscode.window.showInputBox(options);
}

/** An answer refused outside an input box (e.g. a whole start position): shown as an error, kept for tests. */
export function refuse(message: string): void {
  testHooks.lastRefusal = message;
  void vscode.window.showErrorMessage(message);
}

/** A modal confirmation; resolves true only when the user chose `action`. */
export async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  const queued = nextAnswer();
  if (queued) {
    testHooks.lastConfirmation = { message, detail };
    return queued.value === action;
  }
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

/** A modal question with several actions; resolves to the one chosen, undefined on Cancel. */
export async function choose(message: string, detail: string, actions: readonly string[]): Promise<string | undefined> {
  const queued = nextAnswer();
  if (queued) {
    testHooks.lastConfirmation = { message, detail };
    return typeof queued.value === 'string' && actions.includes(queued.value) ? queued.value : undefined;
  }
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
}
