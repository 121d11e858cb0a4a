// What a tail panel saves so that it comes back after Reload Window or a restart of VS Code, and how it reads on from
// there. Pure: the panel glue posts the state to the webview (which VS Code keeps with the panel) and the serializer
// (src/commands/restoreTail.ts) reads it back.
//
// The held records themselves are not saved: they are read again from the stream, from the first record the panel
// held per shard. That keeps no item data on disk (item data may be personal or secret, and a panel may hold
// gigabytes), and the stream retains every record for 24 h (DynamoDB) or longer (Kinesis); what it no longer
// retains is reported as a gap by the reader. Only positions, the target, the filters and the connection's identity
// are saved: a few hundred bytes.
import { redactEndpoint, type ResolvedConnection } from '../connection/connection';
import { compareSequenceNumbers } from '../records/model';
import { toFilterSpec, type RecordFilterSpec } from './filter';
import { MAX_LAMBDA_FILTER_TEXT, toStartPosition, type TailSourceKind, type TailTarget } from './protocol';
import type { ResumePosition, StartPosition } from '../tail/types';

export const RESTORE_STATE_VERSION = 1;
/** Most shards whose positions are saved (a stream tail reads the open shards and their recent ancestors). */
export const MAX_SAVED_SHARDS = 1000;

/** Per shard: the first record the panel holds, and the last one it delivered. */
export interface ShardPositions {
  first?: string;
  last?: string;
}

/** What the panel saves; every field is checked again when it is read back (parseRestoreState). */
export interface TailRestoreState {
  version: typeof RESTORE_STATE_VERSION;
  target: Pick<TailTarget, 'source' | 'name' | 'streamArn' | 'viewType' | 'onlyShardId' | 'region' | 'startPosition'>;
  /** The connection the panel read with (connectionIdOf): a restored panel on another connection does not read. */
  connectionId: string;
  /** What that connection is called (its tree label, endpoints without secrets), for the message. */
  connectionLabel: string;
  filter: RecordFilterSpec;
  lambda: { text: string; only: boolean };
  shards: Record<string, ShardPositions>;
  /** When a LATEST tail started reading (ms): after a reload, a shard it delivered nothing of is read from then on. */
  sinceMs?: number;
  /** The next record id: the restored panel numbers on from it, so the webview's saved selection matches nothing old. */
  nextId?: number;
}

/**
 * Taken off `sinceMs` when a restored LATEST tail reads shards it delivered nothing of: the reader compares it with
 * the service's creation times, and a clock a little ahead of the service's must not skip a record written during the
 * reload (the price: such a shard may show a record of the minute before the tail started).
 */
export const RESUME_CLOCK_MARGIN_MS = 60_000;

/**
 * The parts of a connection a stream is reached through (profile, region, endpoint of that service), endpoints without
 * anything that could be a secret: two panels on the same id read the same stream.
 */
export function connectionIdOf(c: ResolvedConnection, source: TailSourceKind): string {
  const endpoint = source === 'kinesis' ? c.kinesisEndpoint : c.streamsEndpoint;
  return JSON.stringify([source, c.profile ?? '', c.region ?? '', endpoint ? redactEndpoint(endpoint) : '']);
}

const SEQUENCE = /^\d{1,128}$/;
const SHARD_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

function text(x: unknown, max = 2048): string | undefined {
  return typeof x === 'string' && x.length <= max ? x : undefined;
}

/** Saved webview state (untrusted: an older version, or edited) as a restore state; undefined when unusable. */
export function parseRestoreState(raw: unknown): TailRestoreState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (s.version !== RESTORE_STATE_VERSION || typeof s.target !== 'object' || s.target === null) return undefined;
  const t = s.target as Record<string, unknown>;
  const source = t.source === 'dynamodb' || t.source === 'kinesis' ? t.source : undefined;
  const name = text(t.name);
  const streamArn = text(t.streamArn);
  const startPosition = toStartPosition(t.startPosition);
  const connectionId = text(s.connectionId);
  const connectionLabel = text(s.connectionLabel);
  const filter = toFilterSpec(s.filter);
  if (!source || !name || !streamArn || !startPosition || connectionId === undefined || connectionLabel === undefined || !filter) return undefined;
  const optional = (x: unknown) => (x === undefined ? undefined : text(x));
  const viewType = optional(t.viewType);
  const onlyShardId = optional(t.onlyShardId);
  const region = optional(t.region);
  if ((t.viewType !== undefined && viewType === undefined) || (t.onlyShardId !== undefined && onlyShardId === undefined) || (t.region !== undefined && region === undefined)) return undefined;
  const l = (typeof s.lambda === 'object' && s.lambda !== null ? s.lambda : {}) as Record<string, unknown>;
  const lambda = { text: text(l.text, MAX_LAMBDA_FILTER_TEXT) ?? '', only: l.only === true };
  const shards = parseShards(s.shards);
  if (!shards) return undefined;
  const target: TailRestoreState['target'] = { source, name, streamArn, startPosition };
  if (viewType !== undefined) target.viewType = viewType;
  if (onlyShardId !== undefined) target.onlyShardId = onlyShardId;
  if (region !== undefined) target.region = region;
  const state: TailRestoreState = { version: RESTORE_STATE_VERSION, target, connectionId, connectionLabel, filter, lambda, shards };
  if (typeof s.sinceMs === 'number' && Number.isSafeInteger(s.sinceMs) && s.sinceMs > 0 && s.sinceMs <= 8.64e15) state.sinceMs = s.sinceMs;
  if (typeof s.nextId === 'number' && Number.isSafeInteger(s.nextId) && s.nextId >= 1) state.nextId = s.nextId;
  return state;
}

