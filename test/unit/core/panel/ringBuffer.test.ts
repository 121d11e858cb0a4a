import assert from 'node:assert/strict';
import { RingBuffer } from '../../../../src/core/panel/ringBuffer';

describe('RingBuffer', () => {
  it('holds up to capacity, oldest first', () => {
    const rb = new RingBuffer<number>(3);
    rb.push(1);
    rb.push(2);
    assert.deepEqual([...rb], [1, 2]);
    assert.equal(rb.oldest, 1);
    assert.equal(rb.newest, 2);
    assert.equal(rb.size, 2);
    assert.equal(rb.evicted, 0);
  });

  it('evicts the oldest and counts evictions', () => {
    const rb = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) rb.push(i);
    assert.deepEqual([...rb], [8, 9, 10]);
    assert.equal(rb.size, 3);
    assert.equal(rb.evicted, 7);
    rb.push(11); // pushes 8 out
    assert.equal(rb.evicted, 8);
    assert.equal(rb.size, 3);
    assert.equal(rb.oldest, 9);
    assert.equal(rb.newest, 11);
    assert.deepEqual([...rb], [9, 10, 11]);
  });

  it('indexes from the oldest', () => {
    const rb = new RingBuffer<string>(2);
    rb.push('a');
    rb.push('b');
    rb.push('c');
    assert.equal(rb.at(0), 'b');
    assert.equal(rb.at(1), 'c');
    assert.equal(rb.at(2), undefined);
    assert.equal(rb.at(-1), undefined);
    assert.equal(rb.at(0.5), undefined);
  });

  it('clear empties it and resets the evicted count', () => {
    const rb = new RingBuffer<number>(2);
    for (let i = 0; i < 5; i++) rb.push(i);
    rb.clear();
    assert.equal(rb.size, 0);
    assert.equal(rb.evicted, 0);
    assert.deepEqual([...rb], []);
    assert.equal(rb.oldest, undefined);
    rb.push(9);
    assert.deepEqual([...rb], [9]);
  });

  it('capacity 1 and large counts', () => {
    const rb = new RingBuffer<number>(1);
    for (let i = 0; i < 100_000; i++) rb.push(i);
    assert.deepEqual([...rb], [99_999]);
    assert.equal(rb.evicted, 99_999);
  });

  it('rejects a bad capacity', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
    assert.throws(() => new RingBuffer(NaN), RangeError);
  });

  it('resize: lowering evicts the oldest beyond the new capacity and counts them; raising keeps every item', () => {
    const rb = new RingBuffer<number>(4);
    for (let i = 1; i <= 6; i++) rb.push(i); // wrapped: holds 3..6, 2 evicted
    assert.deepEqual(rb.resize(2), [3, 4]);
    assert.deepEqual([...rb], [5, 6]);
    assert.equal(rb.capacity, 2);
    assert.equal(rb.evicted, 4);
    assert.deepEqual(rb.resize(5), []);
    for (let i = 7; i <= 10; i++) rb.push(i);
    assert.deepEqual([...rb], [6, 7, 8, 9, 10]);
    assert.equal(rb.evicted, 5);
    assert.equal(rb.oldest, 6);
    assert.throws(() => rb.resize(0), RangeError);
    assert.deepEqual([...rb], [6, 7, 8, 9, 10], 'a refused resize changes nothing');
  });

  it('shift drops the oldest (counted as evicted), across the wrap', () => {
    const rb = new RingBuffer<number>(3);
    for (let i = 1; i <= 4; i++) rb.push(i);
    assert.equal(rb.shift(), 2);
    assert.deepEqual([...rb], [3, 4]);
    assert.equal(rb.evicted, 2);
    rb.push(5);
    rb.push(6);
    assert.deepEqual([...rb], [3, 4, 5, 6].slice(1));
    assert.equal(rb.shift(), 4);
    assert.equal(rb.shift(), 5);
    assert.equal(rb.shift(), 6);
    assert.equal(rb.shift(), undefined);
    assert.equal(rb.size, 0);
  });
});
