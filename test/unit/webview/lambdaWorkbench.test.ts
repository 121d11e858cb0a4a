// The webview's pure parts of the Lambda workbench: multi-selection in the list model, the detail's Lambda verdict and
// JSON lines, the "N of M would invoke" status part and the heading of a start position with parameters.
import assert from 'node:assert/strict';
import type { PanelInit, PanelStatus } from '../../../src/core/panel/protocol';
import { answeredDetail, detailLines } from '../../../src/webview/detailLines';
import { headingOf, statusLineOf } from '../../../src/webview/status';
import { ListModel } from '../../../src/webview/virtualList';

function model(ids: number[]) {
  const m = new ListModel<{ id: number }>(() => 0);
  m.resetView(1, 0, ids.length, ids.map((id) => ({ id })));
  return m;
}

describe('webview: multi-selection (Ctrl/Cmd+click, Shift+click, Shift+arrows)', () => {
  it('a plain click selects one row; Ctrl/Cmd+click adds and removes rows, the first selection included', () => {
    const m = model([1, 2, 3, 4, 5]);
    m.selectOnly(2);
    assert.deepEqual(m.selectedIds(), [2]);
    m.toggleMarked(4);
    assert.deepEqual(m.selectedIds(), [2, 4]);
    m.toggleMarked(2);
    assert.deepEqual(m.selectedIds(), [4]);
    assert.equal(m.isSelected(2), false);
    assert.equal(m.isSelected(4), true);
    m.selectOnly(5);
    assert.deepEqual(m.selectedIds(), [5]);
  });

  it('Shift+click selects the range from the anchor; Shift+arrows extend it', () => {
    const m = model([10, 11, 12, 13, 14]);
    m.selectOnly(11);
    m.markRangeTo(13);
    assert.deepEqual(m.selectedIds(), [11, 12, 13]);
    m.markRangeTo(10);
    assert.deepEqual(m.selectedIds(), [10, 11]);
    m.selectOnly(12);
    m.extendSelection('ArrowDown');
    m.extendSelection('ArrowDown');
    assert.deepEqual(m.selectedIds(), [12, 13, 14]);
    m.extendSelection('ArrowUp');
    assert.deepEqual(m.selectedIds(), [12, 13]);
  });

  it('rows that leave the list leave the selection', () => {
    const m = model([1, 2, 3]);
    m.selectOnly(1);
    m.toggleMarked(3);
    m.update(1, 4, [{ id: 4 }], 2);
    assert.deepEqual(m.selectedIds(), [3]);
    m.located(2, m.resetView(2, 0, 1, [{ id: 4 }]), [-1]);
    assert.deepEqual(m.selectedIds(), []);
    assert.deepEqual(new ListModel<{ id: number }>(() => 0, { marked: [7, 8] }).selectedIds(), [7, 8]);
  });
});

describe('webview: Lambda verdict, JSON view and counts', () => {
  const detail = { id: 1, eventName: 'INSERT', keys: [], diffAvailable: false, diff: [], image: { label: 'New image', values: [{ path: 'PK', text: '"a"' }] } };

  it('the detail says why a record would not invoke, and shows the item as JSON lines', () => {
    const state = answeredDetail(detail, undefined, { matches: false, reason: 'eventName: expected "REMOVE"; found "INSERT"' }, { view: 'plain', text: '{\n  "PK": "a"\n}' });
    const lines = detailLines(state, false);
    assert.deepEqual(lines[1], { t: 'lambda', matches: false, text: 'Lambda filter: would not invoke: eventName: expected "REMOVE"; found "INSERT"' });
    assert.deepEqual(lines.slice(-4), [{ t: 'section', text: 'Item (plain JSON)' }, { t: 'json', text: '{' }, { t: 'json', text: '  "PK": "a"' }, { t: 'json', text: '}' }]);
    const passes = detailLines(answeredDetail(detail, undefined, { matches: true }), false);
    assert.deepEqual(passes[1], { t: 'lambda', matches: true, text: 'Lambda filter: would invoke' });
    assert.ok(!detailLines(answeredDetail(detail, undefined), false).some((l) => l.t === 'lambda' || l.t === 'json'));
  });

  it('the status line counts "N of M would invoke" while a Lambda filter is set', () => {
    const status: PanelStatus = { state: 'running', paused: false, pending: 0, held: 40, evicted: 0, received: 40, ttlExpired: 0, shards: { reading: 1, closed: 0, waitingParent: 0 } };
    assert.ok(!statusLineOf(status, undefined, false, 40).parts.some((p) => /would invoke/.test(p.text)));
    const parts = statusLineOf({ ...status, lambda: { wouldInvoke: 12, held: 40 } }, undefined, false, 40).parts;
    assert.equal(parts.at(-1)?.text, '12 of 40 would invoke');
  });

  it('the heading names a start time or sequence numbers', () => {
    const init: PanelInit = {
      source: 'dynamodb',
      name: 'Orders',
      streamArn: 'arn',
      startPosition: { type: 'AT_TIMESTAMP', timestampMs: Date.parse('2024-08-06T12:00:00Z') },
      maxRecords: 100,
      filter: { text: '', kinds: [] },
      paused: false,
    };
    assert.match(headingOf(init).meta, /started at 2024-08-06T12:00:00.000Z/);
    assert.match(headingOf({ ...init, startPosition: { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s1: '42' } } }).meta, /started after 42 in s1/);
  });
});
