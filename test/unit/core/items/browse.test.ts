import assert from 'node:assert/strict';
import { buildBrowseRequest, compareKeyValues, indexChoicesOf, indexLabel } from '../../../../src/core/items/browseRequest';
import { BrowseSession, chooseColumns, itemRowOf, type BrowsePage, type PageFetcher } from '../../../../src/core/items/browseSession';
import { defaultItemsQuery, toItemsQuery, validItemRow, type ItemsQuerySpec } from '../../../../src/core/panel/itemsProtocol';
import { isHostMessage, isWebviewMessage, type HostToWebview } from '../../../../src/core/panel/protocol';
import type { Item } from '../../../../src/core/records/model';

// A table as DescribeTable answers it: PK/SK strings, a GSI on a number sort key, an LSI, a GSI without sort key.
const TABLE = {
  TableName: 'Orders',
  KeySchema: [{ AttributeName: 'SK', KeyType: 'RANGE' }, { AttributeName: 'PK', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
    { AttributeName: 'total', AttributeType: 'N' },
    { AttributeName: 'blob', AttributeType: 'B' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }] },
    { IndexName: 'byBlob', KeySchema: [{ AttributeName: 'blob', KeyType: 'HASH' }] },
  ],
  LocalSecondaryIndexes: [{ IndexName: 'byTotal', KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }] }],
};
const choices = indexChoicesOf(TABLE);
const query = (over: Partial<ItemsQuerySpec>): ItemsQuerySpec => ({ ...defaultItemsQuery(), mode: 'query', ...over });
const errorOf = (spec: ItemsQuerySpec) => {
  const r = buildBrowseRequest(spec, choices);
  assert.equal(r.ok, false, `expected a refusal of ${JSON.stringify(spec)}`);
  return r.ok ? '' : r.error;
};
const requestOf = (spec: ItemsQuerySpec) => {
  const r = buildBrowseRequest(spec, choices);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.request;
};

describe('browse items: the table and its indexes', () => {
  it('lists the table first, then GSIs and LSIs with their key types', () => {
    assert.deepEqual(
      choices.map((c) => [c.name, c.kind, `${c.partitionKey.name}:${c.partitionKey.type}`, c.sortKey ? `${c.sortKey.name}:${c.sortKey.type}` : '-']),
      [
        ['', 'table', 'PK:S', 'SK:S'],
        ['byStatus', 'GSI', 'status:S', 'total:N'],
        ['byBlob', 'GSI', 'blob:B', '-'],
        ['byTotal', 'LSI', 'PK:S', 'total:N'],
      ],
    );
    assert.deepEqual(choices.map(indexLabel), ['table (PK, SK)', 'GSI byStatus (status, total)', 'GSI byBlob (blob)', 'LSI byTotal (PK, total)']);
  });
});

