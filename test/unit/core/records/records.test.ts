import assert from 'node:assert/strict';
import { approximateCreationMs } from '../../../../src/core/records/model';
import type { Item, StreamRecord } from '../../../../src/core/records/model';
import {
  compareDecimals,
  diffImages,
  eventKindOf,
  eventLabelOf,
  formatAttributeValue,
  isTtlExpiry,
  keysText,
  missingDiffReason,
  searchTextOf,
  toBase64,
  toRecordDetail,
  toRecordRow,
} from '../../../../src/core/records/records';
import { recordFromJsonLine, recordToJsonLine } from '../../../../src/core/records/recordJson';

const BIG = '12345678901234567890123456789012345678';

function seedModify(): StreamRecord {
  return {
    eventID: 'e1',
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2025-01-02T03:04:05Z'),
      Keys: { PK: { S: 'ORDER#1001' } },
      OldImage: { PK: { S: 'ORDER#1001' }, status: { S: 'pending' }, totalItems: { N: '5' }, customer: { S: 'ann' } },
      NewImage: { PK: { S: 'ORDER#1001' }, status: { S: 'processing' }, totalItems: { N: '50' }, customer: { S: 'ann' } },
      SequenceNumber: '000000000000000000001',
      SizeBytes: 123,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('records: formatting values', () => {
  it('keeps a 38-digit number exact', () => {
    assert.equal(formatAttributeValue({ N: BIG }), BIG);
    assert.equal(formatAttributeValue({ N: '-0.000000000000000000000000000000000001' }), '-0.000000000000000000000000000000000001');
    assert.equal(formatAttributeValue({ N: '9007199254740993' }), '9007199254740993');
  });

  it('keeps numbers exact inside maps, lists and number sets', () => {
    assert.equal(formatAttributeValue({ M: { n: { N: BIG } } }), `{"n": ${BIG}}`);
    assert.equal(formatAttributeValue({ L: [{ N: BIG }, { N: '1.5' }] }), `[${BIG}, 1.5]`);
    assert.equal(formatAttributeValue({ NS: [BIG, '2', '10'] }), `<<2, 10, ${BIG}>>`);
  });

  it('quotes strings as JSON, so "5" and 5 differ and markup stays text', () => {
    assert.equal(formatAttributeValue({ S: '5' }), '"5"');
    assert.equal(formatAttributeValue({ N: '5' }), '5');
    assert.equal(formatAttributeValue({ S: '<img src=x onerror=alert(1)>' }), '"<img src=x onerror=alert(1)>"');
    assert.equal(formatAttributeValue({ S: 'a"b\nc' }), '"a\\"b\\nc"');
  });

  it('shows binary as base64', () => {
    assert.equal(formatAttributeValue({ B: new Uint8Array([1, 2, 3]) }), 'base64:AQID');
    assert.equal(formatAttributeValue({ B: new Uint8Array([0xff]) }), 'base64:/w==');
    assert.equal(formatAttributeValue({ B: new Uint8Array([]) }), 'base64:');
    assert.equal(toBase64(new TextEncoder().encode('hello world')), Buffer.from('hello world').toString('base64'));
    for (let n = 0; n < 10; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
      assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
    }
  });

  it('shows sets as sets, sorted', () => {
    assert.equal(formatAttributeValue({ SS: ['b', 'a'] }), '<<"a", "b">>');
    assert.equal(formatAttributeValue({ NS: ['10', '9', '-1', '1e2'] }), '<<-1, 9, 10, 1e2>>');
    assert.equal(formatAttributeValue({ BS: [new Uint8Array([2]), new Uint8Array([1])] }), '<<base64:AQ==, base64:Ag==>>');
  });

  it('shows NULL, BOOL, lists and maps as themselves', () => {
    assert.equal(formatAttributeValue({ NULL: true }), 'null');
    assert.equal(formatAttributeValue({ BOOL: true }), 'true');
    assert.equal(formatAttributeValue({ BOOL: false }), 'false');
    assert.equal(formatAttributeValue({ L: [] }), '[]');
    assert.equal(formatAttributeValue({ M: {} }), '{}');
    assert.equal(formatAttributeValue({ M: { city: { S: 'Paris' }, tags: { L: [{ S: 'x' }, { NULL: true }] } } }), '{"city": "Paris", "tags": ["x", null]}');
  });

  it('does not throw on malformed attribute values', () => {
    assert.match(formatAttributeValue({}), /^\(unreadable value \{\}\)$/);
    assert.match(formatAttributeValue({ X: 1 } as never), /unreadable/);
    assert.match(formatAttributeValue(undefined), /unreadable/);
  });

  it('compares decimals without Number()', () => {
    assert.equal(compareDecimals('10', '9'), 1);
    assert.equal(compareDecimals('-10', '9'), -1);
    assert.equal(compareDecimals('-10', '-9'), -1);
    assert.equal(compareDecimals('1.50', '1.5'), 0);
    assert.equal(compareDecimals('0', '-0.0'), 0);
    assert.equal(compareDecimals('1e2', '99'), 1);
    assert.equal(compareDecimals(BIG + '0', BIG), 1);
    assert.equal(compareDecimals('0.001', '0.01'), -1);
  });
});

describe('records: event kinds, keys, rows', () => {
  it('marks TTL expiry only for a REMOVE by the DynamoDB service', () => {
    const ttl: StreamRecord = { eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } };
    assert.equal(isTtlExpiry(ttl), true);
    assert.equal(eventKindOf(ttl), 'TTL');
    assert.equal(eventLabelOf(ttl), 'TTL expired');
    assert.equal(eventKindOf({ eventName: 'REMOVE' }), 'REMOVE');
    assert.equal(eventKindOf({ eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'someone.else' } }), 'REMOVE');
    assert.equal(eventKindOf({ eventName: 'REMOVE', userIdentity: { Type: 'User', PrincipalId: 'dynamodb.amazonaws.com' } }), 'REMOVE');
    assert.equal(isTtlExpiry({ eventName: 'MODIFY', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } }), false);
    assert.equal(eventLabelOf({ eventName: 'INSERT' }), 'INSERT');
    assert.equal(eventLabelOf({ eventName: 'MODIFY' }), 'MODIFY');
    assert.equal(eventLabelOf({ eventName: 'REMOVE' }), 'REMOVE');
  });

  it('writes keys sorted by name, values formatted', () => {
    assert.equal(keysText({ SK: { N: BIG }, PK: { S: 'ORDER#1001' } }), `PK="ORDER#1001", SK=${BIG}`);
    assert.equal(keysText({ 'odd key': { S: 'x' } }), '"odd key"="x"');
    assert.equal(keysText(undefined), '');
  });

  it('builds a row with sequence number, shard, size and times', () => {
    const row = toRecordRow(seedModify(), { id: 7, shardId: 'shardId-1', arrivalMs: 1000 });
    assert.deepEqual(row, {
      id: 7,
      kind: 'MODIFY',
      eventName: 'MODIFY',
      keys: 'PK="ORDER#1001"',
      sequenceNumber: '000000000000000000001',
      shardId: 'shardId-1',
      sizeBytes: 123,
      approximateCreationMs: Date.parse('2025-01-02T03:04:05Z'),
      arrivalMs: 1000,
    });
  });

  it('reads ApproximateCreationDateTime as Date, epoch seconds or ISO text', () => {
    assert.equal(approximateCreationMs({ dynamodb: { ApproximateCreationDateTime: new Date(5000) } }), 5000);
    assert.equal(approximateCreationMs({ dynamodb: { ApproximateCreationDateTime: 1700000000 as never } }), 1700000000000);
    assert.equal(approximateCreationMs({ dynamodb: { ApproximateCreationDateTime: '2025-01-02T03:04:05Z' as never } }), Date.parse('2025-01-02T03:04:05Z'));
    assert.equal(approximateCreationMs({ dynamodb: {} }), undefined);
    assert.equal(approximateCreationMs({ dynamodb: { ApproximateCreationDateTime: new Date(NaN) } }), undefined);
  });
});

