import assert from 'node:assert/strict';
import { FETCH_PAD, isAtBottom, ListModel, MAX_CACHED, MAX_FETCH, moveTarget, OVERSCAN, ROW_HEIGHT } from '../../../src/webview/virtualList';

interface Row {
  id: number;
}

const rows = (from: number, to: number): Row[] => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i }));

/** A model whose expanded rows are `extra` px taller; counts how often heights were asked for. */
function model(extra = 100, initial = {}) {
  const asked: number[] = [];
  const m = new ListModel<Row>((id) => {
    asked.push(id);
    return extra;
  }, initial);
  return { m, asked };
}

/** Shows these rows as a whole view (positions 0 …), as if the host sent them all. */
function load(m: ListModel<Row>, list: Row[], view = 1): string[] {
  return m.resetView(view, 0, list.length, list).map(String);
}

const idsOf = (m: ListModel<Row>) => Array.from({ length: m.count }, (_, i) => m.rowAt(i)?.id);

describe('webview list model: row offsets', () => {
  it('places collapsed rows ROW_HEIGHT apart and expanded rows by their detail height', () => {
    const { m } = model(100);
    load(m, rows(10, 14));
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => m.top(i)), [0, 22, 44, 66, 88, 110]);
    m.toggleExpanded(11);
    assert.equal(m.height(1), ROW_HEIGHT + 100);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => m.top(i)), [0, 22, 144, 166, 188, 210]);
    assert.equal(m.totalHeight(), 210);
    m.toggleExpanded(11);
    assert.equal(m.totalHeight(), 5 * ROW_HEIGHT);
  });

  it('asks for detail heights only of expanded rows, and only after an invalidation', () => {
    const { m, asked } = model(40, { expanded: [3] });
    load(m, rows(1, 5));
    m.totalHeight();
    m.totalHeight();
    assert.deepEqual(asked, [3]);
    m.invalidate();
    m.top(2);
    assert.deepEqual(asked, [3, 3]);
  });

  it('finds the row at a scroll position, clamped to the list', () => {
    const { m } = model(100, { expanded: [2] });
    load(m, rows(0, 9));
    assert.equal(m.indexAt(-50), 0);
    assert.equal(m.indexAt(0), 0);
    assert.equal(m.indexAt(21.9), 0);
    assert.equal(m.indexAt(22), 1);
    assert.equal(m.indexAt(44 + 121), 2, 'inside the expanded row');
    assert.equal(m.indexAt(44 + 122), 3);
    assert.equal(m.indexAt(1e9), 9);
    const empty = model().m;
    assert.equal(empty.indexAt(100), 0);
  });

  it('finds a row by id, or -1', () => {
    const { m } = model();
    load(m, [{ id: 2 }, { id: 5 }, { id: 9 }, { id: 40 }]);
    assert.deepEqual([2, 5, 9, 40].map((id) => m.indexOf(id)), [0, 1, 2, 3]);
    assert.equal(m.indexOf(6), -1);
    assert.equal(m.indexOf(41), -1);
  });
});

describe('webview list model: render window', () => {
  it('covers the visible rows plus OVERSCAN either side, within the list', () => {
    const { m } = model();
    load(m, rows(0, 999));
    // Rows 100..109 are visible in a 220 px viewport at 2200 px.
    assert.deepEqual(m.renderWindow(100 * ROW_HEIGHT, 10 * ROW_HEIGHT), { start: 100 - OVERSCAN, end: 110 + 1 + OVERSCAN });
    assert.deepEqual(m.renderWindow(0, 10 * ROW_HEIGHT), { start: 0, end: 11 + OVERSCAN });
    assert.deepEqual(m.renderWindow(m.totalHeight() - 10 * ROW_HEIGHT, 10 * ROW_HEIGHT), { start: 990 - OVERSCAN, end: 1000 });
  });

  it('is empty for an empty list', () => {
    assert.deepEqual(model().m.renderWindow(500, 300), { start: 0, end: 0 });
  });
});

