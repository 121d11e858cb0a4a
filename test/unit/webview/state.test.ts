import assert from 'node:assert/strict';
import { createStateSaver, MAX_DISMISSED, readUiState, withDismissed, type UiState } from '../../../src/webview/state';

describe('webview saved state', () => {
  it('defaults everything when nothing (or garbage) was saved', () => {
    const defaults: UiState = { expanded: [], selected: undefined, marked: [], follow: true, scrollTop: 0, showUnchanged: false, restartPosition: undefined, dismissed: [], lambdaStrip: undefined, restore: undefined };
    for (const raw of [undefined, null, 42, 'x', [], {}]) assert.deepEqual(readUiState(raw), defaults, JSON.stringify(raw));
  });

  it('keeps well-formed fields and drops the rest', () => {
    const s = readUiState({
      expanded: [1, 'two', 3.5, 4, 2 ** 60],
      selected: 4,
      follow: false,
      scrollTop: 1234.5,
      showUnchanged: true,
      restartPosition: 'TRIM_HORIZON',
      dismissed: [7, null],
      marked: [2, 'x', 3],
      lambdaStrip: true,
      restore: { version: 1 },
    });
    assert.deepEqual(s, { expanded: [1, 4], selected: 4, marked: [2, 3], follow: false, scrollTop: 1234.5, showUnchanged: true, restartPosition: 'TRIM_HORIZON', dismissed: [7], lambdaStrip: true, restore: { version: 1 } });
    const bad = readUiState({ selected: 1.5, follow: 'yes', scrollTop: Infinity, showUnchanged: 'true', restartPosition: 'AT_SEQUENCE_NUMBER', expanded: 'all', lambdaStrip: 'yes', restore: 'x' });
    assert.deepEqual([bad.selected, bad.follow, bad.scrollTop, bad.showUnchanged, bad.restartPosition, bad.expanded, bad.lambdaStrip, bad.restore], [undefined, true, 0, false, undefined, [], undefined, undefined]);
  });

  it('caps saved id lists', () => {
    assert.equal(readUiState({ expanded: Array.from({ length: 5000 }, (_, i) => i) }).expanded.length, 1000);
    let dismissed: number[] = [];
    for (let i = 0; i < MAX_DISMISSED + 10; i++) dismissed = withDismissed(dismissed, i);
    assert.equal(dismissed.length, MAX_DISMISSED);
    assert.equal(dismissed[0], 10);
  });

  it('saves at most once per delay, the state as it is when the write happens', async () => {
    const written: unknown[] = [];
    let scrollTop = 0;
    const writes = async (n: number) => {
      const deadline = Date.now() + 2_000;
      while (written.length < n) {
        assert.ok(Date.now() < deadline, `timed out waiting for write ${n}`);
        await new Promise((r) => setTimeout(r, 5)); // the poll interval of a wait for a state
      }
    };
    const save = createStateSaver({ getState: () => undefined, setState: (s) => written.push(s) }, () => ({ ...readUiState({}), scrollTop }), 20);
    save();
    scrollTop = 10;
    save();
    scrollTop = 20;
    assert.deepEqual(written, []);
    // Timers due together run together: a second write queued by the second save() would be there with the first.
    await writes(1);
    assert.equal(written.length, 1, 'two saves within the delay write once');
    assert.equal((written[0] as UiState).scrollTop, 20);
    scrollTop = 30;
    save();
    await writes(2);
    assert.deepEqual(written.map((s) => (s as UiState).scrollTop), [20, 30]);
  });
});
