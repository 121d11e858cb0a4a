import assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../src/core/records/model';
import type { HostToWebview, PanelStatus } from '../../../../src/core/panel/protocol';
import { TailSession, type RecordFailureKind } from '../../../../src/core/panel/tailSession';
import { evictedBeforeExportText, restartClearsText } from '../../../../src/core/panel/ndjsonExport';
import { HELD_RECORD_OVERHEAD_BYTES, heldRecordBytes } from '../../../../src/core/panel/heldRecords';
import { MAX_DETAIL_JSON, MAX_DETAIL_TEXT } from '../../../../src/core/panel/recordDetailView';
import { UNREADABLE_LABEL } from '../../../../src/core/records/records';
import { rawTextOf, MAX_UNREADABLE_TEXT } from '../../../../src/core/panel/unreadableRecord';
import { evictedText } from '../../../../src/webview/status';
import { FakeTimers } from '../../fakeTimers';

function rec(n: number, image: Record<string, unknown> = { PK: { S: `ORDER#${n}` }, note: { S: 'ok' } }): StreamRecord {
  return {
    eventName: 'INSERT',
    dynamodb: { Keys: { PK: { S: `ORDER#${n}` } }, NewImage: image as never, SequenceNumber: String(1000 + n), SizeBytes: 10 },
  };
}

function setup(options: { maxRecords?: number; maxHeldBytes?: number } = {}) {
  const sent: HostToWebview[] = [];
  const failures: { kind: RecordFailureKind; message: string }[] = [];
  const session = new TailSession({
    target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: options.maxRecords ?? 100 },
    post: (m) => sent.push(m),
    timers: new FakeTimers(),
    now: () => 5000,
    maxHeldBytes: options.maxHeldBytes,
    onRecordFailure: (kind, message) => failures.push({ kind, message }),
  });
  return { session, sent, failures };
}

describe('TailSession: a record that cannot be converted', () => {
  const cyclic: Record<string, unknown> = { S: 'x' };
  cyclic.self = cyclic;
  const hostile: [string, Record<string, unknown>][] = [
    ['a NewImage value null ({"x": null})', { x: null }],
    ['a list member null ({"L": [null]})', { x: { L: [null] } }],
    ['a BigInt', { x: { N: 12n } }],
    ['a cyclic object', { x: cyclic }],
  ];
  for (const [what, image] of hostile) {
    it(`is held as unreadable (${what}), and the rest of its batch is delivered`, () => {
      const { session, failures } = setup();
      session.handleEvent({ type: 'records', shardId: 's1', records: [rec(1), rec(2, image), rec(3)] });
      assert.equal(session.held, 3);
      const rows = session.visibleRows();
      assert.deepEqual(rows.map((r) => r.eventName), ['INSERT', UNREADABLE_LABEL, 'INSERT']);
      assert.equal(rows[1].sequenceNumber, '1002', 'the stand-in keeps the sequence number');
      assert.equal(session.status().unreadable, 1);
      assert.equal(failures.length, 1);
      assert.equal(failures[0].kind, 'JSON line');
      const detail = session.record(rows[1].id);
      assert.match(detail?.kinesis?.unreadable ?? '', /^JSON line failed: /);
      assert.ok((detail?.kinesis?.raw ?? '').includes('ORDER#2'), 'the raw text shows the record');
    });
  }

  it('logs each kind of failure once, counts every one', () => {
    const { session, failures } = setup();
    for (let i = 0; i < 5; i++) session.handleEvent({ type: 'records', shardId: 's1', records: [rec(i, { x: null })] });
    assert.equal(failures.length, 1);
    assert.equal(session.status().unreadable, 5);
  });

  it('holds a record whose row cannot be made (a getter that throws) as unreadable', () => {
    const { session, failures } = setup();
    const record = rec(7);
    Object.defineProperty(record, 'eventName', {
      enumerable: false,
      get() {
        throw new Error('no name');
      },
    });
    session.handleEvent({ type: 'records', shardId: 's1', records: [record, rec(8)] });
    assert.deepEqual(session.visibleRows().map((r) => r.eventName), [UNREADABLE_LABEL, 'INSERT']);
    assert.equal(failures[0].kind, 'row');
  });

  it('a restart resets the unreadable count', () => {
    const { session } = setup();
    session.handleEvent({ type: 'records', shardId: 's1', records: [rec(1, { x: null })] });
    session.restart('LATEST');
    assert.equal(session.status().unreadable, 0);
  });
});

