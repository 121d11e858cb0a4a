// What the panel says about the tail, as text: heading, status line, empty-list message, notices, pause button.
// Pure (no DOM): statusView.ts and the controller put these strings into Text nodes.
import { formatCount, formatDuration, formatRate, formatTime } from '../core/records/display';
import { describeStart, panelTitle, toStartPosition, type NoticeLevel, type PanelInit, type PanelNotice, type PanelStatus, type StartPosition } from '../core/panel/protocol';
import { plural } from '../core/util/plural';

export interface Heading {
  title: string;
  meta: string;
  /** Tooltip of the meta line. */
  metaTitle: string;
}

export function headingOf(init: PanelInit): Heading {
  const parts = [
    init.source === 'kinesis' ? 'Kinesis data stream' : init.viewType ? String(init.viewType) : 'view type unknown',
    init.onlyShardId ? `shard ${String(init.onlyShardId)} only` : 'all shards',
    startedText(toStartPosition(init.startPosition) ?? 'LATEST'),
    `holds ${formatCount(init.maxRecords)} records`,
  ];
  return { title: panelTitle({ source: init.source, name: String(init.name ?? ''), region: init.region ? String(init.region) : undefined }), meta: parts.join(' · '), metaTitle: String(init.streamArn ?? '') };
}

function startedText(p: StartPosition): string {
  if (typeof p === 'string') return `started at ${p}`;
  return p.type === 'AT_TIMESTAMP' ? `started at ${new Date(p.timestampMs).toISOString()}` : `started ${describeStart(p)}`;
}

/** One piece of the status line; the view separates pieces with " · ". */
export interface StatusPart {
  text: string;
  className?: string;
  title?: string;
}

export interface StatusLine {
  parts: StatusPart[];
  /** Appended after the parts when a filter hides records. */
  filtered?: string;
}

const STATE_TEXT: Readonly<Record<string, string>> = { starting: 'Starting', running: 'Running', reconnecting: 'Reconnecting', stopped: 'Stopped' };

/** A reconnecting tail says why in its first word when it is throttled or waits for a sign-in (the reason's wording
 * comes from the reader). */
function stateText(state: string, reason: unknown): string {
  if (state === 'reconnecting' && typeof reason === 'string') {
    if (reason.startsWith('Throttled')) return 'Throttled';
    if (reason.startsWith('Sign in again')) return 'Waiting for sign-in';
  }
  return STATE_TEXT[state] ?? state;
}

/**
 * The status line: state (with its reason when stopped or reconnecting), pause, shards, rate, lag, held/evicted, and
 * how many rows a filter leaves. Before the first status: "Connecting…".
 */
export function statusLineOf(s: PanelStatus | undefined, init: PanelInit | undefined, filterActive: boolean, shownRows: number): StatusLine {
  if (!s) return { parts: [{ text: 'Connecting…', className: 'state state-starting' }] };
  const state = String(s.state);
  const parts: StatusPart[] = [{ text: stateText(state, s.reason), className: `state state-${STATE_TEXT[state] ? state : 'unknown'}`, title: s.reason ? String(s.reason) : undefined }];
  if (s.reason && (state === 'stopped' || state === 'reconnecting')) parts.push({ text: String(s.reason), className: 'reason' });
  if (s.paused) parts.push({ text: `Paused: ${plural(s.pending, 'new record')} held, shown on resume`, className: 'paused-note' });
  const sh = s.shards ?? { reading: 0, closed: 0, waitingParent: 0 };
  const shardText = [`${plural(sh.reading, 'shard')} tailed`];
  if (sh.closed) shardText.push(`${formatCount(sh.closed)} closed`);
  if (sh.waitingParent) shardText.push(`${formatCount(sh.waitingParent)} waiting for parent`);
  parts.push({ text: shardText.join(', ') });
  parts.push({ text: `${formatRate(s.stats?.recordsPerSecond)} records/s` });
  parts.push({ text: `lag ${formatDuration(s.stats?.lagMs)}` });
  parts.push({ text: `${formatCount(s.held)} held${init ? ` of ${formatCount(init.maxRecords)}` : ''}` });
  parts.push({ text: evictedText(s.evicted, s.evictedByBytes), title: 'Oldest records dropped to stay within the record cap (tail.maxRecords) or the byte budget (tail.maxHeldMegabytes)' });
  if (s.unreadable) parts.push({ text: `${formatCount(s.unreadable)} unreadable`, className: 'unreadable-count', title: 'Records the panel could not convert: held as their raw text, cut, and marked UNREADABLE' });
  if (s.ttlExpired) parts.push({ text: `${formatCount(s.ttlExpired)} TTL expired`, className: 'ttl-count', title: 'Items deleted by TTL since the tail started (REMOVE records by dynamodb.amazonaws.com)' });
  if (s.lambda && typeof s.lambda === 'object') {
    parts.push({ text: `${formatCount(s.lambda.wouldInvoke)} of ${formatCount(s.lambda.held)} would invoke`, className: 'lambda-count', title: 'Held records the Lambda filter passes' });
  }
  return { parts, filtered: filterActive ? ` · ${formatCount(shownRows)} shown (filtered)` : undefined };
}