function parseShards(x: unknown): Record<string, ShardPositions> | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const entries = Object.entries(x as Record<string, unknown>);
  if (entries.length > MAX_SAVED_SHARDS) return undefined;
  const out: Record<string, ShardPositions> = {};
  for (const [id, value] of entries) {
    if (!SHARD_ID.test(id) || typeof value !== 'object' || value === null) return undefined;
    const { first, last } = value as Record<string, unknown>;
    if ((first !== undefined && !(typeof first === 'string' && SEQUENCE.test(first))) || (last !== undefined && !(typeof last === 'string' && SEQUENCE.test(last)))) return undefined;
    const positions: ShardPositions = {};
    if (first !== undefined) positions.first = first;
    if (last !== undefined) positions.last = last;
    // A first record after the last delivered one cannot be: the state was not written by a panel.
    if (positions.first !== undefined && positions.last !== undefined && compareSequenceNumbers(positions.first, positions.last) > 0) return undefined;
    out[id] = positions;
  }
  return out;
}

/**
 * Where the restored panel reads: a shard it held records of from the first of them (they are shown again, then
 * everything after the last one delivered follows); a shard it held none of any more after the last it delivered;
 * any other shard as its start position says — except that a LATEST tail reads such a shard from when it started
 * (`sinceMs`, less RESUME_CLOCK_MARGIN_MS), so that what was written to it during the reload is not skipped.
 */
export function resumePositionOf(shards: Record<string, ShardPositions>, startPosition: StartPosition, sinceMs?: number): ResumePosition {
  const start: StartPosition = startPosition === 'LATEST' && sinceMs !== undefined ? { type: 'AT_TIMESTAMP', timestampMs: sinceMs - RESUME_CLOCK_MARGIN_MS } : startPosition;
  const at: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const [id, p] of Object.entries(shards)) {
    if (p.first !== undefined) at[id] = p.first;
    else if (p.last !== undefined) after[id] = p.last;
  }
  return { start, at, after };
}

/**
 * A shard's positions as the panel goes on: what it was seeded with (a restored panel, until its re-read reaches it)
 * merged with what it holds and delivered. The first held record wins over a seeded first once one is held; the last
 * delivered is the later of the two.
 */
export function laterSequence(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareSequenceNumbers(a, b) >= 0 ? a : b;
}

/** What a restored panel says first. */
export function restoredNotice(state: TailRestoreState): string {
  const reread = Object.values(state.shards).filter((p) => p.first !== undefined).length;
  if (reread === 0) return 'Restored after a reload: continuing after the last record delivered before it.';
  return `Restored after a reload: re-reading the records this panel held (${reread === 1 ? '1 shard' : `${reread} shards`}) from the stream, then continuing after the last one delivered; records the stream no longer retains are reported as a gap.`;
}

/** What the connection of a source is called in messages: its endpoint without secrets, or profile @ region. */
export function connectionLabelOf(c: ResolvedConnection, source: TailSourceKind): string {
  if (source === 'kinesis') return c.kinesisEndpoint ? redactEndpoint(c.kinesisEndpoint) : `${c.profile ?? 'default'} @ ${c.region ?? 'region from profile'}`;
  return c.label;
}

/** Why a restored panel does not read: the connection is not the one it was opened on. */
export function connectionChangedText(was: string, now: string): string {
  return `Before the reload this tail read through ${was}; the connection is now ${now}, so it did not resume. Restart tails it through the current connection`;
}
