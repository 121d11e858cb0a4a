import assert from 'node:assert/strict';
import type { Item, StreamRecord } from '../../../../src/core/records/model';
import {
  attributeToDynamoDbJson,
  attributeToPlain,
  itemAsDynamoDbJson,
  itemToDynamoDbJson,
  itemToPlain,
  plainNumber,
  recordImagesAsDynamoDbJson,
  recordImagesAsPlainJson,
} from '../../../../src/core/records/plainJson';

const BIG38 = '12345678901234567890123456789012345678';

describe('plainJson: numbers stay exact', () => {
  it('a 38-digit number stays its decimal string', () => {
    assert.equal(plainNumber(BIG38), BIG38);
    assert.equal(plainNumber('-' + BIG38), '-' + BIG38);
  });
  it('2^53 + 1 stays a string (a double would round it to 2^53)', () => {
    assert.equal(plainNumber('9007199254740993'), '9007199254740993');
  });
  it('2^53 - 1 (the largest safe integer) is a number', () => {
    assert.equal(plainNumber('9007199254740991'), 9007199254740991);
  });
  it('integers beyond 2^53 stay strings even when a double holds them (2^53, 1e20)', () => {
    assert.equal(plainNumber('9007199254740992'), '9007199254740992');
    assert.equal(plainNumber('100000000000000000000'), '100000000000000000000');
  });
  it('small integers, negatives and zero are numbers', () => {
    assert.equal(plainNumber('42'), 42);
    assert.equal(plainNumber('-7'), -7);
    assert.equal(plainNumber('0'), 0);
  });
  it('decimals a double prints back identically are numbers (0.1, 12.5, -3.25)', () => {
    assert.equal(plainNumber('0.1'), 0.1);
    assert.equal(plainNumber('12.5'), 12.5);
    assert.equal(plainNumber('-3.25'), -3.25);
  });
  it('decimals with more digits than a double keeps stay strings', () => {
    assert.equal(plainNumber('0.12345678901234567890123'), '0.12345678901234567890123');
    assert.equal(plainNumber('12345678901234567890.25'), '12345678901234567890.25');
  });
  it('trailing zeros of a decimal do not make it inexact (1.50 is 1.5)', () => {
    assert.equal(plainNumber('1.50'), 1.5);
  });
  it('tiny and huge exponents stay exact', () => {
    assert.equal(plainNumber('1E-130'), 1e-130);
    assert.equal(plainNumber('9.9999999999999999999999999999999999999E+125'), '9.9999999999999999999999999999999999999E+125');
  });
  it('a value that is not a number is returned as it came', () => {
    assert.equal(plainNumber('abc'), 'abc');
    assert.equal(plainNumber(''), '');
  });
});

describe('plainJson: attribute values as plain JSON', () => {
  it('S, N, BOOL and NULL', () => {
    assert.equal(attributeToPlain({ S: 'hello' }), 'hello');
    assert.equal(attributeToPlain({ S: '' }), '');
    assert.equal(attributeToPlain({ N: '5' }), 5);
    assert.equal(attributeToPlain({ N: BIG38 }), BIG38);
    assert.equal(attributeToPlain({ BOOL: false }), false);
    assert.equal(attributeToPlain({ NULL: true }), null);
  });
  it('binary as base64, from bytes or already base64', () => {
    assert.equal(attributeToPlain({ B: new Uint8Array([1, 2, 3, 255]) }), 'AQID/w==');
    assert.equal(attributeToPlain({ B: 'AQID/w==' as never }), 'AQID/w==');
  });
  it('sets as arrays: SS, NS (exact numbers) and BS (base64)', () => {
    assert.deepEqual(attributeToPlain({ SS: ['a', 'b'] }), ['a', 'b']);
    assert.deepEqual(attributeToPlain({ NS: ['1', '9007199254740993', '2.5'] }), [1, '9007199254740993', 2.5]);
    assert.deepEqual(attributeToPlain({ BS: [new Uint8Array([0]), new Uint8Array([1, 2])] }), ['AA==', 'AQI=']);
  });
  it('nested maps and lists', () => {
    const value = {
      M: {
        name: { S: 'Ann' },
        address: { M: { city: { S: 'Paris' }, zip: { N: '75001' } } },
        orders: { L: [{ N: '1' }, { M: { total: { N: BIG38 } } }, { L: [{ BOOL: true }, { NULL: true }] }] },
      },
    };
    assert.deepEqual(attributeToPlain(value), {
      name: 'Ann',
      address: { city: 'Paris', zip: 75001 },
      orders: [1, { total: BIG38 }, [true, null]],
    });
  });
  it('empty map and list', () => {
    assert.deepEqual(attributeToPlain({ M: {} }), {});
    assert.deepEqual(attributeToPlain({ L: [] }), []);
  });
  it('an unknown value is shown as it came', () => {
    assert.deepEqual(attributeToPlain({ X: 1 } as never), { X: 1 });
  });
  it('an item as plain JSON prints exact numbers through JSON.stringify', () => {
    const item: Item = { PK: { S: 'ORDER#1' }, total: { N: BIG38 }, qty: { N: '3' } };
    assert.equal(JSON.stringify(itemToPlain(item)), `{"PK":"ORDER#1","total":"${BIG38}","qty":3}`);
  });
});

