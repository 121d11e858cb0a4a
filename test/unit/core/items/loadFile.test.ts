import assert from 'node:assert/strict';
import { canonicalNumber, planLoad, problemsReport } from '../../../../src/core/items/loadFile';
import { itemSize, MAX_ITEM_BYTES } from '../../../../src/core/items/itemSize';
import { recordToJsonLine } from '../../../../src/core/records/recordJson';
import type { StreamRecord } from '../../../../src/core/records/model';
import type { KeyAttribute } from '../../../../src/core/table/createTable';

const keys: KeyAttribute[] = [{ name: 'PK', type: 'S' }, { name: 'SK', type: 'N' }];

describe('load items from file: reading and checking', () => {
  it('reads a JSON array of plain JSON items with exact numbers, sets and binary, lines from each element', () => {
    const text = '[\n  {"PK": "a", "SK": 1, "big": 12345678901234567890123456789012345678},\n  {"PK": "b", "SK": 2.50, "tags": {"$SS": ["x", "y"]}, "bin": {"$B": "AQI="}}\n]\n';
    const plan = planLoad(text, keys);
    assert.equal(plan.shape, 'JSON array');
    assert.equal(plan.content, 'plain JSON');
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.items.map((i) => i.line), [2, 3]);
    assert.deepEqual(plan.items[0].item.big, { N: '12345678901234567890123456789012345678' });
    assert.deepEqual(plan.items[1].item.tags, { SS: ['x', 'y'] });
    assert.deepEqual(plan.items[1].item.bin, { B: new Uint8Array([1, 2]) });
  });

  it('detects DynamoDB JSON per file, in NDJSON, S3 export lines and the CLI scan output', () => {
    const ndjson = '{"PK": {"S": "a"}, "SK": {"N": "1"}}\n\n{"Item": {"PK": {"S": "b"}, "SK": {"N": "2"}}}\r\n';
    const plan = planLoad(ndjson, keys);
    assert.equal(plan.shape, 'NDJSON');
    assert.equal(plan.content, 'DynamoDB JSON');
    assert.deepEqual(plan.items.map((i) => [i.line, i.item.PK.S]), [[1, 'a'], [3, 'b']]);
    const scan = planLoad('{"Items": [{"PK": {"S": "a"}, "SK": {"N": "1"}}], "Count": 1}', keys);
    assert.equal(scan.shape, 'JSON array');
    assert.equal(scan.items.length, 1);
  });

  it('lists every bad line with its number and reason, and keeps the good ones', () => {
    const text = [
      '{"PK": "ok", "SK": 1}',
      '{"PK": "broken", ',
      '{"PK": "nosk"}',
      '{"PK": "wrongtype", "SK": "1"}',
      '[1, 2]',
      '{"PK": "", "SK": 3}',
      `{"PK": "huge", "SK": 4, "blob": "${'x'.repeat(MAX_ITEM_BYTES)}"}`,
      '{"PK": "set", "SK": 5, "s": {"$SS": []}}',
    ].join('\n');
    const plan = planLoad(text, keys);
    assert.deepEqual(plan.items.map((i) => i.line), [1]);
    assert.deepEqual(plan.problems.map((p) => p.line), [2, 3, 4, 5, 6, 7, 8]);
    const reasons = plan.problems.map((p) => p.reason);
    assert.match(reasons[0], /^not JSON \(column \d+: /);
    assert.match(reasons[1], /"SK" is missing/);
    assert.match(reasons[2], /"SK" is of type N in this table, not S/);
    assert.match(reasons[3], /an item is a JSON object, not an array/);
    assert.match(reasons[4], /empty/);
    assert.match(reasons[5], /at most 400 KB/);
    assert.match(reasons[6], /cannot be empty/);
    const report = problemsReport('items.ndjson', 'T', plan);
    assert.match(report, /^Load items from items.ndjson into T: 7 lines cannot be loaded/);
    assert.match(report, /\nLine 4: The key attribute "SK" is of type N/);
  });

  it('a broken JSON array is one problem at the line where it breaks', () => {
    const plan = planLoad('[\n{"PK": "a", "SK": 1},\n{"PK": "b" "SK": 2}\n]', keys);
    assert.equal(plan.items.length, 0);
    assert.equal(plan.problems.length, 1);
    assert.equal(plan.problems[0].line, 3);
  });

  it('replays a tail export: newest image per key, a REMOVE drops the key, binary keys from base64', () => {
    const rec = (eventName: string, pk: string, sk: string, extra: Partial<StreamRecord['dynamodb']> = {}): string =>
      recordToJsonLine({
        eventID: `${pk}-${sk}-${eventName}`,
        eventName: eventName,
        dynamodb: { Keys: { PK: { S: pk }, SK: { N: sk } }, ApproximateCreationDateTime: new Date(1_700_000_000_000), ...extra },
      });
    const lines = [
      rec('INSERT', 'a', '1', { NewImage: { PK: { S: 'a' }, SK: { N: '1' }, v: { N: '1' }, b: { B: new Uint8Array([255]) } } }),
      rec('MODIFY', 'a', '1', { NewImage: { PK: { S: 'a' }, SK: { N: '1' }, v: { N: '2' } } }),
      rec('INSERT', 'gone', '1', { NewImage: { PK: { S: 'gone' }, SK: { N: '1' } } }),
      rec('REMOVE', 'gone', '1', { OldImage: { PK: { S: 'gone' }, SK: { N: '1' } } }),
      rec('INSERT', 'keysonly', '1'),
    ];
    const plan = planLoad(lines.join('\n'), keys);
    assert.equal(plan.content, 'stream records');
    assert.deepEqual(plan.items.map((i) => [i.line, i.item.v]), [[2, { N: '2' }]]);
    assert.deepEqual(plan.skipped.map((s) => s.line), [1, 3, 4]);
    assert.match(plan.skipped[1].reason, /deleted later in the file \(line 4\)/);
    assert.match(plan.skipped[2].reason, /REMOVE record/);
    assert.deepEqual(plan.problems.map((p) => p.line), [5]);
    assert.match(plan.problems[0].reason, /without NewImage/);
  });

  it('a key that appears twice is loaded once, its last version (numbers compared by value)', () => {
    const plan = planLoad('{"PK": "a", "SK": 1, "v": 1}\n{"PK": "a", "SK": 1.0, "v": 2}\n{"PK": "a", "SK": 2}\n{"PK": "a", "SK": 10e-1}', keys);
    assert.deepEqual(plan.items.map((i) => i.line), [3, 4]);
    assert.deepEqual(plan.skipped.map((s) => s.line), [1, 2]);
    assert.deepEqual(['1', '1.0', '10e-1', '0.10E1', '-1.50', '100', '0', '0.000'].map(canonicalNumber), ['1e0', '1e0', '1e0', '1e0', '-15e-1', '1e2', '0', '0']);
  });

  it('sizes items as DynamoDB counts them, closely', () => {
    assert.equal(itemSize({ ab: { S: 'héllo' } }), 2 + 6);
    assert.equal(itemSize({ n: { N: '123.45' } }), 1 + 4);
    assert.equal(itemSize({ b: { B: new Uint8Array(10) }, t: { BOOL: true } }), 1 + 10 + 1 + 1);
  });
});
