// The record list's logic, without the DOM: the rows held, which are expanded and selected, each row's vertical
// offset, which rows a scroll position needs rendered, follow mode and keyboard moves. listView.ts draws it.

/** Height of a collapsed row in px (matches --row-height in tail.css). */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
export const OVERSCAN = 8;

export interface ListRow {
  /** Increasing in arrival order: rows are kept sorted by id. */
  id: number;
}

export interface RenderWindow {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
}

export interface InitialListState {
  expanded?: readonly number[];
  selected?: number;
  marked?: readonly number[];
  follow?: boolean;
}

/** The row index a key moves the selection to, from `index` (-1: nothing selected) among `count` rows. */
export function moveTarget(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
      return index < 0 ? count - 1 : Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Whether a scroll position shows the end of the list (within half a row, as a user reads it). */
export function isAtBottom(scrollTop: number, clientHeight: number, scrollHeight: number): boolean {
  return scrollTop + clientHeight >= scrollHeight - ROW_HEIGHT / 2;
}

export class ListModel<R extends ListRow> {
  rows: R[] = [];
  readonly expanded: Set<number>;
  selected?: number;
  /** Rows picked with Ctrl/Cmd+click, Shift+click or Shift+arrows (the multi-selection); empty: just `selected`. */
  readonly marked: Set<number>;
  /** Where a Shift range starts: the row last clicked or toggled. */
  private anchor?: number;
  /** Keep the newest row in view: on until the user scrolls up, expands a row or moves the selection away. */
  follow: boolean;

  private tops = new Float64Array(1);
  private topsDirty = true;

  /** `detailHeight(id)`: the extra height of an expanded row (its detail box). */
  constructor(private readonly detailHeight: (id: number) => number, initial: InitialListState = {}) {
    this.expanded = new Set(initial.expanded ?? []);
    this.selected = initial.selected;
    this.marked = new Set(initial.marked ?? []);
    this.follow = initial.follow ?? true;
  }

  /** Replaces every row; expansion and selection survive only for rows still present. */
  replace(rows: R[]): void {
    this.rows = rows;
    const ids = new Set(rows.map((r) => r.id));
    for (const id of [...this.expanded]) if (!ids.has(id)) this.expanded.delete(id);
    if (this.selected !== undefined && !ids.has(this.selected)) this.selected = undefined;
    for (const id of [...this.marked]) if (!ids.has(id)) this.marked.delete(id);
    this.invalidate();
  }

  clear(): void {
    this.rows = [];
    this.expanded.clear();
    this.marked.clear();
    this.selected = undefined;
    this.invalidate();
  }

  /**
   * Drops every row whose id < dropBefore (evicted by the host), then appends the rows newer than the last one held.
   * Returns the dropped rows and their total height, by which a reader's scroll position must move up.
   */
  update(rows: readonly R[], dropBefore: number): { dropped: R[]; removedHeight: number } {
    let dropped: R[] = [];
    let removedHeight = 0;
    if (this.rows.length > 0 && this.rows[0].id < dropBefore) {
      let k = 0;
      while (k < this.rows.length && this.rows[k].id < dropBefore) k++;
      removedHeight = this.top(k);
      dropped = this.rows.splice(0, k);
      for (const r of dropped) {
        this.expanded.delete(r.id);
        this.marked.delete(r.id);
        if (this.selected === r.id) this.selected = undefined;
      }
    }
    const last = this.rows.length > 0 ? this.rows[this.rows.length - 1].id : -1;
    for (const r of rows) if (r.id > last) this.rows.push(r);
    this.invalidate();
    return { dropped, removedHeight };
  }

  /** Row heights changed (a detail arrived, unchanged attributes shown): offsets are recomputed when next asked. */
  invalidate(): void {
    this.topsDirty = true;
  }

  /** Expands or collapses a row; returns true when it is now expanded. Expanding stops following: new records
   * would otherwise scroll the row being read away. */
  toggleExpanded(id: number): boolean {
    this.invalidate();
    if (this.expanded.delete(id)) return false;
    this.expanded.add(id);
    this.follow = false;
    return true;
  }

  /** A scroll the user made: following resumes exactly when it reaches the bottom. Returns true if follow changed. */
  userScrolled(scrollTop: number, clientHeight: number, scrollHeight: number): boolean {
    const atBottom = isAtBottom(scrollTop, clientHeight, scrollHeight);
    if (atBottom === this.follow) return false;
    this.follow = atBottom;
    return true;
  }

  /** Selects the row a key moves to and keeps following only if that is the newest row; undefined if no move. */
  moveSelection(key: string): number | undefined {
    const index = moveTarget(key, this.selected === undefined ? -1 : this.indexOf(this.selected), this.rows.length);
    if (index === undefined) return undefined;
    this.selected = this.rows[index].id;
    this.follow = index === this.rows.length - 1 && this.follow;
    return index;
  }

  /** A plain click or move: the row alone is selected (the multi-selection is dropped). */
  selectOnly(id: number | undefined): void {
    this.selected = id;
    this.anchor = id;
    this.marked.clear();
  }

  /** Ctrl/Cmd+click: adds the row to the multi-selection, or takes it out (the single selection joins it first). */
  toggleMarked(id: number): void {
    if (this.marked.size === 0 && this.selected !== undefined && this.selected !== id) this.marked.add(this.selected);
    if (this.marked.has(id)) this.marked.delete(id);
    else this.marked.add(id);
    this.selected = id;
    this.anchor = id;
  }

  /** Shift+click or Shift+arrow: every row from the anchor to this one is selected. */
  markRangeTo(id: number): void {
    const from = this.indexOf(this.anchor ?? this.selected ?? id);
    const to = this.indexOf(id);
    if (to < 0) return;
    const [a, b] = from < 0 ? [to, to] : from <= to ? [from, to] : [to, from];
    this.marked.clear();
    for (let i = a; i <= b; i++) this.marked.add(this.rows[i].id);
    this.selected = id;
  }

  /** Shift+arrow: moves the selection and extends the range to it. */
  extendSelection(key: string): number | undefined {
    if (this.anchor === undefined) this.anchor = this.selected;
    const anchor = this.anchor;
    const index = this.moveSelection(key);
    if (index === undefined) return undefined;
    this.anchor = anchor;
    this.markRangeTo(this.rows[index].id);
    return index;
  }

  isSelected(id: number): boolean {
    return this.marked.size > 0 ? this.marked.has(id) : this.selected === id;
  }

  /** The records the actions work on, oldest first: the multi-selection, else the selected row, else none. */
  selectedIds(): number[] {
    if (this.marked.size > 0) return [...this.marked].sort((a, b) => a - b);
    return this.selected === undefined ? [] : [this.selected];
  }

  /** Vertical offset of row `index` (of the end of the list when index = rows.length). */
  top(index: number): number {
    this.ensureTops();
    return this.tops[index];
  }

  height(index: number): number {
    this.ensureTops();
    return this.tops[index + 1] - this.tops[index];
  }

  totalHeight(): number {
    return this.top(this.rows.length);
  }

  /** Index of the row at vertical offset y (the first row above 0, the last row past the end). */
  indexAt(y: number): number {
    this.ensureTops();
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tops[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** Index of the row with this id, or -1. */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.rows[mid].id;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The rows to render for a viewport at `scrollTop` of height `viewportHeight`, with OVERSCAN rows either side. */
  renderWindow(scrollTop: number, viewportHeight: number): RenderWindow {
    const n = this.rows.length;
    if (n === 0) return { start: 0, end: 0 };
    return {
      start: Math.max(0, this.indexAt(scrollTop) - OVERSCAN),
      end: Math.min(n, this.indexAt(scrollTop + viewportHeight) + 1 + OVERSCAN),
    };
  }

  /** The scroll position that brings row `index` (its first line) into view, or undefined if it is in view. */
  scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number): number | undefined {
    const top = this.top(index);
    const bottom = top + ROW_HEIGHT;
    if (top < scrollTop) return top;
    if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
    return undefined;
  }

  private ensureTops(): void {
    if (!this.topsDirty) return;
    const n = this.rows.length;
    if (this.tops.length < n + 1) this.tops = new Float64Array(Math.max(n + 1, this.tops.length * 2));
    let y = 0;
    this.tops[0] = 0;
    for (let i = 0; i < n; i++) {
      // Most lists have nothing expanded: skip the set lookup per row.
      const id = this.rows[i].id;
      y += this.expanded.size === 0 || !this.expanded.has(id) ? ROW_HEIGHT : ROW_HEIGHT + this.detailHeight(id);
      this.tops[i + 1] = y;
    }
    this.topsDirty = false;
  }
}
