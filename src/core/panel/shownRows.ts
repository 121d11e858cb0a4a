// The ids of the rows a tail panel's list shows (held records the filters pass, oldest first), numbered by position
// (protocol.ts, ViewRange): new rows are appended, evicted ones leave from the front, and a row keeps its position
// until the next reset. The webview asks for rows by position, so the host answers without walking every held record.

export class ShownRows {
  private ids: number[] = [];
  /** Index in `ids` of the first row still shown (evicted ones stay in front until the array is compacted). */
  private head = 0;
  /** Position of ids[head]. */
  private first = 0;

  /** Starts over with these ids (ascending) at positions 0, 1, … */
  reset(ids: number[]): void {
    this.ids = ids;
    this.head = 0;
    this.first = 0;
  }

  /** Position of the first row shown. */
  get base(): number {
    return this.first;
  }

  /** One past the position of the last row shown. */
  get end(): number {
    return this.first + this.ids.length - this.head;
  }

  get count(): number {
    return this.ids.length - this.head;
  }

  /** A newer row (its id greater than any before). */
  push(id: number): void {
    this.ids.push(id);
  }

  /** Rows of records older than `oldestId` were evicted: they leave the front. */
  dropBefore(oldestId: number): void {
    while (this.head < this.ids.length && this.ids[this.head] < oldestId) {
      this.head++;
      this.first++;
    }
    // Compacting now and then keeps the array near the number shown, at an amortised constant cost per row.
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
  }

  /** The id at a position, or undefined outside base … end - 1. */
  idAt(position: number): number | undefined {
    if (position < this.first || position >= this.end) return undefined;
    return this.ids[this.head + position - this.first];
  }

  /** The ids at positions start … end - 1 (clipped to the rows shown). */
  idsBetween(start: number, end: number): number[] {
    const from = Math.max(start, this.first);
    const to = Math.min(end, this.end);
    if (from >= to) return [];
    return this.ids.slice(this.head + from - this.first, this.head + to - this.first);
  }

  /** The position of a row by its record id, or -1 when it is not shown (a binary search: ids ascend). */
  positionOf(id: number): number {
    let lo = this.head;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid];
      if (v === id) return this.first + mid - this.head;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Every id shown, oldest first. */
  all(): number[] {
    return this.ids.slice(this.head);
  }
}
