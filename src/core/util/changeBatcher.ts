// Gathers change notifications and hands them on in batches at least `gapMs` apart.
//
// Why: VS Code's extension host debounces a tree's onDidChangeTreeData (200 ms, the first event of a quiet spell
// passes at once) and every new event restarts that wait. A tree that fires once per described row, several times a
// second while 1,000 rows are read, is therefore redrawn only when the last row is done. Batches spaced further apart
// than that debounce each pass at once: the first rows' state shows while the rest are still being read.

/** The same shape as the panel's timers, so tests drive both with one fake. */
export interface BatchTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatchTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Above VS Code's 200 ms tree-change debounce, so that every batch is drawn as soon as it is fired. */
export const TREE_CHANGE_GAP_MS = 250;

export class ChangeBatcher<T> {
  /** What waits: some items, or `all` (everything changed: one batch of `undefined`). */
  private pending: Set<T> | 'all' | undefined;
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly gapMs: number,
    private readonly flushTo: (items: T[] | undefined) => void,
    private readonly timers: BatchTimers = realTimers,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues one changed item, or `undefined` for "everything changed". */
  add(item: T | undefined): void {
    if (item === undefined) this.pending = 'all';
    else if (this.pending === undefined) this.pending = new Set([item]);
    else if (this.pending !== 'all') this.pending.add(item);
    if (this.timer !== undefined) return;
    // Not at once even when quiet: changes made in the same turn (several reads finishing together) go as one batch.
    const wait = Math.max(0, this.lastFlush + this.gapMs - this.now());
    this.timer = this.timers.set(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined) return;
    this.lastFlush = this.now();
    this.flushTo(pending === 'all' ? undefined : [...pending]);
  }

  /** Drops what waits (nothing is handed on afterwards). */
  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
