// The Kinesis reader: tails every shard of a Kinesis data stream (a table's Kinesis destination), parents before
// children, and reports through the same TailEvent union as the DynamoDB Streams reader.
//
// One listing loop re-lists the shards (all pages) every few seconds and at once when a shard closes; one loop per
// shard polls GetRecords within the quota (≤ 5 calls/s per shard on AWS, ~4/s idle; faster on a local server); a
// stats loop reports once a second. After a resharding a child starts only when every parent (ParentShardId and,
// for a merge, AdjacentParentShardId) was read to its end. Throttling and expired iterators (5 min) back off and
// resume after the last sequence number delivered. Records are decoded (decode.ts) into StreamRecords, with
// duplicates and late changes marked. Pure TS: no `vscode`, no SDK.
import { lineageOrder } from '../lineage';
import { compareSequenceNumbers } from '../../records/model';
import { errorText } from '../../connection/awsError';
import { type Clock, systemClock } from '../clock';
import { TAIL_TIMING } from '../dynamodb/reader';
import { Retry, ShardTail, type TailLimits, type TailShard } from '../shardTail';
import type { TailEvent } from '../types';
import { KinesisDecoder } from './decode';
import type { KinesisApi, KinesisIteratorPosition, KinesisRecord, KinesisRecordsPage, KinesisShard, KinesisTailOptions } from './types';

/** Kinesis has the same per-shard ceiling as DynamoDB Streams (5 GetRecords/s): the Streams reader's timing fits. */
export const KINESIS_TIMING: TailLimits = {
  // Kinesis's 5 GetRecords/s per shard is a hard quota shared with the stream's other consumers: idle a little under 4/s.
  aws: { ...TAIL_TIMING.aws, idleGapMs: 260 },
  // Loopback (kinesalite): no quota; a backlog is drained without the 20/s pacing, which would cap it at 20,000/s.
  loopback: { ...TAIL_TIMING.loopback, fullPageGapMs: 0 },
  statsIntervalMs: TAIL_TIMING.statsIntervalMs,
  /** Kinesis allows 10,000; 1,000 keeps each delivery (and the panel's batch) small. */
  getRecordsLimit: 1000,
  maxOtherFailures: TAIL_TIMING.maxOtherFailures,
};

const KINESIS_WORDING = { failContext: 'Reader failed', listingCall: 'ListShards', shardTrimmedWhy: "past the stream's retention" };

export const KINESIS_STOP_REASONS = {
  aborted: 'Tail stopped',
  gone: 'Kinesis stream no longer exists (deleted?)',
} as const;

interface ShardState extends TailShard<KinesisIteratorPosition> {
  info: KinesisShard;
  parents: string[];
}

/**
 * Tails the Kinesis stream `options.streamName` until `options.signal` aborts or the stream goes away. Resolves after
 * the final `state: stopped` event; never rejects.
 */
export function tailKinesisStream(api: KinesisApi, options: KinesisTailOptions, onEvent: (e: TailEvent) => void, clock: Clock = systemClock): Promise<void> {
  return new KinesisReader(api, options, onEvent, clock).run();
}

class KinesisReader extends ShardTail<KinesisShard[], KinesisIteratorPosition, ShardState> {
  private readonly decoder = new KinesisDecoder();

  constructor(
    private readonly api: KinesisApi,
    private readonly options: KinesisTailOptions,
    onEvent: (e: TailEvent) => void,
    clock: Clock,
  ) {
    const listingFailure = `Cannot list the shards of Kinesis stream ${options.streamName}`;
    super(onEvent, clock, { ...options, reasons: KINESIS_STOP_REASONS, limits: KINESIS_TIMING, measureLag: true, timeGranularityMs: 1_000, wording: { ...KINESIS_WORDING, listingFailure } });
  }

  // ---- shard listing -------------------------------------------------------------------------------------------

  protected list(signal: AbortSignal): Promise<KinesisShard[]> {
    return this.call(signal, (request) => this.api.listShards(this.options.streamName, request));
  }

  protected isListed(listing: KinesisShard[], shardId: string): boolean {
    return listing.some((x) => x.ShardId === shardId);
  }

  /** Not found before the first listing: most likely a wrong name, region or endpoint. */
  protected listingGone(err: unknown): string {
    return this.listed ? KINESIS_STOP_REASONS.gone : this.notFound(err);
  }

  private notFound(err: unknown): string {
    const message = `Kinesis stream ${this.options.streamName} was not found (${errorText(err)}). Check the stream name, the region and the dynamodbStreams.kinesisEndpoint setting`;
    this.emit({ type: 'error', message, fatal: true });
    return message;
  }

