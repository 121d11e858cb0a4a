import assert from 'node:assert/strict';
import { backoffDelay, batchesOf, loadInBatches, summaryText, type BatchWriter } from '../../../../src/core/items/batchLoad';
import type { Item } from '../../../../src/core/records/model';

const itemsOf = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ PK: { S: `k${i}` } }));
const keyOf = (item: Item) => item.PK.S!;
const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('load items: batches of 25 with bounded parallelism (synthetic writer)', () => {
  it('splits into requests of at most 25', () => {
    assert.deepEqual(batchesOf(itemsOf(60)).map((b) => b.length), [25, 25, 10]);
  });

  it('writes everything with at most `parallelism` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const written: string[] = [];
    const write: BatchWriter = async (batch) => {
      assert.ok(batch.length <= 25);
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      written.push(...batch.map(keyOf));
      inFlight--;
      return [];
    };
    const progress: number[] = [];
    const summary = await loadInBatches(itemsOf(260), write, { parallelism: 4, onProgress: (done) => progress.push(done), ...noSleep });
    assert.equal(summary.written, 260);
    assert.equal(summary.failed, 0);
    assert.equal(peak, 4);
    assert.equal(new Set(written).size, 260);
    assert.equal(progress.at(-1), 260);
  });

  it('sends unprocessed items again with growing backoff until written (synthetic throttling)', async () => {
    const delays: number[] = [];
    let calls = 0;
    // The first three answers leave all but one item unprocessed, as a throttled table does.
    const write: BatchWriter = async (batch) => (++calls <= 3 ? batch.slice(1) : []);
    const summary = await loadInBatches(itemsOf(10), write, { parallelism: 1, sleep: async (ms) => void delays.push(ms), random: () => 1, baseDelayMs: 50 });
    assert.equal(summary.written, 10);
    assert.equal(summary.retries, 3);
    assert.deepEqual(delays, [50, 100, 200]);
  });

  it('counts items still unprocessed after the last attempt as failed (synthetic throttling)', async () => {
    const summary = await loadInBatches(itemsOf(30), async (batch) => batch.slice(0, 2), { parallelism: 2, maxAttempts: 3, ...noSleep });
    assert.equal(summary.written, 26);
    assert.equal(summary.failed, 4);
    assert.match(summary.failures[0].reason, /unprocessed by DynamoDB after 3 attempts/);
    assert.equal(summaryText(summary, 2), 'Written 26, skipped 2, failed 4 — 4: left unprocessed by DynamoDB after 3 attempts (throttled)');
  });

  it('a failing request costs its items; a missing table stops the load', async () => {
    let calls = 0;
    const refuse = Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });
    const some = await loadInBatches(itemsOf(75), async () => (++calls === 2 ? Promise.reject(refuse) : []), { parallelism: 1, ...noSleep });
    assert.deepEqual([some.written, some.failed, some.notAttempted], [50, 25, 0]);
    assert.deepEqual(some.failures, [{ reason: 'ValidationException: One or more parameter values were invalid', items: 25 }]);
    const missing = Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' });
    const stopped = await loadInBatches(itemsOf(100), async () => Promise.reject(missing), { parallelism: 1, ...noSleep });
    assert.deepEqual([stopped.written, stopped.failed, stopped.notAttempted], [0, 25, 75]);
  });

  it('Cancel stops taking new requests; those in flight finish', async () => {
    const abort = new AbortController();
    let calls = 0;
    const summary = await loadInBatches(itemsOf(200), async () => {
      if (++calls === 2) abort.abort();
      return [];
    }, { parallelism: 1, signal: abort.signal, ...noSleep });
    assert.equal(summary.cancelled, true);
    assert.deepEqual([summary.written, summary.notAttempted], [50, 150]);
    assert.match(summaryText(summary, 0), /not attempted 150 \(cancelled\)/);
  });

  it('backoff doubles from the base, is capped, and jitters within the upper half', () => {
    assert.equal(backoffDelay(1, 50, 1000, () => 0), 25);
    assert.equal(backoffDelay(3, 50, 1000, () => 1), 200);
    assert.equal(backoffDelay(10, 50, 1000, () => 1), 1000);
  });
});
