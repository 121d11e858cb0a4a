import assert from 'node:assert/strict';
import { createMatcher, defaultFilter, isFilterActive, matchesTerms, parseFilterText, toFilterSpec } from '../../../../src/core/panel/filter';
import type { StreamRecord } from '../../../../src/core/records/model';
import { eventKindOf, searchTextOf } from '../../../../src/core/records/records';

const records: StreamRecord[] = [
  { eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'ORDER#1001' } }, NewImage: { PK: { S: 'ORDER#1001' }, status: { S: 'pending' } } } },
  {
    eventName: 'MODIFY',
    dynamodb: {
      Keys: { PK: { S: 'ORDER#1001' } },
      OldImage: { PK: { S: 'ORDER#1001' }, status: { S: 'pending' } },
      NewImage: { PK: { S: 'ORDER#1001' }, status: { S: 'processing' }, note: { S: 'gift wrap' } },
    },
  },
  { eventName: 'REMOVE', dynamodb: { Keys: { PK: { S: 'ORDER#2002' } }, OldImage: { PK: { S: 'ORDER#2002' }, total: { N: '12345678901234567890123456789012345678' } } } },
  { eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' }, dynamodb: { Keys: { PK: { S: 'SESSION#9' } } } },
];

function run(text: string, kinds = defaultFilter().kinds): number[] {
  const match = createMatcher({ text, kinds });
  return records.map((r, i) => (match(eventKindOf(r), () => searchTextOf(r)) ? i : -1)).filter((i) => i >= 0);
}

describe('filter', () => {
  it('empty filter matches everything and is not active', () => {
    assert.deepEqual(run(''), [0, 1, 2, 3]);
    assert.equal(isFilterActive(defaultFilter()), false);
    assert.equal(isFilterActive({ text: ' x ', kinds: defaultFilter().kinds }), true);
    assert.equal(isFilterActive({ text: '', kinds: ['INSERT'] }), true);
  });

  it('matches keys and values, case-insensitively', () => {
    assert.deepEqual(run('order#1001'), [0, 1]);
    assert.deepEqual(run('PROCESSING'), [1]);
    assert.deepEqual(run('12345678901234567890123456789012345678'), [2]);
    assert.deepEqual(run('session'), [3]);
  });

  it('needs every term; quotes keep spaces; - excludes', () => {
    assert.deepEqual(run('order pending'), [0, 1]);
    assert.deepEqual(run('order -processing'), [0, 2]);
    assert.deepEqual(run('"gift wrap"'), [1]);
    assert.deepEqual(run('"wrap gift"'), []);
    assert.deepEqual(parseFilterText('a "b c" -d -"e f" "open'), [
      { text: 'a', negate: false },
      { text: 'b c', negate: false },
      { text: 'd', negate: true },
      { text: 'e f', negate: true },
      { text: 'open', negate: false },
    ]);
    assert.equal(matchesTerms([], 'anything'), true);
  });

  it('filters by event kind, TTL separate from REMOVE', () => {
    assert.deepEqual(run('', ['REMOVE']), [2]);
    assert.deepEqual(run('', ['TTL']), [3]);
    assert.deepEqual(run('', ['INSERT', 'MODIFY']), [0, 1]);
    assert.deepEqual(run('order', ['MODIFY', 'REMOVE']), [1, 2]);
    assert.deepEqual(run('', []), []);
  });

  it('does not compute search text when no text filter is set', () => {
    let calls = 0;
    const match = createMatcher({ text: '  ', kinds: ['INSERT'] });
    assert.equal(match('INSERT', () => (calls++, '')), true);
    assert.equal(match('MODIFY', () => (calls++, '')), false);
    assert.equal(calls, 0);
  });

  it('toFilterSpec accepts well-formed specs and rejects the rest', () => {
    assert.deepEqual(toFilterSpec({ text: 'x', kinds: ['TTL', 'INSERT'] }), { text: 'x', kinds: ['INSERT', 'TTL'] });
    assert.equal(toFilterSpec(null), undefined);
    assert.equal(toFilterSpec({ text: 1, kinds: [] }), undefined);
    assert.equal(toFilterSpec({ text: '', kinds: ['DELETE'] }), undefined);
    assert.equal(toFilterSpec({ text: '', kinds: 'INSERT' }), undefined);
    assert.equal(toFilterSpec({ text: 'x'.repeat(1001), kinds: [] }), undefined);
    assert.equal(toFilterSpec({ text: '', kinds: ['INSERT', 'INSERT', 'INSERT', 'INSERT', 'INSERT'] }), undefined);
  });
});