describe('rawTextOf', () => {
  it('writes BigInts, cycles and bytes, and cuts long text', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.me = cyclic;
    assert.equal(rawTextOf({ n: 5n, c: cyclic, b: new Uint8Array([1, 2]) }), '{"n":"5n","c":{"a":1,"me":"[Circular]"},"b":"base64:AQI="}');
    const shared = { v: 1 };
    assert.equal(rawTextOf([shared, shared]), '[{"v":1},{"v":1}]', 'a value seen twice but not inside itself is no cycle');
    const long = rawTextOf('x'.repeat(10_000));
    assert.ok(long.length < MAX_UNREADABLE_TEXT + 50);
    assert.match(long, /… \(5906 more characters\)$/);
  });
});

describe('TailSession: byte budget', () => {
  const big = (n: number, chars: number) => rec(n, { PK: { S: `ORDER#${n}` }, blob: { S: 'x'.repeat(chars) } });

  it('evicts the oldest records by bytes, keeps the estimate exact, and says which limit evicted', () => {
    const one = heldRecordBytes({ json: JSON.stringify(big(1, 10_000)) });
    assert.ok(one > 20_000 + HELD_RECORD_OVERHEAD_BYTES - 1);
    const { session } = setup({ maxRecords: 1000, maxHeldBytes: one * 3 + 10 });
    for (let i = 1; i <= 10; i++) session.handleEvent({ type: 'records', shardId: 's1', records: [big(i, 10_000)] });
    assert.equal(session.held, 3);
    assert.ok(session.heldByteCount <= one * 3 + 10);
    const s: PanelStatus = session.status();
    assert.equal(s.evicted, 7);
    assert.equal(s.evictedByBytes, 7);
    assert.deepEqual(session.visibleRows().map((r) => r.keys), ['PK="ORDER#8"', 'PK="ORDER#9"', 'PK="ORDER#10"']);
    assert.equal(evictedText(s.evicted, s.evictedByBytes), '7 evicted (byte budget)');
  });

  it('counts evictions by the record cap apart from those by bytes', () => {
    const { session } = setup({ maxRecords: 2, maxHeldBytes: 1024 * 1024 });
    for (let i = 1; i <= 5; i++) session.handleEvent({ type: 'records', shardId: 's1', records: [rec(i)] });
    assert.equal(session.status().evicted, 3);
    assert.equal(session.status().evictedByBytes, 0);
    assert.equal(evictedText(3, 0), '3 evicted');
    assert.equal(evictedText(1234, 34), '1,234 evicted (34 by byte budget)');
  });

  it('holds a record bigger than the whole budget alone', () => {
    const { session } = setup({ maxHeldBytes: 1000 });
    session.handleEvent({ type: 'records', shardId: 's1', records: [big(1, 2000), big(2, 2000)] });
    assert.equal(session.held, 1);
    assert.equal(session.visibleRows()[0].keys, 'PK="ORDER#2"');
  });

  it('lowering the budget evicts at once with a notice; clear and restart release the bytes', () => {
    const { session } = setup({ maxHeldBytes: 1024 * 1024 });
    for (let i = 1; i <= 10; i++) session.handleEvent({ type: 'records', shardId: 's1', records: [big(i, 1000)] });
    const each = session.heldByteCount / 10 + 10; // records 1–9 are a character shorter than record 10
    session.setMaxHeldBytes(each * 4);
    assert.equal(session.held, 4);
    assert.equal(session.status().evictedByBytes, 6);
    assert.match(session.currentNotices.at(-1)?.message ?? '', /the oldest 6 evicted/);
    session.clear();
    assert.equal(session.heldByteCount, 0);
    session.handleEvent({ type: 'records', shardId: 's1', records: [big(11, 1000)] });
    session.restart('LATEST');
    assert.equal(session.heldByteCount, 0);
    assert.equal(session.status().evictedByBytes, 0);
  });

  it('keeps the Lambda filter count exact as the byte budget evicts', () => {
    const { session } = setup({ maxHeldBytes: 1024 * 1024 });
    session.setLambdaFilter('{"eventName": ["INSERT"]}');
    for (let i = 1; i <= 10; i++) session.handleEvent({ type: 'records', shardId: 's1', records: [big(i, 1000)] });
    session.setMaxHeldBytes((session.heldByteCount / 10 + 10) * 3);
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 3, held: 3 });
  });
});

