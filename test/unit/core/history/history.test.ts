import assert from 'node:assert/strict';
import { itemHistory, itemIdentity, KEYS_ONLY_HISTORY, type HeldChange } from '../../../../src/core/history/itemHistory';
import { planUndo } from '../../../../src/core/history/undoPlan';
import type { Item, StreamRecord } from '../../../../src/core/records/model';

const key = (pk: string): Item => ({ pk: { S: pk }, sk: { N: '1' } });
let seq = 1000;
function change(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, oldImage?: Item, newImage?: Item, extra: Partial<StreamRecord> = {}): HeldChange {
  seq++;
  const record: StreamRecord = {
    eventName,
    awsRegion: 'eu-west-1',
    dynamodb: { Keys: key(pk), SequenceNumber: String(seq), OldImage: oldImage, NewImage: newImage, StreamViewType: 'NEW_AND_OLD_IMAGES', ApproximateCreationDateTime: new Date(seq * 1000) },
    ...extra,
  };
  return { id: seq, record };
}
const item = (pk: string, status: string, more: Item = {}): Item => ({ ...key(pk), status: { S: status }, ...more });
const ttl = { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } };

describe('item history', () => {
  it('one identity per item whatever the key order or type, distinct for different items', () => {
    assert.equal(itemIdentity({ a: { S: 'x' }, b: { N: '1' } }), itemIdentity({ b: { N: '1' }, a: { S: 'x' } }));
    assert.notEqual(itemIdentity({ a: { S: '1' } }), itemIdentity({ a: { N: '1' } }));
    assert.notEqual(itemIdentity({ a: { B: new Uint8Array([1]) } }), itemIdentity({ a: { B: new Uint8Array([2]) } }));
  });

  it('oldest first, only that key, with who and the diff between consecutive versions', () => {
    const ins = change('INSERT', 'A', undefined, item('A', 'new'));
    const other = change('MODIFY', 'B', item('B', 'x'), item('B', 'y'));
    const mod = change('MODIFY', 'A', item('A', 'new'), item('A', 'paid'));
    const exp = change('REMOVE', 'A', item('A', 'paid'), undefined, ttl);
    const history = itemHistory([exp, other, mod, ins], key('A'));
    assert.deepEqual(history.entries.map((e) => [e.kind, e.who]), [
      ['INSERT', 'a user write'],
      ['MODIFY', 'a user write'],
      ['TTL', 'TTL expiry (the DynamoDB service)'],
    ]);
    const modify = history.entries[1].diff.filter((d) => d.change !== 'unchanged');
    assert.deepEqual(modify.map((d) => [d.path, d.change]), [['status', 'changed']]);
    assert.deepEqual(history.entries[2].diff.filter((d) => d.change === 'removed').map((d) => d.path).sort(), ['pk', 'sk', 'status']);
  });

  it('KEYS_ONLY says why there is no history; NEW_IMAGE takes the previous change as the old version', () => {
    assert.deepEqual(itemHistory([], key('A'), 'KEYS_ONLY'), { entries: [], unavailable: KEYS_ONLY_HISTORY });
    const a = change('INSERT', 'A', undefined, item('A', 'one'));
    const b = change('MODIFY', 'A', undefined, item('A', 'two'));
    const c = change('MODIFY', 'A', undefined, item('A', 'three'));
    const first = change('MODIFY', 'A', undefined, item('A', 'zero'));
    const unknownStart = itemHistory([first], key('A'), 'NEW_IMAGE');
    assert.match(unknownStart.entries[0].diffMissing ?? '', /old version is not in the stream/);
    const history = itemHistory([a, b, c], key('A'), 'NEW_IMAGE');
    assert.deepEqual(history.entries[2].before, item('A', 'two'));
    assert.deepEqual(history.entries[2].diff.filter((d) => d.change === 'changed').map((d) => [d.oldText, d.newText]), [['"two"', '"three"']]);
  });

  it('a replicated write names its region; Kinesis repeats are left out', () => {
    const rep = change('MODIFY', 'A', item('A', 'x'), item('A', 'y', { 'aws:rep:updateregion': { S: 'us-east-1' } }));
    const dup = change('MODIFY', 'A', item('A', 'x'), item('A', 'y'), { kinesis: { shardId: 's', sequenceNumber: '1', partitionKey: 'p', duplicate: true } });
    const history = itemHistory([rep, dup], key('A'));
    assert.deepEqual(history.entries.map((e) => e.who), ['replication from us-east-1']);
  });
});

