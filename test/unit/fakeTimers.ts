// Timers a test runs by hand, for the panel host state (TailSession's batching, the search index's idle slices).
import type { Timers } from '../../src/core/util/timers';

export class FakeTimers implements Timers {
  pending: { fn: () => void; ms: number }[] = [];
  set(fn: () => void, ms: number) {
    const t = { fn, ms };
    this.pending.push(t);
    return t;
  }
  clear(h: unknown) {
    this.pending = this.pending.filter((t) => t !== h);
  }
  /** Runs the timers set so far (not the ones they set in turn). */
  runDue() {
    const list = this.pending;
    this.pending = [];
    list.forEach((t) => t.fn());
  }
}
