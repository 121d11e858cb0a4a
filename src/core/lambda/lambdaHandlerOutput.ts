// The outcome of a local handler run (media/runners/*): the runner writes the handler's result or error as JSON to a
// file of its own ({"kind":"result","value":…} or {"kind":"error","error":{…}}), apart from whatever the handler
// printed, so neither a chatty handler nor a big result hides the other. Pure: parses that file's text.

export interface HandlerError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type HandlerOutcome =
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; error: HandlerError }
  /** No outcome: the process died, was killed, or the runner itself failed. */
  | { kind: 'none' };

/** Lambda's limit on an invocation's payload (request and response alike): 6 MB. */
export const LAMBDA_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Why an event cannot be invoked (over Lambda's payload limit), or undefined when it can. */
export function eventSizeProblem(eventJson: string): string | undefined {
  // A quick bound first: UTF-8 takes at most 3 bytes per UTF-16 unit.
  if (eventJson.length * 3 <= LAMBDA_MAX_PAYLOAD_BYTES) return undefined;
  const bytes = new TextEncoder().encode(eventJson).length;
  if (bytes <= LAMBDA_MAX_PAYLOAD_BYTES) return undefined;
  return `The event is ${megabytes(bytes)} MB; Lambda invokes a function with at most 6 MB (${LAMBDA_MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes). Select fewer records (or filter them) and invoke again.`;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** The outcome file's text as an outcome; undefined (no file) or text that is not an outcome is `none`. */
export function parseHandlerOutcome(text: string | undefined): HandlerOutcome {
  if (text === undefined) return { kind: 'none' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'none' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { kind: 'none' };
  const o = parsed as { kind?: unknown; value?: unknown; error?: unknown };
  if (o.kind === 'result') return { kind: 'result', value: Object.hasOwn(o, 'value') ? o.value : null };
  if (o.kind === 'error') return { kind: 'error', error: toHandlerError(o.error) };
  return { kind: 'none' };
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
