// Asks what a start position needs when the restart picker names only its kind: the time for "since a time…", the
// shard ids and sequence numbers for "after a sequence number…". Every position is checked against the stream (its
// shards, its retention) before the tail restarts, so a refused one clears nothing. vscode glue over
// core/tail/startPosition.ts.
import { errorText } from '../core/connection/awsError';
import {
  checkShardIds,
  checkStartPosition,
  DYNAMODB_RETENTION_HOURS,
  KINESIS_MAX_RETENTION_HOURS,
  parseCheckpoints,
  parseSinceTime,
  retentionText,
  shardListText,
  toStartPosition,
} from '../core/tail/startPosition';
import type { TailSourceKind } from '../core/panel/protocol';
import type { RecordSource, StartKind, StartLimits, StartPosition } from '../core/tail/types';
import { input, refuse } from '../ui/prompts';

/** The stream's limits from its source; without a listing, the source's retention and no shard check. */
export async function startLimitsOf(source: TailSourceKind, reader: RecordSource): Promise<{ limits: StartLimits; listingError?: string }> {
  const fallback: StartLimits =
    source === 'kinesis' ? { retentionHours: KINESIS_MAX_RETENTION_HOURS, retentionKnown: false } : { retentionHours: DYNAMODB_RETENTION_HOURS, retentionKnown: true };
  if (!reader.startLimits) return { limits: fallback };
  try {
    return { limits: await reader.startLimits() };
  } catch (err) {
    return { limits: fallback, listingError: errorText(err) };
  }
}

/** The start position to restart from, or undefined when the user cancelled or it was refused (with a message). */
export async function askStartPosition(
  choice: StartKind | StartPosition,
  lastSeen: Record<string, string>,
  stream: { source: TailSourceKind; reader: RecordSource },
): Promise<StartPosition | undefined> {
  if (choice === 'LATEST' || choice === 'TRIM_HORIZON') return choice;
  const { limits, listingError } = await startLimitsOf(stream.source, stream.reader);
  const kind = typeof choice === 'object' ? choice.type : choice;
  // Checkpoints on shards that cannot be checked would be ignored silently: refuse rather than replay every shard.
  if (kind === 'AFTER_SEQUENCE_NUMBER' && listingError) {
    refuse(`Could not list the stream's shards to check the sequence numbers against (${listingError}). Try again.`);
    return undefined;
  }
  if (typeof choice === 'object') {
    const position = toStartPosition(choice);
    const error = position ? checkStartPosition(position, Date.now(), limits) : 'That start position is not valid.';
    if (error) refuse(`Cannot restart: ${error}`);
    return error ? undefined : position;
  }
  if (choice === 'AT_TIMESTAMP') {
    const text = await input({
      title: 'Restart since a time…',
      prompt: `A date-time (2024-08-06T12:00:00Z, or local time without the Z) or a time ago (15m, 2h, 1d). ${retentionText(limits)}.`,
      value: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      validateInput: (v) => {
        const r = parseSinceTime(v, Date.now(), limits);
        return r.ok ? undefined : r.error;
      },
    });
    if (text === undefined) return undefined;
    const r = parseSinceTime(text, Date.now(), limits);
    return r.ok ? { type: 'AT_TIMESTAMP', timestampMs: r.timestampMs } : undefined;
  }
  const checkpointsOf = (v: string) => {
    const r = parseCheckpoints(v);
    if (!r.ok) return r;
    const unknown = checkShardIds(r.checkpoints, limits);
    return unknown ? { ok: false as const, error: unknown } : r;
  };
  const text = await input({
    title: 'Restart after a sequence number…',
    prompt:
      'shardId=sequenceNumber (several separated by commas): those shards resume after that record; the others are read whole.' +
      (limits.shardIds ? ` Shards: ${shardListText(limits.shardIds)}.` : ''),
    value: Object.entries(lastSeen).map(([shard, seq]) => `${shard}=${seq}`).join(', '),
    validateInput: (v) => {
      const r = checkpointsOf(v);
      return r.ok ? undefined : r.error;
    },
  });
  if (text === undefined) return undefined;
  const r = checkpointsOf(text);
  return r.ok ? { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: r.checkpoints } : undefined;
}