describe('webview list model: rows arriving and leaving', () => {
  it('appends the newest rows the host sends and grows to the count it gives', () => {
    const { m } = model();
    load(m, rows(1, 3));
    m.update(0, 5, [{ id: 4 }, { id: 5 }], 0);
    assert.deepEqual(idsOf(m), [1, 2, 3, 4, 5]);
  });

  it('drops rows evicted by the host, with their expansion and selection, and reports the height they took', () => {
    const { m } = model(100, { expanded: [2, 5], selected: 1 });
    load(m, rows(1, 6));
    const { dropped, removedHeight } = m.update(3, 7, [{ id: 7 }], 4);
    assert.deepEqual(dropped, [1, 2, 3]);
    assert.equal(removedHeight, 3 * ROW_HEIGHT + 100);
    assert.deepEqual(idsOf(m), [4, 5, 6, 7]);
    assert.deepEqual([...m.expanded], [5]);
    assert.equal(m.selected, undefined);
    assert.equal(m.top(2), 2 * ROW_HEIGHT + 100, 'offsets are recomputed after the drop');
  });

  it('drops nothing when every row is newer than dropBefore', () => {
    const { m } = model();
    load(m, rows(5, 6));
    assert.deepEqual(m.update(0, 2, [], 5), { dropped: [], removedHeight: 0 });
    assert.equal(m.count, 2);
  });

  it('keeps expansion and selection across a new view only for rows the host locates in it', () => {
    const { m } = model(10, { expanded: [1, 3], selected: 1, marked: [1, 4] });
    const toLocate = m.resetView(2, 0, 3, rows(2, 4));
    assert.deepEqual(toLocate, [1], 'rows 3 and 4 came with the view');
    assert.deepEqual([...m.expanded].sort(), [1, 3], 'kept until the host answers');
    m.located(2, [1], [-1]);
    assert.deepEqual([...m.expanded], [3]);
    assert.deepEqual([...m.marked], [4]);
    assert.equal(m.selected, undefined);
  });
});

describe('webview list model: a view larger than the rows the webview has', () => {
  /** 10,000 rows shown, ids 1 … 10,000 at positions 0 …; the host sent the newest 500. */
  function big(extra = 100, initial = {}) {
    const { m } = model(extra, initial);
    const locate = m.resetView(7, 0, 10_000, rows(9_501, 10_000));
    return { m, locate };
  }

  it('sizes the list by the count and has only the rows sent', () => {
    const { m } = big();
    assert.equal(m.totalHeight(), 10_000 * ROW_HEIGHT);
    assert.equal(m.rowAt(0), undefined);
    assert.equal(m.rowAt(9_999)?.id, 10_000);
    assert.deepEqual(m.renderWindow(0, 10 * ROW_HEIGHT), { start: 0, end: 11 + OVERSCAN });
  });

  it('asks once for the rows a window lacks, padded, and takes them in when they arrive', () => {
    const { m } = big();
    const window = m.renderWindow(5_000 * ROW_HEIGHT, 10 * ROW_HEIGHT);
    const asked = m.missing(window.start, window.end);
    assert.deepEqual(asked, { start: window.start - FETCH_PAD, end: window.end + FETCH_PAD });
    assert.equal(m.missing(window.start, window.end), undefined, 'already asked for');
    assert.equal(m.missing(9_990, 10_000), undefined, 'the newest rows are here');
    assert.ok(asked);
    m.addRows(6, asked.start, rows(asked.start + 1, asked.end));
    assert.equal(m.rowAt(window.start), undefined, 'an answer for an older view is ignored');
    m.addRows(7, asked.start, rows(asked.start + 1, asked.end));
    assert.equal(m.rowAt(window.start)?.id, window.start + 1);
    assert.equal(m.missing(window.start, window.end), undefined);
    const far = m.missing(0, 5_000);
    assert.equal(far && far.end - far.start, MAX_FETCH, 'at most MAX_FETCH rows at once');
  });

  it('asks the host where expanded and selected rows are, and counts their height once it says', () => {
    const { m, locate } = big(100, { expanded: [20, 9_999], selected: 30 });
    assert.deepEqual(locate.sort((a, b) => a - b), [20, 30], '9,999 came with the view');
    assert.equal(m.totalHeight(), 10_000 * ROW_HEIGHT + 100);
    m.located(7, [20, 30], [19, 29]);
    assert.equal(m.totalHeight(), 10_000 * ROW_HEIGHT + 200);
    assert.equal(m.top(20), 20 * ROW_HEIGHT + 100);
    assert.equal(m.indexOf(30), 29);
    assert.equal(m.moveSelection('ArrowDown'), 30);
  });

  it('Home selects the first row when it arrives', () => {
    const { m } = big();
    assert.equal(m.moveSelection('End'), 9_999);
    assert.equal(m.selected, 10_000);
    assert.equal(m.moveSelection('Home'), 0);
    assert.equal(m.selected, undefined, 'not here yet');
    m.addRows(7, 0, rows(1, 50));
    assert.equal(m.selected, 1);
    assert.equal(m.moveSelection('ArrowDown'), 1);
    const other = big().m;
    other.moveSelection('Home');
    other.selectOnly(9_999);
    other.addRows(7, 0, rows(1, 50));
    assert.equal(other.selected, 9_999, 'a row clicked meanwhile stays selected');
  });

  it('Ctrl+A marks the rows here and asks for the ids of the others; an outdated answer is ignored', () => {
    const { m } = big();
    assert.deepEqual(m.markAll(), { start: 0, end: 10_000 });
    assert.equal(m.marked.size, 500);
    assert.equal(m.markIds(7, 0, Array.from({ length: 10_000 }, (_, i) => i + 1)), true);
    assert.equal(m.marked.size, 10_000);
    assert.equal(m.selectedIds()[0], 1);
    m.markAll();
    m.selectOnly(10_000);
    assert.equal(m.markIds(7, 0, [1, 2, 3]), false, 'the selection changed meanwhile');
    assert.deepEqual(m.selectedIds(), [10_000]);
  });

  it('forgets rows far from the viewport once it holds more than MAX_CACHED', () => {
    const { m } = big();
    for (let start = 0; start < 9_500; start += 500) m.addRows(7, start, rows(start + 1, start + 500));
    assert.equal(m.rowAt(0)?.id, 1);
    m.prune(9_990, 10_000);
    assert.equal(m.rowAt(0), undefined);
    assert.equal(m.rowAt(9_999)?.id, 10_000);
    let held = 0;
    for (let i = 0; i < 10_000; i++) if (m.rowAt(i)) held++;
    assert.ok(held <= MAX_CACHED, `${held} rows held`);
  });
});

