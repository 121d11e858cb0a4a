import assert from 'node:assert/strict';
import type { HeldChange } from '../../../../src/core/history/itemHistory';
import { itemHistory } from '../../../../src/core/history/itemHistory';
import { historyText } from '../../../../src/core/history/historyText';
import { applyTtlFix, planRestoreVersion, planUndoChange, sameState } from '../../../../src/core/history/restoreOne';
import { sameItem } from '../../../../src/core/records/sameItem';
import type { Item, StreamRecord } from '../../../../src/core/records/model';

const key = (pk: string): Item => ({ pk: { S: pk } });
let seq = 5000;
function change(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, oldImage?: Item, newImage?: Item, viewType = 'NEW_AND_OLD_IMAGES'): HeldChange {
  seq++;
  const record: StreamRecord = { eventName, dynamodb: { Keys: key(pk), SequenceNumber: String(seq), OldImage: oldImage, NewImage: newImage, StreamViewType: viewType, ApproximateCreationDateTime: new Date(seq * 1000) } };
  return { id: seq, record };
}
const item = (pk: string, status: string, more: Item = {}): Item => ({ ...key(pk), status: { S: status }, ...more });

describe('restoring one item', () => {
  it('Undo change: MODIFY and REMOVE put the old image back, INSERT deletes; guarded by what the change left', () => {
    const mod = change('MODIFY', 'A', item('A', 'one'), item('A', 'two'));
    assert.deepEqual(planUndoChange(mod.record, [mod]), { keys: key('A'), target: { absent: false, item: item('A', 'one') }, expected: { absent: false, item: item('A', 'two') }, changedAfter: false });
    const rem = change('REMOVE', 'B', item('B', 'gone'));
    assert.deepEqual(planUndoChange(rem.record, []).expected, { absent: true });
    assert.deepEqual(planUndoChange(rem.record, []).target, { absent: false, item: item('B', 'gone') });
    const ins = change('INSERT', 'C', undefined, item('C', 'new'));
    assert.deepEqual(planUndoChange(ins.record, []).target, { absent: true });
    assert.deepEqual(planUndoChange(ins.record, []).expected, { absent: false, item: item('C', 'new') });
  });

  it('a later held change of the same item becomes the guard and is flagged; other items do not count', () => {
    const mod = change('MODIFY', 'A', item('A', 'one'), item('A', 'two'));
    const other = change('MODIFY', 'Z', item('Z', 'x'), item('Z', 'y'));
    const later = change('REMOVE', 'A', item('A', 'two'));
    const plan = planUndoChange(mod.record, [later, mod, other]);
    assert.equal(plan.changedAfter, true);
    assert.deepEqual(plan.expected, { absent: true });
    assert.equal(planUndoChange(mod.record, [mod, other]).changedAfter, false);
  });

  it('refuses without the version before the change; no guard without a new image', () => {
    const newOnly = change('MODIFY', 'A', undefined, item('A', 'two'), 'NEW_IMAGE');
    assert.throws(() => planUndoChange(newOnly.record, []), /NEW_AND_OLD_IMAGES and OLD_IMAGE/);
    const oldOnly = change('MODIFY', 'A', item('A', 'one'), undefined, 'OLD_IMAGE');
    assert.equal(planUndoChange(oldOnly.record, []).expected, undefined);
  });

  it('Restore this version: the version after the change, absent after a REMOVE', () => {
    const mod = change('MODIFY', 'A', item('A', 'one'), item('A', 'two'));
    const later = change('MODIFY', 'A', item('A', 'two'), item('A', 'three'));
    const plan = planRestoreVersion(mod.record, [mod, later]);
    assert.deepEqual(plan.target, { absent: false, item: item('A', 'two') });
    assert.deepEqual(plan.expected, { absent: false, item: item('A', 'three') });
    assert.deepEqual(planRestoreVersion(change('REMOVE', 'A', item('A', 'x')).record, []).target, { absent: true });
  });

  it('flags a TTL in the past and fixes it by clearing, moving a day ahead, or keeping', () => {
    const now = 1_800_000_000_000;
    const rem = change('REMOVE', 'A', item('A', 'x', { expires: { N: '1700000000' } }));
    const plan = planUndoChange(rem.record, [], { ttlAttribute: 'expires', nowMs: now });
    assert.deepEqual(plan.ttlInPast, { attribute: 'expires', epochSeconds: 1_700_000_000 });
    assert.equal(planUndoChange(rem.record, [], { ttlAttribute: 'expires', nowMs: 1_600_000_000_000 }).ttlInPast, undefined);
    assert.equal(planUndoChange(rem.record, [], { ttlAttribute: 'other', nowMs: now }).ttlInPast, undefined);
    const restored = item('A', 'x', { expires: { N: '1700000000' } });
    assert.deepEqual(applyTtlFix(restored, 'expires', 'clear', now), item('A', 'x'));
    assert.deepEqual(applyTtlFix(restored, 'expires', 'move', now), item('A', 'x', { expires: { N: String(1_800_000_000 + 86_400) } }));
    assert.equal(applyTtlFix(restored, 'expires', 'keep', now), restored);
  });

  it('compares states: both absent, or equal items', () => {
    assert.equal(sameState({ absent: true }, { absent: true }, sameItem), true);
    assert.equal(sameState({ absent: true }, { absent: false, item: item('A', 'x') }, sameItem), false);
    assert.equal(sameState({ absent: false, item: item('A', 'x') }, { absent: false, item: item('A', 'x') }, sameItem), true);
    assert.equal(sameState({ absent: false, item: item('A', 'x') }, { absent: false, item: item('A', 'y') }, sameItem), false);
  });
});

describe('item history text', () => {
  it('one section per change, oldest first, with the changed attributes and restorable headings', () => {
    const ins = change('INSERT', 'A', undefined, item('A', 'new'));
    const mod = change('MODIFY', 'A', item('A', 'new'), item('A', 'paid'));
    const rem = change('REMOVE', 'A', item('A', 'paid'));
    const { text, restorable } = historyText('Orders', key('A'), itemHistory([rem, mod, ins], key('A')), 'the 3 records the panel holds');
    const lines = text.split('\n');
    const headings = lines.filter((l) => l.startsWith('## '));
    assert.deepEqual(headings.map((h) => h.split(' · ')[1]), ['INSERT', 'MODIFY', 'REMOVE']);
    assert.ok(text.includes('  ~ status: "new" → "paid"') || text.includes('  ~ status: new → paid'), text);
    assert.deepEqual(restorable.map((r) => r.entry), [0, 1, 2]);
    assert.ok(restorable.every((r) => lines[r.line].startsWith('## ')));
  });

  it('KEYS_ONLY explains why there is nothing', () => {
    const { text, restorable } = historyText('Orders', key('A'), itemHistory([], key('A'), 'KEYS_ONLY'), 'held records');
    assert.match(text, /KEYS_ONLY/);
    assert.equal(restorable.length, 0);
  });
});
