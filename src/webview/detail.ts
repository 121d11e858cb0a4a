// The expanded part of a row: the old/new diff of one record, laid out as fixed-height lines so the virtual list
// knows its height before it is in the DOM.
import type { DiffEntry, RecordDetail } from '../core/protocol';
import { h } from './dom';

export const LINE_HEIGHT = 20;
export const DETAIL_PADDING = 6;
/** Diff lines shown per record; the rest is one "more" line (Copy record has everything). */
export const MAX_DETAIL_LINES = 500;

export type DetailState =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string }
  | { kind: 'ready'; detail: RecordDetail };

type Line =
  | { t: 'summary'; text: string }
  | { t: 'note'; text: string }
  | { t: 'section'; text: string }
  | { t: 'diffHead' }
  | { t: 'diff'; entry: DiffEntry }
  | { t: 'valueHead' }
  | { t: 'value'; path: string; text: string }
  | { t: 'more'; text: string };

const CHANGE_LABEL: Record<string, string> = { added: 'added', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

function str(x: unknown): string {
  return typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x);
}

function linesOf(state: DetailState, showUnchanged: boolean): Line[] {
  if (state.kind === 'loading') return [{ t: 'summary', text: 'Loading diff…' }];
  if (state.kind === 'missing') return [{ t: 'summary', text: state.message }];
  const d = state.detail;
  const lines: Line[] = [];
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
  return lines;
}

export function detailHeight(state: DetailState, showUnchanged: boolean): number {
  return linesOf(state, showUnchanged).length * LINE_HEIGHT + 2 * DETAIL_PADDING;
}

function cell(className: string, text: string): HTMLElement {
  return h('span', { className: `cell ${className}`, title: text }, text);
}

export function renderDetail(state: DetailState, showUnchanged: boolean, onCopy: () => void): HTMLElement {
  const box = h('div', { className: 'detail', attrs: { role: 'group', 'aria-label': 'Changes of this record' } });
  for (const line of linesOf(state, showUnchanged)) {
    switch (line.t) {
      case 'summary':
        box.append(
          h(
            'div',
            { className: 'dline summary' },
            h('span', { className: 'summary-text' }, line.text),
            state.kind === 'ready'
              ? h('button', { className: 'link', attrs: { type: 'button' }, on: { click: (ev) => (ev.stopPropagation(), onCopy()) } }, 'Copy record as JSON')
              : null,
          ),
        );
        break;
      case 'note':
        box.append(h('div', { className: 'dline note', title: line.text }, line.text));
        break;
      case 'section':
        box.append(h('div', { className: 'dline section' }, line.text));
        break;
      case 'diffHead':
        box.append(
          h('div', { className: 'dline diff head', attrs: { role: 'row' } }, cell('path', 'Attribute'), cell('old', 'Old value'), cell('new', 'New value'), cell('change', 'Change')),
        );
        break;
      case 'diff': {
        const e = line.entry;
        const change = CHANGE_LABEL[e.change] ?? 'changed';
        box.append(
          h(
            'div',
            { className: `dline diff ${change}`, attrs: { role: 'row' } },
            cell('path', str(e.path)),
            cell('old', e.oldText === undefined ? '—' : str(e.oldText)),
            cell('new', e.newText === undefined ? '—' : str(e.newText)),
            cell('change', change),
          ),
        );
        break;
      }
      case 'valueHead':
        box.append(h('div', { className: 'dline values head' }, cell('path', 'Attribute'), cell('value', 'Value')));
        break;
      case 'value':
        box.append(h('div', { className: 'dline values' }, cell('path', line.path), cell('value', line.text)));
        break;
      case 'more':
        box.append(h('div', { className: 'dline more' }, line.text));
        break;
    }
  }
  return box;
}
