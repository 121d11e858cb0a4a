// The expanded part of a row as lines of text: the old/new diff of one record, or its keys/image when there is no
// diff. Every line has the same height, so the virtual list knows a row's height before it is in the DOM. Pure (no
// DOM): detail.ts draws these lines.
import type { DiffEntry, LambdaVerdict, RecordDetail, RecordJsonText } from '../core/panel/protocol';

export const LINE_HEIGHT = 20;
export const DETAIL_PADDING = 6;
/** Diff lines shown per record; the rest is one "more" line (Copy record has everything). */
export const MAX_DETAIL_LINES = 500;

export type DetailState =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string }
  | { kind: 'ready'; detail: RecordDetail; lambda?: LambdaVerdict; json?: RecordJsonText }
  /** An items panel row: the item as JSON. */
  | { kind: 'item'; json: RecordJsonText };

/** The state of an expanded row once the host answered requestDetail: the record's detail, or why it is gone. */
export function answeredDetail(detail: unknown, missing: unknown, lambda?: unknown, json?: unknown): DetailState {
  const ready: DetailState = { kind: 'ready', detail: detail as RecordDetail };
  if (lambda && typeof lambda === 'object') ready.lambda = lambda as LambdaVerdict;
  if (json && typeof json === 'object') ready.json = json as RecordJsonText;
  return detail && typeof detail === 'object'
    ? ready
    : { kind: 'missing', message: typeof missing === 'string' ? missing : 'This record is no longer held.' };
}

export type DetailLine =
  | { t: 'summary'; text: string }
  | { t: 'note'; text: string }
  | { t: 'section'; text: string }
  | { t: 'diffHead' }
  | { t: 'diff'; entry: DiffEntry }
  | { t: 'valueHead' }
  | { t: 'value'; path: string; text: string }
  | { t: 'more'; text: string }
  | { t: 'lambda'; matches: boolean; text: string }
  | { t: 'json'; text: string };

/** A field of a host message as text (the host sends strings; anything else is shown, never trusted). */
export function str(x: unknown): string {
  return typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
}

/** The state of an expanded items panel row once the host answered: the item's JSON, or why it is not there. */
export function answeredItem(json: unknown, missing: unknown): DetailState {
  return json && typeof json === 'object'
    ? { kind: 'item', json: json as RecordJsonText }
    : { kind: 'missing', message: typeof missing === 'string' ? missing : 'This item is no longer loaded.' };
}

export function detailLines(state: DetailState, showUnchanged: boolean): DetailLine[] {
  if (state.kind === 'loading') return [{ t: 'summary', text: 'Loading…' }];
  if (state.kind === 'missing') return [{ t: 'summary', text: state.message }];
  if (state.kind === 'item') {
    const [heading, ...rest] = jsonLines(state.json, 'Edit item shows the whole item');
    return [{ t: 'summary', text: heading.t === 'section' ? heading.text : 'Item' }, ...rest];
  }
  const d = state.detail;
  const lines: DetailLine[] = [];
  const diff = Array.isArray(d.diff) ? d.diff : [];
  if (d.diffAvailable) {
    const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 } as Record<string, number>;
    for (const e of diff) counts[e.change] = (counts[e.change] ?? 0) + 1;
    const shown = showUnchanged ? diff : diff.filter((e) => e.change !== 'unchanged');
    const parts = [`${counts.changed} changed`, `${counts.added} added`, `${counts.removed} removed`, `${counts.unchanged} unchanged${showUnchanged || counts.unchanged === 0 ? '' : ' (hidden)'}`];
    lines.push({ t: 'summary', text: `${str(d.eventName)} · ${parts.join(', ')}` });
    if (shown.length > 0) {
      lines.push({ t: 'diffHead' });
      for (const entry of shown.slice(0, MAX_DETAIL_LINES)) lines.push({ t: 'diff', entry });
      if (shown.length > MAX_DETAIL_LINES) lines.push({ t: 'more', text: `… ${shown.length - MAX_DETAIL_LINES} more attribute paths: use Copy record to see them all` });
    }
  } else {
    lines.push({ t: 'summary', text: `${str(d.eventName)} · no diff` });
    if (d.note) lines.push({ t: 'note', text: str(d.note) });
    const image = d.image && Array.isArray(d.image.values) ? d.image : undefined;
    const values = image ? image.values : Array.isArray(d.keys) ? d.keys : [];
    lines.push({ t: 'section', text: image ? str(image.label) : 'Keys' });
    lines.push({ t: 'valueHead' });
    for (const v of values.slice(0, MAX_DETAIL_LINES)) lines.push({ t: 'value', path: str(v.path), text: str(v.text) });
    if (values.length > MAX_DETAIL_LINES) lines.push({ t: 'more', text: `… ${values.length - MAX_DETAIL_LINES} more attributes: use Copy record to see them all` });
  }
  if (state.lambda) lines.splice(1, 0, lambdaLine(state.lambda));
  if (state.json) lines.push(...jsonLines(state.json));
  return lines;
}

/** Whether the Lambda filter passes the record, and the first rule that failed when it does not. */
function lambdaLine(v: LambdaVerdict): DetailLine {
  return v.matches
    ? { t: 'lambda', matches: true, text: 'Lambda filter: would invoke' }
    : { t: 'lambda', matches: false, text: `Lambda filter: would not invoke: ${str(v.reason) || 'no pattern matches'}` };
}

/** The record's keys and images as pretty JSON, one line each (clipped like the diff). */
function jsonLines(json: RecordJsonText, seeAll = 'use Copy record to see them all'): DetailLine[] {
  const all = str(json.text).replace(/\n$/, '').split('\n');
  const lines: DetailLine[] = [{ t: 'section', text: json.view === 'plain' ? 'Item (plain JSON)' : 'Item (DynamoDB JSON)' }];
  for (const text of all.slice(0, MAX_DETAIL_LINES)) lines.push({ t: 'json', text });
  if (all.length > MAX_DETAIL_LINES) lines.push({ t: 'more', text: `… ${all.length - MAX_DETAIL_LINES} more lines: ${seeAll}` });
  return lines;
}

export function detailHeight(state: DetailState, showUnchanged: boolean): number {
  return detailLines(state, showUnchanged).length * LINE_HEIGHT + 2 * DETAIL_PADDING;
}
