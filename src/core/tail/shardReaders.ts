// How many readers a shard of a DynamoDB stream has: DynamoDB Streams serves at most two at once per shard, and a third
// gets every reader of that shard throttled (a Lambda trigger included). A stream tail reads every shard, a shard tail
// one, a Lambda trigger (an enabled event source mapping) every shard. Pure: the tail commands count before opening.
import { plural } from '../util/plural';

/** Simultaneous readers per shard that DynamoDB Streams serves without throttling. */
export const MAX_READERS_PER_SHARD = 2;

/** A tail that reads (or would read) a DynamoDB stream: every shard, or `onlyShardId`. */
export interface StreamTailRef {
  streamArn: string;
  onlyShardId?: string;
  /** A replica's stream is another region's: never the same shards as this region's, even under the same ARN. */
  region?: string;
}

/** Event source mapping states in which the mapping reads the stream (or is about to). */
const READING_STATES = new Set(['Enabled', 'Enabling', 'Updating', 'Creating']);

export function mappingReads(state: string | undefined): boolean {
  return state !== undefined && READING_STATES.has(state);
}

/** What reads the busiest shard the new tail would read, besides the new tail itself. */
export interface ShardReaders {
  streamTails: number;
  shardTails: number;
  lambdaTriggers: number;
  total: number;
}

/**
 * The readers already on the busiest shard the new tail would read: running tails of the same stream (a stream tail
 * shares every shard; a shard tail shares its shard with a stream tail, or with a tail of the same shard) and the
 * stream's Lambda triggers that read.
 */
export function readersBeside(newTail: StreamTailRef, running: readonly StreamTailRef[], readingTriggers: number): ShardReaders {
  const same = running.filter((t) => t.streamArn === newTail.streamArn && (t.region ?? '') === (newTail.region ?? ''));
  const streamTails = same.filter((t) => t.onlyShardId === undefined).length;
  const shardTailsOn = (shard: string) => same.filter((t) => t.onlyShardId === shard).length;
  let shardTails: number;
  if (newTail.onlyShardId !== undefined) shardTails = shardTailsOn(newTail.onlyShardId);
  else shardTails = Math.max(0, ...same.flatMap((t) => (t.onlyShardId === undefined ? [] : [shardTailsOn(t.onlyShardId)])));
  return { streamTails, shardTails, lambdaTriggers: readingTriggers, total: streamTails + shardTails + readingTriggers };
}

/** The warning before opening a tail that would be a third (or later) reader of a shard; undefined when it would not. */
export function thirdReaderWarning(readers: ShardReaders): { message: string; detail: string } | undefined {
  if (readers.total + 1 <= MAX_READERS_PER_SHARD) return undefined;
  const parts = [
    readers.streamTails ? plural(readers.streamTails, 'stream tail') : '',
    readers.shardTails ? plural(readers.shardTails, 'shard tail') : '',
    readers.lambdaTriggers ? plural(readers.lambdaTriggers, 'Lambda trigger') : '',
  ].filter(Boolean);
  return {
    message: `This tail would be reader ${readers.total + 1} of a shard that allows ${MAX_READERS_PER_SHARD}. Open it anyway?`,
    detail:
      `The shard is read by ${parts.join(', ')} already. DynamoDB Streams serves at most ${MAX_READERS_PER_SHARD} readers per shard at once; ` +
      'with more, GetRecords is throttled for every reader of the shard, the Lambda trigger included, which then falls behind. ' +
      'Close another tail of this stream first, or open anyway.',
  };
}
