import assert from 'node:assert/strict';
import { documentToItem, itemToDocument } from '../../../../src/core/items/itemDocument';
import { sameItem } from '../../../../src/core/records/sameItem';
import { JsonDocumentError, parseJson } from '../../../../src/core/items/jsonText';
import type { Item } from '../../../../src/core/records/model';

const bytes = (...b: number[]) => new Uint8Array(b);

/** Every type, with the values a double or JSON.parse would lose. */
const rich: Item = {
  PK: { S: 'ORDER#1' },
  SK: { N: '12345678901234567890123456789012345678' },
  empty: { S: '' },
  small: { N: '-0.000000000000000000000000000001' },
  exp: { N: '1E+5' },
  flag: { BOOL: false },
  nothing: { NULL: true },
  data: { B: bytes(0, 1, 254, 255) },
  tags: { SS: ['a', 'b'] },
  scores: { NS: ['1', '9007199254740993', '2.50'] },
  blobs: { BS: [bytes(1), bytes(2, 3)] },
  nested: { M: { list: { L: [{ S: 'x' }, { N: '3' }, { M: {} }, { L: [] }] }, deep: { M: { n: { N: '7' } } } } },
  markerLike: { M: { $SS: { S: 'not a set' } } },
  dollar: { M: { $other: { S: 'plain map' } } },
};

describe('item documents (plain JSON and DynamoDB JSON)', () => {
  for (const view of ['plain', 'dynamodb'] as const) {
    it(`${view}: round-trips every type exactly (38-digit numbers, sets, binary, empty strings, nested maps and lists)`, () => {
      const text = itemToDocument(rich, view, ['PK', 'SK']);
      const back = documentToItem(text, view);
      assert.deepEqual(back, rich);
      assert.equal(itemToDocument(back, view, ['PK', 'SK']), text, 'printing again gives the same text');
    });
  }

  it('plain: numbers keep their digits, sets and binary are markers, key attributes first', () => {
    const text = itemToDocument({ n: { N: '12345678901234567890123456789012345678' }, PK: { S: 'a' }, t: { SS: ['x'] }, b: { B: bytes(1, 2) } }, 'plain', ['PK']);
    assert.equal(text, '{\n  "PK": "a",\n  "n": 12345678901234567890123456789012345678,\n  "t": {\n    "$SS": [\n      "x"\n    ]\n  },\n  "b": {\n    "$B": "AQI="\n  }\n}\n');
  });

  it('plain: a map whose only attribute looks like a marker is written as {"$M": …}', () => {
    const text = itemToDocument({ m: { M: { $B: { S: 'x' } } } }, 'plain');
    assert.match(text, /"\$M"/);
    assert.deepEqual(documentToItem(text, 'plain'), { m: { M: { $B: { S: 'x' } } } });
  });

  it('plain: numbers may be typed as {"$N": "…"} and in sets as strings', () => {
    assert.deepEqual(documentToItem('{"a": {"$N": "1.5"}, "s": {"$NS": ["2", 3]}}', 'plain'), { a: { N: '1.5' }, s: { NS: ['2', '3'] } });
  });

  it('refuses a malformed document with the line and column', () => {
    assert.throws(() => documentToItem('{\n  "a": 1,\n  "b": \n}', 'plain'), (e: unknown) => e instanceof JsonDocumentError && e.line === 4 && e.column === 1 && /expected a value/.test(e.message));
    assert.throws(() => documentToItem('{"a": 1 "b": 2}', 'plain'), /Line 1, column 9: expected "," or "}"/);
    assert.throws(() => documentToItem('{"a": "x}', 'plain'), /Line 1, column 7: unterminated string/);
    assert.throws(() => documentToItem('{"a": 1, "a": 2}', 'plain'), /column 10: "a" appears twice/);
    assert.throws(() => documentToItem('{} x', 'plain'), /after the end/);
    assert.throws(() => documentToItem('[1]', 'plain'), /one JSON object/);
  });

  it('refuses values DynamoDB cannot hold, with their position', () => {
    assert.throws(() => documentToItem('{"s": {"$SS": []}}', 'plain'), /column 15: a string set \(\$SS\) cannot be empty/);
    assert.throws(() => documentToItem('{"b": {"$B": "not base64!"}}', 'plain'), /base64/);
    assert.throws(() => documentToItem('{"n": {"$N": "12abc"}}', 'plain'), /"12abc" is not a number/);
    assert.throws(() => documentToItem('{"a": {"X": "1"}}', 'dynamodb'), /unknown type "X"/);
    assert.throws(() => documentToItem('{"a": "1"}', 'dynamodb'), /one-key object/);
    assert.throws(() => documentToItem('{"a": {"NULL": false}}', 'dynamodb'), /NULL holds true/);
  });

  it('DynamoDB JSON accepts N written as a JSON number, digit for digit', () => {
    assert.deepEqual(documentToItem('{"n": {"N": 12345678901234567890123456789012345678}}', 'dynamodb'), { n: { N: '12345678901234567890123456789012345678' } });
  });

  it('parser: strings with escapes and unicode', () => {
    const node = parseJson('{"s": "a\\"b\\n\\u00e9"}');
    assert.deepEqual(node.kind === 'object' && node.entries[0].value, { kind: 'string', value: 'a"b\né', at: 6 });
  });

  it('a plain JSON round trip gives back an equal item', () => {
    assert.ok(sameItem(rich, documentToItem(itemToDocument(rich, 'plain'), 'plain')));
  });
});
