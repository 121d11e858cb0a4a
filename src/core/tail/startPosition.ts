// Where a tail starts: from now (LATEST), everything retained (TRIM_HORIZON), since a time, or after a sequence number
// per shard. Labels, parsing of what the user types, and the time filter DynamoDB Streams needs (it has no timestamp
// iterator: read from the trim horizon and skip older records). Pure: no vscode, no SDK.
import { approximateCreationMs, type StreamRecord } from '../records/model';
import type { KinesisStart } from './kinesis/types';
import type { StartLimits, StartPosition, TailEvent } from './types';
import { plural } from '../util/plural';
// The parts the webview needs too live in protocol.ts (the webview may import only it among these).
export { describeStart, isStartKind, parseCheckpoints, START_KINDS, START_LABELS, startKindOf, toStartPosition } from '../panel/protocol';

/** How far back a stream keeps records: DynamoDB Streams 24 h; Kinesis 24 h by default, up to 365 days. */
export const DYNAMODB_RETENTION_HOURS = 24;
export const KINESIS_MAX_RETENTION_HOURS = 365 * 24;

export function retentionText(limits: StartLimits): string {
  const h = limits.retentionHours;
  const span = h % 24 === 0 ? plural(h / 24, 'day') : plural(h, 'hour');
  return limits.retentionKnown ? `This stream keeps records ${span}` : `Streams keep records at most ${span}`;
}

/**
 * "since a time…": an ISO date-time (`2024-08-06T12:00:00Z`, local time without a zone), or a duration back from now
 * (`15m`, `2h`, `1d`). Refused: the future, and times older than the retention (nothing that old is kept: the
 * oldest retained record is what "everything retained" reads).
 */
export function parseSinceTime(
  text: string,
  nowMs: number,
  limits: StartLimits = { retentionHours: DYNAMODB_RETENTION_HOURS, retentionKnown: true },
): { ok: true; timestampMs: number } | { ok: false; error: string } {
  const t = text.trim();
  const ago = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(t);
  let ms: number | undefined;
  if (ago) {
    const unit = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2].toLowerCase() as 's' | 'm' | 'min' | 'h' | 'd'];
    ms = nowMs - Number(ago[1]) * unit;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const parsed = Date.parse(t);
    if (Number.isFinite(parsed)) ms = parsed;
  }
  if (ms === undefined) return { ok: false, error: 'Enter a date-time such as 2024-08-06T12:00:00Z (local time without the Z), or a time ago such as 15m, 2h, 1d.' };
  return checkSinceTime(ms, nowMs, limits);
}

/** A "since a time" cut-off against now and the retention (also for positions that arrive whole, e.g. in a message). */
export function checkSinceTime(timestampMs: number, nowMs: number, limits: StartLimits): { ok: true; timestampMs: number } | { ok: false; error: string } {
  if (timestampMs > nowMs) return { ok: false, error: 'That time is in the future: choose "from now (LATEST)" instead.' };
  // A minute of slack so that "24h" (or "1d") typed a moment ago still counts as within the retention.
  if (!Number.isFinite(timestampMs) || timestampMs < nowMs - limits.retentionHours * 3_600_000 - 60_000) {
    return { ok: false, error: `That is older than the stream keeps: ${retentionText(limits)}. Choose "everything retained (TRIM_HORIZON)" to start at the oldest retained record.` };
  }
  return { ok: true, timestampMs };
}

/** Checkpoints naming shards the stream does not have are refused (the reader would ignore them and replay every shard). */
export function checkShardIds(checkpoints: Record<string, string>, limits: StartLimits): string | undefined {
  if (!limits.shardIds) return undefined;
  const unknown = Object.keys(checkpoints).filter((id) => !limits.shardIds!.includes(id));
  if (unknown.length === 0) return undefined;
  return `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a shard' : 'are not shards'} of this stream. Its shards: ${shardListText(limits.shardIds)}.`;
}

/** The shard ids for a prompt, cut after a few (a stream can have hundreds). */
export function shardListText(shardIds: readonly string[], max = 5): string {
  if (shardIds.length === 0) return 'none listed';
  return shardIds.length <= max ? shardIds.join(', ') : `${shardIds.slice(0, max).join(', ')} and ${plural(shardIds.length - max, 'more')}`;
}

/** A whole start position (from a message or a command) checked against the limits: an error, or undefined. */
export function checkStartPosition(p: StartPosition, nowMs: number, limits: StartLimits): string | undefined {
  if (typeof p === 'string') return undefined;
  if (p.type === 'AT_TIMESTAMP') {
    const r = checkSinceTime(p.timestampMs, nowMs, limits);
    return r.ok ? undefined : r.error;
  }
  return checkShardIds(p.checkpoints, limits);
}

/** The Kinesis reader's start and checkpoints for a panel's start position (Kinesis has AT_TIMESTAMP itself). */
export function toKinesisStart(p: StartPosition): { start: KinesisStart; checkpoints?: Record<string, string> } {
  if (p === 'LATEST' || p === 'TRIM_HORIZON') return { start: { type: p } };
  if (p.type === 'AT_TIMESTAMP') return { start: { type: 'AT_TIMESTAMP', timestampMs: p.timestampMs } };
  return { start: { type: 'TRIM_HORIZON' }, checkpoints: p.checkpoints };
}

/**
 * DynamoDB Streams "since a time": the reader starts at TRIM_HORIZON and this drops records created before the time,
 * saying so while it catches up and once it has. Records without a creation time are kept. (DynamoDB Local rounds
 * creation times down to the minute.) Creation times are rounded down to `granularityMs` (whole seconds in DynamoDB
 * Streams, minutes in DynamoDB Local), so the cut is too: a record of the cut-off's own second may be newer than it.
 * `quiet`: no notices (a restored panel, whose own notice says what it reads).
 */
export function skipRecordsBefore(timestampMs: number, onEvent: (e: TailEvent) => void, granularityMs = 1_000, quiet = false): (e: TailEvent) => void {
  let skipped = 0;
  let caughtUp = quiet;
  const since = new Date(timestampMs).toISOString();
  const cut = Math.floor(timestampMs / granularityMs) * granularityMs;
  if (!quiet) onEvent({ type: 'notice', message: `Since ${since}: DynamoDB Streams has no timestamp iterator, so the tail reads from the oldest retained record and skips older ones while it catches up.` });
  return (e) => {
    if (e.type !== 'records') return onEvent(e);
    const kept = e.records.filter((r: StreamRecord) => {
      const ms = approximateCreationMs(r);
      return ms === undefined || ms >= cut;
    });
    skipped += e.records.length - kept.length;
    if (kept.length > 0 && !caughtUp) {
      caughtUp = true;
      onEvent({ type: 'notice', message: `Caught up to ${since}: ${plural(skipped, 'older record')} skipped.` });
    }
    if (kept.length > 0) onEvent({ ...e, records: kept });
  };
}