describe('undo plan', () => {
  it('per item, the state before the first selected change, guarded by what the last one left', () => {
    const aMod1 = change('MODIFY', 'A', item('A', 'good'), item('A', 'bad1'));
    const aMod2 = change('MODIFY', 'A', item('A', 'bad1'), item('A', 'bad2'));
    const bIns = change('INSERT', 'B', undefined, item('B', 'junk'));
    const cDel = change('REMOVE', 'C', item('C', 'kept'), undefined);
    const steps = planUndo([aMod2, bIns, aMod1, cDel]);
    assert.deepEqual(
      steps.map((s) => [s.action, s.keys.pk.S, s.action === 'restore' ? s.item.status.S : undefined, s.action !== 'skip' ? (s.expected.absent ? 'absent' : s.expected.item.status.S) : undefined]),
      [
        ['restore', 'A', 'good', 'bad2'],
        ['delete', 'B', undefined, 'junk'],
        ['restore', 'C', 'kept', 'absent'],
      ],
    );
    assert.deepEqual(steps[0].changes, [aMod1.id, aMod2.id], 'changes in stream order');
  });

  it('skips an item changed after the selection (a later held change), with what it is now', () => {
    const sel = change('MODIFY', 'A', item('A', 'good'), item('A', 'bad'));
    const later = change('MODIFY', 'A', item('A', 'bad'), item('A', 'newer'));
    const [step] = planUndo([sel], { known: [sel, later] });
    assert.equal(step.action, 'skip');
    assert.equal(step.action === 'skip' && step.reason, 'changed after the selected changes');
    assert.deepEqual(step.action === 'skip' && step.current, { absent: false, item: item('A', 'newer') });
  });

  it('skips what the view type cannot undo, and what is already as it was', () => {
    const noNew = change('MODIFY', 'A', item('A', 'x'), undefined);
    assert.match(planUndo([noNew])[0].action === 'skip' ? (planUndo([noNew])[0] as { reason: string }).reason : '', /no new image/);
    const noOld = change('MODIFY', 'B', undefined, item('B', 'y'));
    assert.match((planUndo([noOld])[0] as { reason: string }).reason, /no old image/);
    const back = [change('MODIFY', 'C', item('C', 'x'), item('C', 'y')), change('MODIFY', 'C', item('C', 'y'), item('C', 'x'))];
    assert.match((planUndo(back)[0] as { reason: string }).reason, /already as before/);
    const gone = [change('INSERT', 'D', undefined, item('D', 'x')), change('REMOVE', 'D', item('D', 'x'))];
    assert.match((planUndo(gone)[0] as { reason: string }).reason, /already absent/);
  });

  it('flags a restored item whose TTL has passed (DynamoDB would delete it again)', () => {
    const expired = change('REMOVE', 'A', item('A', 'x', { expiresAt: { N: '1000' } }), undefined, ttl);
    const [step] = planUndo([expired], { ttlAttribute: 'expiresAt', nowMs: 2_000_000 });
    assert.deepEqual(step.action === 'restore' && step.ttlInPast, { attribute: 'expiresAt', epochSeconds: 1000 });
    const [future] = planUndo([expired], { ttlAttribute: 'expiresAt', nowMs: 500_000 });
    assert.equal(future.action === 'restore' && future.ttlInPast, undefined);
  });
});
