import assert from 'node:assert/strict';
import { KinesisDecoder, creationTimeMicros, decodeKinesisRecord } from '../../../../../src/core/tail/kinesis/decode';
import type { KinesisRecord } from '../../../../../src/core/tail/kinesis/types';
import { isTtlExpiry, toRecordRow } from '../../../../../src/core/records/records';
import { recordFromJsonLine, recordToJsonLine } from '../../../../../src/core/records/recordJson';
import { changeRecordJson, type ChangeOptions } from './kinesisFakes';

let seq = 100;
function kinesisRecord(data: string | Uint8Array): KinesisRecord {
  seq++;
  return { sequenceNumber: String(seq), partitionKey: `p${seq}`, data: typeof data === 'string' ? new TextEncoder().encode(data) : data, arrivalMs: 1_700_000_000_000 };
}

const T = 1_700_000_000_000;
const change = (o: Partial<ChangeOptions> & { eventID: string }) => kinesisRecord(changeRecordJson({ eventName: 'MODIFY', pk: 'a', timeMs: T, ...o }));

describe('Kinesis decode', () => {
  it('creation time: by the precision field, else by magnitude (µs, ms, s)', () => {
    assert.equal(creationTimeMicros(T * 1000, 'MICROSECOND'), T * 1000);
    assert.equal(creationTimeMicros(T, 'MILLISECOND'), T * 1000);
    assert.equal(creationTimeMicros(T * 1000, undefined), T * 1000);
    assert.equal(creationTimeMicros(T, undefined), T * 1000);
    assert.equal(creationTimeMicros(T / 1000, undefined), T * 1000);
    assert.equal(creationTimeMicros(String(T), 'MILLISECOND'), T * 1000);
    assert.equal(creationTimeMicros('yesterday', undefined), undefined);
    assert.equal(creationTimeMicros(undefined, 'MILLISECOND'), undefined);
  });

  it('maps the documented change record onto the Streams model, user identity keys included', () => {
    const data = changeRecordJson({
      eventID: 'ev-1',
      eventName: 'REMOVE',
      pk: 'order-9',
      timeMs: T + 123,
      precision: 'MICROSECOND',
      ttl: true,
      oldImage: { pk: { S: 'order-9' }, tags: { BS: ['AA=='] }, nested: { M: { b: { B: 'AQI=' }, l: { L: [{ B: 'Aw==' }, { N: '1' }] } } } },
    });
    const source = kinesisRecord(data);
    const { record, creationMicros, itemKey } = decodeKinesisRecord('shard-1', source);
    assert.equal(record.eventID, 'ev-1');
    assert.equal(record.eventName, 'REMOVE');
    assert.equal(record.eventSource, 'aws:dynamodb');
    assert.equal(record.awsRegion, 'us-east-1');
    assert.deepEqual(record.userIdentity, { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
    assert.equal(isTtlExpiry(record), true);
    assert.equal(record.dynamodb?.ApproximateCreationDateTime?.getTime(), T + 123);
    assert.equal(creationMicros, (T + 123) * 1000);
    assert.deepEqual(record.dynamodb?.Keys, { pk: { S: 'order-9' } });
    assert.equal(record.dynamodb?.SizeBytes, 42);
    assert.equal(record.dynamodb?.SequenceNumber, undefined, 'Kinesis data has no Streams sequence number');
    const old = record.dynamodb.OldImage!;
    assert.deepEqual(old.tags.BS, [new Uint8Array([0])]);
    assert.deepEqual(old.nested.M!.b.B, new Uint8Array([1, 2]));
    assert.deepEqual(old.nested.M!.l.L![0].B, new Uint8Array([3]));
    assert.deepEqual(record.kinesis, { shardId: 'shard-1', sequenceNumber: source.sequenceNumber, partitionKey: source.partitionKey, arrivalMs: source.arrivalMs, tableName: 'Orders' });
    assert.ok(itemKey?.includes('Orders') && itemKey.includes('order-9'));
    // Rows and the JSON-line form the panel holds work unchanged, and keep the Kinesis origin.
    const row = toRecordRow(record, { id: 1, shardId: 'shard-1', arrivalMs: 0 });
    assert.equal(row.keys.includes('order-9'), true);
    assert.deepEqual(recordFromJsonLine(recordToJsonLine(record)).kinesis, record.kinesis);
  });

  it('leaves out what the record lacks (no members set to undefined), in the JSON-line order', () => {
    const json = JSON.parse(changeRecordJson({ eventID: 'x', eventName: 'INSERT', pk: 'a', timeMs: T }));
    delete json.eventID;
    delete json.awsRegion;
    delete json.dynamodb.SizeBytes;
    delete json.dynamodb.ApproximateCreationDateTime;
    json.dynamodb.NewImage = { pk: { S: 'a' } };
    const { record, creationMicros } = decodeKinesisRecord('s', kinesisRecord(JSON.stringify(json)));
    assert.deepEqual(Object.keys(record), ['eventName', 'eventSource', 'dynamodb', 'kinesis']);
    assert.deepEqual(Object.keys(record.dynamodb!), ['Keys', 'NewImage']);
    assert.equal(creationMicros, undefined);
  });

  it('accepts PascalCase identity keys and a null identity', () => {
    const json = JSON.parse(changeRecordJson({ eventID: 'x', eventName: 'REMOVE', pk: 'a', timeMs: T }));
    json.userIdentity = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' };
    assert.equal(isTtlExpiry(decodeKinesisRecord('s', kinesisRecord(JSON.stringify(json))).record), true);
    json.userIdentity = null;
    assert.equal(decodeKinesisRecord('s', kinesisRecord(JSON.stringify(json))).record.userIdentity, undefined);
  });

  it('keeps anything else as raw text, with no eventName: plain text, JSON of another shape, binary', () => {
    const text = decodeKinesisRecord('s', kinesisRecord('hello')).record;
    assert.equal(text.kinesis?.raw, 'hello');
    assert.equal(text.eventName, undefined);
    assert.equal(text.dynamodb, undefined);
    const shaped = decodeKinesisRecord('s', kinesisRecord('{"eventName":"INSERT","dynamodb":{}}')).record;
    assert.equal(shaped.kinesis?.raw, '{\n  "eventName": "INSERT",\n  "dynamodb": {}\n}', 'no Keys: not a change record');
    assert.equal(shaped.eventName, undefined);
    const binary = decodeKinesisRecord('s', kinesisRecord(new Uint8Array([0xff, 0xfe, 0x00]))).record;
    assert.equal(binary.kinesis?.raw, '(binary data, base64) //4A');
    assert.deepEqual(Object.keys(binary), ['kinesis']);
  });
});

describe('Kinesis decode: change records that cannot be read', () => {
  const bad = (dynamodb: Record<string, unknown>) =>
    decodeKinesisRecord('s', kinesisRecord(JSON.stringify({ eventID: 'x', eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb }))).record;

  it('keeps each as it came, marked unreadable with what is wrong, instead of throwing', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ Keys: { pk: null } }, /^Keys\.pk is null, not an attribute value$/],
      [{ Keys: { pk: { S: 'a' } }, NewImage: { x: null } }, /^NewImage\.x is null/],
      [{ Keys: { pk: { S: 'a' } }, NewImage: { l: { L: [null] } } }, /^NewImage\.l\[0\] is null/],
      [{ Keys: { pk: { S: 'a' } }, OldImage: { m: { M: { deep: { N: 5 } } } } }, /^OldImage\.m\.deep \(N\) holds a number$/],
      [{ Keys: { pk: { S: 'a', N: '1' } } }, /^Keys\.pk has more than one type$/],
      [{ Keys: { pk: { Q: 'a' } } }, /^Keys\.pk has an unknown type "Q"$/],
      [{ Keys: { pk: { S: 'a' } }, NewImage: 'text' }, /^NewImage is text, not a map of attributes$/],
      [{ Keys: { pk: { S: 'a' } }, NewImage: { s: { SS: ['a', 1] } } }, /^NewImage\.s \(SS\) holds an array$/],
    ];
    for (const [dynamodb, why] of cases) {
      const record = bad(dynamodb);
      assert.match(record.kinesis?.unreadable ?? '', why, JSON.stringify(dynamodb));
      assert.equal(record.kinesis?.raw, JSON.stringify({ eventID: 'x', eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb }), 'data as it came');
      assert.equal(record.eventName, undefined);
      const row = toRecordRow(record, { id: 1, shardId: 's', arrivalMs: 0 });
      assert.match(row.eventName, /^UNREADABLE/);
      recordFromJsonLine(recordToJsonLine(record)); // the panel's held form works for it
    }
  });

  it('refuses nesting deeper than DynamoDB allows (32 levels) without walking it all', () => {
    const levels = 100_000; // written as text: JSON.stringify itself would overflow the stack on it
    const value = '{"M":{"a":'.repeat(levels) + '{"S":"leaf"}' + '}}'.repeat(levels);
    const text = `{"eventName":"MODIFY","dynamodb":{"Keys":{"pk":{"S":"a"}},"NewImage":{"deep":${value}}}}`;
    const record = decodeKinesisRecord('s', kinesisRecord(text)).record;
    assert.match(record.kinesis?.unreadable ?? '', /nests deeper than 32 levels$/);
    assert.equal(record.kinesis?.raw, text);
    let ok: Record<string, unknown> = { S: 'leaf' };
    for (let i = 0; i < 31; i++) ok = { L: [ok] };
    assert.equal(bad({ Keys: { pk: { S: 'a' } }, NewImage: { deep: ok } }).kinesis?.unreadable, undefined, '31 levels are fine');
  });

  it('a batch with unreadable records delivers every record, in place', () => {
    const decoder = new KinesisDecoder();
    const out = decoder.decodeBatch('s', [
      change({ eventID: 'a1' }),
      kinesisRecord(JSON.stringify({ eventName: 'INSERT', dynamodb: { Keys: { pk: null } } })),
      change({ eventID: 'a2', timeMs: T + 1 }),
    ]);
    assert.deepEqual(out.map((r) => r.eventID ?? r.kinesis?.unreadable), ['a1', 'Keys.pk is null, not an attribute value', 'a2']);
  });
});