describe('records: diff', () => {
  it('an order update: status pending → processing and totalItems 5 → 50, both values shown', () => {
    const detail = toRecordDetail(seedModify(), 1);
    assert.equal(detail.diffAvailable, true);
    assert.equal(detail.note, undefined);
    const byPath = new Map(detail.diff.map((e) => [e.path, e]));
    assert.deepEqual(byPath.get('status'), { path: 'status', change: 'changed', oldText: '"pending"', newText: '"processing"' });
    assert.deepEqual(byPath.get('totalItems'), { path: 'totalItems', change: 'changed', oldText: '5', newText: '50' });
    assert.equal(byPath.get('customer')?.change, 'unchanged');
    assert.equal(detail.diff[0].path, 'PK', 'key attributes come first');
    assert.equal(detail.diff[0].change, 'unchanged');
    assert.deepEqual(detail.keys, [{ path: 'PK', text: '"ORDER#1001"' }]);
    assert.deepEqual(
      detail.diff.filter((e) => e.change !== 'unchanged').map((e) => e.path),
      ['status', 'totalItems'],
    );
  });

  it('descends into maps and lists: address.city, items[2].qty', () => {
    const oldImage: Item = {
      id: { S: '1' },
      address: { M: { city: { S: 'Paris' }, zip: { S: '75001' }, geo: { M: { lat: { N: '1' } } } } },
      items: { L: [{ M: { qty: { N: '1' } } }, { M: { qty: { N: '2' } } }, { M: { qty: { N: '3' }, sku: { S: 'A' } } }] },
      gone: { BOOL: true },
    };
    const newImage: Item = {
      id: { S: '1' },
      address: { M: { city: { S: 'Lyon' }, zip: { S: '75001' }, geo: { M: { lat: { N: '1' } } }, floor: { N: '3' } } },
      items: { L: [{ M: { qty: { N: '1' } } }, { M: { qty: { N: '2' } } }, { M: { qty: { N: '30' }, sku: { S: 'A' } } }, { S: 'new' }] },
      fresh: { NULL: true },
    };
    const diff = diffImages(oldImage, newImage, ['id']);
    const summary = diff.map((e) => `${e.change} ${e.path} ${e.oldText ?? '-'} ${e.newText ?? '-'}`);
    assert.deepEqual(summary, [
      'unchanged id "1" "1"',
      'changed address.city "Paris" "Lyon"',
      'added address.floor - 3',
      'unchanged address.geo {"lat": 1} {"lat": 1}',
      'unchanged address.zip "75001" "75001"',
      'added fresh - null',
      'removed gone true -',
      'unchanged items[0] {"qty": 1} {"qty": 1}',
      'unchanged items[1] {"qty": 2} {"qty": 2}',
      'changed items[2].qty 3 30',
      'unchanged items[2].sku "A" "A"',
      'added items[3] - "new"',
    ]);
  });

  it('quotes path segments that would be ambiguous', () => {
    const diff = diffImages({ 'a.b': { M: { 'x y': { N: '1' } } } }, { 'a.b': { M: { 'x y': { N: '2' } } } });
    assert.deepEqual(diff.map((e) => e.path), ['"a.b"["x y"]']);
  });

  it('treats a type change as changed, and sets compare without order', () => {
    const diff = diffImages(
      { n: { N: '5' }, s: { SS: ['a', 'b'] }, t: { SS: ['a'] }, big: { N: BIG } },
      { n: { S: '5' }, s: { SS: ['b', 'a'] }, t: { SS: ['a', 'c'] }, big: { N: BIG.replace(/8$/, '9') } },
    );
    assert.deepEqual(
      diff.map((e) => [e.path, e.change, e.oldText, e.newText]),
      [
        ['big', 'changed', BIG, BIG.replace(/8$/, '9')],
        ['n', 'changed', '5', '"5"'],
        ['s', 'unchanged', '<<"a", "b">>', '<<"a", "b">>'],
        ['t', 'changed', '<<"a">>', '<<"a", "c">>'],
      ],
    );
  });

  it('maps with the same members in another order are unchanged', () => {
    const diff = diffImages({ m: { M: { a: { N: '1' }, b: { N: '2' } } } }, { m: { M: { b: { N: '2' }, a: { N: '1' } } } });
    assert.deepEqual(diff.map((e) => e.change), ['unchanged']);
  });

  it('binary changes show base64 on both sides', () => {
    const diff = diffImages({ b: { B: new Uint8Array([1]) } }, { b: { B: new Uint8Array([2]) } });
    assert.deepEqual(diff, [{ path: 'b', change: 'changed', oldText: 'base64:AQ==', newText: 'base64:Ag==' }]);
  });

  it('INSERT shows every attribute added; REMOVE every attribute removed', () => {
    const insert = toRecordDetail({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'k' } }, NewImage: { PK: { S: 'k' }, a: { N: '1' } }, StreamViewType: 'NEW_IMAGE' } }, 1);
    assert.equal(insert.diffAvailable, true);
    assert.deepEqual(insert.diff.map((e) => `${e.change} ${e.path}`), ['added PK', 'added a']);
    const remove = toRecordDetail({ eventName: 'REMOVE', dynamodb: { Keys: { PK: { S: 'k' } }, OldImage: { PK: { S: 'k' }, a: { N: '1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' } }, 2);
    assert.equal(remove.diffAvailable, true);
    assert.deepEqual(remove.diff.map((e) => `${e.change} ${e.path} ${e.oldText}`), ['removed PK "k"', 'removed a 1']);
  });
});

