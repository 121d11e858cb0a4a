// What the `Local triggers` view shows of one running trigger, folded from the engine's activities (pure): its state,
// counters, the latest batch reports (an attempt's report replaced by id when it ends), cold starts and the last
// checkpoint; and the words of its tree rows, tooltips and status bar item.
import { plural } from '../util/plural';
import type { BatchOutcome, BatchReport, TriggerActivity, TriggerCheckpoints, TriggerState } from './types';

/** How many batch reports a trigger keeps (the view's children). */
export const MAX_BATCH_REPORTS = 50;

export interface TriggerCounters {
  /** Invocations that ended (any outcome). */
  invocations: number;
  /** Batches the handler finished without an error. */
  batches: number;
  /** Records in those batches. */
  records: number;
  /** Invocations that ended in an error or named failed items. */
  failures: number;
  /** Invocations of records already tried (attempt 2 and later). */
  retries: number;
  bisected: number;
  sentToDestination: number;
  droppedByAge: number;
  coldStarts: number;
}

export interface TriggerProgress {
  state: TriggerState;
  /** Why it stopped (or reconnects), as the engine said. */
  reason?: string;
  counters: TriggerCounters;
  /** Newest first, at most MAX_BATCH_REPORTS. */
  batches: BatchReport[];
  /** The most recent cold start's init time. */
  lastColdStartMs?: number;
  checkpoints?: TriggerCheckpoints;
  checkpointAtMs?: number;
  lastNotice?: { message: string; level: 'info' | 'warning' | 'error'; atMs: number };
}

export function emptyProgress(state: TriggerState = 'starting', checkpoints?: TriggerCheckpoints): TriggerProgress {
  return {
    state,
    counters: { invocations: 0, batches: 0, records: 0, failures: 0, retries: 0, bisected: 0, sentToDestination: 0, droppedByAge: 0, coldStarts: 0 },
    batches: [],
    checkpoints,
  };
}

/** The counters one ended report adds. */
function contribution(b: BatchReport): Partial<TriggerCounters> {
  const byOutcome: Record<Exclude<BatchOutcome, 'running'>, Partial<TriggerCounters>> = {
    success: { batches: 1, records: b.size },
    error: { failures: 1 },
    partial: { failures: 1 },
    bisected: { failures: 1, bisected: 1 },
    'sent-to-destination': { sentToDestination: 1 },
    'dropped-by-age': { droppedByAge: 1 },
  };
  if (b.outcome === 'running') return {};
  // A report given up on without an invocation of its own (no duration) is no invocation.
  const invoked = b.durationMs !== undefined ? { invocations: 1 } : {};
  return { ...invoked, ...byOutcome[b.outcome] };
}

function addTo(counters: TriggerCounters, part: Partial<TriggerCounters>, sign: 1 | -1): TriggerCounters {
  const next = { ...counters };
  for (const [k, v] of Object.entries(part) as [keyof TriggerCounters, number][]) next[k] += sign * v;
  return next;
}

/** The progress after one activity (a new object; `progress` is left as it was). */
export function applyActivity(progress: TriggerProgress, activity: TriggerActivity, nowMs: number): TriggerProgress {
  switch (activity.type) {
    case 'state':
      return { ...progress, state: activity.state, reason: activity.reason };
    case 'checkpoint':
      return { ...progress, checkpoints: activity.checkpoints, checkpointAtMs: nowMs };
    case 'notice':
      return { ...progress, lastNotice: { message: activity.message, level: activity.level, atMs: nowMs } };
    case 'onFailure':
      return progress; // counted by its batch's `sent-to-destination` report
    case 'batch':
      return withBatch(progress, activity.batch);
  }
}

function withBatch(progress: TriggerProgress, batch: BatchReport): TriggerProgress {
  const index = progress.batches.findIndex((b) => b.id === batch.id);
  const previous = index >= 0 ? progress.batches[index] : undefined;
  let counters = progress.counters;
  // A report ends once; one that changes its outcome again (e.g. error, then given up on) moves its counts.
  if (previous) counters = addTo(counters, contribution(previous), -1);
  counters = addTo(counters, contribution(batch), 1);
  if (!previous && batch.attempt > 1) counters = addTo(counters, { retries: 1 }, 1);
  const newColdStart = batch.coldStartMs !== undefined && previous?.coldStartMs === undefined;
  if (newColdStart) counters = addTo(counters, { coldStarts: 1 }, 1);
  const batches = previous
    ? progress.batches.map((b, i) => (i === index ? batch : b))
    : [batch, ...progress.batches].slice(0, MAX_BATCH_REPORTS);
  return { ...progress, counters, batches, lastColdStartMs: newColdStart ? batch.coldStartMs : progress.lastColdStartMs };
}

/** The tree row's description: state, then what has happened (only the counters that are not zero, but batches). */
export function progressSummary(progress: TriggerProgress): string {
  const c = progress.counters;
  const parts: string[] = [stateText(progress)];
  parts.push(plural(c.batches, 'batch', 'batches'), plural(c.records, 'record'));
  if (c.failures) parts.push(plural(c.failures, 'failure'));
  if (c.retries) parts.push(plural(c.retries, 'retry', 'retries'));
  if (c.bisected) parts.push(`${c.bisected.toLocaleString('en-US')} bisected`);
  if (c.sentToDestination) parts.push(`${c.sentToDestination.toLocaleString('en-US')} sent to destination`);
  if (c.droppedByAge) parts.push(`${c.droppedByAge.toLocaleString('en-US')} dropped by age`);
  return parts.join(' · ');
}

export function stateText(progress: TriggerProgress): string {
  if (progress.state === 'stopped' && progress.reason) return `stopped (${progress.reason})`;
  return progress.state;
}

