import assert from 'node:assert/strict';
import { ShownRows } from '../../../../src/core/panel/shownRows';

describe('ShownRows: the ids a panel shows, by position', () => {
  it('numbers rows from 0, appends newer ones and finds them by position and by id', () => {
    const shown = new ShownRows();
    shown.reset([2, 5, 9]);
    shown.push(12);
    assert.deepEqual([shown.base, shown.end, shown.count], [0, 4, 4]);
    assert.deepEqual([0, 1, 2, 3, 4, -1].map((p) => shown.idAt(p)), [2, 5, 9, 12, undefined, undefined]);
    assert.deepEqual([2, 5, 9, 12, 3, 13, 1].map((id) => shown.positionOf(id)), [0, 1, 2, 3, -1, -1, -1]);
    assert.deepEqual(shown.idsBetween(1, 3), [5, 9]);
    assert.deepEqual(shown.idsBetween(-5, 100), [2, 5, 9, 12]);
    assert.deepEqual(shown.idsBetween(3, 3), []);
  });

  it('evicted rows leave from the front; the others keep their positions', () => {
    const shown = new ShownRows();
    shown.reset([2, 5, 9, 12]);
    shown.dropBefore(6);
    assert.deepEqual([shown.base, shown.end, shown.all()], [2, 4, [9, 12]]);
    assert.equal(shown.idAt(2), 9);
    assert.equal(shown.idAt(1), undefined);
    assert.equal(shown.positionOf(12), 3);
    assert.equal(shown.positionOf(5), -1);
    assert.deepEqual(shown.idsBetween(0, 3), [9]);
  });

  it('keeps positions through compaction of a long run of evictions', () => {
    const shown = new ShownRows();
    shown.reset([]);
    for (let id = 1; id <= 10_000; id++) {
      shown.push(id);
      shown.dropBefore(id - 99); // 100 shown at a time
    }
    assert.deepEqual([shown.base, shown.end, shown.count], [9_900, 10_000, 100]);
    assert.equal(shown.idAt(9_900), 9_901);
    assert.equal(shown.positionOf(10_000), 9_999);
    assert.deepEqual(shown.idsBetween(9_998, 10_005), [9_999, 10_000]);
  });
});
