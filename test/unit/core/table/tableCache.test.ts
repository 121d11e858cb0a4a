import assert from 'node:assert/strict';
import { TableCache } from '../../../../src/core/table/tableCache';

const failure = { message: 'Access denied: dynamodb:DescribeTable', hint: 'Ask for it', next: 'connect' as const };

describe('TableCache: what is known about tables, newest read wins', () => {
  it('keeps a read\'s answer; a table asked for but not read is unknown', () => {
    const cache = new TableCache<string>();
    assert.equal(cache.unknown('orders'), true);
    const read = cache.begin('orders');
    assert.equal(cache.finish(read, { table: 'v1' }), 'changed');
    assert.equal(cache.state('orders').table, 'v1');
    assert.equal(cache.unknown('orders'), false);
  });

  it('a slower, older read never overwrites a newer one (a command reread the table meanwhile)', () => {
    const cache = new TableCache<string>();
    const older = cache.begin('orders');
    const newer = cache.begin('orders');
    assert.equal(cache.finish(newer, { table: 'stream B' }), 'changed');
    assert.equal(cache.finish(older, { table: 'stream A' }), 'stale');
    assert.equal(cache.state('orders').table, 'stream B');
  });

  it('forgetting one table (deleted or created here) drops its state and a read of it under way, not the others', () => {
    const cache = new TableCache<string>();
    cache.finish(cache.begin('orders'), { table: 'v1' });
    cache.finish(cache.begin('users'), { table: 'u1' });
    const inFlight = cache.begin('orders');
    cache.forget('orders');
    assert.equal(cache.unknown('orders'), true);
    assert.equal(cache.finish(inFlight, { table: 'old' }), 'stale');
    assert.equal(cache.state('users').table, 'u1');
  });

  it('a failed read shows its error and keeps the last description; a later success clears the error', () => {
    const cache = new TableCache<string>();
    cache.finish(cache.begin('orders'), { table: 'v1' });
    cache.finish(cache.begin('orders'), { error: failure });
    assert.deepEqual([cache.state('orders').table, cache.state('orders').error], ['v1', failure]);
    cache.finish(cache.begin('orders'), { table: 'v2' });
    assert.deepEqual([cache.state('orders').table, cache.state('orders').error], ['v2', undefined]);
  });

  it('a read that finds the table changed forgets the tooltip\'s extras (read again on hover)', () => {
    const cache = new TableCache<{ stream: string }>();
    cache.finish(cache.begin('orders'), { table: { stream: 'A' } });
    cache.state('orders').extras = { ttlStatus: 'ENABLED' };
    cache.finish(cache.begin('orders'), { table: { stream: 'B' } });
    assert.equal(cache.state('orders').extras, undefined);
  });

  it('a read that finds what was known says "same" (nothing to redraw) and keeps the extras', () => {
    const cache = new TableCache<{ stream: string }>();
    cache.finish(cache.begin('orders'), { table: { stream: 'A' } });
    cache.state('orders').extras = { ttlStatus: 'ENABLED' };
    assert.equal(cache.finish(cache.begin('orders'), { table: { stream: 'A' } }), 'same');
    assert.deepEqual(cache.state('orders').extras, { ttlStatus: 'ENABLED' });
    assert.equal(cache.finish(cache.begin('orders'), { error: failure }), 'changed');
    assert.equal(cache.finish(cache.begin('orders'), { error: failure }), 'same');
  });

  it('clear (Refresh, another connection) forgets everything, and reads begun before it are dropped', () => {
    const cache = new TableCache<string>();
    cache.finish(cache.begin('orders'), { table: 'v1' });
    const before = cache.begin('orders');
    cache.clear();
    assert.equal(cache.peek('orders'), undefined);
    assert.equal(cache.unknown('orders'), true);
    assert.equal(cache.finish(before, { table: 'old connection' }), 'stale');
    assert.equal(cache.peek('orders'), undefined);
  });
});
