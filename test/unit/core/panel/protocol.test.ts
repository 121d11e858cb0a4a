import assert from 'node:assert/strict';
import { isHostMessage, isStartKind, isWebviewMessage, toStartKind, validRecordRow, validRecordRows } from '../../../../src/core/panel/protocol';

describe('protocol: isWebviewMessage', () => {
  it('accepts every well-formed message', () => {
    const good = [
      { type: 'ready' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'clear' },
      { type: 'export' },
      { type: 'setFilter', filter: { text: 'order', kinds: ['INSERT', 'TTL'] } },
      { type: 'copyRecord', id: 0 },
      { type: 'requestDetail', id: 42 },
      { type: 'restart', startPosition: 'TRIM_HORIZON' },
      { type: 'restart', startPosition: 'LATEST' },
      { type: 'requestRows', view: 3, start: 100, end: 300 },
      { type: 'requestIds', view: 3, start: 0, end: 0 },
      { type: 'locate', view: 3, ids: [4, 9] },
    ];
    for (const m of good) assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      undefined,
      null,
      42,
      'ready',
      [],
      [{ type: 'ready' }],
      {},
      { type: 'READY' },
      { type: 'unknown' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'copyRecord' },
      { type: 'copyRecord', id: '1' },
      { type: 'copyRecord', id: -1 },
      { type: 'copyRecord', id: 1.5 },
      { type: 'copyRecord', id: NaN },
      { type: 'copyRecord', id: Infinity },
      { type: 'requestDetail', id: 2 ** 60 },
      { type: 'restart' },
      { type: 'restart', startPosition: 'AT_SEQUENCE_NUMBER' },
      { type: 'restart', startPosition: 'latest' },
      { type: 'setFilter' },
      { type: 'requestRows', view: 1, start: 5, end: 2 },
      { type: 'requestRows', view: 1, start: -1, end: 2 },
      { type: 'requestIds', view: '1', start: 0, end: 2 },
      { type: 'locate', view: 1, ids: [1.5] },
      { type: 'setFilter', filter: 'order' },
      { type: 'setFilter', filter: { text: 'x' } },
      { type: 'setFilter', filter: { text: 'x', kinds: ['DELETE'] } },
      { type: 'setFilter', filter: { text: 'x'.repeat(5000), kinds: [] } },
    ];
    for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m) ?? String(m));
  });
});

describe('protocol: isHostMessage', () => {
  it('accepts host messages and rejects others', () => {
    assert.equal(isHostMessage({ type: 'records', view: 1, base: 0, end: 0, rows: [], dropBefore: 0 }), true);
    assert.equal(isHostMessage({ type: 'view', view: 1, base: 3, end: 5, rows: [], status: {}, notices: [] }), true);
    assert.equal(isHostMessage({ type: 'view', view: 1, base: 5, end: 3, rows: [], status: {}, notices: [] }), false, 'base after end');
    assert.equal(isHostMessage({ type: 'rows', view: 1, start: 0, rows: [] }), true);
    assert.equal(isHostMessage({ type: 'ids', view: 1, start: 0, ids: [1, 'x'] }), false);
    assert.equal(isHostMessage({ type: 'located', view: 1, ids: [1], positions: [] }), false);
    assert.equal(isHostMessage({ type: 'detail', id: 3 }), true);
    assert.equal(isHostMessage({ type: 'flash', message: 'Copied' }), true);
    assert.equal(isHostMessage({ type: 'records', rows: 'x', dropBefore: 0 }), false);
    assert.equal(isHostMessage({ type: 'status' }), false);
    assert.equal(isHostMessage({ type: 'ready' }), false);
    assert.equal(isHostMessage(null), false);
  });
});

describe('protocol: start positions', () => {
  it('isStartKind and toStartKind accept exactly the four start kinds', () => {
    for (const kind of ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP', 'AFTER_SEQUENCE_NUMBER']) {
      assert.equal(isStartKind(kind), true, kind);
      assert.equal(toStartKind(kind), kind);
    }
    for (const x of ['latest', 'AT_SEQUENCE_NUMBER', '', undefined, null, 1, {}]) {
      assert.equal(isStartKind(x), false, String(x));
      assert.equal(toStartKind(x), 'LATEST', String(x));
    }
    assert.equal(toStartKind('TRIM_HORIZON'), 'TRIM_HORIZON');
    assert.equal(toStartKind('nope', 'TRIM_HORIZON'), 'TRIM_HORIZON');
  });
});

describe('protocol: rows the webview accepts', () => {
  const good = { id: 7, kind: 'TTL', eventName: 'TTL expired', keys: 'PK="a"', sequenceNumber: '000000000000000000123', shardId: 'shardId-1', sizeBytes: 42, approximateCreationMs: 1_700_000_000_000, arrivalMs: 1_700_000_000_500 };

  it('keeps a well-formed row as it is', () => {
    assert.deepEqual(validRecordRow(good), good);
  });

  it('rejects rows without a safe integer id', () => {
    for (const x of [null, undefined, 'row', 7, {}, { ...good, id: '7' }, { ...good, id: 1.5 }, { ...good, id: 2 ** 60 }, { ...good, id: NaN }]) {
      assert.equal(validRecordRow(x), undefined, JSON.stringify(x) ?? String(x));
    }
  });

  it('turns other fields into text or leaves numbers out; an unknown kind shows as MODIFY', () => {
    const row = validRecordRow({ id: 1, kind: 'DROP', eventName: 12, keys: { toString: () => '<b>x</b>' }, sequenceNumber: null, sizeBytes: '9', approximateCreationMs: Infinity, arrivalMs: 'now' });
    assert.deepEqual(row, { id: 1, kind: 'MODIFY', eventName: '12', keys: '<b>x</b>', sequenceNumber: '', shardId: '', sizeBytes: undefined, approximateCreationMs: undefined, arrivalMs: 0 });
  });

  it('validRecordRows keeps the valid rows in order', () => {
    assert.deepEqual(validRecordRows([{ id: 3 }, 'x', null, { id: 'y' }, { id: 4 }]).map((r) => r.id), [3, 4]);
    assert.deepEqual(validRecordRows([]), []);
  });
});