describe('TailSession: details of data of any shape are cut', () => {
  function detailOf(record: StreamRecord) {
    const { session, sent } = setup();
    session.handleEvent({ type: 'records', shardId: 's1', records: [record] });
    session.onReady();
    sent.splice(0);
    session.sendDetail(1);
    const m = sent.find((x) => x.type === 'detail');
    assert.ok(m && m.type === 'detail' && m.detail && m.json);
    return { message: m, size: JSON.stringify(m).length, session };
  }

  it('a 1 MB key: every text and the JSON block are cut, Copy record has it all', () => {
    const key = 'k'.repeat(1024 * 1024);
    const { message, size, session } = detailOf({
      eventName: 'MODIFY',
      dynamodb: { Keys: { PK: { S: key } }, OldImage: { PK: { S: key }, n: { N: '1' } }, NewImage: { PK: { S: key }, n: { N: '2' } } },
    });
    assert.ok(size < MAX_DETAIL_JSON + 5 * (MAX_DETAIL_TEXT + 200), `detail message of ${size} characters`);
    for (const e of message.detail?.diff ?? []) assert.ok((e.newText ?? '').length <= MAX_DETAIL_TEXT + 100);
    assert.match(message.json?.text ?? '', /more characters: use Copy record/);
    assert.equal(JSON.parse(session.recordJson(1) ?? '{}').dynamodb.Keys.PK.S.length, key.length);
  });

  it('a value nested 32 levels deep, changed at the bottom: the diff reaches the change', () => {
    const nest = (leaf: string) => {
      let v: Record<string, unknown> = { S: leaf };
      for (let i = 0; i < 31; i++) v = { M: { [`l${i}`]: v } };
      return v;
    };
    const { message } = detailOf({
      eventName: 'MODIFY',
      dynamodb: { Keys: { PK: { S: 'k' } }, OldImage: { PK: { S: 'k' }, deep: nest('old') }, NewImage: { PK: { S: 'k' }, deep: nest('new') } },
    });
    const changed = message.detail?.diff.filter((e) => e.change === 'changed') ?? [];
    assert.equal(changed.length, 1);
    assert.equal(changed[0].path.split('.').length, 32);
    assert.deepEqual([changed[0].oldText, changed[0].newText], ['"old"', '"new"']);
  });

  it('a 400 KB item with both images: the JSON block is compact and cut, not pretty-printed', () => {
    const image = { PK: { S: 'k' }, list: { L: Array.from({ length: 20_000 }, (_, i) => ({ S: `v${i}-${'y'.repeat(10)}` })) } };
    const { message, size } = detailOf({ eventName: 'MODIFY', dynamodb: { Keys: { PK: { S: 'k' } }, OldImage: image, NewImage: image } });
    const text = message.json?.text ?? '';
    assert.ok(text.length <= MAX_DETAIL_JSON + 100);
    assert.ok(!text.startsWith('{\n'), 'compact');
    assert.ok(size < 2 * MAX_DETAIL_JSON + 50_000, `detail message of ${size} characters`);
  });
});

describe('what Restart and Export say about records lost', () => {
  it('Restart names the records it clears; Export names the records evicted before it', () => {
    assert.equal(restartClearsText(3), 'Restart clears the 3 records held. Export them first?');
    assert.equal(evictedBeforeExportText(0), undefined);
    assert.equal(evictedBeforeExportText(1), '1 older record was evicted before this export and is not in it.');
    assert.equal(evictedBeforeExportText(1234), '1,234 older records were evicted before this export and are not in it.');
  });
});
