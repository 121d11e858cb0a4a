import assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../src/core/records/model';
import type { HostToWebview } from '../../../../src/core/panel/protocol';
import { MAX_ROWS_PER_MESSAGE } from '../../../../src/core/panel/protocol';
import { TailSession } from '../../../../src/core/panel/tailSession';
import { concatChunks, ndjsonChunks } from '../../../../src/core/panel/ndjsonExport';
import { FakeTimers } from '../../fakeTimers';

function rec(n: number, eventName = 'MODIFY', extra: Partial<StreamRecord> = {}): StreamRecord {
  return {
    eventName,
    dynamodb: {
      Keys: { PK: { S: `ORDER#${n}` } },
      OldImage: { PK: { S: `ORDER#${n}` }, status: { S: 'pending' } },
      NewImage: { PK: { S: `ORDER#${n}` }, status: { S: n % 2 ? 'processing' : 'shipped' } },
      SequenceNumber: String(1000 + n),
      SizeBytes: 10,
      ApproximateCreationDateTime: new Date(1_700_000_000_000 + n),
    },
    ...extra,
  };
}

function setup(maxRecords = 100) {
  const timers = new FakeTimers();
  const sent: HostToWebview[] = [];
  const states: string[] = [];
  const session = new TailSession({
    target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords },
    post: (m) => sent.push(m),
    timers,
    now: () => 5000,
    onStateChange: (s) => states.push(s),
  });
  const take = () => sent.splice(0);
  const rowsOf = (msgs: HostToWebview[]) =>
    msgs.flatMap((m) => (m.type === 'records' || m.type === 'view' ? m.rows.map((r) => r.keys) : []));
  return { timers, sent, session, take, rowsOf, states };
}

