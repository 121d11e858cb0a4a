import assert from 'node:assert/strict';
import type { PanelInit, PanelNotice, PanelStatus } from '../../../src/core/panel/protocol';
import { addNotice, emptyListText, headingOf, MAX_NOTICES, pauseButtonOf, statusLineOf, visibleNotices } from '../../../src/webview/status';

const init: PanelInit = {
  source: 'dynamodb',
  name: 'Orders',
  streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/Orders/stream/2024-01-01T00:00:00.000',
  viewType: 'NEW_AND_OLD_IMAGES',
  startPosition: 'LATEST',
  maxRecords: 10000,
  filter: { text: '', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] },
  paused: false,
};

function status(over: Partial<PanelStatus> = {}): PanelStatus {
  return {
    state: 'running',
    paused: false,
    pending: 0,
    held: 1234,
    evicted: 0,
    received: 1234,
    ttlExpired: 0,
    shards: { reading: 1, closed: 0, waitingParent: 0 },
    stats: { recordsPerSecond: 12.345, lagMs: 250 } as PanelStatus['stats'],
    ...over,
  };
}

const texts = (s: PanelStatus | undefined, options: { init?: PanelInit; filtered?: boolean; shown?: number } = { init }) => {
  const line = statusLineOf(s, options.init, options.filtered ?? false, options.shown ?? 0);
  return [...line.parts.map((p) => p.text), ...(line.filtered ? [line.filtered] : [])];
};

describe('webview status texts', () => {
  it('heading: table name, view type, shards, start and capacity; the ARN as tooltip', () => {
    assert.deepEqual(headingOf(init), {
      title: 'Tail: Orders',
      meta: 'NEW_AND_OLD_IMAGES · all shards · started at LATEST · holds 10,000 records',
      metaTitle: init.streamArn,
    });
    const oneShard = headingOf({ ...init, viewType: undefined, onlyShardId: 'shardId-000001', startPosition: 'TRIM_HORIZON' });
    assert.equal(oneShard.meta, 'view type unknown · shard shardId-000001 only · started at TRIM_HORIZON · holds 10,000 records');
    const kinesis = headingOf({ ...init, source: 'kinesis', name: 'orders-changes', viewType: undefined });
    assert.equal(kinesis.title, 'Kinesis: orders-changes');
    assert.match(kinesis.meta, /^Kinesis data stream · all shards/);
  });

  it('status line before the first status: Connecting…', () => {
    assert.deepEqual(statusLineOf(undefined, init, false, 0), { parts: [{ text: 'Connecting…', className: 'state state-starting' }] });
  });

  it('status line of a running tail', () => {
    assert.deepEqual(texts(status()), ['Running', '1 shard tailed', '12.3 records/s', 'lag 250 ms', '1,234 held of 10,000', '0 evicted']);
    assert.equal(statusLineOf(status(), init, false, 0).parts[0].className, 'state state-running');
    assert.deepEqual(texts(status(), {}), ['Running', '1 shard tailed', '12.3 records/s', 'lag 250 ms', '1,234 held', '0 evicted'], 'no capacity before init');
    assert.equal(texts(status({ ttlExpired: 1500 })).at(-1), '1,500 TTL expired', 'TTL expiries counted once there are some');
  });

  it('status line: reason when stopped or reconnecting, pause, shard states, filter', () => {
    const stopped = statusLineOf(status({ state: 'stopped', reason: 'Stream disabled' }), init, false, 0);
    assert.deepEqual(stopped.parts.slice(0, 2), [
      { text: 'Stopped', className: 'state state-stopped', title: 'Stream disabled' },
      { text: 'Stream disabled', className: 'reason' },
    ]);
    const runningWithReason = texts(status({ reason: 'caught up' }));
    assert.equal(runningWithReason.includes('caught up'), false, 'a running tail shows its reason only as a tooltip');
    assert.deepEqual(texts(status({ paused: true, pending: 1 }))[1], 'Paused: 1 new record held, shown on resume');
    assert.deepEqual(texts(status({ paused: true, pending: 2500 }))[1], 'Paused: 2,500 new records held, shown on resume');
    assert.equal(texts(status({ shards: { reading: 3, closed: 2, waitingParent: 1 } }))[1], '3 shards tailed, 2 closed, 1 waiting for parent');
    assert.equal(texts(status(), { init, filtered: true, shown: 17 }).at(-1), ' · 17 shown (filtered)');
  });

  it('status line: a throttled tail says Throttled, a signed-out one Waiting for sign-in, any other trouble Reconnecting', () => {
    const first = (reason: string) => texts(status({ state: 'reconnecting', reason })).slice(0, 2);
    assert.deepEqual(first('Throttled (LimitExceededException: Rate exceeded): …'), ['Throttled', 'Throttled (LimitExceededException: Rate exceeded): …']);
    assert.deepEqual(first('Sign in again (ExpiredTokenException: …): …')[0], 'Waiting for sign-in');
    assert.deepEqual(first('Error: socket hang up; retrying with backoff')[0], 'Reconnecting');
  });

  it('status line shows an unknown state as sent, as text', () => {
    const line = statusLineOf(status({ state: '<img src=x>' as PanelStatus['state'] }), init, false, 0);
    assert.deepEqual(line.parts[0], { text: '<img src=x>', className: 'state state-unknown', title: undefined });
  });

  it('empty list text, most specific first', () => {
    assert.equal(emptyListText(status({ held: 5 }), init, true), 'No record matches the filter (5 held).');
    assert.equal(emptyListText(status({ state: 'stopped' }), init, false), 'The tail stopped. Restart it from the toolbar.');
    assert.equal(emptyListText(status({ received: 3, paused: true }), init, false), 'Paused. New records are held and shown on resume.');
    assert.equal(emptyListText(status({ received: 3 }), init, false), 'Cleared. New records will appear here.');
    assert.equal(emptyListText(status({ received: 0, held: 0 }), { ...init, startPosition: 'TRIM_HORIZON' }, false), 'Reading from the oldest record still in the stream…');
    assert.match(emptyListText(undefined, init, false), /^Waiting for changes… \(LATEST/);
  });

  it('pause button says what a click does', () => {
    assert.equal(pauseButtonOf(false).label, 'Pause');
    assert.equal(pauseButtonOf(true).label, 'Resume');
    assert.match(pauseButtonOf(true).title, /^Resume: /);
  });
});

describe('webview notices', () => {
  const notice = (id: number, level: string = 'info'): PanelNotice => ({ id, level: level as PanelNotice['level'], kind: 'state', message: `notice ${id}`, atMs: new Date(2024, 0, 2, 3, 4, 5, 6).getTime() });

  it('shows the newest three not dismissed, with level, role and local time', () => {
    const shown = visibleNotices([notice(1), notice(2, 'error'), notice(3, 'warning'), notice(4), notice(5)], [4]);
    assert.deepEqual(shown.map((n) => n.id), [2, 3, 5]);
    assert.deepEqual(shown[0], { id: 2, level: 'error', role: 'alert', time: '03:04:05.006', message: 'notice 2' });
    assert.equal(shown[1].role, 'note');
    assert.equal(visibleNotices([notice(9, 'bogus')], [])[0].level, 'info', 'an unknown level shows as info');
  });

  it('keeps the newest MAX_NOTICES', () => {
    let list: PanelNotice[] = [];
    for (let i = 0; i < MAX_NOTICES + 5; i++) list = addNotice(list, notice(i));
    assert.equal(list.length, MAX_NOTICES);
    assert.equal(list[0].id, 5);
  });
});
