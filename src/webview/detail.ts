// The expanded part of a row: draws the lines of detailLines.ts (the old/new diff of one record) as text, under a
// header with the record's actions (the same as its right-click menu).
import { detailLines, str, type DetailState } from './detailLines';
import { h } from './dom';
import { icon, type IconName } from './icons';

/** What the buttons of a record's detail header do (to that one record), or of an item's (items panel). */
export type RecordAction = 'copyRecord' | 'copyLambdaEvent' | 'invokeHandler' | 'editItem' | 'deleteItem';

const RECORD_ACTIONS: ReadonlyArray<[RecordAction, IconName, string]> = [
  ['copyRecord', 'copy', 'Copy this record as JSON'],
  ['copyLambdaEvent', 'event', 'Copy this record as a Lambda event'],
  ['invokeHandler', 'run', 'Invoke handler on this record…'],
];

const ITEM_ACTIONS: ReadonlyArray<[RecordAction, IconName, string]> = [
  ['editItem', 'edit', 'Edit item'],
  ['deleteItem', 'clear', 'Delete item'],
];

function actionButtons(actions: ReadonlyArray<[RecordAction, IconName, string]>, what: string): HTMLElement {
  const box = h('span', { className: 'record-actions', attrs: { role: 'toolbar', 'aria-label': what } });
  for (const [action, name, label] of actions) {
    const b = h('button', { className: 'icon-btn small', title: label, attrs: { type: 'button', 'aria-label': label }, dataset: { recordAction: action } });
    b.append(icon(name));
    box.append(b);
  }
  return box;
}

/**
 * Calls `run` for clicks on a detail header's buttons under `container` (one listener for every row, drawn or not):
 * the record is the one whose row holds the button.
 */
export function onRecordAction(container: HTMLElement, run: (id: number, action: RecordAction) => void): void {
  container.addEventListener('click', (ev) => {
    const button = (ev.target as Element | null)?.closest<HTMLElement>('[data-record-action]');
    const row = button?.closest<HTMLElement>('.row');
    const id = Number(row?.dataset.id);
    const action = button?.dataset.recordAction;
    if (!button || !Number.isSafeInteger(id) || ![...RECORD_ACTIONS, ...ITEM_ACTIONS].some(([a]) => a === action)) return;
    ev.stopPropagation();
    run(id, action as RecordAction);
  });
}

const CHANGE_LABEL: Record<string, string> = { added: 'added', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

function cell(className: string, text: string): HTMLElement {
  return h('span', { className: `cell ${className}`, title: text }, text);
}

export function renderDetail(state: DetailState, showUnchanged: boolean): HTMLElement {
  // Inside a detail the browser's Copy stays in the right-click menu, for the text the user selects.
  const box = h('div', { className: 'detail', attrs: { role: 'group', 'aria-label': state.kind === 'item' ? 'This item' : 'Changes of this record', 'data-vscode-context': JSON.stringify({ preventDefaultContextMenuItems: false }) } });
  for (const line of detailLines(state, showUnchanged)) {
    switch (line.t) {
      case 'summary':
        box.append(
          h(
            'div',
            { className: 'dline summary' },
            h('span', { className: 'summary-text' }, line.text),
            state.kind === 'ready' ? actionButtons(RECORD_ACTIONS, 'Record actions') : state.kind === 'item' ? actionButtons(ITEM_ACTIONS, 'Item actions') : null,
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
