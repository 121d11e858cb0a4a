import assert from 'node:assert/strict';
import { absentCondition, MAX_EXPRESSION_BYTES, unchangedCondition } from '../../../../src/core/items/conditions';
import { changedKeyNames, keyAttributesOf, keyFromReference, keyOf, keyProblem, newItemTemplate, validateKeyValue } from '../../../../src/core/items/itemKeys';
import { itemToDocument } from '../../../../src/core/items/itemDocument';
import { sameValue } from '../../../../src/core/records/sameItem';
import type { Item } from '../../../../src/core/records/model';

const table = {
  KeySchema: [{ AttributeName: 'SK', KeyType: 'RANGE' }, { AttributeName: 'PK', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'N' }],
};
const keys = keyAttributesOf(table);

describe('item keys and save conditions', () => {
  it('reads the key schema partition key first, with types', () => {
    assert.deepEqual(keys, [{ name: 'PK', type: 'S' }, { name: 'SK', type: 'N' }]);
  });

  it('builds a new item template from the key schema', () => {
    assert.equal(itemToDocument(newItemTemplate(keys), 'plain', ['PK', 'SK']), '{\n  "PK": "",\n  "SK": 0\n}\n');
    assert.equal(itemToDocument(newItemTemplate([{ name: 'id', type: 'B' }]), 'dynamodb'), '{\n  "id": {\n    "B": ""\n  }\n}\n');
  });

  it('checks the key: present, of its type, unchanged', () => {
    assert.equal(keyProblem({ PK: { S: 'a' }, SK: { N: '1' } }, keys), undefined);
    assert.match(keyProblem({ PK: { S: 'a' } }, keys) ?? '', /"SK" is missing/);
    assert.match(keyProblem({ PK: { S: 'a' }, SK: { S: '1' } }, keys) ?? '', /"SK" is of type N in this table, not S/);
    assert.deepEqual(changedKeyNames({ PK: { S: 'a' }, SK: { N: '1' } }, { PK: { S: 'a' }, SK: { N: '1.0' } }, keys, sameValue), []);
    assert.deepEqual(changedKeyNames({ PK: { S: 'a' }, SK: { N: '1' } }, { PK: { S: 'b' }, SK: { N: '1' } }, keys, sameValue), ['PK']);
    assert.deepEqual(keyOf({ PK: { S: 'a' }, SK: { N: '1' }, x: { S: 'y' } }, keys), { PK: { S: 'a' }, SK: { N: '1' } });
  });

  it('reads a key reference whose binary is base64', () => {
    assert.deepEqual(keyFromReference({ id: { B: 'AQI=' }, s: { S: 'x' } }), { id: { B: new Uint8Array([1, 2]) }, s: { S: 'x' } });
  });

  it('validates typed key values', () => {
    assert.equal(validateKeyValue('N', '12.5'), undefined);
    assert.match(validateKeyValue('N', 'x') ?? '', /number/);
    assert.match(validateKeyValue('S', '') ?? '', /empty/);
    assert.match(validateKeyValue('B', '***') ?? '', /base64/);
  });

  it('a new item: only if no item has the key', () => {
    assert.deepEqual(absentCondition('PK'), { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': 'PK' }, guarded: [], unguarded: [] });
  });

  it('an edited item: exists and each non-key attribute unchanged', () => {
    const c = unchangedCondition({ PK: { S: 'a' }, SK: { N: '1' }, status: { S: 'new' }, n: { N: '2' } }, ['PK', 'SK']);
    assert.equal(c.ConditionExpression, 'attribute_exists(#k) AND #a0 = :v0 AND #a1 = :v1');
    assert.deepEqual(c.ExpressionAttributeNames, { '#k': 'PK', '#a0': 'status', '#a1': 'n' });
    assert.deepEqual(c.ExpressionAttributeValues, { ':v0': { S: 'new' }, ':v1': { N: '2' } });
    assert.deepEqual(c.unguarded, []);
  });

  it('a big item: the condition stays within the 4 KB and 300-operator expression limits and names what it left out', () => {
    const item: Item = { PK: { S: 'a' } };
    for (let i = 0; i < 400; i++) item[`attribute${i}`] = { N: String(i) };
    const c = unchangedCondition(item, ['PK']);
    assert.ok(Buffer.byteLength(c.ConditionExpression) <= MAX_EXPRESSION_BYTES, `${Buffer.byteLength(c.ConditionExpression)} bytes`);
    assert.ok(c.guarded.length > 100, `guarded ${c.guarded.length}`);
    assert.ok(2 * c.guarded.length + 1 <= 300, 'within the 300-operator limit (each AND and = counts)');
    assert.equal(c.guarded.length + c.unguarded.length, 400);
    assert.equal(Object.keys(c.ExpressionAttributeValues ?? {}).length, c.guarded.length);
  });
});
