import assert from 'node:assert/strict';
import type { HeldChange } from '../../../../src/core/history/itemHistory';
import { withTtlFix } from '../../../../src/core/history/undoApply';
import { planUndo } from '../../../../src/core/history/undoPlan';
import { countOutcomes, dryRunText, isWrite, reportNdjson, reportText, runBounded, type UndoOutcome, type WriteStep } from '../../../../src/core/history/undoRun';
import type { Item, StreamRecord } from '../../../../src/core/records/model';

const key = (pk: string): Item => ({ pk: { S: pk } });
let seq = 9000;
function change(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, oldImage?: Item, newImage?: Item): HeldChange {
  seq++;
  const record: StreamRecord = { eventName, dynamodb: { Keys: key(pk), SequenceNumber: String(seq), OldImage: oldImage, NewImage: newImage, StreamViewType: 'NEW_AND_OLD_IMAGES' } };
  return { id: seq, record };
}
const item = (pk: string, v: string): Item => ({ ...key(pk), v: { N: v } });

describe('Undo changes…: bounded runner, dry run and report', () => {
  it('runs at most `limit` at once, every item once, and starts none after stop', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const started = await runBounded([...Array(20).keys()], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      done.push(n);
    });
    assert.equal(started, 20);
    assert.equal(peak, 3);
    assert.deepEqual([...done].sort((a, b) => a - b), [...Array(20).keys()]);

    let count = 0;
    const stoppedAt = await runBounded([...Array(20).keys()], 2, async () => {
      count++;
      await new Promise((r) => setImmediate(r));
    }, () => count >= 5);
    assert.ok(stoppedAt >= 5 && stoppedAt <= 6, `started ${stoppedAt}`);
    assert.equal(count, stoppedAt);
    assert.equal(await runBounded([], 8, async () => assert.fail('no items')), 0);
  });

  it('the dry run counts restores, deletes and skips, listing each skipped item with its reason', () => {
    const a1 = change('MODIFY', 'a', item('a', '1'), item('a', '2'));
    const b1 = change('INSERT', 'b', undefined, item('b', '1'));
    const c1 = change('MODIFY', 'c', item('c', '1'), item('c', '2'));
    const c2 = change('MODIFY', 'c', item('c', '2'), item('c', '3'));
    const steps = planUndo([a1, b1, c1], { known: [a1, b1, c1, c2] });
    const text = dryRunText('T', steps);
    assert.match(text, /- 1 item will be restored/);
    assert.match(text, /- 1 item will be deleted/);
    assert.match(text, /- 1 item will be skipped/);
    assert.match(text, /## Skipped\n\n- pk="c": changed after the selected changes/);
    assert.equal(steps.filter(isWrite).length, 2);
  });

  it('restores whose TTL is in the past: listed in the dry run, then cleared, moved a day ahead or kept as chosen', () => {
    const nowMs = 1_800_000_000_000;
    const expired = { ...item('a', '1'), ttl: { N: String(nowMs / 1000 - 60) } };
    const future = { ...item('b', '1'), ttl: { N: String(nowMs / 1000 + 60) } };
    const changes = [change('REMOVE', 'a', expired), change('MODIFY', 'b', future, item('b', '2')), change('INSERT', 'c', undefined, item('c', '1'))];
    const steps = planUndo(changes, { ttlAttribute: 'ttl', nowMs });
    const text = dryRunText('T', steps);
    assert.match(text, /1 item to restore carry a TTL value in the past: DynamoDB would delete them again\. Before the writes you choose/);
    assert.match(text, new RegExp(`- pk="a": ttl = ${new Date(nowMs - 60_000).toISOString()}`));
    assert.doesNotMatch(text, /pk="b": ttl/);
    const writes = steps.filter(isWrite);
    const itemOf = (list: WriteStep[], pk: string) => {
      const step = list.find((s) => s.keys.pk.S === pk);
      return step?.action === 'restore' ? step.item : undefined;
    };
    assert.equal(itemOf(withTtlFix(writes, 'clear', nowMs), 'a')?.ttl, undefined);
    assert.deepEqual(itemOf(withTtlFix(writes, 'move', nowMs), 'a')?.ttl, { N: String(nowMs / 1000 + 24 * 3600) });
    assert.deepEqual(itemOf(withTtlFix(writes, 'keep', nowMs), 'a'), expired);
    // Only the expired item is touched: the other restore and the delete are written as planned.
    for (const fix of ['clear', 'move'] as const) {
      const fixed = withTtlFix(writes, fix, nowMs);
      assert.deepEqual(itemOf(fixed, 'b'), future);
      assert.deepEqual(fixed.find((s) => s.keys.pk.S === 'c'), writes.find((s) => s.keys.pk.S === 'c'));
    }
  });

  it('the report lists conflicts with the current item and failures with their message; NDJSON has one line per item', () => {
    const restore: WriteStep = { action: 'restore', keys: key('a'), item: item('a', '1'), expected: { absent: false, item: item('a', '2') }, changes: [1] };
    const del: WriteStep = { action: 'delete', keys: key('b'), expected: { absent: false, item: item('b', '1') }, changes: [2] };
    const outcomes: UndoOutcome[] = [
      { status: 'restored', step: restore },
      { status: 'deleted', step: del },
      { status: 'conflict', step: { ...restore, keys: key('c') }, current: { ...item('c', '9'), bin: { B: new Uint8Array([1, 2]) } } },
      { status: 'conflict', step: { ...del, keys: key('d') }, current: undefined },
      { status: 'failed', step: { ...restore, keys: key('e') }, error: 'Item size has exceeded the maximum allowed size' },
      { status: 'skipped', step: { action: 'skip', keys: key('f'), reason: 'already absent', changes: [3] } },
    ];
    assert.deepEqual(countOutcomes(outcomes), { restored: 1, deleted: 1, conflict: 2, failed: 1, skipped: 1, notStarted: 0 });
    const text = reportText('T', outcomes);
    assert.match(text, /- Skipped as conflict \(changed since; nothing written\): 2/);
    assert.match(text, /### pk="c"\n\nNow: \n\n```json\n[^`]*"N": "9"/);
    assert.match(text, /### pk="d"\n\nNow: absent/);
    assert.match(text, /## Failed\n\n- pk="e": Item size has exceeded/);
    const lines = reportNdjson(outcomes).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => l.outcome), ['restored', 'deleted', 'conflict', 'conflict', 'failed', 'skipped']);
    assert.deepEqual(lines[2].current, { pk: { S: 'c' }, v: { N: '9' }, bin: { B: 'AQI=' } });
    assert.equal(lines[3].current, null);
    assert.equal(lines[4].error, 'Item size has exceeded the maximum allowed size');
    assert.deepEqual(lines[0].keys, { pk: { S: 'a' } });
  });
});