/** "1,234 evicted", saying which limit evicted them: "(byte budget)", or how many of them it did. */
export function evictedText(evicted: number, byBytes = 0): string {
  const text = `${formatCount(evicted)} evicted`;
  if (!(byBytes > 0)) return text;
  return byBytes >= evicted ? `${text} (byte budget)` : `${text} (${formatCount(byBytes)} by byte budget)`;
}

/** What the list says when it has no row, from the most specific reason to the default. */
export function emptyListText(s: PanelStatus | undefined, init: PanelInit | undefined, filterActive: boolean): string {
  if (s && s.held > 0 && filterActive) return `No record matches the filter (${formatCount(s.held)} held).`;
  if (s?.state === 'stopped') return 'The tail stopped. Restart it from the toolbar.';
  if (s && s.received > 0) return s.paused ? 'Paused. New records are held and shown on resume.' : 'Cleared. New records will appear here.';
  if (init?.startPosition === 'TRIM_HORIZON') return 'Reading from the oldest record still in the stream…';
  if (init && typeof init.startPosition === 'object') return `Reading ${describeStart(toStartPosition(init.startPosition) ?? 'TRIM_HORIZON')}…`;
  return 'Waiting for changes… (LATEST: only changes made from now on appear; restart from TRIM_HORIZON to read the last 24 hours)';
}

export function pauseButtonOf(paused: boolean): { label: string; title: string } {
  return paused
    ? { label: 'Resume', title: 'Resume: show the records received while paused' }
    : { label: 'Pause', title: 'Pause: keep receiving records but stop adding them to the list' };
}

/** Notices kept by the panel (the host may send many over a long tail). */
export const MAX_NOTICES = 50;
/** Notices shown at once: the newest not dismissed. */
export const VISIBLE_NOTICES = 3;

export interface NoticeView {
  id: number;
  level: NoticeLevel;
  /** `alert` for errors (read out at once), `note` otherwise. */
  role: 'alert' | 'note';
  time: string;
  message: string;
}

export function visibleNotices(notices: readonly PanelNotice[], dismissed: readonly number[]): NoticeView[] {
  const hidden = new Set(dismissed);
  return notices
    .filter((n) => n && !hidden.has(n.id))
    .slice(-VISIBLE_NOTICES)
    .map((n) => {
      const level = n.level === 'error' || n.level === 'warning' ? n.level : 'info';
      return { id: n.id, level, role: level === 'error' ? 'alert' : 'note', time: formatTime(n.atMs), message: String(n.message) };
    });
}

/** The notice list after one more arrives: the newest MAX_NOTICES. */
export function addNotice(notices: readonly PanelNotice[], notice: PanelNotice): PanelNotice[] {
  return [...notices, notice].slice(-MAX_NOTICES);
}
