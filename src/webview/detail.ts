// The expanded part of a row: draws the lines of detailLines.ts (the old/new diff of one record) as text.
import { detailLines, str, type DetailState } from './detailLines';
import { h } from './dom';

const CHANGE_LABEL: Record<string, string> = { added: 'added', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

function cell(className: string, text: string): HTMLElement {
  return h('span', { className: `cell ${className}`, title: text }, text);
}

export function renderDetail(state: DetailState, showUnchanged: boolean, onCopy: () => void): HTMLElement {
  const box = h('div', { className: 'detail', attrs: { role: 'group', 'aria-label': 'Changes of this record' } });
  for (const line of detailLines(state, showUnchanged)) {
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
      case 'lambda':
        box.append(h('div', { className: `dline lambda ${line.matches ? 'would-invoke' : 'would-not-invoke'}`, title: line.text }, line.text));
        break;
      case 'json':
        box.append(h('div', { className: 'dline json', title: line.text }, line.text));
        break;
    }
  }
  return box;
}
