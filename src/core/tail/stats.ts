// Counters behind the reader's once-a-second 'stats' event.
import { approximateCreationMs, type StreamRecord } from '../records/model';
import type { TailStats } from './types';

export class TailMeter {
  totalRecords = 0;
  totalCalls = 0;
  /** Lag measured when the newest record was delivered: delivery time − its ApproximateCreationDateTime. */
  lagMs?: number;
  private newestCreation?: number;
  private windowStart: number;
  private windowRecords = 0;
  private windowCalls = 0;

  /** measureLag false: creation times are too coarse to mean anything (DynamoDB Local stamps them to the minute). */
  constructor(now: number, private readonly measureLag = true) {
    this.windowStart = now;
  }

  call(): void {
    this.totalCalls++;
    this.windowCalls++;
  }

  delivered(records: readonly StreamRecord[], now: number): void {
    this.totalRecords += records.length;
    this.windowRecords += records.length;
    if (!this.measureLag) return;
    let newest: number | undefined;
    for (const r of records) {
      const t = approximateCreationMs(r);
      if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    }
    if (newest !== undefined && (this.newestCreation === undefined || newest >= this.newestCreation)) {
      this.newestCreation = newest;
      this.lagMs = Math.max(0, now - newest);
    }
  }

  /** Rates over the time since the previous snapshot, then starts a new window. */
  snapshot(now: number, shards: { open: number; closed: number; active: number }): TailStats {
    const seconds = Math.max(0.001, (now - this.windowStart) / 1000);
    const stats: TailStats = {
      recordsPerSecond: Math.round((this.windowRecords / seconds) * 10) / 10,
      lagMs: this.lagMs,
      shardsOpen: shards.open,
      shardsClosed: shards.closed,
      shardsActive: shards.active,
      callsPerSecond: Math.round((this.windowCalls / seconds) * 10) / 10,
      totalRecords: this.totalRecords,
    };
    this.windowStart = now;
    this.windowRecords = 0;
    this.windowCalls = 0;
    return stats;
  }
}