describe('plainJson: DynamoDB JSON as is (binary as base64)', () => {
  it('S, N, BOOL, NULL, SS and NS are copied unchanged', () => {
    for (const v of [{ S: 'x' }, { N: BIG38 }, { BOOL: true }, { NULL: true }, { SS: ['a'] }, { NS: ['1', '2'] }]) {
      assert.deepEqual(attributeToDynamoDbJson(v), v);
    }
  });
  it('B and BS become base64, also inside maps and lists', () => {
    const item: Item = {
      bin: { B: new Uint8Array([104, 105]) },
      set: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
      nested: { M: { inner: { L: [{ B: new Uint8Array([255]) }, { S: 'y' }] } } },
    };
    assert.deepEqual(itemToDynamoDbJson(item), {
      bin: { B: 'aGk=' },
      set: { BS: ['AQ==', 'Ag=='] },
      nested: { M: { inner: { L: [{ B: '/w==' }, { S: 'y' }] } } },
    });
  });
  it('the copy does not share arrays with the record', () => {
    const item: Item = { s: { SS: ['a'] } };
    const copy = itemToDynamoDbJson(item);
    copy.s.SS!.push('b');
    assert.deepEqual(item.s.SS, ['a']);
  });
});

describe('plainJson: a record\'s images', () => {
  const record: StreamRecord = {
    eventName: 'MODIFY',
    dynamodb: {
      Keys: { PK: { S: 'K' } },
      OldImage: { PK: { S: 'K' }, n: { N: '1' }, b: { B: new Uint8Array([7]) } },
      NewImage: { PK: { S: 'K' }, n: { N: '9007199254740993' }, b: { B: new Uint8Array([8]) } },
    },
  };
  it('as plain JSON: keys and both images, exact numbers, base64 binary', () => {
    assert.deepEqual(recordImagesAsPlainJson(record), {
      Keys: { PK: 'K' },
      NewImage: { PK: 'K', n: '9007199254740993', b: 'CA==' },
      OldImage: { PK: 'K', n: 1, b: 'Bw==' },
    });
  });
  it('as DynamoDB JSON: typed values with base64 binary', () => {
    assert.deepEqual(recordImagesAsDynamoDbJson(record), {
      Keys: { PK: { S: 'K' } },
      NewImage: { PK: { S: 'K' }, n: { N: '9007199254740993' }, b: { B: 'CA==' } },
      OldImage: { PK: { S: 'K' }, n: { N: '1' }, b: { B: 'Bw==' } },
    });
  });
  it('absent images stay absent (a REMOVE of a KEYS_ONLY stream)', () => {
    assert.deepEqual(recordImagesAsPlainJson({ eventName: 'REMOVE', dynamodb: { Keys: { PK: { S: 'K' } } } }), { Keys: { PK: 'K' } });
    assert.deepEqual(recordImagesAsPlainJson({ eventName: 'REMOVE' }), {});
  });

  it('itemAsDynamoDbJson: an item without binary values is itself; one anywhere (nested too) makes a base64 copy', () => {
    const plain: Item = { PK: { S: 'K' }, n: { N: '1' }, m: { M: { l: { L: [{ SS: ['a'] }, { BOOL: true }] } } } };
    assert.equal(itemAsDynamoDbJson(plain), plain, 'no copy');
    const nested: Item = { PK: { S: 'K' }, m: { M: { l: { L: [{ N: '2' }, { BS: [new Uint8Array([1, 2])] }] } } } };
    const copy = itemAsDynamoDbJson(nested);
    assert.notEqual(copy, nested);
    assert.deepEqual(copy, { PK: { S: 'K' }, m: { M: { l: { L: [{ N: '2' }, { BS: ['AQI='] }] } } } });
    assert.equal(JSON.stringify(itemAsDynamoDbJson({ b: { B: new Uint8Array([255]) } })), '{"b":{"B":"/w=="}}');
  });
});
