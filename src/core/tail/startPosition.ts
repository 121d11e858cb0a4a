// Where a tail starts: from now (LATEST), everything retained (TRIM_HORIZON), since a time, or after a sequence number
// per shard. Labels, parsing of what the user types, and the time filter DynamoDB Streams needs (it has no timestamp
// iterator: read from the trim horizon and skip older records). Pure: no vscode, no SDK.
import { approximateCreationMs, type StreamRecord } from '../records/model';
import type { KinesisStart } from './kinesis/types';
import type { StartPosition, TailEvent } from './types';
import { plural } from '../util/plural';
// The parts the webview needs too live in protocol.ts (the webview may import only it among these).
export { describeStart, isStartKind, parseCheckpoints, START_KINDS, START_LABELS, startKindOf, toStartPosition } from '../panel/protocol';

/**
 * "since a time…": an ISO date-time (`2024-08-06T12:00:00Z`, local time without a zone), or a duration back from now
 * (`15m`, `2h`, `1d`). Streams keep records 24 h, so an earlier time reads everything retained.
 */
export function parseSinceTime(text: string, nowMs: number): { ok: true; timestampMs: number } | { ok: false; error: string } {
  const t = text.trim();
  const ago = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(t);
  if (ago) {
    const unit = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[ago[2].toLowerCase() as 's' | 'm' | 'min' | 'h' | 'd'];
    return { ok: true, timestampMs: nowMs - Number(ago[1]) * unit };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms > nowMs ? { ok: false, error: 'That time is in the future: choose "from now (LATEST)" instead.' } : { ok: true, timestampMs: ms };
  }
  return { ok: false, error: 'Enter a date-time such as 2024-08-06T12:00:00Z (local time without the Z), or a time ago such as 15m, 2h, 1d.' };
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
 * creation times down to the minute, so there the cut is to the minute.)
 */
export function skipRecordsBefore(timestampMs: number, onEvent: (e: TailEvent) => void): (e: TailEvent) => void {
  let skipped = 0;
  let caughtUp = false;
  const since = new Date(timestampMs).toISOString();
  onEvent({ type: 'notice', message: `Since ${since}: DynamoDB Streams has no timestamp iterator, so the tail reads from the oldest retained record and skips older ones while it catches up.` });
  return (e) => {
    if (e.type !== 'records') return onEvent(e);
    const kept = e.records.filter((r: StreamRecord) => {
      const ms = approximateCreationMs(r);
      return ms === undefined || ms >= timestampMs;
    });
    skipped += e.records.length - kept.length;
    if (kept.length > 0 && !caughtUp) {
      caughtUp = true;
      onEvent({ type: 'notice', message: `Caught up to ${since}: ${plural(skipped, 'older record')} skipped.` });
    }
    if (kept.length > 0) onEvent({ ...e, records: kept });
  };
}
