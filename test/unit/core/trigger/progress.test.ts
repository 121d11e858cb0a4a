// The `Local triggers` view's model (pure): counters from the engine's batch reports (an attempt's report replaced by
// id when it ends), the last 50 reports, cold starts, checkpoints, and the rows' words.
import assert from 'node:assert/strict';
import {
  applyActivity,
  batchDescription,
  batchDetailLines,
  batchLabel,
  batchLogLine,
  checkpointLines,
  emptyProgress,
  MAX_BATCH_REPORTS,
  progressSummary,
  shortSequence,
  shortShard,
  statusBarText,
  type TriggerProgress,
} from '../../../../src/core/trigger/progress';
import type { BatchReport, TriggerActivity } from '../../../../src/core/trigger/types';

const SHARD = 'shardId-00000001700000000000-1a2b3c4d';

function report(id: number, over: Partial<BatchReport> = {}): BatchReport {
  return {
    id,
    shardId: SHARD,
    lane: 0,
    firstSequenceNumber: '000000000000000000100',
    lastSequenceNumber: '000000000000000000109',
    size: 10,
    attempt: 1,
    outcome: 'running',
    startedAtMs: Date.UTC(2026, 11, 7, 12, 0, 0),
    ...over,
  };
}

function fold(activities: TriggerActivity[], from: TriggerProgress = emptyProgress()): TriggerProgress {
  return activities.reduce((p, a) => applyActivity(p, a, 1_000), from);
}

const batch = (b: BatchReport): TriggerActivity => ({ type: 'batch', batch: b });

describe('local trigger progress', () => {
  it('a running report replaced by its end: one row, counted once, records of successful batches only', () => {
    const p = fold([
      batch(report(1)),
      batch(report(1, { outcome: 'success', durationMs: 12 })),
      batch(report(2, { size: 4 })),
      batch(report(2, { size: 4, outcome: 'error', durationMs: 30, message: 'Error: poison' })),
    ]);
    assert.deepEqual(p.batches.map((b) => [b.id, b.outcome]), [[2, 'error'], [1, 'success']]);
    assert.equal(p.counters.invocations, 2);
    assert.equal(p.counters.batches, 1);
    assert.equal(p.counters.records, 10);
    assert.equal(p.counters.failures, 1);
  });

  it('counts retries (attempt > 1, once per report), bisected, sent to destination and dropped by age', () => {
    const p = fold([
      batch(report(1, { outcome: 'bisected', durationMs: 5 })),
      batch(report(2, { attempt: 2, size: 5 })),
      batch(report(2, { attempt: 2, size: 5, outcome: 'error', durationMs: 5 })),
      batch(report(3, { attempt: 3, size: 1, outcome: 'sent-to-destination', durationMs: 5 })),
      batch(report(4, { outcome: 'dropped-by-age' })),
    ]);
    assert.equal(p.counters.retries, 2);
    assert.equal(p.counters.bisected, 1);
    assert.equal(p.counters.sentToDestination, 1);
    assert.equal(p.counters.droppedByAge, 1);
    // Dropped by age without an invocation of its own (no duration): not an invocation.
    assert.equal(p.counters.invocations, 3);
    assert.equal(p.counters.failures, 2);
    assert.match(progressSummary(p), /^starting · 0 batches · 0 records · 2 failures · 2 retries · 1 bisected · 1 sent to destination · 1 dropped by age$/);
  });

  it('a report that ends twice moves its counts instead of adding them again', () => {
    const p = fold([
      batch(report(1, { outcome: 'error', durationMs: 5 })),
      batch(report(1, { outcome: 'sent-to-destination', durationMs: 5 })),
    ]);
    assert.equal(p.counters.failures, 0);
    assert.equal(p.counters.sentToDestination, 1);
    assert.equal(p.counters.invocations, 1);
  });

  it(`keeps the newest ${MAX_BATCH_REPORTS} reports, newest first`, () => {
    const p = fold(Array.from({ length: 60 }, (_, i) => batch(report(i + 1, { outcome: 'success', durationMs: 1 }))));
    assert.equal(p.batches.length, MAX_BATCH_REPORTS);
    assert.equal(p.batches[0].id, 60);
    assert.equal(p.batches.at(-1)?.id, 11);
    assert.equal(p.counters.batches, 60);
  });

  it('cold starts: counted once per report, the last init time kept', () => {
    const p = fold([
      batch(report(1, { coldStartMs: 120 })),
      batch(report(1, { coldStartMs: 120, outcome: 'success', durationMs: 3 })),
      batch(report(2, { coldStartMs: 80, outcome: 'success', durationMs: 3 })),
    ]);
    assert.equal(p.counters.coldStarts, 2);
    assert.equal(p.lastColdStartMs, 80);
  });

  it('state, checkpoint and notices; the original progress is left as it was', () => {
    const start = emptyProgress();
    const p = fold([
      { type: 'state', state: 'running' },
      { type: 'checkpoint', checkpoints: { shards: { [SHARD]: '000000000000000000109' }, startedAtMs: 5, startingPosition: 'LATEST' } },
      { type: 'notice', message: 'a gap in the stream', level: 'warning' },
      { type: 'state', state: 'stopped', reason: 'the stream was disabled' },
    ], start);
    assert.equal(start.state, 'starting');
    assert.equal(p.state, 'stopped');
    assert.equal(p.checkpoints?.shards[SHARD], '000000000000000000109');
    assert.equal(p.checkpointAtMs, 1_000);
    assert.equal(p.lastNotice?.message, 'a gap in the stream');
    assert.match(progressSummary(p), /^stopped \(the stream was disabled\) · /);
    assert.deepEqual(checkpointLines(p.checkpoints, p.checkpointAtMs), [
      ['Checkpoint saved', '1970-01-01T00:00:01.000Z'],
      [`Checkpoint of ${SHARD}`, '000000000000000000109'],
    ]);
    assert.deepEqual(checkpointLines(undefined), [['Checkpoint', 'none yet (starts at its starting position)']]);
  });

  it('rows: label, description and tooltip lines name outcome, attempt, range, failed ids and the message', () => {
    const b = report(7, { outcome: 'partial', attempt: 2, durationMs: 1234, failedIds: ['000000000000000000105'], message: 'batchItemFailures', iteratorAgeMs: 50, coldStartMs: 90 });
    assert.equal(batchLabel(b), 'partly failed · 10 records · attempt 2');
    assert.equal(batchDescription(b), '1a2b3c4d …00000100–…00000109 · 1,234 ms · age 50 ms · cold start · 1 failed item · batchItemFailures');
    const lines = Object.fromEntries(batchDetailLines(b));
    assert.equal(lines['Failed items'], '000000000000000000105');
    assert.equal(lines['Iterator age'], '50 ms');
    assert.equal(lines['Cold start'], '90 ms to load the handler');
    assert.match(batchLogLine(b), /^\[2026-12-07T12:00:00.000Z\] batch 7 partly failed · 10 records · attempt 2 · /);
    assert.equal(shortSequence('42'), '42');
    assert.equal(shortShard('odd'), 'odd');
    assert.equal(statusBarText('archive', fold([batch(report(1, { outcome: 'error', durationMs: 1 }))])), 'archive: 0 batches · 1 failure');
  });
});