describe('browse items: request building', () => {
  it('a Scan of the table or an index carries no key condition', () => {
    assert.deepEqual(requestOf({ ...defaultItemsQuery() }), { operation: 'Scan', IndexName: undefined });
    assert.deepEqual(requestOf({ ...defaultItemsQuery(), index: 'byStatus', partitionValue: 'ignored' }), { operation: 'Scan', IndexName: 'byStatus' });
  });

  it('a Query by partition key uses name and value placeholders (attribute names are never in the expression)', () => {
    assert.deepEqual(requestOf(query({ partitionValue: 'ORDER#1' })), {
      operation: 'Query',
      IndexName: undefined,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'PK' },
      ExpressionAttributeValues: { ':pk': { S: 'ORDER#1' } },
    });
  });

  it('each sort-key operator becomes its condition', () => {
    const expected: Record<string, string> = {
      '=': '#pk = :pk AND #sk = :sk',
      '<': '#pk = :pk AND #sk < :sk',
      '<=': '#pk = :pk AND #sk <= :sk',
      '>': '#pk = :pk AND #sk > :sk',
      '>=': '#pk = :pk AND #sk >= :sk',
      begins_with: '#pk = :pk AND begins_with(#sk, :sk)',
      between: '#pk = :pk AND #sk BETWEEN :sk AND :sk2',
    };
    for (const [op, expression] of Object.entries(expected)) {
      const r = requestOf(query({ partitionValue: 'P', sortOperator: op as ItemsQuerySpec['sortOperator'], sortValue: 'a', sortValue2: 'b' }));
      assert.equal(r.KeyConditionExpression, expression, op);
      assert.deepEqual(r.ExpressionAttributeNames, { '#pk': 'PK', '#sk': 'SK' });
      assert.deepEqual(r.ExpressionAttributeValues, op === 'between' ? { ':pk': { S: 'P' }, ':sk': { S: 'a' }, ':sk2': { S: 'b' } } : { ':pk': { S: 'P' }, ':sk': { S: 'a' } });
    }
  });

  it('a GSI Query types its values by the index keys (a number sort key stays exact)', () => {
    const r = requestOf(query({ index: 'byStatus', partitionValue: 'OPEN', sortOperator: 'between', sortValue: '10', sortValue2: '12345678901234567890123456789012345678' }));
    assert.equal(r.IndexName, 'byStatus');
    assert.deepEqual(r.ExpressionAttributeNames, { '#pk': 'status', '#sk': 'total' });
    assert.deepEqual(r.ExpressionAttributeValues, { ':pk': { S: 'OPEN' }, ':sk': { N: '10' }, ':sk2': { N: '12345678901234567890123456789012345678' } });
  });

  it('binary keys are read as base64', () => {
    const r = requestOf(query({ index: 'byBlob', partitionValue: 'AQID' }));
    assert.deepEqual([...(r.ExpressionAttributeValues?.[':pk'].B ?? [])], [1, 2, 3]);
  });

  it('bad input is refused with what to do instead', () => {
    assert.match(errorOf(query({ partitionValue: '' })), /Type the partition key value to Query \(PK \(String\)\)/);
    assert.match(errorOf(query({ index: 'byBlob', partitionValue: 'AQID', sortOperator: '=', sortValue: 'a' })), /GSI byBlob has no sort key.*clear the condition, or pick an index with a sort key/);
    assert.match(errorOf(query({ index: 'byStatus', partitionValue: 'OPEN', sortOperator: '>', sortValue: 'ten' })), /total is a Number key: "ten" is not a number/);
    assert.match(errorOf(query({ index: 'byStatus', partitionValue: 'OPEN', sortOperator: 'begins_with', sortValue: '1' })), /begins_with works on String and Binary sort keys; total \(Number\) is a Number/);
    assert.match(errorOf(query({ index: 'byStatus', partitionValue: 'OPEN', sortOperator: 'between', sortValue: '100', sortValue2: '99' })), /between needs the low end first: "100" sorts after "99" for total \(Number\)\. Swap them\./);
    assert.match(errorOf(query({ partitionValue: 'P', sortOperator: 'between', sortValue: 'b', sortValue2: '' })), /Type the high end of between/);
    assert.match(errorOf(query({ partitionValue: 'P', sortOperator: '<', sortValue: '' })), /Type the sort key value for </);
    assert.match(errorOf(query({ index: 'byBlob', partitionValue: 'not base64!' })), /blob is a Binary key: type its value as base64/);
    assert.match(errorOf(query({ index: 'gone', partitionValue: 'x' })), /no index "gone".*Pick the table or one of byStatus, byBlob, byTotal/);
  });

  it('between compares as DynamoDB does: numbers by value, strings by UTF-8 bytes', () => {
    assert.ok(compareKeyValues('N', { N: '9' }, { N: '10' }) < 0, '9 < 10 (not as text)');
    assert.ok(compareKeyValues('N', { N: '-1e2' }, { N: '-99' }) < 0);
    assert.equal(compareKeyValues('N', { N: '1.50' }, { N: '1.5' }), 0);
    assert.ok(compareKeyValues('S', { S: 'Z' }, { S: 'a' }) < 0);
    // U+E000 sorts after U+1F600 by UTF-16 code units (a surrogate pair), before it by UTF-8 bytes as DynamoDB orders.
    assert.ok(compareKeyValues('S', { S: '\uE000' }, { S: '\u{1F600}' }) < 0);
    assert.ok(compareKeyValues('B', { B: new Uint8Array([1]) }, { B: new Uint8Array([1, 0]) }) < 0);
    assert.ok(buildBrowseRequest(query({ partitionValue: 'P', sortOperator: 'between', sortValue: 'a', sortValue2: 'a' }), choices).ok, 'equal ends are allowed');
  });
});

