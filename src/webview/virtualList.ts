// The record list's logic, without the DOM: how many rows the host shows and the ones the webview has (the host
// sends windows of rows on request, protocol.ts ViewRange), which are expanded and selected, each row's vertical
// offset, which rows a scroll position needs (and which of them to ask for), follow mode and keyboard moves.
// listView.ts draws it.

import { RowCache, type PositionRange } from './rowCache';

/** Height of a collapsed row in px (matches --row-height in tail.css). */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
export const OVERSCAN = 8;

export interface ListRow {
  /** Increasing in arrival order (and so with position). */
  id: number;
}

/** Rows asked for around the ones missing, so scrolling on asks rarely. */
export const FETCH_PAD = 100;
/** Most rows asked for at once (the host sends at most MAX_ROWS_PER_MESSAGE a message). */
export const MAX_FETCH = 500;
/** Rows kept beyond those near the viewport; further ones are forgotten (and asked for again when needed). */
export const MAX_CACHED = 3000;

export type { PositionRange };

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
  /** The host's view (protocol.ts ViewRange) the positions belong to; -1 before the first. */
  view = -1;
  /** Position of the first row shown. */
  base = 0;
  /** How many rows are shown (the webview has some of them). */
  count = 0;
  readonly expanded: Set<number>;
  selected?: number;
  /** Rows picked with Ctrl/Cmd+click, Shift+click or Shift+arrows (the multi-selection); empty: just `selected`. */
  readonly marked: Set<number>;
  /** Where a Shift range starts: the row last clicked or toggled. */
  private anchor?: number;
  /** Keep the newest row in view: on until the user scrolls up, expands a row or moves the selection away. */
  follow: boolean;

  /** The rows the webview has, by position, and those asked for. */
  private readonly cache = new RowCache<R>();
  /** A keyboard move to a row not here yet: selected once it arrives. */
  private selectAt?: number;
  /** A range selection waiting for the ids of rows the webview does not have. */
  private pendingMark?: PositionRange & { view: number };

  /** Records older than this id were evicted (told by the host). */
  private dropBefore = 0;
  /** Extra heights of expanded rows at known positions (by index from base), ascending, with running sums. */
  private extras: { index: number; height: number; before: number }[] = [];
  private extrasDirty = true;

  /** `detailHeight(id)`: the extra height of an expanded row (its detail box). */
  constructor(private readonly detailHeight: (id: number) => number, initial: InitialListState = {}) {
    this.expanded = new Set(initial.expanded ?? []);
    this.selected = initial.selected;
    this.marked = new Set(initial.marked ?? []);
    this.follow = initial.follow ?? true;
  }

  /**
   * A new view with its newest rows. Expanded, selected and marked rows keep their state until the host says where
   * they are (located); returns the ids to ask it about.
   */
  resetView(view: number, base: number, end: number, newest: readonly R[]): number[] {
    this.view = view;
    this.base = base;
    this.count = Math.max(0, end - base);
    this.cache.clear();
    this.selectAt = undefined;
    this.pendingMark = undefined;
    this.store(end - newest.length, newest);
    this.invalidate();
    const wanted = new Set([...this.expanded, ...this.marked]);
    if (this.selected !== undefined) wanted.add(this.selected);
    return [...wanted].filter((id) => this.cache.positionOf(id) === undefined);
  }

  /** The host's answer to locate: ids not shown in this view lose their expansion and selection. */
  located(view: number, ids: readonly number[], positions: readonly number[]): void {
    if (view !== this.view) return;
    ids.forEach((id, i) => {
      const pos = positions[i];
      if (Number.isSafeInteger(pos) && pos >= this.base && pos < this.base + this.count) this.cache.setPosition(id, pos);
      else this.forget(id);
    });
    this.invalidate();
  }

  /** Rows the host sent (an answer to requestRows): at positions start, start + 1, … of `view`. */
  addRows(view: number, start: number, rows: readonly R[]): void {
    if (view !== this.view) return;
    this.cache.answered(start, rows.length);
    this.store(start, rows);
    this.invalidate();
  }

  /**
   * The view changed size: rows before `base` left (their records evicted, with every record whose id < dropBefore),
   * rows up to `end` are shown, the newest of them given. Returns the ids that left the cache and the height the
   * rows that left took, by which a reader's scroll position must move up.
   */
  update(base: number, end: number, newest: readonly R[], dropBefore: number): { dropped: number[]; removedHeight: number } {
    const removedHeight = base > this.base ? this.top(Math.min(base - this.base, this.count)) : 0;
    const dropped = this.cache.dropBefore(base);
    if (dropBefore > this.dropBefore) {
      this.dropBefore = dropBefore;
      for (const id of [...this.expanded, ...this.marked, ...this.cache.knownIds()]) if (id < dropBefore) this.forget(id);
      if (this.selected !== undefined && this.selected < dropBefore) this.selected = undefined;
    }
    this.base = base;
    this.count = Math.max(0, end - base);
    this.store(end - newest.length, newest);
    this.invalidate();
    return { dropped, removedHeight };
  }

  /** The row at index i (0: the first shown), if the webview has it. */
  rowAt(index: number): R | undefined {
    return this.cache.at(this.base + index);
  }

  /** Index of the row with this id, or -1 (not shown, or its position not known here). */
  indexOf(id: number): number {
    const pos = this.cache.positionOf(id);
    return pos === undefined || pos < this.base || pos >= this.base + this.count ? -1 : pos - this.base;
  }

  /**
   * The rows to ask the host for so that indexes start … end - 1 are here: the first missing one and on, padded by
   * FETCH_PAD either side, at most MAX_FETCH; undefined when nothing is missing or it was asked for already.
   * The range returned counts as asked for.
   */
  missing(start: number, end: number): PositionRange | undefined {
    let first = -1;
    let last = -1;
    for (let i = Math.max(0, start); i < Math.min(end, this.count); i++) {
      const pos = this.base + i;
      if (!this.cache.isWanted(pos)) continue;
      if (first < 0) first = pos;
      last = pos;
    }
    if (first < 0) return undefined;
    const from = Math.max(this.base, first - FETCH_PAD);
    const range = { start: from, end: Math.min(this.base + this.count, last + 1 + FETCH_PAD, from + MAX_FETCH) };
    this.cache.markPending(range);
    return range;
  }

  /** Forgets cached rows far from indexes start … end - 1 once more than MAX_CACHED are held. */
  prune(start: number, end: number): void {
    if (this.cache.size <= MAX_CACHED) return;
    const keep = (id: number) => this.expanded.has(id) || this.marked.has(id) || this.selected === id;
    this.cache.prune(this.base + start - MAX_CACHED / 2, this.base + end + MAX_CACHED / 2, keep);
  }

  private store(start: number, rows: readonly R[]): void {
    rows.forEach((row, k) => {
      const pos = start + k;
      if (pos < this.base || pos >= this.base + this.count) return;
      this.cache.put(pos, row);
      if (pos === this.selectAt) {
        this.selected = row.id;
        this.selectAt = undefined;
      }
    });
  }

  /** The row left the view: its expansion, selection and position go. */
  private forget(id: number): void {
    this.expanded.delete(id);
    this.marked.delete(id);
    this.cache.forgetPosition(id);
    if (this.selected === id) this.selected = undefined;
  }

  /** Row heights changed (a detail arrived, unchanged attributes shown): offsets are recomputed when next asked. */
  invalidate(): void {
    this.extrasDirty = true;
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

  /**
   * Selects the row a key moves to and keeps following only if that is the newest row; undefined if no move. A row
   * the webview does not have yet (Home far up) is selected when it arrives.
   */
  moveSelection(key: string): number | undefined {
    const from = this.selected === undefined ? (this.selectAt === undefined ? -1 : this.selectAt - this.base) : this.indexOf(this.selected);
    const index = moveTarget(key, from, this.count);
    if (index === undefined) return undefined;
    const row = this.rowAt(index);
    this.selected = row?.id;
    this.selectAt = row ? undefined : this.base + index;
    this.follow = index === this.count - 1 && this.follow;
    return index;
  }

  /** A plain click or move: the row alone is selected (the multi-selection is dropped). */
  selectOnly(id: number | undefined): void {
    if (id !== undefined) this.selectAt = undefined; // a row picked meanwhile wins over one still on its way
    this.selected = id;
    this.anchor = id;
    this.marked.clear();
    this.pendingMark = undefined;
  }

  /** Ctrl/Cmd+click: adds the row to the multi-selection, or takes it out (the single selection joins it first). */
  toggleMarked(id: number): void {
    if (this.marked.size === 0 && this.selected !== undefined && this.selected !== id) this.marked.add(this.selected);
    if (this.marked.has(id)) this.marked.delete(id);
    else this.marked.add(id);
    this.selected = id;
    this.selectAt = undefined;
    this.anchor = id;
  }

  /**
   * Shift+click or Shift+arrow: every row from the anchor to this one is selected. Returns the positions whose ids
   * the host must send (rows the webview does not have), if any: markIds completes the range.
   */
  markRangeTo(id: number): PositionRange | undefined {
    const from = this.indexOf(this.anchor ?? this.selected ?? id);
    const to = this.indexOf(id);
    if (to < 0) return undefined;
    const [a, b] = from < 0 ? [to, to] : from <= to ? [from, to] : [to, from];
    this.selected = id;
    this.selectAt = undefined;
    return this.markIndexes(a, b);
  }

  /** Ctrl/Cmd+A: every row shown is selected (see markRangeTo). */
  markAll(): PositionRange | undefined {
    return this.count === 0 ? undefined : this.markIndexes(0, this.count - 1);
  }

  private markIndexes(a: number, b: number): PositionRange | undefined {
    this.marked.clear();
    let missing = false;
    for (let i = a; i <= b; i++) {
      const row = this.rowAt(i);
      if (row) this.marked.add(row.id);
      else missing = true;
    }
    this.pendingMark = missing ? { view: this.view, start: this.base + a, end: this.base + b + 1 } : undefined;
    return this.pendingMark && { start: this.pendingMark.start, end: this.pendingMark.end };
  }

  /** The host's answer to requestIds: completes the range selection that asked for them (if it is still the last). */
  markIds(view: number, start: number, ids: readonly number[]): boolean {
    const p = this.pendingMark;
    if (!p || view !== this.view || view !== p.view || start < p.start || start >= p.end) return false;
    ids.slice(0, p.end - start).forEach((id) => this.marked.add(id));
    this.pendingMark = undefined;
    return true;
  }

  /** Shift+arrow: moves the selection and extends the range to it. */
  extendSelection(key: string): { index: number; fetchIds?: PositionRange } | undefined {
    if (this.anchor === undefined) this.anchor = this.selected;
    const anchor = this.anchor;
    const index = this.moveSelection(key);
    if (index === undefined || this.selected === undefined) return undefined;
    this.anchor = anchor;
    return { index, fetchIds: this.markRangeTo(this.selected) };
  }

  isSelected(id: number): boolean {
    return this.marked.size > 0 ? this.marked.has(id) : this.selected === id;
  }

  /** The records the actions work on, oldest first: the multi-selection, else the selected row, else none. */
  selectedIds(): number[] {
    if (this.marked.size > 0) return [...this.marked].sort((a, b) => a - b);
    return this.selected === undefined ? [] : [this.selected];
  }

  /** Vertical offset of row `index` (of the end of the list when index = count). */
  top(index: number): number {
    const extras = this.ensureExtras();
    // The last expanded row above `index`: every row is ROW_HEIGHT, plus the details above.
    let lo = 0;
    let hi = extras.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (extras[mid].index < index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return index * ROW_HEIGHT + (found < 0 ? 0 : extras[found].before + extras[found].height);
  }

  height(index: number): number {
    return this.top(index + 1) - this.top(index);
  }

  totalHeight(): number {
    return this.top(this.count);
  }

  /** Index of the row at vertical offset y (the first row above 0, the last row past the end). */
  indexAt(y: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.top(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** The rows to render for a viewport at `scrollTop` of height `viewportHeight`, with OVERSCAN rows either side. */
  renderWindow(scrollTop: number, viewportHeight: number): RenderWindow {
    const n = this.count;
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

  /** Expanded rows whose position is known, as extra heights: a handful, however many rows are shown. */
  private ensureExtras(): { index: number; height: number; before: number }[] {
    if (!this.extrasDirty) return this.extras;
    const list: { index: number; height: number; before: number }[] = [];
    for (const id of this.expanded) {
      const index = this.indexOf(id);
      if (index >= 0) list.push({ index, height: this.detailHeight(id), before: 0 });
    }
    list.sort((x, y) => x.index - y.index);
    let sum = 0;
    for (const e of list) {
      e.before = sum;
      sum += e.height;
    }
    this.extras = list;
    this.extrasDirty = false;
    return list;
  }
}