describe('webview list model: follow mode', () => {
  it('follows by default and restores a saved choice', () => {
    assert.equal(model().m.follow, true);
    assert.equal(model(0, { follow: false }).m.follow, false);
  });

  it('stops following when the user scrolls up and resumes at the bottom', () => {
    const { m } = model();
    load(m, rows(1, 100));
    const total = m.totalHeight();
    assert.equal(m.userScrolled(total - 300, 300, total), false, 'at the bottom: still following');
    assert.equal(m.userScrolled(total - 300 - ROW_HEIGHT, 300, total), true);
    assert.equal(m.follow, false);
    assert.equal(m.userScrolled(total - 300 - ROW_HEIGHT / 2, 300, total), true, 'within half a row of the end counts as the bottom');
    assert.equal(m.follow, true);
  });

  it('stops following when a row is expanded, not when it is collapsed', () => {
    const { m } = model();
    load(m, rows(1, 3));
    assert.equal(m.toggleExpanded(2), true);
    assert.equal(m.follow, false);
    m.follow = true;
    assert.equal(m.toggleExpanded(2), false);
    assert.equal(m.follow, true);
  });

  it('keeps following on a keyboard move only to the newest row', () => {
    const { m } = model();
    load(m, rows(1, 3));
    assert.equal(m.moveSelection('End'), 2);
    assert.equal(m.follow, true);
    assert.equal(m.moveSelection('ArrowUp'), 1);
    assert.equal(m.selected, 2);
    assert.equal(m.follow, false);
    assert.equal(m.moveSelection('End'), 2);
    assert.equal(m.follow, false, 'moving back to the end does not resume following');
    assert.equal(m.moveSelection('x'), undefined);
    assert.equal(m.selected, 3);
  });

  it('isAtBottom allows half a row of slack', () => {
    assert.equal(isAtBottom(700, 300, 1000), true);
    assert.equal(isAtBottom(689, 300, 1000), true);
    assert.equal(isAtBottom(688, 300, 1000), false);
  });
});

describe('webview list model: keyboard moves and revealing rows', () => {
  it('moveTarget: arrows, Home and End, from no selection too', () => {
    assert.equal(moveTarget('ArrowDown', -1, 5), 0);
    assert.equal(moveTarget('ArrowDown', 4, 5), 4);
    assert.equal(moveTarget('ArrowUp', -1, 5), 4);
    assert.equal(moveTarget('ArrowUp', 0, 5), 0);
    assert.equal(moveTarget('ArrowUp', 3, 5), 2);
    assert.equal(moveTarget('Home', 3, 5), 0);
    assert.equal(moveTarget('End', 0, 5), 4);
    assert.equal(moveTarget('Enter', 0, 5), undefined);
    assert.equal(moveTarget('ArrowDown', -1, 0), undefined);
  });

  it('scrolls a row into view by its first line, or not at all when it is visible', () => {
    const { m } = model();
    load(m, rows(0, 99));
    assert.equal(m.scrollTopToReveal(5, 220, 220), 110, 'above: its top at the top');
    assert.equal(m.scrollTopToReveal(25, 220, 220), 26 * ROW_HEIGHT - 220, 'below: its first line at the bottom');
    assert.equal(m.scrollTopToReveal(12, 220, 220), undefined);
  });
});