describe('browse items: rows and columns', () => {
  it('columns are the keys, then the first attributes met, at most 8', () => {
    const items: Item[] = [{ PK: { S: 'a' }, SK: { S: '1' }, b: { N: '1' } }, { c: { S: 'x' }, PK: { S: 'b' }, d: { BOOL: true }, e: { NULL: true }, f: { S: '' }, g: { S: '' }, h: { S: '' } }];
    assert.deepEqual(chooseColumns(['PK', 'SK'], items), ['PK', 'SK', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(chooseColumns(['PK', 'SK', 'PK'], []), ['PK', 'SK']);
  });

  it('a row shows each column as text (missing: empty) and carries its table key with binary as base64', () => {
    const row = itemRowOf(3, { PK: { B: new Uint8Array([1, 2, 3]) }, n: { N: '12345678901234567890123456789012345678' }, tags: { SS: ['b', 'a'] }, long: { S: 'x'.repeat(1000) } }, ['PK', 'n', 'tags', 'absent', 'long'], ['PK']);
    assert.equal(row.id, 3);
    assert.deepEqual(row.cells.slice(0, 4), ['base64:AQID', '12345678901234567890123456789012345678', '<<"a", "b">>', '']);
    assert.equal(row.cells[4].length, 300, 'long values are cut (the detail has the whole item)');
    assert.deepEqual(row.keys, { PK: { B: 'AQID' } });
  });

  it('the protocol checks what the query bar and rows carry', () => {
    assert.deepEqual(toItemsQuery({ ...defaultItemsQuery(), sortOperator: 'between' }), { ...defaultItemsQuery(), sortOperator: 'between' });
    assert.equal(toItemsQuery({ ...defaultItemsQuery(), sortOperator: 'LIKE' }), undefined);
    assert.equal(toItemsQuery({ ...defaultItemsQuery(), mode: 'delete' }), undefined);
    assert.equal(toItemsQuery({ ...defaultItemsQuery(), partitionValue: 'x'.repeat(5000) }), undefined);
    assert.ok(isWebviewMessage({ type: 'itemsQuery', query: defaultItemsQuery() }));
    assert.ok(!isWebviewMessage({ type: 'itemsQuery', query: { mode: 'scan' } }));
    assert.ok(isWebviewMessage({ type: 'itemAction', view: 1, id: 2, action: 'deleteItem' }));
    assert.ok(!isWebviewMessage({ type: 'itemAction', view: 1, id: 2, action: 'dropTable' }));
    assert.deepEqual(validItemRow({ id: 1, cells: ['a', 2, { x: 1 }], keys: 'no' }), { id: 1, cells: ['a', '', ''], keys: {} });
    assert.equal(validItemRow({ id: -1, cells: [] }), undefined);
    const status = { loading: false, more: true, summary: '' };
    assert.ok(isHostMessage({ type: 'itemsView', view: 1, reset: true, columns: ['PK'], end: 0, rows: [], status }));
    assert.ok(!isHostMessage({ type: 'itemsView', view: 1, reset: 'yes', columns: ['PK'], end: 0, rows: [], status }));
    assert.ok(isHostMessage({ type: 'itemDetail', view: 1, id: 0, missing: 'gone' }));
    assert.ok(!isHostMessage({ type: 'itemRows', view: 1, start: -1, rows: [] }));
    assert.ok(!isHostMessage({ type: 'itemsDrop', view: 1 }));
  });
});

describe('browse items: paging (synthetic page fetcher)', () => {
  /** Pages of `size` from `all`, keyed by position like LastEvaluatedKey; records each request. */
  function pager(all: Item[], fail?: () => Error | undefined) {
    const calls: { operation: string; limit: number; start?: string }[] = [];
    const fetch: PageFetcher = async (request, limit, startKey) => {
      calls.push({ operation: request.operation, limit, start: startKey?.PK?.S });
      const err = fail?.();
      if (err) throw err;
      const from = startKey ? all.findIndex((i) => i.PK.S === startKey.PK.S) + 1 : 0;
      const items = all.slice(from, from + limit);
      const page: BrowsePage = { items, lastEvaluatedKey: from + limit < all.length ? { PK: items[items.length - 1].PK } : undefined, scannedCount: items.length };
      return page;
    };
    return { fetch, calls };
  }
  const items = Array.from({ length: 7 }, (_, i): Item => ({ PK: { S: `k${i}` }, SK: { S: 's' }, v: { N: String(i) } }));

  function session(fetch: PageFetcher) {
    const posted: HostToWebview[] = [];
    const s = new BrowseSession({ tableName: 'Orders', tableKeys: ['PK', 'SK'], indexes: choices, fetch, post: (m) => posted.push(m), errorText: (e) => String((e as Error).message), pageSize: 3 });
    return { s, posted };
  }

  it('loads the first page, then the next ones on demand, until LastEvaluatedKey is gone', async () => {
    const { fetch, calls } = pager(items);
    const { s, posted } = session(fetch);
    await s.run(defaultItemsQuery());
    assert.equal(s.itemCount, 3);
    assert.ok(s.hasMore);
    const first = posted.filter((m) => m.type === 'itemsView').pop();
    assert.ok(first?.type === 'itemsView' && first.reset && first.end === 3);
    assert.deepEqual(first.columns, ['PK', 'SK', 'v']);
    await s.more(s.currentView);
    await s.more(s.currentView);
    assert.equal(s.itemCount, 7);
    assert.ok(!s.hasMore);
    assert.deepEqual(calls.map((c) => c.start), [undefined, 'k2', 'k5']);
    assert.ok(calls.every((c) => c.limit === 3 && c.operation === 'Scan'));
    const last = posted[posted.length - 1];
    assert.ok(last.type === 'itemsView' && !last.reset && last.end === 7);
    assert.deepEqual(last.rows.map((r) => r.id), [6]);
    assert.match(last.status.summary, /7 items \(3 pages\) · all loaded/);
    await s.more(s.currentView);
    assert.equal(calls.length, 3, 'nothing more to load: no request');
  });

  it('Refresh runs again from the first page in a new view; an older view\'s Load more does nothing', async () => {
    const { fetch, calls } = pager(items);
    const { s } = session(fetch);
    await s.run(defaultItemsQuery());
    const oldView = s.currentView;
    await s.run(defaultItemsQuery());
    assert.equal(s.currentView, oldView + 1);
    await s.more(oldView);
    assert.equal(calls.length, 2);
    assert.equal(s.itemCount, 3);
  });

  it('bad input and AWS refusals are inline errors; the rows shown stay', async () => {
    const fault: { error?: Error } = {};
    const { fetch } = pager(items, () => fault.error);
    const { s, posted } = session(fetch);
    await s.run(defaultItemsQuery());
    await s.run(query({ partitionValue: '' }));
    const status = posted[posted.length - 1];
    assert.ok(status.type === 'itemsStatus' && /Type the partition key value/.test(status.status.error ?? ''));
    assert.equal(s.itemCount, 3, 'the last rows stay');
    fault.error = Object.assign(new Error('Query condition missed key schema element: SK'), { name: 'ValidationException' });
    await s.run(query({ partitionValue: 'k1' }));
    assert.equal(s.lastError, 'Query condition missed key schema element: SK');
  });

  it('a deleted table: the items loaded stay, the status says so, Load more is gone; a later run that succeeds clears it', async () => {
    const { fetch, calls } = pager(items);
    const { s, posted } = session(fetch);
    await s.run(defaultItemsQuery());
    s.tableDeleted();
    const status = posted[posted.length - 1];
    assert.ok(status.type === 'itemsStatus' && status.status.error === 'Table Orders was deleted: these are the items loaded before.' && !status.status.more);
    assert.equal(s.itemCount, 3);
    await s.more(s.currentView);
    assert.equal(calls.length, 1, 'no page is asked of a deleted table');
    await s.run(defaultItemsQuery());
    assert.equal(s.lastError, undefined);
  });

  it('details are the item as its editor shows it (keys first), in the JSON view; references carry the table key', async () => {
    const { fetch } = pager([{ v: { N: '1' }, SK: { S: 's' }, PK: { S: 'k' } }]);
    const { s, posted } = session(fetch);
    await s.run(defaultItemsQuery());
    s.setJsonView('plain');
    s.sendDetail(0);
    const detail = posted[posted.length - 1];
    assert.ok(detail.type === 'itemDetail');
    assert.equal(detail.json?.text, '{\n  "PK": "k",\n  "SK": "s",\n  "v": 1\n}\n');
    s.sendDetail(5);
    const missing = posted[posted.length - 1];
    assert.ok(missing.type === 'itemDetail' && /no longer loaded/.test(missing.missing ?? ''));
    assert.deepEqual(s.reference(s.currentView, 0), { tableName: 'Orders', keys: { PK: { S: 'k' }, SK: { S: 's' } } });
    assert.equal(s.reference(s.currentView - 1, 0), undefined);
  });
});
