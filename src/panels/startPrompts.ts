// Asks what a start position needs when the restart picker names only its kind: the time for "since a time…", the
// shard ids and sequence numbers for "after a sequence number…". vscode glue over core/tail/startPosition.ts.
import { parseCheckpoints, parseSinceTime, toStartPosition } from '../core/tail/startPosition';
import type { StartKind, StartPosition } from '../core/tail/types';
import { input } from '../ui/prompts';

/** The start position to restart from, or undefined when the user cancelled. */
export async function askStartPosition(choice: StartKind | StartPosition, lastSeen: Record<string, string>): Promise<StartPosition | undefined> {
  if (choice === 'LATEST' || choice === 'TRIM_HORIZON') return choice;
  if (typeof choice === 'object') return toStartPosition(choice);
  if (choice === 'AT_TIMESTAMP') {
    const text = await input({
      title: 'Restart since a time…',
      prompt: 'A date-time (2024-08-06T12:00:00Z, or local time without the Z) or a time ago (15m, 2h, 1d). Streams keep 24 h.',
      value: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      validateInput: (v) => {
        const r = parseSinceTime(v, Date.now());
        return r.ok ? undefined : r.error;
      },
    });
    if (text === undefined) return undefined;
    const r = parseSinceTime(text, Date.now());
    return r.ok ? { type: 'AT_TIMESTAMP', timestampMs: r.timestampMs } : undefined;
  }
  const text = await input({
    title: 'Restart after a sequence number…',
    prompt: 'shardId=sequenceNumber (several separated by commas): those shards resume after that record; the others are read whole.',
    value: Object.entries(lastSeen).map(([shard, seq]) => `${shard}=${seq}`).join(', '),
    validateInput: (v) => {
      const r = parseCheckpoints(v);
      return r.ok ? undefined : r.error;
    },
  });
  if (text === undefined) return undefined;
  const r = parseCheckpoints(text);
  return r.ok ? { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: r.checkpoints } : undefined;
}
