import assert from 'node:assert/strict';
import { parseReopenQuery, reopenQuery, type ItemReopen } from '../../../../src/core/items/itemReopen';

describe('item document reopen query (an item editor restored after a reload)', () => {
  const info: ItemReopen = {
    connection: '["dynamodb","","us-east-1","http://localhost:8000"]',
    tableName: 'Orders',
    keys: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'B' }],
    view: 'plain',
    key: { pk: { S: 'ORDER#1 & ?x=y' }, sk: { B: new Uint8Array([0, 1, 255]) } },
  };

  it('round-trips the connection, table, key schema, view and a key with text that needs escaping and binary', () => {
    assert.deepEqual(parseReopenQuery(reopenQuery(info)), info);
  });

  it('keeps only the key attributes, each with the type the schema names', () => {
    const q = reopenQuery({ ...info, key: { ...info.key, extra: { S: 'not a key' } } });
    assert.deepEqual(Object.keys(parseReopenQuery(q)!.key ?? {}), ['pk', 'sk']);
  });

  it("a new item's document carries no key, and reads back without one", () => {
    const { key: _key, ...newItem } = info;
    const q = reopenQuery(newItem);
    assert.ok(!JSON.parse(new URLSearchParams(q).get('reopen')!).hasOwnProperty('key'));
    assert.deepEqual(parseReopenQuery(q), newItem);
  });

  it('refuses what is absent, malformed or inconsistent', () => {
    const bad = (o: unknown) => new URLSearchParams({ reopen: JSON.stringify(o) }).toString();
    const ok = { c: 'c', t: 'T', k: [{ name: 'pk', type: 'N' }], v: 'plain', key: { pk: { N: '1' } } };
    assert.ok(parseReopenQuery(bad(ok)));
    assert.equal(parseReopenQuery(''), undefined);
    assert.equal(parseReopenQuery('reopen=%7Bnot json'), undefined);
    assert.equal(parseReopenQuery(bad({ ...ok, v: 'yaml' })), undefined);
    assert.equal(parseReopenQuery(bad({ ...ok, k: [] })), undefined);
    assert.equal(parseReopenQuery(bad({ ...ok, k: [{ name: 'pk', type: 'BOOL' }] })), undefined);
    assert.equal(parseReopenQuery(bad({ ...ok, key: { pk: { S: '1' } } })), undefined, 'the type differs from the schema');
    assert.equal(parseReopenQuery(bad({ ...ok, key: { pk: { N: 1 } } })), undefined, 'a number key is text');
    assert.equal(parseReopenQuery(bad({ ...ok, key: null })), undefined, 'null is not "no key"');
    assert.equal(parseReopenQuery(bad({ ...ok, key: JSON.parse('{"__proto__": {"N": "1"}}') })), undefined, 'inherited, not own');
  });
});
