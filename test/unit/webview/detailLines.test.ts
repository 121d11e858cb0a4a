import assert from 'node:assert/strict';
import type { RecordDetail } from '../../../src/core/panel/protocol';
import { answeredDetail, DETAIL_PADDING, detailHeight, detailLines, LINE_HEIGHT, MAX_DETAIL_LINES } from '../../../src/webview/detailLines';

const modify: RecordDetail = {
  id: 1,
  eventName: 'MODIFY',
  keys: [{ path: 'PK', text: '"ORDER#1"' }],
  diffAvailable: true,
  diff: [
    { path: 'status', change: 'changed', oldText: '"new"', newText: '"shipped"' },
    { path: 'total', change: 'unchanged', oldText: '12', newText: '12' },
    { path: 'note', change: 'added', newText: '"fragile"' },
  ],
};

describe('webview detail lines', () => {
  it('a diff: summary with counts, a header, changed lines; unchanged only when asked', () => {
    const hidden = detailLines({ kind: 'ready', detail: modify }, false);
    assert.deepEqual(hidden[0], { t: 'summary', text: 'MODIFY · 1 changed, 1 added, 0 removed, 1 unchanged (hidden)' });
    assert.deepEqual(hidden.slice(1).map((l) => l.t), ['diffHead', 'diff', 'diff']);
    const shown = detailLines({ kind: 'ready', detail: modify }, true);
    assert.equal(shown[0].t === 'summary' && shown[0].text, 'MODIFY · 1 changed, 1 added, 0 removed, 1 unchanged');
    assert.equal(shown.length, 5);
  });

  it('no diff: the note, then the image the record carries (or its keys)', () => {
    const insert: RecordDetail = { ...modify, eventName: 'INSERT', diffAvailable: false, diff: [], note: 'No old image', image: { label: 'New image', values: [{ path: 'PK', text: '"ORDER#1"' }] } };
    assert.deepEqual(detailLines({ kind: 'ready', detail: insert }, false), [
      { t: 'summary', text: 'INSERT · no diff' },
      { t: 'note', text: 'No old image' },
      { t: 'section', text: 'New image' },
      { t: 'valueHead' },
      { t: 'value', path: 'PK', text: '"ORDER#1"' },
    ]);
    const keysOnly = detailLines({ kind: 'ready', detail: { ...insert, image: undefined, note: undefined } }, false);
    assert.deepEqual(keysOnly.map((l) => l.t), ['summary', 'section', 'valueHead', 'value']);
  });

  it('caps long diffs with one "more" line', () => {
    const diff = Array.from({ length: MAX_DETAIL_LINES + 7 }, (_, i) => ({ path: `a${i}`, change: 'added' as const, newText: '1' }));
    const lines = detailLines({ kind: 'ready', detail: { ...modify, diff } }, false);
    assert.equal(lines.length, 1 + 1 + MAX_DETAIL_LINES + 1);
    assert.deepEqual(lines.at(-1), { t: 'more', text: '… 7 more attribute paths: use Copy record to see them all' });
  });

  it('height: lines times LINE_HEIGHT plus padding; loading and missing are one line', () => {
    assert.equal(detailHeight({ kind: 'loading' }, false), LINE_HEIGHT + 2 * DETAIL_PADDING);
    assert.deepEqual(detailLines({ kind: 'missing', message: 'gone' }, false), [{ t: 'summary', text: 'gone' }]);
    assert.equal(detailHeight({ kind: 'ready', detail: modify }, true), 5 * LINE_HEIGHT + 2 * DETAIL_PADDING);
  });
});

describe('webview detail answers', () => {
  it('a detail object is ready; anything else is missing, with the host\'s reason when it is text', () => {
    assert.deepEqual(answeredDetail(modify, undefined), { kind: 'ready', detail: modify });
    assert.deepEqual(answeredDetail(undefined, 'Evicted: the panel holds 100 records.'), { kind: 'missing', message: 'Evicted: the panel holds 100 records.' });
    assert.deepEqual(answeredDetail('x', 42), { kind: 'missing', message: 'This record is no longer held.' });
  });
});

describe('webview detail lines of an items panel row', () => {
  it('the item as JSON under a summary naming the view; long items are cut with the next step', () => {
    const lines = detailLines({ kind: 'item', json: { view: 'plain', text: '{\n  "PK": "a"\n}\n' } }, false);
    assert.deepEqual(lines, [
      { t: 'summary', text: 'Item (plain JSON)' },
      { t: 'json', text: '{' },
      { t: 'json', text: '  "PK": "a"' },
      { t: 'json', text: '}' },
    ]);
    const long = detailLines({ kind: 'item', json: { view: 'dynamodb', text: Array.from({ length: MAX_DETAIL_LINES + 5 }, (_, i) => `l${i}`).join('\n') } }, false);
    assert.deepEqual(long[0], { t: 'summary', text: 'Item (DynamoDB JSON)' });
    assert.deepEqual(long[long.length - 1], { t: 'more', text: '… 5 more lines: Edit item shows the whole item' });
  });
});
