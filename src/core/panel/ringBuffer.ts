// A bounded FIFO: pushing past capacity evicts the oldest item and counts it.

export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0; // index of the oldest item
  private length = 0;
  private evictedCount = 0;
  private cap: number;

  constructor(capacity: number) {
    this.cap = checkedCapacity(capacity);
    this.items = new Array<T | undefined>(capacity);
  }

  get capacity(): number {
    return this.cap;
  }

  /**
   * Holds at most `capacity` items from now on; lowering it evicts the oldest beyond it (counted in `evicted`).
   * Returns the evicted items, oldest first.
   */
  resize(capacity: number): T[] {
    checkedCapacity(capacity);
    const all = [...this];
    const dropped = all.splice(0, Math.max(0, all.length - capacity));
    this.cap = capacity;
    this.items = new Array<T | undefined>(capacity);
    all.forEach((item, i) => (this.items[i] = item));
    this.head = 0;
    this.length = all.length;
    this.evictedCount += dropped.length;
    return dropped;
  }

  get size(): number {
    return this.length;
  }

  /** How many items were pushed out by newer ones since creation or the last clear(). */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Appends an item; when full, the oldest item is dropped (and counted in `evicted`). */
  push(item: T): void {
    if (this.length < this.cap) {
      this.items[(this.head + this.length) % this.cap] = item;
      this.length++;
      return;
    }
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.cap;
    this.evictedCount++;
  }

  /** Removes the oldest item (counted in `evicted`) and returns it; undefined when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.cap;
    this.length--;
    this.evictedCount++;
    return item;
  }

  /** The i-th item, 0 = oldest; undefined out of range. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    return this.items[(this.head + index) % this.cap];
  }

  get oldest(): T | undefined {
    return this.at(0);
  }

  get newest(): T | undefined {
    return this.at(this.length - 1);
  }

  /** Oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.length; i++) yield this.items[(this.head + i) % this.cap] as T;
  }

  /** Empties the buffer and resets the evicted count. */
  clear(): void {
    this.items = new Array<T | undefined>(this.cap);
    this.head = 0;
    this.length = 0;
    this.evictedCount = 0;
  }
}

function checkedCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
  return capacity;
}
