// The text filter's search index: fills held records' search text (HeldRecord.search) in the background while no
// records arrive, so that the first text filter over a big panel only tests strings instead of parsing every held
// line. Pure (no vscode); timers and clock injected so tests drive it.
import type { Timers } from '../../util/timers';

export interface SearchIndexOptions {
  timers: Timers;
  /** Milliseconds, for the idle wait and the slice budget. */
  clock: () => number;
  /** Quiet time after the last arrival before filling starts: a backlog being read is never slowed. */
  idleMs: number;
  /** Work per slice before yielding to the event loop (webview batches, the reader, messages). */
  sliceMs: number;
  /** At most this many records per slice, whatever the clock says. */
  sliceRecords: number;
}

/** Where the index reads held records: by id, oldest and newest id (ids only grow; evicted ids are gone). */
export interface IndexSource<T> {
  get(id: number): T | undefined;
  oldestId(): number | undefined;
  newestId(): number | undefined;
}

export const DEFAULT_INDEX_OPTIONS: SearchIndexOptions = {
  timers: {
    // Unreferenced: pending index work never keeps a process alive.
    set: (fn, ms) => setTimeout(fn, ms).unref(),
    clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
  clock: () => performance.now(),
  idleMs: 100,
  sliceMs: 4,
  sliceRecords: 2000,
};

/**
 * Oldest first, with one cursor: every held record with an id below `nextId` has its search text (or got it from the
 * filter). Oldest first keeps the state one number; the cost is that records about to be evicted are indexed too,
 * but eviction needs arrivals, and arrivals pause the fill. The text goes with the record when it is evicted.
 */
export class SearchIndex<T extends { search?: string }> {
  private nextId = 1;
  private lastArrival = -Infinity;
  private timer: unknown;
  private disposed = false;
  private readonly options: SearchIndexOptions;

  constructor(
    private readonly source: IndexSource<T>,
    private readonly build: (held: T) => string,
    options: Partial<SearchIndexOptions> = {},
  ) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  /** Records arrived: the fill waits until they stop for idleMs. */
  noteArrival(): void {
    if (this.disposed) return;
    this.lastArrival = this.options.clock();
    this.schedule(this.options.idleMs);
  }

  /** Held records not yet visited by the fill (some may have their text from the filter already). */
  get remaining(): number {
    const newest = this.source.newestId();
    const oldest = this.source.oldestId();
    if (newest === undefined || oldest === undefined) return 0;
    return Math.max(0, newest - Math.max(this.nextId, oldest) + 1);
  }

  /** Whether a slice is scheduled. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.options.timers.clear(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.options.timers.set(() => {
      this.timer = undefined;
      this.tick();
    }, ms);
  }

  private tick(): void {
    if (this.disposed) return;
    const quietFor = this.options.clock() - this.lastArrival;
    if (quietFor < this.options.idleMs) {
      this.schedule(this.options.idleMs - quietFor);
      return;
    }
    this.fillSlice();
    if (this.remaining > 0) this.schedule(0);
  }

  /** Fills one slice's worth of search texts, oldest first. */
  private fillSlice(): void {
    const { clock, sliceMs, sliceRecords } = this.options;
    const newest = this.source.newestId();
    const oldest = this.source.oldestId();
    if (newest === undefined || oldest === undefined) return;
    const deadline = clock() + sliceMs;
    let id = Math.max(this.nextId, oldest);
    for (let done = 0; id <= newest && done < sliceRecords; done++, id++) {
      const held = this.source.get(id);
      if (held && held.search === undefined) held.search = this.build(held);
      if (clock() >= deadline) {
        id++;
        break;
      }
    }
    this.nextId = id;
  }
}
