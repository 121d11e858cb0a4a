// The background search index (src/core/panel/search/searchIndex.ts) in a tail session, driven by fake timers and a fake clock:
// it fills in slices only while no records arrive, stops on dispose, and never changes what a text filter shows.
import assert from 'node:assert/strict';
import { createMatcher, defaultFilter } from '../../../../../src/core/panel/filter';
import type { AttributeValue, StreamRecord } from '../../../../../src/core/records/model';
import { eventKindOf, searchTextOf } from '../../../../../src/core/records/records';
import { recordFromJsonLine } from '../../../../../src/core/records/recordJson';
import type { SearchIndexOptions } from '../../../../../src/core/panel/search/searchIndex';
import { TailSession } from '../../../../../src/core/panel/tailSession';
import { FakeTimers } from '../../../fakeTimers';

const IDLE_MS = 100;
const STATUSES = ['pending', 'PAID', 'Shipped "fast"', 'İstanbul', 'ΟΔΟΣ', 'c:\\temp', 'ok 😀'];

/** Record i: a few shapes (binary, numbers, sets, maps, unicode, quotes), INSERT / MODIFY / REMOVE. */
function recordAt(i: number): StreamRecord {
  const eventName = (['INSERT', 'MODIFY', 'REMOVE'] as const)[i % 3];
  const key = { pk: { S: `ORDER#${i}` } };
  const image = (n: number): Record<string, AttributeValue> => ({
    ...key,
    status: { S: STATUSES[n % STATUSES.length] },
    total: { N: String(n * 7.5) },
    ...(n % 4 === 0 ? { blob: { B: new Uint8Array([n % 256, 1, 2]) } } : {}),
    ...(n % 5 === 0 ? { tags: { SS: [`t${n % 3}`, 'EUR'] }, nested: { M: { city: { S: n % 2 ? 'Lisbon' : 'Porto' }, list: { L: [{ N: String(n) }, { NULL: true }] } } } } : {}),
  });
  return {
    eventID: `e${i}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(1_700_000_000_000 + i * 1000),
      Keys: key,
      ...(eventName !== 'INSERT' ? { OldImage: image(i) } : {}),
      ...(eventName !== 'REMOVE' ? { NewImage: image(i + 1) } : {}),
      SequenceNumber: String(1000 + i),
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function setup(index: Partial<SearchIndexOptions> = {}, maxRecords = 1000) {
  const timers = new FakeTimers();
  let clock = 0;
  let readClock = () => clock;
  const session = new TailSession({
    target: { source: 'dynamodb', name: 'T', streamArn: 'arn:aws:dynamodb:us-east-1:1:table/T/stream/x', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords },
    post: () => undefined,
    timers: new FakeTimers(), // the webview batches: not under test here
    searchIndex: { timers, clock: () => readClock(), idleMs: IDLE_MS, sliceMs: 1000, sliceRecords: 10, ...index },
  });
  session.onReady();
  let next = 0;
  const add = (n: number) => {
    session.handleEvent({ type: 'records', shardId: 'shard-1', records: Array.from({ length: n }, () => recordAt(next++)) });
  };
  /** Every held id, whatever the filter shows (ids are 1, 2, … in arrival order). */
  const heldIds = () => Array.from({ length: next }, (_, k) => k + 1).filter((id) => session.get(id) !== undefined);
  const indexed = () => heldIds().filter((id) => session.get(id)!.search !== undefined).length;
  /** From now on every read of the clock moves it on by 1 ms (as if each record took that long). */
  const tickingClock = () => (readClock = () => clock++);
  return { session, timers, add, indexed, heldIds, tickingClock, advance: (ms: number) => (clock += ms) };
}

describe('background search index', () => {
  it('fills in slices once records stop arriving, oldest first, with the text the filter would build', () => {
    const { session, timers, add, indexed, advance, heldIds } = setup();
    add(35);
    assert.equal(indexed(), 0, 'nothing is indexed on the hot path');
    assert.deepEqual(timers.pending.map((t) => t.ms), [IDLE_MS]);
    advance(40);
    add(10); // more records: the wait starts again
    advance(IDLE_MS - 40);
    timers.runDue();
    assert.equal(indexed(), 0, 'still within idleMs of the last arrival');
    assert.deepEqual(timers.pending.map((t) => t.ms), [40]);
    advance(40);
    timers.runDue();
    assert.equal(indexed(), 10, 'one slice of sliceRecords');
    assert.ok(session.get(1)!.search !== undefined && session.get(11)!.search === undefined, 'oldest first');
    assert.deepEqual(timers.pending.map((t) => t.ms), [0], 'the next slice yields to the event loop first');
    let slices = 1;
    while (timers.pending.length > 0) {
      timers.runDue();
      slices++;
    }
    assert.equal(slices, 5);
    assert.equal(indexed(), 45);
    for (const id of heldIds()) {
      const held = session.get(id)!;
      assert.equal(held.search, searchTextOf(recordFromJsonLine(held.json)));
    }
    session.dispose();
  });

  it('ends a slice when its time budget is spent', () => {
    const { session, timers, add, indexed, advance, tickingClock } = setup({ sliceMs: 3, sliceRecords: 1000 });
    add(20);
    advance(IDLE_MS);
    tickingClock();
    timers.runDue();
    assert.equal(indexed(), 3);
    assert.deepEqual(timers.pending.map((t) => t.ms), [0]);
    session.dispose();
  });

  it('arrivals between slices pause the fill until the panel is idle again', () => {
    const { session, timers, add, indexed, advance } = setup();
    add(30);
    advance(IDLE_MS);
    timers.runDue();
    assert.equal(indexed(), 10);
    add(5);
    timers.runDue(); // the pending slice sees the new arrival and waits
    assert.equal(indexed(), 10);
    assert.deepEqual(timers.pending.map((t) => t.ms), [IDLE_MS]);
    advance(IDLE_MS);
    while (timers.pending.length > 0) timers.runDue();
    assert.equal(indexed(), 35);
    session.dispose();
  });

  it('skips evicted records and goes on from the oldest held one', () => {
    const { session, timers, add, indexed, advance, heldIds } = setup({}, 25);
    add(20);
    advance(IDLE_MS);
    timers.runDue(); // ids 1–10 indexed
    add(20); // ids 1–15 evicted: held 16–40, of which none is indexed
    assert.equal(heldIds()[0], 16);
    assert.equal(indexed(), 0);
    advance(IDLE_MS);
    while (timers.pending.length > 0) timers.runDue();
    assert.equal(indexed(), 25);
    session.dispose();
  });

  it('stops on dispose: no timer left, a slice already due does nothing', () => {
    const { session, timers, add, indexed, advance } = setup();
    add(30);
    advance(IDLE_MS);
    timers.runDue();
    const due = [...timers.pending];
    assert.equal(due.length, 1);
    session.dispose();
    assert.equal(timers.pending.length, 0);
    due[0].fn();
    assert.equal(indexed(), 10);
    assert.equal(timers.pending.length, 0);
    add(5); // a disposed session ignores records
    assert.equal(timers.pending.length, 0);
  });

  it('a filter mid-fill shows exactly the rows of an unindexed and of a fully indexed panel, and of the full matcher', () => {
    // Each filter on fresh panels: a filter caches the search texts it builds, which would fill the unindexed panel.
    const panels = (slices: number) => {
      const p = setup();
      p.add(120);
      p.advance(IDLE_MS);
      for (let k = 0; k < slices && p.timers.pending.length > 0; k++) p.timers.runDue();
      return p;
    };
    const full = panels(Infinity);
    assert.deepEqual([panels(0).indexed(), panels(5).indexed(), full.indexed()], [0, 50, 120]);

    const kinds = defaultFilter().kinds;
    const terms = ['order#1', 'order#11', 'pending', 'paid', 'shipped', '\\"fast\\"', 'istanbul', 'i̇stanbul', 'οδος', 'c:\\\\temp', '😀', 'eur', 'lisbon', 'base64', 'aqi', '7.5', '15', '"', '=', 'status=', 'null', 'pk', 'no-such-text', 't1', 'city'];
    let partial = 0;
    const texts = [...terms, ...terms.map((t) => `-${t}`), 'eur -lisbon', 'order#1 paid', '"shipped \\"fast"'];
    for (const text of texts) {
      const matcher = createMatcher({ text, kinds });
      const expected = full.heldIds().filter((id) => {
        const json = full.session.get(id)!.json;
        return matcher(eventKindOf(recordFromJsonLine(json)), () => searchTextOf(recordFromJsonLine(json)));
      });
      if (expected.length > 0 && expected.length < 120) partial++;
      for (const [name, p] of [['unindexed', panels(0)], ['mid-fill', panels(5)], ['fully indexed', full]] as const) {
        p.session.setFilter({ text, kinds });
        assert.deepEqual(p.session.visibleRows().map((r) => r.id), expected, `${name} panel, filter ${JSON.stringify(text)}`);
        if (p !== full) p.session.dispose();
      }
    }
    assert.ok(partial > 20, `${partial} filters show some rows but not all`);
    full.session.dispose();
  });
});