describe('records: why there is no diff', () => {
  const keys = { PK: { S: 'k' } };
  it('KEYS_ONLY says so and suggests NEW_AND_OLD_IMAGES', () => {
    const r: StreamRecord = { eventName: 'MODIFY', dynamodb: { Keys: keys, StreamViewType: 'KEYS_ONLY' } };
    const d = toRecordDetail(r, 1);
    assert.equal(d.diffAvailable, false);
    assert.equal(d.note, 'Stream view type KEYS_ONLY carries keys only — enable NEW_AND_OLD_IMAGES to see diffs.');
    assert.equal(d.image, undefined);
    assert.deepEqual(d.keys, [{ path: 'PK', text: '"k"' }]);
  });

  it('NEW_IMAGE MODIFY shows the new image and the reason', () => {
    const r: StreamRecord = { eventName: 'MODIFY', dynamodb: { Keys: keys, NewImage: { PK: { S: 'k' }, status: { S: 'processing' } }, StreamViewType: 'NEW_IMAGE' } };
    const d = toRecordDetail(r, 1);
    assert.equal(d.diffAvailable, false);
    assert.match(d.note ?? '', /^Stream view type NEW_IMAGE carries only the new image — enable NEW_AND_OLD_IMAGES to see diffs\.$/);
    assert.deepEqual(d.image, { label: 'New image', values: [{ path: 'PK', text: '"k"' }, { path: 'status', text: '"processing"' }] });
  });

  it('OLD_IMAGE MODIFY shows the old image and the reason', () => {
    const r: StreamRecord = { eventName: 'MODIFY', dynamodb: { Keys: keys, OldImage: { PK: { S: 'k' } }, StreamViewType: 'OLD_IMAGE' } };
    const d = toRecordDetail(r, 1);
    assert.match(d.note ?? '', /OLD_IMAGE carries only the old image/);
    assert.equal(d.image?.label, 'Old image');
  });

  it('uses the panel view type when the record has none, and explains a missing image otherwise', () => {
    const r: StreamRecord = { eventName: 'MODIFY', dynamodb: { Keys: keys } };
    assert.match(missingDiffReason(r, 'KEYS_ONLY') ?? '', /KEYS_ONLY carries keys only/);
    assert.match(missingDiffReason(r) ?? '', /no old image and new image/);
    assert.match(missingDiffReason({ eventName: 'REMOVE', dynamodb: { Keys: keys } }, 'NEW_IMAGE') ?? '', /removed item has none/);
    assert.match(missingDiffReason({ eventName: 'INSERT', dynamodb: { Keys: keys } }, 'OLD_IMAGE') ?? '', /inserted item has none/);
    assert.equal(missingDiffReason(seedModify()), undefined);
    assert.equal(missingDiffReason({ eventName: 'INSERT', dynamodb: { NewImage: keys } }, 'NEW_IMAGE'), undefined);
  });
});