  /** Adds newly listed shards, deciding where each starts. Known shards only get their listing refreshed. */
  protected merge(listing: KinesisShard[], initial: boolean): void {
    const byId = new Map(listing.filter((s) => s.ShardId).map((s) => [s.ShardId!, s]));
    const parentsOf = (s: KinesisShard) => [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p && p !== s.ShardId);
    const { checkpoints = {}, resumeAt = {} } = this.options;
    // Ancestors of a checkpointed shard were read to their end before it: skip them.
    const readBefore = new Set<string>();
    const markAncestors = (id: string): void => {
      for (const p of parentsOf(byId.get(id) ?? {})) {
        if (readBefore.has(p) || !byId.has(p)) continue;
        readBefore.add(p);
        markAncestors(p);
      }
    };
    if (initial) [...Object.keys(checkpoints), ...Object.keys(resumeAt)].forEach(markAncestors);
    if (initial) this.reportUnlisted(byId, { ...checkpoints, ...resumeAt });
    const start = this.options.start;
    for (const node of lineageOrder(listing)) {
      const info = byId.get(node.id) ?? node.shard;
      const existing = this.shards.get(node.id);
      if (existing) {
        existing.info = info;
        continue;
      }
      const s: ShardState = { id: node.id, info, parents: parentsOf(info), phase: 'new', resume: { type: 'TRIM_HORIZON' } };
      const at = resumeAt[node.id];
      const checkpoint = at ? undefined : checkpoints[node.id];
      if (at) {
        s.resume = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: at };
      } else if (checkpoint) {
        s.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint };
        s.lastSeq = checkpoint;
      } else if (!initial) {
        // Appeared after the start (a resharding's children): everything in it was written after the start.
      } else if (readBefore.has(node.id)) {
        s.phase = 'skipped';
      } else if (start.type === 'AT_TIMESTAMP') {
        s.resume = { type: 'AT_TIMESTAMP', timestampMs: start.timestampMs };
      } else if (start.type === 'LATEST') {
        // A child of a shard being read holds only records after the parent's: none may be skipped.
        const parentIsRead = s.parents.some((p) => { const ps = this.shards.get(p); return ps !== undefined && ps.phase !== 'skipped'; });
        if (node.closed) s.phase = 'skipped';
        else if (!parentIsRead) {
          s.resume = { type: 'LATEST' };
          s.writtenSince = this.clock.now();
        }
      }
      this.shards.set(node.id, s);
      if (s.phase === 'skipped') this.emit({ type: 'shard', shardId: s.id, status: 'closed' });
    }
  }

  /** A shard to resume that is not listed any more was trimmed whole: its records from there on are lost. */
  private reportUnlisted(listed: ReadonlyMap<string, unknown>, positions: Record<string, string>): void {
    for (const [id, seq] of Object.entries(positions)) {
      if (!listed.has(id)) this.emit({ type: 'gap', shardId: id, message: `Shard ${id} is not in the stream any more (past its retention): its records from sequence number ${seq} on are not retained` });
    }
  }

  /** Every parent read to its end (a parent no longer listed was trimmed: nothing left to read). */
  protected parentsDone(s: ShardState): boolean {
    return s.parents.every((id) => {
      const p = this.shards.get(id);
      return !p || p.phase === 'done' || p.phase === 'skipped';
    });
  }

  // ---- one shard -----------------------------------------------------------------------------------------------

  protected iteratorAt(s: ShardState, request: AbortSignal): Promise<string | undefined> {
    return this.api.getShardIterator(this.options.streamName, s.id, s.resume, request);
  }

  /** Arrival times are exact: AT_TIMESTAMP starts at once where the lost LATEST position was. */
  protected positionBefore(sinceMs: number): KinesisIteratorPosition {
    return { type: 'AT_TIMESTAMP', timestampMs: sinceMs };
  }

  protected async shardLoop(s: ShardState, signal: AbortSignal): Promise<void> {
    const retry = new Retry(this.newBackoff());
    let iterator: string | undefined;
    let nextCallAt = 0;
    /** When the latest GetRecords started; the next may start a busy (or idle) gap later. */
    let lastStart = 0;
    let prefetched: Promise<KinesisRecordsPage> | undefined;
    while (!signal.aborted) {
      try {
        if (iterator === undefined) {
          iterator = await this.openIterator(s, signal);
          if (iterator === undefined) return;
        }
        let page: KinesisRecordsPage;
        if (prefetched) {
          page = await prefetched;
          prefetched = undefined;
        } else {
          await this.sleepUntil(nextCallAt, signal);
          if (signal.aborted) return;
          lastStart = this.clock.now();
          page = await this.getRecords(iterator, signal);
        }
        this.recovered(`shard:${s.id}`);
        retry.succeeded();
        const records = page.records ?? [];
        nextCallAt = lastStart + this.gapAfter(records.length);
        if (!page.nextShardIterator) {
          this.deliver(s, records);
          return this.finishShard(s);
        }
        iterator = page.nextShardIterator;
        // Draining a backlog: when the next call may already start (a busy gap after the last one began), ask for the
        // next page before decoding this one, so decoding overlaps the request. The pacing between starts is kept.
        if (records.length > 0 && this.clock.now() >= nextCallAt) {
          lastStart = this.clock.now();
          prefetched = this.getRecords(iterator, signal);
          prefetched.catch(() => undefined); // awaited (and its failure handled) on the next turn of the loop
          // The SDK writes the request out only after some promise turns, which would wait for the decoding: let
          // it leave first, so the server works on the next page while this one is decoded.
          await this.nextTurn();
        }
        this.deliver(s, records);
      } catch (err) {
        prefetched = undefined;
        const next = await this.shardFailed(s, err, signal, retry);
        if (next === 'end') return;
        if (next === 'reopen') iterator = undefined;
      }
    }
  }

  private getRecords(iterator: string, signal: AbortSignal): Promise<KinesisRecordsPage> {
    return this.call(signal, (request) => this.api.getRecords(iterator, KINESIS_TIMING.getRecordsLimit, request));
  }

  /** Decodes and delivers the records after the last one delivered; drops replays of the same Kinesis record. */
  private deliver(s: ShardState, records: readonly KinesisRecord[]): void {
    const recent = this.sinceStart(s, records, (r) => r.arrivalMs);
    const fresh = s.lastSeq === undefined ? recent : recent.filter((r) => compareSequenceNumbers(r.sequenceNumber, s.lastSeq!) > 0);
    if (fresh.length === 0) return;
    // Decoded before the position moves: the position never passes records that were not delivered.
    const decoded = this.decoder.decodeBatch(s.id, fresh);
    s.lastSeq = fresh[fresh.length - 1].sequenceNumber;
    s.resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: s.lastSeq };
    this.meter.delivered(decoded, this.clock.now());
    this.emit({ type: 'records', shardId: s.id, records: decoded });
  }
}
