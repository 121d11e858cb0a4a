import assert from 'node:assert/strict';
import type { Item } from '../../../../src/core/records/model';
import { sameItem, sameValue } from '../../../../src/core/records/sameItem';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('sameItem / sameValue', () => {
  it('compares as DynamoDB stores: numbers by value, sets in any order, lists in order', () => {
    assert.ok(sameValue({ N: '1.50' }, { N: '1.5' }));
    assert.ok(sameValue({ N: '-0' }, { N: '0' }));
    assert.ok(!sameValue({ N: '1' }, { N: '1.0000000000000000000000000000000000001' }), 'all 38 digits count');
    assert.ok(!sameValue({ N: '1' }, { S: '1' }));
    assert.ok(sameValue({ SS: ['a', 'b'] }, { SS: ['b', 'a'] }));
    assert.ok(!sameValue({ SS: ['a', 'b'] }, { SS: ['a', 'c'] }));
    assert.ok(sameValue({ NS: ['1', '2.0'] }, { NS: ['2', '1'] }));
    assert.ok(sameValue({ BS: [bytes(1), bytes(2)] }, { BS: [bytes(2), bytes(1)] }));
    assert.ok(!sameValue({ B: bytes(1) }, { B: bytes(2) }));
    assert.ok(!sameValue({ L: [{ N: '1' }, { N: '2' }] }, { L: [{ N: '2' }, { N: '1' }] }), 'lists keep their order');
    assert.ok(!sameValue({ NULL: true }, { BOOL: false }));
  });

  it('items: the same attribute names in any order, each value equal, nested maps too', () => {
    const item: Item = { id: { S: 'A' }, tags: { SS: ['x', 'y'] }, n: { N: '1' }, m: { M: { l: { L: [{ S: 'x' }] } } } };
    assert.ok(sameItem(item, { m: { M: { l: { L: [{ S: 'x' }] } } }, n: { N: '1.0' }, tags: { SS: ['y', 'x'] }, id: { S: 'A' } }));
    assert.ok(!sameItem(item, { ...item, extra: { NULL: true } }), 'an added attribute');
    assert.ok(!sameItem({ ...item, extra: { NULL: true } }, item), 'a removed attribute');
    assert.ok(!sameItem(item, { ...item, m: { M: { l: { L: [] } } } }), 'a nested change');
  });

  it('only own attribute names count (a name inherited from a prototype is not an attribute)', () => {
    const inherited = Object.create({ x: { N: '1' } }) as Item;
    inherited.y = { N: '1' };
    assert.ok(!sameItem({ x: { N: '1' } }, inherited), 'x is only inherited, y is the own attribute');
  });
});
