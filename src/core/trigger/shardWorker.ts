// One shard of a local trigger: takes the records the reader hands over (in shard order), drops those the filter does
// not match (they count as done), spreads the rest over the lanes (parallelization factor: by partition key, so one
// key's records stay in order), and keeps the checkpoint: the highest sequence number up to which everything is done.
//
// Backpressure: the reader's next GetRecords waits until the lanes have taken enough of what is queued, so a shard
// blocked by a failing batch (for hours, with a poison record) holds a bounded number of records. At the shard's end
// the reader waits until every record is done: a parent's last batch (even one held by the batching window) is
// finished before its children's first.
import { approximateCreationMs, type StreamRecord } from '../records/model';
import { lambdaFilterMatches } from '../lambda/filter/lambdaFilter';
import { dynamoDbFilterInput, toLambdaDynamoDbRecord } from '../lambda/lambdaEvent';
import { laneOf, type TriggerRecord } from './batchRules';
import { Lane, type LaneHost, type TriggerContext } from './lane';
import { Ledger } from './ledger';

/** At most this many records (or a batch per lane, if more) wait in a shard's lanes before the reader pauses. */
export const SHARD_BUFFER_RECORDS = 1000;

export class ShardWorker implements LaneHost {
  private readonly ledger = new Ledger();
  private readonly lanes: Lane[];
  /** Resolves when every lane has ended. */
  readonly finished: Promise<void>;
  private waiters: (() => void)[] = [];
  private readonly bufferLimit: number;

  constructor(
    readonly shardId: string,
    private readonly ctx: TriggerContext,
    private readonly checkpoint: (shardId: string, seq: string) => void,
    onLaneFailure: (err: unknown) => void,
  ) {
    const { parallelizationFactor, batchSize } = ctx.settings;
    this.bufferLimit = Math.max(SHARD_BUFFER_RECORDS, batchSize * parallelizationFactor);
    this.lanes = Array.from({ length: parallelizationFactor }, (_, i) => new Lane(this, i, ctx));
    this.finished = Promise.all(this.lanes.map((lane) => lane.run().catch(onLaneFailure))).then(() => undefined);
    ctx.signal.addEventListener('abort', () => this.progress(), { once: true });
  }

  /** The reader's awaited delivery (TailOptions.deliver) for this shard. */
  async deliver(records: readonly StreamRecord[], last: boolean): Promise<void> {
    const { ctx } = this;
    const touched = new Set<Lane>();
    for (const record of records) {
      const seq = record.dynamodb?.SequenceNumber ?? '';
      const index = this.ledger.add(seq);
      const createdMs = approximateCreationMs(record);
      if (ctx.skipBeforeMs !== undefined && createdMs !== undefined && createdMs < ctx.skipBeforeMs) {
        this.ledger.markDone(index);
        continue;
      }
      // Filtered out before batching: never sent, but done (checkpointed), as Lambda discards them. The filter reads
      // the Lambda record; without a filter it is built later, by the lane, while the reader reads on.
      const event = ctx.filter ? toLambdaDynamoDbRecord(record, { awsRegion: ctx.region, eventSourceARN: ctx.streamArn }) : undefined;
      if (ctx.filter && event && !lambdaFilterMatches(ctx.filter, dynamoDbFilterInput(event))) {
        this.ledger.markDone(index);
        continue;
      }
      const lane = this.lanes[laneOf(record, this.lanes.length, ctx.partitionKeyName)];
      lane.push({ index, seq, createdMs, record, event });
      touched.add(lane);
    }
    this.advance();
    for (const lane of touched) lane.notify();
    if (last) {
      for (const lane of this.lanes) lane.end();
      await this.finished;
      this.advance();
      return;
    }
    while (!ctx.signal.aborted && this.queued() >= this.bufferLimit) await this.changed();
  }

  done(records: readonly TriggerRecord[]): void {
    for (const r of records) this.ledger.markDone(r.index);
    this.advance();
  }

  progress(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Records read and not yet done (queued, in flight or retried). */
  get open(): number {
    return this.ledger.open;
  }

  private queued(): number {
    return this.lanes.reduce((n, lane) => n + lane.queued, 0);
  }

  private changed(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private advance(): void {
    const seq = this.ledger.advance();
    if (seq !== undefined) this.checkpoint(this.shardId, seq);
  }
}
