// Where a tail panel is in each shard, for the state it saves for a reload (panelRestore.ts): the first record it
// holds and the last one it delivered. Pure: TailSession owns one.
import { laterSequence, type ShardPositions } from './panelRestore';

const SEQUENCE = /^\d{1,128}$/;

export class ShardPositionTracker {
  /** Per shard, the last sequence number delivered (since the start; a restored panel's saved one until passed). */
  private readonly lastDelivered = new Map<string, string>();
  /** A restored panel's saved first record per shard, until a record of that shard is held again (its re-read). */
  private readonly seededFirst = new Map<string, string>();

  /** A record of the shard was delivered (a sequence number that is not decimal digits is not a position). */
  delivered(shardId: string, sequenceNumber: string): void {
    this.seededFirst.delete(shardId);
    if (SEQUENCE.test(sequenceNumber)) this.lastDelivered.set(shardId, laterSequence(this.lastDelivered.get(shardId), sequenceNumber) as string);
  }

  /**
   * A restored panel starts from the positions it saved before the reload: saved again at once (a second reload
   * before the re-read reaches them loses nothing), replaced as the re-read holds records again.
   */
  seed(shards: Record<string, ShardPositions>): void {
    for (const [id, p] of Object.entries(shards)) {
      if (p.first !== undefined) this.seededFirst.set(id, p.first);
      if (p.last !== undefined) this.lastDelivered.set(id, laterSequence(this.lastDelivered.get(id), p.last) as string);
    }
  }

  /** The held records were cleared: nothing is re-read after a reload, the tail continues after the last delivered. */
  cleared(): void {
    this.seededFirst.clear();
  }

  /** The tail starts over (Restart): no position is kept. */
  reset(): void {
    this.seededFirst.clear();
    this.lastDelivered.clear();
  }

  /** Per shard: the first of `held` (oldest first), or the seeded one, and the last delivered. */
  positions(held: Iterable<{ row: { shardId: string; sequenceNumber: string } }>): Record<string, ShardPositions> {
    const out: Record<string, ShardPositions> = {};
    for (const [id, first] of this.seededFirst) out[id] = { first };
    for (const { row } of held) {
      if (out[row.shardId]?.first === undefined && SEQUENCE.test(row.sequenceNumber)) out[row.shardId] = { first: row.sequenceNumber };
    }
    for (const [id, last] of this.lastDelivered) out[id] = { ...out[id], last };
    return out;
  }
}