describe('TailSession', () => {
  it('sends init and snapshot on ready, then batches records into one message per timer tick', () => {
    const { session, timers, take, rowsOf } = setup();
    session.handleEvent({ type: 'records', shardId: 's1', records: [rec(1)] });
    session.onReady();
    const first = take();
    assert.deepEqual(first.map((m) => m.type), ['init', 'view']);
    assert.deepEqual(rowsOf(first), ['PK="ORDER#1"']);
    const init = first[0].type === 'init' ? first[0].init : undefined;
    assert.equal(init?.name, 'Orders');
    assert.equal(init?.maxRecords, 100);

    session.handleEvent({ type: 'records', shardId: 's1', records: [rec(2), rec(3)] });
    session.handleEvent({ type: 'records', shardId: 's2', records: [rec(4)] });
    assert.equal(take().length, 0, 'nothing sent before the batch timer fires');
    assert.equal(timers.pending.length, 1);
    assert.equal(timers.pending[0].ms, 50);
    timers.runDue();
    const batch = take();
    assert.deepEqual(batch.map((m) => m.type), ['records', 'status']);
    assert.deepEqual(rowsOf(batch), ['PK="ORDER#2"', 'PK="ORDER#3"', 'PK="ORDER#4"']);
    const records = batch[0].type === 'records' ? batch[0] : undefined;
    assert.equal(records?.dropBefore, 1);
    assert.deepEqual(records?.rows.map((r) => [r.id, r.shardId, r.arrivalMs]), [[2, 's1', 5000], [3, 's1', 5000], [4, 's2', 5000]]);
  });

  it('sends the first records after a quiet spell at once, then at most one batch per 50 ms', () => {
    const timers = new FakeTimers();
    const sent: HostToWebview[] = [];
    let now = 1_000;
    const session = new TailSession({
      target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', startPosition: 'LATEST', maxRecords: 100 },
      post: (m) => sent.push(m),
      timers,
      now: () => now,
    });
    session.onReady();
    sent.splice(0);
    now += 500; // quiet
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    assert.deepEqual(sent.splice(0).map((m) => m.type), ['records', 'status'], 'no batching delay for a lone record');
    now += 10;
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(2)] });
    assert.equal(sent.length, 0, 'a second batch within 50 ms waits');
    assert.equal(timers.pending.length, 1);
    assert.equal(timers.pending[0].ms, 40);
    now += 40;
    timers.runDue();
    assert.deepEqual(sent.splice(0).map((m) => m.type), ['records', 'status']);
  });

  it('holds at most maxRecords, counts evictions and tells the webview what to drop', () => {
    const { session, timers, take } = setup(3);
    session.onReady();
    take();
    session.handleEvent({ type: 'records', shardId: 's', records: [1, 2, 3, 4, 5].map((n) => rec(n)) });
    timers.runDue();
    const [records, status] = take();
    assert.equal(records.type, 'records');
    if (records.type === 'records') {
      assert.deepEqual(records.rows.map((r) => r.id), [3, 4, 5]);
      assert.equal(records.dropBefore, 3);
    }
    assert.equal(status.type === 'status' && status.status.evicted, 2);
    assert.equal(session.held, 3);
    assert.equal(session.evicted, 2);
    assert.equal(session.get(2), undefined);
    assert.equal(session.get(3)?.row.id, 3);
  });

  it('pause buffers records in the host and delivers them on resume', () => {
    const { session, timers, take, rowsOf } = setup();
    session.onReady();
    take();
    session.pause();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1), rec(2)] });
    timers.runDue();
    const whilePaused = take();
    assert.deepEqual(rowsOf(whilePaused), []);
    const status = whilePaused.find((m) => m.type === 'status');
    assert.equal(status?.type === 'status' && status.status.pending, 2);
    assert.equal(status?.type === 'status' && status.status.paused, true);

    // A webview reload while paused shows only what was delivered before.
    session.onHidden();
    session.onReady();
    assert.deepEqual(rowsOf(take()), []);

    session.resume();
    timers.runDue();
    const after = take();
    assert.deepEqual(rowsOf(after), ['PK="ORDER#1"', 'PK="ORDER#2"']);
    assert.equal(session.pending, 0);
  });

  it('clear empties the host buffer and the webview', () => {
    const { session, take } = setup(2);
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1), rec(2), rec(3)] });
    take();
    session.clear();
    const [cleared] = take();
    assert.equal(cleared.type, 'view');
    if (cleared.type === 'view') {
      assert.equal(cleared.end - cleared.base, 0);
      assert.equal(cleared.status.held, 0);
      assert.equal(cleared.status.evicted, 0);
      assert.equal(cleared.status.received, 3);
    }
    assert.deepEqual(session.visibleRows(), []);
    assert.deepEqual(session.exportLines(), []);
  });

  it('filters by text and kind; a filter change re-sends a snapshot; new records respect it', () => {
    const { session, timers, take, rowsOf } = setup();
    session.handleEvent({
      type: 'records',
      shardId: 's',
      records: [rec(1), rec(2), rec(3, 'INSERT'), rec(4, 'REMOVE', { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } })],
    });
    session.onReady();
    take();
    session.setFilter({ text: 'shipped', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] });
    assert.deepEqual(rowsOf(take()), ['PK="ORDER#2"', 'PK="ORDER#4"']);
    session.setFilter({ text: '', kinds: ['TTL'] });
    const snap = take();
    assert.deepEqual(rowsOf(snap), ['PK="ORDER#4"']);
    assert.equal(snap[0].type === 'view' && snap[0].rows[0].eventName, 'TTL expired');
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(5), rec(6, 'REMOVE', { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } })] });
    timers.runDue();
    assert.deepEqual(rowsOf(take()), ['PK="ORDER#6"']);
    const exported = session.exportLines();
    assert.equal(exported.length, 2);
    assert.deepEqual(exported.map((l) => JSON.parse(l).dynamodb.Keys.PK.S), ['ORDER#4', 'ORDER#6']);
    // The filter survives the webview being hidden and re-shown.
    session.onHidden();
    session.onReady();
    const again = take();
    assert.deepEqual(again[0].type === 'init' && again[0].init.filter, { text: '', kinds: ['TTL'] });
    assert.deepEqual(rowsOf(again), ['PK="ORDER#4"', 'PK="ORDER#6"']);
  });

  it('sends nothing while hidden, and a full snapshot on the next ready', () => {
    const { session, timers, take, rowsOf } = setup();
    session.onReady();
    take();
    session.onHidden();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    timers.runDue();
    assert.deepEqual(take(), []);
    session.onReady();
    assert.deepEqual(rowsOf(take()), ['PK="ORDER#1"']);
  });

  it('answers detail requests with the diff, or says the record is gone', () => {
    const { session, take } = setup(1);
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1), rec(2)] });
    take();
    session.sendDetail(2);
    session.sendDetail(1);
    const [d2, d1] = take();
    assert.equal(d2.type, 'detail');
    if (d2.type === 'detail') {
      assert.deepEqual(
        d2.detail?.diff.find((e) => e.path === 'status'),
        { path: 'status', change: 'changed', oldText: '"pending"', newText: '"shipped"' },
      );
    }
    assert.equal(d1.type === 'detail' && d1.detail, undefined);
    assert.match(d1.type === 'detail' ? d1.missing ?? '' : '', /no longer held/);
  });

  it('clips very long values in details but copies the full record', () => {
    const { session, take } = setup();
    session.onReady();
    const long = 'x'.repeat(10_000);
    session.handleEvent({ type: 'records', shardId: 's', records: [{ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'k' } }, NewImage: { PK: { S: 'k' }, big: { S: long } } } }] });
    take();
    session.sendDetail(1);
    const [d] = take();
    const text = d.type === 'detail' ? d.detail?.diff.find((e) => e.path === 'big')?.newText ?? '' : '';
    assert.ok(text.length < 4200);
    assert.match(text, /more characters/);
    const json = JSON.parse(session.recordJson(1) ?? '{}');
    assert.equal(json.dynamodb.NewImage.big.S, long);
    assert.equal(session.recordJson(99), undefined);
  });

  it('turns reader state, gap and error events into status and notices', () => {
    const { session, timers, take, states } = setup();
    session.onReady();
    take();
    session.handleEvent({ type: 'state', state: 'running' });
    session.handleEvent({ type: 'shard', shardId: 'a', status: 'reading' });
    session.handleEvent({ type: 'shard', shardId: 'b', status: 'closed' });
    session.handleEvent({ type: 'shard', shardId: 'c', status: 'waiting-parent' });
    session.handleEvent({ type: 'stats', stats: { recordsPerSecond: 2.5, lagMs: 1200, shardsOpen: 1, shardsClosed: 1, shardsActive: 1, callsPerSecond: 3, totalRecords: 9 } });
    session.handleEvent({ type: 'state', state: 'reconnecting', reason: 'ExpiredIteratorException' });
    session.handleEvent({ type: 'state', state: 'running' });
    session.handleEvent({ type: 'gap', shardId: 'a', message: 'records were trimmed; restarted at TRIM_HORIZON' });
    session.handleEvent({ type: 'error', message: 'Stream is disabled', fatal: true });
    session.handleEvent({ type: 'state', state: 'stopped', reason: 'stream disabled' });
    timers.runDue();
    const msgs = take();
    const notices = msgs.flatMap((m) => (m.type === 'notice' ? [`${m.notice.level} ${m.notice.message}`] : []));
    assert.deepEqual(notices, [
      'warning Reconnecting: ExpiredIteratorException',
      'info Reconnected.',
      'warning Gap in shard a: records were trimmed; restarted at TRIM_HORIZON',
      'error Stream is disabled',
      'warning Tail stopped: stream disabled',
    ]);
    const status = msgs.filter((m) => m.type === 'status').pop();
    assert.ok(status?.type === 'status');
    if (status?.type === 'status') {
      assert.equal(status.status.state, 'stopped');
      assert.equal(status.status.reason, 'stream disabled');
      assert.deepEqual(status.status.shards, { reading: 1, closed: 1, waitingParent: 1 });
      assert.equal(status.status.stats?.recordsPerSecond, 2.5);
    }
    assert.deepEqual(states, ['running', 'reconnecting', 'running', 'stopped']);
    // Notices are part of the snapshot after a reload.
    session.onHidden();
    session.onReady();
    const snap = take().find((m) => m.type === 'view');
    assert.equal(snap?.type === 'view' && snap.notices.length, 5);
  });

  it('the text filter still matches after it was cleared and set again', () => {
    const { session, take, rowsOf } = setup();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1), rec(2), rec(3)] });
    session.onReady();
    take();
    session.setFilter({ text: 'shipped', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] });
    assert.deepEqual(rowsOf(take()), ['PK="ORDER#2"']);
    session.setFilter({ text: '', kinds: ['INSERT', 'MODIFY', 'REMOVE', 'TTL'] });
    assert.equal(rowsOf(take()).length, 3);
    session.setFilter({ text: 'processing -"order#3"', kinds: ['MODIFY'] });
    assert.deepEqual(rowsOf(take()), ['PK="ORDER#1"']);
  });

  it('stop(reason): stopped with the reason, a notice that says how to go on; restart starts again', () => {
    const { session, timers, take, states } = setup();
    session.onReady();
    session.handleEvent({ type: 'state', state: 'running' });
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    timers.runDue();
    take();
    session.stop('Connection changed.');
    timers.runDue();
    const msgs = take();
    const notices = msgs.flatMap((m) => (m.type === 'notice' ? [`${m.notice.level} ${m.notice.message}`] : []));
    assert.deepEqual(notices, ['warning Connection changed: this tail stopped; use Restart to tail again.']);
    const status = msgs.filter((m) => m.type === 'status').pop();
    assert.equal(status?.type === 'status' && status.status.state, 'stopped');
    assert.equal(status?.type === 'status' && status.status.reason, 'Connection changed');
    assert.equal(session.currentState, 'stopped');
    assert.deepEqual(states, ['running', 'stopped']);
    assert.equal(session.held, 1, 'the records stay until a restart');
    assert.equal(session.currentNotices.at(-1)?.message, 'Connection changed: this tail stopped; use Restart to tail again.');
    session.restart('LATEST');
    assert.equal(session.currentState, 'starting');
    assert.equal(session.held, 0);
  });

  it('restart clears records and stats, keeps the filter, re-sends init', () => {
    const { session, take } = setup();
    session.onReady();
    session.setFilter({ text: 'order', kinds: ['MODIFY'] });
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    session.pause();
    take();
    session.restart('TRIM_HORIZON');
    const msgs = take();
    assert.deepEqual(msgs.map((m) => m.type), ['init', 'view']);
    assert.equal(msgs[0].type === 'init' && msgs[0].init.startPosition, 'TRIM_HORIZON');
    assert.equal(msgs[0].type === 'init' && msgs[0].init.filter.text, 'order');
    assert.equal(msgs[1].type === 'view' && msgs[1].rows.length, 0);
    assert.equal(msgs[1].type === 'view' && msgs[1].status.received, 0);
    assert.equal(session.isPaused, false);
    assert.equal(session.currentState, 'starting');
  });

  it('ignores everything after dispose', () => {
    const { session, timers, take } = setup();
    session.onReady();
    take();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    session.dispose();
    assert.equal(timers.pending.length, 0);
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(2)] });
    session.flush();
    assert.deepEqual(take(), []);
  });

  it('after a burst, tells the webview that 10,000 rows are shown and sends only the newest of them', () => {
    const { session, timers, take } = setup(10_000);
    session.onReady();
    take();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(0)] }); // goes out at once
    take();
    for (let i = 0; i < 20; i++) session.handleEvent({ type: 'records', shardId: 's', records: Array.from({ length: 1000 }, (_, j) => rec(1 + i * 1000 + j)) });
    timers.runDue();
    const records = take().filter((m) => m.type === 'records');
    assert.equal(records.length, 1);
    const r = records[0].type === 'records' ? records[0] : undefined;
    assert.equal(r && r.end - r.base, 10_000);
    assert.equal(r?.rows.length, MAX_ROWS_PER_MESSAGE);
    assert.equal(r?.rows[MAX_ROWS_PER_MESSAGE - 1].id, 20_001, 'the newest row last');
    assert.equal(r?.dropBefore, 10_002);
    assert.equal(session.evicted, 10_001);
  });

  it('a re-show and a filter change send a window of rows, whatever the number held; the rest on request', () => {
    const { session, take } = setup(5_000);
    session.handleEvent({ type: 'records', shardId: 's', records: Array.from({ length: 5_000 }, (_, i) => rec(i, i % 2 ? 'MODIFY' : 'INSERT')) });
    session.onReady();
    const [, view] = take();
    assert.ok(view.type === 'view');
    assert.deepEqual([view.base, view.end, view.rows.length], [0, 5_000, MAX_ROWS_PER_MESSAGE]);
    assert.equal(view.rows[0].id, 5_000 - MAX_ROWS_PER_MESSAGE + 1);
    session.sendRows(view.view, 10, 13);
    const [rows] = take();
    assert.deepEqual(rows.type === 'rows' && [rows.start, rows.rows.map((r) => r.id)], [10, [11, 12, 13]]);
    session.sendRows(view.view, 0, 100_000);
    const [capped] = take();
    assert.equal(capped.type === 'rows' && capped.rows.length, MAX_ROWS_PER_MESSAGE);

    session.setFilter({ text: '', kinds: ['INSERT'] });
    const [filtered] = take();
    assert.ok(filtered.type === 'view');
    assert.equal(filtered.view, view.view + 1);
    assert.deepEqual([filtered.base, filtered.end, filtered.rows.length], [0, 2_500, MAX_ROWS_PER_MESSAGE]);
    session.sendRows(view.view, 0, 10);
    assert.deepEqual(take(), [], 'a request for an older view is not answered');
    session.sendIds(filtered.view, 2, 5);
    session.sendLocated(filtered.view, [5, 6, 4_999]);
    const [ids, located] = take();
    assert.deepEqual(ids.type === 'ids' && [ids.start, ids.ids], [2, [5, 7, 9]]);
    assert.deepEqual(located.type === 'located' && located.positions, [2, -1, 2_499]);
  });

  it('evictions move the view\'s base; positions of the rows still shown do not change', () => {
    const { session, take } = setup(4);
    session.onReady();
    session.setFilter({ text: '', kinds: ['INSERT'] });
    take();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'INSERT'), rec(2), rec(3, 'INSERT'), rec(4)] });
    session.flush();
    const [first] = take();
    assert.deepEqual(first.type === 'records' && [first.base, first.end, first.rows.map((r) => r.id)], [0, 2, [1, 3]]);
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(5), rec(6, 'INSERT')] });
    session.flush();
    const [second] = take();
    assert.deepEqual(second.type === 'records' && [second.base, second.end, second.rows.map((r) => r.id), second.dropBefore], [1, 3, [6], 3]);
    assert.deepEqual(session.visibleRows().map((r) => r.id), [3, 6]);
  });

  it('a lone record goes out at once even right after a status batch; rows batch only while rows keep coming', () => {
    const timers = new FakeTimers();
    const sent: HostToWebview[] = [];
    let now = 1_000;
    const session = new TailSession({
      target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', startPosition: 'LATEST', maxRecords: 100 },
      post: (m) => sent.push(m),
      timers,
      now: () => now,
    });
    session.onReady();
    now += 500;
    session.handleEvent({ type: 'stats', stats: { recordsPerSecond: 0, getRecordsPerSecond: 20, lagMs: 0 } as never });
    session.handleEvent({ type: 'shard', shardId: 's', status: 'reading' });
    sent.splice(0);
    assert.equal(timers.pending.length, 1, 'the second status change waits for a batch');
    now += 5;
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1)] });
    assert.deepEqual(sent.splice(0).map((m) => m.type), ['records', 'status'], 'the record did not wait for the status batch');
    assert.equal(timers.pending.length, 0);
  });

  it('exports the held records as NDJSON chunks that read back as the records', () => {
    const { session } = setup(1000);
    session.handleEvent({ type: 'records', shardId: 's', records: Array.from({ length: 1500 }, (_, i) => rec(i, 'MODIFY', { eventID: `é${i}🙂` })) });
    const lines = session.exportLines();
    assert.equal(lines.length, 1000);
    const chunks = [...ndjsonChunks(lines, 10_000)];
    assert.ok(chunks.length > 10, `${chunks.length} chunks`);
    const text = new TextDecoder().decode(concatChunks(chunks));
    assert.equal(text, lines.map((l) => l + '\n').join(''));
    const parsed = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual([parsed[0].eventID, parsed[999].eventID], ['é500🙂', 'é1499🙂']);
    assert.equal(parsed[0].dynamodb.ApproximateCreationDateTime, (1_700_000_000_000 + 500) / 1000);
  });

  it('ndjsonChunks: lines end with a newline, chunks stay near the chunk size, a longer line is a chunk of its own', () => {
    const decode = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c));
    assert.deepEqual([...ndjsonChunks([])], []);
    assert.deepEqual(decode([...ndjsonChunks(['{"a":1}'])]), ['{"a":1}\n']);
    assert.deepEqual(decode([...ndjsonChunks(['aaa', 'bbb', 'ccc', 'dddddddddd', 'e'], 8)]), ['aaa\nbbb\n', 'ccc\n', 'dddddddddd\n', 'e\n']);
    assert.deepEqual(decode([...ndjsonChunks(['ü', 'ß'], 4)]), ['ü\nß\n']);
    const bytes = concatChunks([new Uint8Array([1, 2]), new Uint8Array(0), new Uint8Array([3])]);
    assert.deepEqual([...bytes], [1, 2, 3]);
  });

  it('ndjsonChunks: an export longer than V8\'s longest string, produced lazily in chunks of a few MB', function () {
    this.timeout(20_000);
    // 1.5 KB lines, like real records: 400,000 of them are 600 M characters, more than a string can hold (2^29 - 24).
    const line = JSON.stringify({ eventName: 'MODIFY', dynamodb: { Keys: { PK: { S: 'ORDER#1' } }, pad: 'x'.repeat(1450) } });
    const count = 400_000;
    function* lines() {
      for (let i = 0; i < count; i++) yield line;
    }
    let total = 0;
    let chunks = 0;
    let largest = 0;
    for (const chunk of ndjsonChunks(lines())) {
      total += chunk.byteLength;
      largest = Math.max(largest, chunk.byteLength);
      chunks++;
      if (chunks === 1) assert.equal(new TextDecoder().decode(chunk.subarray(0, line.length + 1)), line + '\n');
    }
    assert.equal(total, count * (line.length + 1));
    assert.ok(total > 2 ** 29, 'more than a string can hold');
    assert.ok(largest <= 4 * 1024 * 1024, `largest chunk ${largest} bytes`);
    assert.ok(chunks >= total / (4 * 1024 * 1024), `${chunks} chunks`);
  });

  it('setMaxRecords: a lowered cap evicts the oldest at once and says so; a raised one holds more', () => {
    const { session, timers, take } = setup(5);
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [1, 2, 3, 4, 5].map((n) => rec(n)) });
    timers.runDue();
    take();
    session.setMaxRecords(2);
    timers.runDue();
    const sent = take();
    assert.deepEqual(sent.map((m) => m.type), ['init', 'records', 'notice', 'status']);
    assert.equal(sent[0].type === 'init' && sent[0].init.maxRecords, 2, 'the heading and status line show the new cap');
    assert.deepEqual(sent[1].type === 'records' && { rows: sent[1].rows, dropBefore: sent[1].dropBefore }, { rows: [], dropBefore: 4 });
    assert.equal(sent[2].type === 'notice' && sent[2].notice.message, 'Holding at most 2 records now: the oldest 3 evicted.');
    assert.deepEqual(sent[3].type === 'status' && { held: sent[3].status.held, evicted: sent[3].status.evicted }, { held: 2, evicted: 3 });
    assert.deepEqual(session.visibleRows().map((r) => r.id), [4, 5]);
    assert.equal(session.target.maxRecords, 2);
    assert.equal(session.get(3), undefined);

    session.setMaxRecords(2);
    assert.equal(take().length, 0, 'the same cap changes nothing');
    session.setMaxRecords(1000);
    session.handleEvent({ type: 'records', shardId: 's', records: [6, 7, 8].map((n) => rec(n)) });
    timers.runDue();
    assert.equal(take().find((m) => m.type === 'notice')?.type === 'notice', true);
    assert.deepEqual(session.visibleRows().map((r) => r.id), [4, 5, 6, 7, 8]);
    assert.equal(session.evicted, 3);
    assert.equal(session.currentNotices.at(-1)?.message, 'Holding at most 1,000 records now.');
  });
});
