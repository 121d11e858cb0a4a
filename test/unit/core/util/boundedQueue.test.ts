import assert from 'node:assert/strict';
import { BoundedQueue } from '../../../../src/core/util/boundedQueue';
import { describeCredentialSource, emptyLocalEndpointMessage } from '../../../../src/core/table/tableDetails';

/** A job the test finishes by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('BoundedQueue', () => {
  it('works on at most `limit` items at once, in queue order', async () => {
    const jobs = new Map<number, ReturnType<typeof deferred>>();
    const started: number[] = [];
    const queue = new BoundedQueue<number>(3, (n) => {
      started.push(n);
      const job = deferred();
      jobs.set(n, job);
      return job.promise;
    });
    queue.replace([1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(started, [1, 2, 3]);
    assert.equal(queue.active, 3);
    jobs.get(2)!.resolve();
    await tick();
    assert.deepEqual(started, [1, 2, 3, 4]);
    jobs.get(1)!.reject(new Error('failed read')); // a failure frees its slot too
    jobs.get(3)!.resolve();
    await tick();
    assert.deepEqual(started, [1, 2, 3, 4, 5, 6]);
    assert.equal(queue.peak, 3);
  });

  it('replace() drops what waits (rows no longer shown) but lets running work finish; clear() empties it', async () => {
    const jobs: ReturnType<typeof deferred>[] = [];
    const started: string[] = [];
    const queue = new BoundedQueue<string>(1, (s) => {
      started.push(s);
      const job = deferred();
      jobs.push(job);
      return job.promise;
    });
    queue.replace(['a', 'b', 'c']);
    queue.replace(['x', 'y']);
    assert.equal(queue.size, 2);
    jobs[0].resolve();
    await tick();
    assert.deepEqual(started, ['a', 'x']);
    queue.clear();
    jobs[1].resolve();
    await tick();
    assert.deepEqual(started, ['a', 'x']);
    assert.equal(queue.active, 0);
  });
});

describe('empty local endpoint message', () => {
  it('names the credential source, access key id and region, and the -sharedDb remedy', () => {
    const m = emptyLocalEndpointMessage({ kind: 'profile', profile: 'work', accessKeyId: 'AKIAEXAMPLE' }, 'eu-west-1');
    assert.equal(m.title, 'No tables for access key AKIAEXAMPLE in eu-west-1');
    assert.equal(m.detail, 'Credentials: profile "work" (access key AKIAEXAMPLE) · region eu-west-1');
    assert.match(m.remedy, /-sharedDb/);
    assert.match(m.remedy, /NoSQL Workbench uses the region "localhost"/);
  });

  it('describes each source', () => {
    assert.equal(describeCredentialSource({ kind: 'environment', accessKeyId: 'k' }), 'environment AWS_ACCESS_KEY_ID (access key k)');
    assert.match(describeCredentialSource({ kind: 'dummy', accessKeyId: 'local' }), /dummy credentials \(access key local; no AWS credentials were found\)/);
    assert.equal(describeCredentialSource({ kind: 'chain' }), 'the default credential chain (no access key)');
    assert.equal(emptyLocalEndpointMessage({ kind: 'chain' }, undefined).title, 'No tables for these credentials in this region');
  });
});
