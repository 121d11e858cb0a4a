// Runs work for queued items a few at a time, in queue order. The tree uses it to read table descriptions: the
// rows shown now go in, in list order, so the first screenful is read first and the backend sees a bounded load.

export class BoundedQueue<T> {
  private waiting: T[] = [];
  private running = 0;
  /** Most items ever worked on at once (for tests and benchmarks). */
  peak = 0;

  constructor(private readonly limit: number, private readonly work: (item: T) => Promise<void>) {}

  /** Replaces what waits with `items`, in order (what is running finishes): items no longer shown are not read. */
  replace(items: readonly T[]): void {
    this.waiting = [...items];
    this.pump();
  }

  /** Drops what waits. */
  clear(): void {
    this.waiting = [];
  }

  get size(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  private pump(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      const item = this.waiting.shift() as T;
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      // The work reports its own failures; a rejection here must not stop the queue.
      void this.work(item)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
