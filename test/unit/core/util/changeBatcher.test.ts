import assert from 'node:assert/strict';
import { ChangeBatcher } from '../../../../src/core/util/changeBatcher';
import { FakeTimers } from '../../fakeTimers';

/** A batcher on fake timers and a hand-moved clock, recording each batch it hands on. */
function setup(gap = 250) {
  const timers = new FakeTimers();
  let now = 0;
  const batches: (string[] | undefined)[] = [];
  const batcher = new ChangeBatcher<string>(gap, (items) => batches.push(items), timers, () => now);
  return { timers, batches, batcher, advance: (ms: number) => (now += ms) };
}

describe('ChangeBatcher', () => {
  it('hands on the changes of one turn as one batch, without waiting when quiet', () => {
    const { timers, batches, batcher } = setup();
    batcher.add('a');
    batcher.add('b');
    batcher.add('a');
    assert.deepEqual(timers.pending.map((t) => t.ms), [0]);
    timers.runDue();
    assert.deepEqual(batches, [['a', 'b']]);
  });

  it('keeps batches at least the gap apart, so each passes VS Code\'s restarting debounce at once', () => {
    const { timers, batches, batcher, advance } = setup();
    batcher.add('a');
    timers.runDue();
    advance(40);
    batcher.add('b');
    batcher.add('c');
    assert.deepEqual(timers.pending.map((t) => t.ms), [210]);
    advance(210);
    timers.runDue();
    assert.deepEqual(batches, [['a'], ['b', 'c']]);
    advance(1000);
    batcher.add('d');
    assert.deepEqual(timers.pending.map((t) => t.ms), [0], 'quiet long enough: no wait');
  });

  it('"everything changed" swallows the single items waiting with it', () => {
    const { timers, batches, batcher } = setup();
    batcher.add('a');
    batcher.add(undefined);
    batcher.add('b');
    timers.runDue();
    assert.deepEqual(batches, [undefined]);
  });

  it('hands on nothing after dispose', () => {
    const { timers, batches, batcher } = setup();
    batcher.add('a');
    batcher.dispose();
    assert.equal(timers.pending.length, 0);
    assert.deepEqual(batches, []);
  });
});
