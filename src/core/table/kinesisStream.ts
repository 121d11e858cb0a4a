// Create Kinesis data stream…: the name and capacity checked as Kinesis checks them, and the CreateStream request
// (pure; the shape mirrors the documented CreateStream input).

/** Kinesis stream names: 1–128 of letters, digits, `_`, `.`, `-`. */
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Kinesis's default quota of shards per stream in most regions (a higher count needs a quota increase). */
export const MAX_SHARDS_HINT = 500;

export type NewKinesisStream = { name: string; mode: 'ON_DEMAND' } | { name: string; mode: 'PROVISIONED'; shardCount: number };

/** The CreateStream input, as documented: on-demand carries StreamModeDetails and no ShardCount. */
export interface CreateStreamRequest {
  StreamName: string;
  ShardCount?: number;
  StreamModeDetails?: { StreamMode: 'ON_DEMAND' | 'PROVISIONED' };
}

/** Why a name is not a Kinesis stream name, or undefined when it is one. */
export function validateKinesisStreamName(text: string): string | undefined {
  if (text.length === 0) return 'Enter a stream name';
  if (text.length > 128) return `A stream name has at most 128 characters (this one has ${text.length})`;
  if (!STREAM_NAME.test(text)) return 'A stream name uses only letters, digits, "_", "." and "-"';
  return undefined;
}

/** Why a typed shard count is not one, or undefined when it is a whole number from 1. */
export function validateShardCount(text: string): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1) return 'Enter a whole number of shards, 1 or more';
  if (!Number.isSafeInteger(Number(value))) return 'That shard count is too large';
  return undefined;
}

/** The request for the spec; throws on a spec the prompts would have refused (a caller's bug, not the user's). */
export function createStreamRequest(spec: NewKinesisStream): CreateStreamRequest {
  const badName = validateKinesisStreamName(spec.name);
  if (badName) throw new Error(badName);
  if (spec.mode === 'ON_DEMAND') return { StreamName: spec.name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } };
  const badCount = validateShardCount(String(spec.shardCount));
  if (badCount) throw new Error(badCount);
  // Provisioned is Kinesis's default mode: the count alone says it (older servers know no StreamModeDetails).
  return { StreamName: spec.name, ShardCount: spec.shardCount };
}

/** One line for the summary: "on-demand" or "2 shards". */
export function describeNewStream(spec: NewKinesisStream): string {
  if (spec.mode === 'ON_DEMAND') return 'on-demand';
  return `${spec.shardCount} shard${spec.shardCount === 1 ? '' : 's'}`;
}

/** Delays between DescribeStreamSummary polls while the stream is CREATING: quick first, then up to 5 s. */
export function activePollDelayMs(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** Math.min(attempt, 5));
}