describe('KinesisDecoder (duplicates, late changes, order per item)', () => {
  it('marks a repeated eventID as duplicate, across batches', () => {
    const decoder = new KinesisDecoder();
    const [first] = decoder.decodeBatch('s', [change({ eventID: 'd1' })]);
    const [again, other] = decoder.decodeBatch('s', [change({ eventID: 'd1' }), change({ eventID: 'd2', pk: 'b' })]);
    assert.equal(first.kinesis?.duplicate, undefined);
    assert.equal(again.kinesis?.duplicate, true);
    assert.equal(other.kinesis?.duplicate, undefined);
  });

  it('marks a change older than one delivered for the same item (same table and keys) as late', () => {
    const decoder = new KinesisDecoder();
    decoder.decodeBatch('s', [change({ eventID: 'n', timeMs: T + 10 })]);
    const [old, otherTable, sameTime] = decoder.decodeBatch('s', [
      change({ eventID: 'o', timeMs: T + 5 }),
      change({ eventID: 'ot', timeMs: T + 5, tableName: 'Other' }),
      change({ eventID: 's', timeMs: T + 10 }),
    ]);
    assert.equal(old.kinesis?.late, true);
    assert.equal(otherTable.kinesis?.late, undefined);
    assert.equal(sameTime.kinesis?.late, undefined);
  });

  it('orders each item by creation time within a batch; other items keep their places', () => {
    const decoder = new KinesisDecoder();
    const out = decoder.decodeBatch('s', [
      change({ eventID: 'a3', pk: 'a', timeMs: T + 3 }),
      change({ eventID: 'b1', pk: 'b', timeMs: T + 9 }),
      change({ eventID: 'a1', pk: 'a', timeMs: T + 1 }),
      kinesisRecord('raw'),
      change({ eventID: 'a2', pk: 'a', timeMs: T + 2 }),
    ]);
    assert.deepEqual(out.map((r) => r.eventID ?? r.kinesis?.raw), ['a1', 'b1', 'a2', 'raw', 'a3']);
    assert.ok(out.every((r) => !r.kinesis?.late), 'reordered, so none is late');
  });

  it('the same keys in another JSON key order are the same item', () => {
    const decoder = new KinesisDecoder();
    const json = (id: string, time: number, keys: Record<string, unknown>) => {
      const j = JSON.parse(changeRecordJson({ eventID: id, eventName: 'MODIFY', pk: 'x', timeMs: time }));
      j.dynamodb.Keys = keys;
      return kinesisRecord(JSON.stringify(j));
    };
    decoder.decodeBatch('s', [json('1', T + 5, { pk: { S: 'x' }, sk: { N: '1' } })]);
    const [late] = decoder.decodeBatch('s', [json('2', T, { sk: { N: '1' }, pk: { S: 'x' } })]);
    assert.equal(late.kinesis?.late, true);
  });

  it('item identity: keys whose texts would run together, or differ only in type, are different items', () => {
    const decoder = new KinesisDecoder();
    const withKeys = (id: string, time: number, keys: Record<string, unknown>, tableName = 'Orders') => {
      const j = JSON.parse(changeRecordJson({ eventID: id, eventName: 'MODIFY', pk: 'x', timeMs: time, tableName }));
      j.dynamodb.Keys = keys;
      return kinesisRecord(JSON.stringify(j));
    };
    decoder.decodeBatch('s', [
      withKeys('1', T + 9, { pk: { S: 'a1:b' } }),
      withKeys('2', T + 9, { pk: { S: 'a' }, sk: { S: 'b' } }),
      withKeys('3', T + 9, { pk: { N: '1' } }),
      withKeys('4', T + 9, { pk: { S: 'x' } }, 'Orders1:'),
    ]);
    const later = decoder.decodeBatch('s', [
      withKeys('5', T, { pk: { S: 'a1' }, sk: { S: 'b' } }),
      withKeys('6', T, { pk: { S: '1' } }),
      withKeys('7', T, { pk: { S: 'x' } }, 'Orders'),
      withKeys('8', T, { pk: { N: '1' } }),
    ]);
    assert.deepEqual(later.map((r) => r.kinesis?.late === true), [false, false, false, true]);
  });

  it('binary keys: the same bytes are the same item, and the keys hold bytes', () => {
    const decoder = new KinesisDecoder();
    const withKey = (id: string, time: number, b64: string) => {
      const j = JSON.parse(changeRecordJson({ eventID: id, eventName: 'MODIFY', pk: 'x', timeMs: time }));
      j.dynamodb.Keys = { id: { B: b64 } };
      return kinesisRecord(JSON.stringify(j));
    };
    const [first] = decoder.decodeBatch('s', [withKey('1', T + 5, 'AQI=')]);
    assert.deepEqual(first.dynamodb?.Keys?.id.B, new Uint8Array([1, 2]));
    const [same, other] = decoder.decodeBatch('s', [withKey('2', T, 'AQI='), withKey('3', T, 'AQM=')]);
    assert.equal(same.kinesis?.late, true);
    assert.equal(other.kinesis?.late, undefined);
  });

  it('remembers a bounded number of items for late changes (least recently touched forgotten first)', () => {
    const decoder = new KinesisDecoder(2);
    decoder.decodeBatch('s', ['i1', 'i2'].map((pk, i) => change({ eventID: `n-${pk}`, pk, timeMs: T + 10 + i })));
    // i1 touched again (a late change), so i2 is the least recently touched when i3 arrives.
    decoder.decodeBatch('s', [change({ eventID: 'l1', pk: 'i1', timeMs: T })]);
    decoder.decodeBatch('s', [change({ eventID: 'n3', pk: 'i3', timeMs: T + 10 })]);
    const [i1, i2] = decoder.decodeBatch('s', [change({ eventID: 'l1b', pk: 'i1', timeMs: T }), change({ eventID: 'l2', pk: 'i2', timeMs: T })]);
    assert.equal(i1.kinesis?.late, true, 'i1 still remembered');
    assert.equal(i2.kinesis?.late, undefined, 'i2 was forgotten');
  });

  it('remembers a bounded number of eventIDs (least recently seen forgotten first)', () => {
    const decoder = new KinesisDecoder(3);
    decoder.decodeBatch('s', ['m1', 'm2', 'm3', 'm4'].map((id, i) => change({ eventID: id, pk: id, timeMs: T + i })));
    const [m1, m4] = decoder.decodeBatch('s', [change({ eventID: 'm1', pk: 'm1', timeMs: T }), change({ eventID: 'm4', pk: 'm4', timeMs: T + 3 })]);
    assert.equal(m1.kinesis?.duplicate, undefined, 'm1 was forgotten');
    assert.equal(m4.kinesis?.duplicate, true);
  });
});
