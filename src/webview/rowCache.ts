// The rows of a view (protocol.ts ViewRange) the webview has, by position, and the ranges it asked the host for.
// Pure (no DOM): virtualList.ts decides what to keep and what to ask for.

/** Positions start … end - 1 of a view. */
export interface PositionRange {
  start: number;
  end: number;
}

export class RowCache<R extends { id: number }> {
  private readonly rows = new Map<number, R>();
  /** Positions of the rows here, and of rows the host located (expanded, selected) that may not be here. */
  private readonly positions = new Map<number, number>();
  /** Ranges asked for and not answered yet. */
  private pending: PositionRange[] = [];

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.positions.clear();
    this.pending = [];
  }

  at(position: number): R | undefined {
    return this.rows.get(position);
  }

  positionOf(id: number): number | undefined {
    return this.positions.get(id);
  }

  setPosition(id: number, position: number): void {
    this.positions.set(id, position);
  }

  forgetPosition(id: number): void {
    this.positions.delete(id);
  }

  /** Ids whose position is known (rows here and located ones). */
  knownIds(): IterableIterator<number> {
    return this.positions.keys();
  }

  put(position: number, row: R): void {
    this.rows.set(position, row);
    this.positions.set(row.id, position);
  }

  /** The host answered a request starting at `start` with `count` rows: that request is no longer pending. */
  answered(start: number, count: number): void {
    this.pending = this.pending.filter((r) => r.end <= start || r.start >= start + Math.max(count, 1));
  }

  isWanted(position: number): boolean {
    return !this.rows.has(position) && !this.pending.some((r) => position >= r.start && position < r.end);
  }

  markPending(range: PositionRange): void {
    this.pending.push(range);
  }

  /** Drops the rows (and pending requests) before `base`; returns the ids of the rows dropped. */
  dropBefore(base: number): number[] {
    const dropped: number[] = [];
    for (const [pos, row] of this.rows) {
      if (pos < base) {
        this.rows.delete(pos);
        dropped.push(row.id);
      }
    }
    this.pending = this.pending.filter((r) => r.end > base);
    return dropped;
  }

  /** Forgets the rows outside keepFrom … keepTo - 1, and their positions unless `keepPosition(id)`. */
  prune(keepFrom: number, keepTo: number, keepPosition: (id: number) => boolean): void {
    for (const [pos, row] of this.rows) {
      if (pos >= keepFrom && pos < keepTo) continue;
      this.rows.delete(pos);
      if (!keepPosition(row.id)) this.positions.delete(row.id);
    }
  }
}
