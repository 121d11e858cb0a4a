// The outcome of a local handler run (media/runners/*): the runner prints the handler's result or error as one marked
// line on stdout, after whatever the handler printed itself. Pure: parses the captured output.

export const RESULT_MARKER = '__DDBS_HANDLER_RESULT__';
export const ERROR_MARKER = '__DDBS_HANDLER_ERROR__';

export interface HandlerError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type HandlerOutcome =
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; error: HandlerError }
  /** No marked line: the process died, was killed, or the runner itself failed. */
  | { kind: 'none' };

/** The handler's outcome and its own output (stdout without the marked line). */
export function parseHandlerOutput(stdout: string): { outcome: HandlerOutcome; output: string } {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    const marker = line.startsWith(`${RESULT_MARKER} `) ? RESULT_MARKER : line.startsWith(`${ERROR_MARKER} `) ? ERROR_MARKER : undefined;
    if (!marker) continue;
    let value: unknown;
    try {
      value = JSON.parse(line.slice(marker.length + 1));
    } catch {
      continue;
    }
    // The runner writes "\n<marker> …\n": drop the blank line it added before the marker, too.
    const before = lines.slice(0, i);
    if (before.length > 0 && before[before.length - 1] === '') before.pop();
    const output = [...before, ...lines.slice(i + 1)].join('\n').replace(/\n+$/, '');
    return { outcome: marker === RESULT_MARKER ? { kind: 'result', value } : { kind: 'error', error: toHandlerError(value) }, output };
  }
  return { outcome: { kind: 'none' }, output: stdout.replace(/\n+$/, '') };
}

function toHandlerError(x: unknown): HandlerError {
  const e = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
  return {
    errorType: typeof e.errorType === 'string' ? e.errorType : 'Error',
    errorMessage: typeof e.errorMessage === 'string' ? e.errorMessage : JSON.stringify(x),
    stack: Array.isArray(e.stack) ? e.stack.map(String) : undefined,
  };
}

/**
 * Environment variables typed as `KEY=value` pairs, one per line or separated by `;`. Returns the variables or the
 * first problem (the line and what is wrong).
 */
export function parseEnvText(text: string): { ok: true; env: Record<string, string> } | { ok: false; error: string } {
  const entries: [string, string][] = [];
  const parts = text.split(/[\n;]/).map((p) => p.trim()).filter((p) => p !== '');
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      return { ok: false, error: `"${part}" is not KEY=value (a name of letters, digits and _, then =, then the value).` };
    }
    entries.push([key, part.slice(eq + 1)]);
  }
  // fromEntries defines own properties: a variable named __proto__ stays a variable (later ones win, as before).
  return { ok: true, env: Object.fromEntries(entries) };
}

/** The variables as the text parseEnvText reads, `; `-separated (for an input box). */
export function envToText(env: Readonly<Record<string, string>>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join('; ');
}