/** The status bar item's text (after its icon): label and successful batches. */
export function statusBarText(label: string, progress: TriggerProgress): string {
  const c = progress.counters;
  const trouble = c.failures ? ` · ${plural(c.failures, 'failure')}` : '';
  return `${label}: ${plural(c.batches, 'batch', 'batches')}${trouble}`;
}

/** A sequence number shortened for a row (they are 21 digits long): its last 8 digits. */
export function shortSequence(sequenceNumber: string): string {
  return sequenceNumber.length > 10 ? `…${sequenceNumber.slice(-8)}` : sequenceNumber;
}

/** A shard id shortened for a row: its last part (`shardId-00000001700000000000-1a2b3c4d` → `1a2b3c4d`). */
export function shortShard(shardId: string): string {
  const last = shardId.split('-').pop();
  return last && last.length >= 4 ? last : shardId;
}

const OUTCOME_TEXT: Record<BatchOutcome, string> = {
  running: 'running',
  success: 'succeeded',
  error: 'failed',
  partial: 'partly failed',
  bisected: 'failed, bisected',
  'sent-to-destination': 'sent to destination',
  'dropped-by-age': 'dropped by age',
};

export function outcomeText(outcome: BatchOutcome): string {
  return OUTCOME_TEXT[outcome];
}

/** A batch row's label: outcome, size and attempt. */
export function batchLabel(batch: BatchReport): string {
  const attempt = batch.attempt > 1 ? ` · attempt ${batch.attempt}` : '';
  return `${outcomeText(batch.outcome)} · ${plural(batch.size, 'record')}${attempt}`;
}

/** A batch row's description: shard, sequence range, duration, iterator age, cold start and the error's message. */
export function batchDescription(batch: BatchReport): string {
  const parts = [`${shortShard(batch.shardId)} ${shortSequence(batch.firstSequenceNumber)}–${shortSequence(batch.lastSequenceNumber)}`];
  if (batch.durationMs !== undefined) parts.push(`${batch.durationMs.toLocaleString('en-US')} ms`);
  if (batch.iteratorAgeMs !== undefined) parts.push(`age ${batch.iteratorAgeMs.toLocaleString('en-US')} ms`);
  if (batch.coldStartMs !== undefined) parts.push('cold start');
  if (batch.failedIds?.length) parts.push(`${plural(batch.failedIds.length, 'failed item')}`);
  if (batch.message) parts.push(batch.message);
  return parts.join(' · ');
}

/** A batch row's tooltip, label/value lines (values are text: the message comes from the handler). */
export function batchDetailLines(batch: BatchReport): [string, string][] {
  const lines: [string, string][] = [
    ['Outcome', outcomeText(batch.outcome)],
    ['Shard', batch.shardId],
    ['Sequence numbers', `${batch.firstSequenceNumber} – ${batch.lastSequenceNumber}`],
    ['Records', batch.size.toLocaleString('en-US')],
    ['Attempt', String(batch.attempt)],
    ['Started', new Date(batch.startedAtMs).toISOString()],
  ];
  if (batch.lane > 0) lines.push(['Lane', String(batch.lane)]);
  if (batch.durationMs !== undefined) lines.push(['Duration', `${batch.durationMs.toLocaleString('en-US')} ms`]);
  if (batch.coldStartMs !== undefined) lines.push(['Cold start', `${batch.coldStartMs.toLocaleString('en-US')} ms to load the handler`]);
  if (batch.iteratorAgeMs !== undefined) lines.push(['Iterator age', `${batch.iteratorAgeMs.toLocaleString('en-US')} ms`]);
  if (batch.message) lines.push(['Message', batch.message]);
  if (batch.failedIds?.length) lines.push(['Failed items', batch.failedIds.join(', ')]);
  return lines;
}

/** The checkpoint's lines for a tooltip: when it was saved, then per shard the last sequence number done. */
export function checkpointLines(checkpoints: TriggerCheckpoints | undefined, atMs?: number): [string, string][] {
  const shards = Object.entries(checkpoints?.shards ?? {});
  if (shards.length === 0) return [['Checkpoint', `none yet (starts at ${checkpoints?.startingPosition ?? 'its starting position'})`]];
  const when: [string, string][] = atMs !== undefined ? [['Checkpoint saved', new Date(atMs).toISOString()]] : [];
  return [...when, ...shards.map(([shard, seq]): [string, string] => [`Checkpoint of ${shard}`, seq])];
}

/** The progress's counters as tooltip lines. */
export function counterLines(progress: TriggerProgress): [string, string][] {
  const c = progress.counters;
  const lines: [string, string][] = [
    ['State', stateText(progress)],
    ['Batches done', `${c.batches.toLocaleString('en-US')} (${plural(c.records, 'record')})`],
    ['Invocations', `${c.invocations.toLocaleString('en-US')} (${plural(c.failures, 'failure')}, ${plural(c.retries, 'retry', 'retries')})`],
    ['Bisected', c.bisected.toLocaleString('en-US')],
    ['Sent to destination', c.sentToDestination.toLocaleString('en-US')],
    ['Dropped by age', c.droppedByAge.toLocaleString('en-US')],
    ['Cold starts', progress.lastColdStartMs !== undefined ? `${c.coldStarts.toLocaleString('en-US')} (last: ${progress.lastColdStartMs.toLocaleString('en-US')} ms)` : '0'],
  ];
  if (progress.lastNotice) lines.push(['Last notice', progress.lastNotice.message]);
  return lines;
}

/** One line for the trigger's output channel about an ended (or started) batch. */
export function batchLogLine(batch: BatchReport): string {
  const time = new Date(batch.startedAtMs).toISOString();
  return `[${time}] batch ${batch.id} ${batchLabel(batch)} · ${batchDescription(batch)}`;
}
