// The records a tail panel holds: a ring buffer bounded by count (the record cap) and by estimated bytes (the byte
// budget), evicting the oldest beyond either. Pure: TailSession owns one.
import type { RecordRow } from '../records/display';
import { RingBuffer } from './ringBuffer';

/** What a held record costs besides its JSON line (its row, the record object, the ring slot), estimated. */
export const HELD_RECORD_OVERHEAD_BYTES = 1024;

/** A record the panel holds; its id and shard are the row's. */
export interface HeldRecord {
  /** The record as received, as one JSON line: a third of the SDK object's memory; parsed again on demand. */
  json: string;
  row: RecordRow;
  /**
   * Lower-cased keys and values, for the text filter: filled in the background while no records arrive (searchIndex.ts)
   * or by the filter itself; goes with the record when it is evicted. (A field, not a WeakMap: 100,000 weak entries
   * made every GC slow.)
   */
  search?: string;
  /** The Lambda filter's verdict, cached for filter generation `lambdaGen` (lambdaVerdicts.ts). */
  lambda?: boolean;
  lambdaGen?: number;
}

/** A held record's estimated memory: its JSON line (UTF-16, 2 bytes a character) and a fixed overhead. */
export function heldRecordBytes(held: { json: string }): number {
  return held.json.length * 2 + HELD_RECORD_OVERHEAD_BYTES;
}

/** Held records, oldest first, within a count cap and a byte budget; `onEvicted` hears of every record dropped. */
export class HeldRecords implements Iterable<HeldRecord> {
  private readonly buffer: RingBuffer<HeldRecord>;
  private bytes = 0;
  /** Records the byte budget evicted (of `evicted`), since the start or the last clear. */
  private byBytes = 0;

  constructor(
    capacity: number,
    private maxBytes: number,
    private readonly onEvicted: (held: HeldRecord) => void,
  ) {
    this.buffer = new RingBuffer(capacity);
  }

  /** Holds `held`, evicting the oldest records to stay within the cap and the byte budget (the newest always stays). */
  push(held: HeldRecord): void {
    const bytes = heldRecordBytes(held);
    while (this.buffer.size >= this.buffer.capacity) this.evictOldest(false);
    while (this.buffer.size > 0 && this.bytes + bytes > this.maxBytes) this.evictOldest(true);
    this.buffer.push(held);
    this.bytes += bytes;
  }

  private evictOldest(byBytes: boolean): void {
    const oldest = this.buffer.shift();
    if (!oldest) return;
    this.bytes -= heldRecordBytes(oldest);
    this.onEvicted(oldest);
    if (byBytes) this.byBytes++;
  }

  /** A new count cap; returns how many of the oldest were evicted for it. */
  resize(capacity: number): number {
    const dropped = this.buffer.resize(capacity);
    for (const held of dropped) {
      this.bytes -= heldRecordBytes(held);
      this.onEvicted(held);
    }
    return dropped.length;
  }

  /** A new byte budget; returns how many of the oldest were evicted for it (the newest stays even when over it alone). */
  setMaxBytes(maxBytes: number): number {
    this.maxBytes = maxBytes;
    let dropped = 0;
    while (this.buffer.size > 1 && this.bytes > maxBytes) {
      this.evictOldest(true);
      dropped++;
    }
    return dropped;
  }

  /** Drops every record (not counted as evicted) and resets the counts. */
  clear(): void {
    this.buffer.clear();
    this.bytes = 0;
    this.byBytes = 0;
  }

  get maxByteCount(): number {
    return this.maxBytes;
  }

  get capacity(): number {
    return this.buffer.capacity;
  }

  get size(): number {
    return this.buffer.size;
  }

  /** Records evicted (by count or bytes) since the start or the last clear. */
  get evicted(): number {
    return this.buffer.evicted;
  }

  get evictedByBytes(): number {
    return this.byBytes;
  }

  /** The held records' estimated bytes (heldRecordBytes). */
  get byteCount(): number {
    return this.bytes;
  }

  at(index: number): HeldRecord | undefined {
    return this.buffer.at(index);
  }

  get oldest(): HeldRecord | undefined {
    return this.buffer.oldest;
  }

  get newest(): HeldRecord | undefined {
    return this.buffer.newest;
  }

  [Symbol.iterator](): Iterator<HeldRecord> {
    return this.buffer[Symbol.iterator]();
  }
}