describe('records: search text and export', () => {
  it('search text covers keys and values of both images, lower-cased', () => {
    const text = searchTextOf(seedModify());
    assert.match(text, /order#1001/);
    assert.match(text, /pending/);
    assert.match(text, /processing/);
    assert.match(text, /totalitems=50/);
  });

  it('exports JSON like the AWS CLI: base64 binary, epoch-second times, numbers as strings', () => {
    const r: StreamRecord = {
      eventName: 'INSERT',
      dynamodb: { ApproximateCreationDateTime: new Date(1700000000000), NewImage: { b: { B: new Uint8Array([1, 2, 3]) }, n: { N: BIG } }, SequenceNumber: '1' },
    };
    const line = recordToJsonLine(r);
    assert.ok(!line.includes('\n'));
    assert.deepEqual(JSON.parse(line), {
      eventName: 'INSERT',
      dynamodb: { ApproximateCreationDateTime: 1700000000, NewImage: { b: { B: 'AQID' }, n: { N: BIG } }, SequenceNumber: '1' },
    });
  });

  it('a JSON line reads back as the same record: bytes, sets of bytes, nested binary, the creation time', () => {
    const r: StreamRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        ApproximateCreationDateTime: new Date(1700000000000),
        Keys: { PK: { B: new Uint8Array([0, 255]) } },
        NewImage: { PK: { B: new Uint8Array([0, 255]) }, bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] }, m: { M: { B: { L: [{ B: new Uint8Array([9]) }, { S: 'B' }] } } }, n: { N: BIG } },
        SequenceNumber: '7',
      },
    };
    assert.deepEqual(recordFromJsonLine(recordToJsonLine(r)), r);
    assert.deepEqual(recordFromJsonLine(recordToJsonLine(seedModify())), seedModify());
    // The fast path (no binary) and the replacer path write the same shape.
    const plain: StreamRecord = { eventID: 'e', dynamodb: { ApproximateCreationDateTime: new Date(1700000000000), Keys: { PK: { S: 'a' } }, SequenceNumber: '1' }, awsRegion: 'r' };
    const withBinary: StreamRecord = { ...plain, dynamodb: { ...plain.dynamodb, NewImage: { b: { B: new Uint8Array([1]) } } } };
    assert.equal(recordToJsonLine(plain), '{"eventID":"e","dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{"PK":{"S":"a"}},"SequenceNumber":"1"},"awsRegion":"r"}');
    assert.equal(recordToJsonLine(withBinary), '{"eventID":"e","dynamodb":{"ApproximateCreationDateTime":1700000000,"Keys":{"PK":{"S":"a"}},"SequenceNumber":"1","NewImage":{"b":{"B":"AQ=="}}},"awsRegion":"r"}');
  });
});
