// The fault proxy's draws are seeded, so a failed fault run can be replayed: the same seed gives the same faults in
// call order. Against a small loopback server standing in for DynamoDB Local (only the proxy is under test).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain ESM helper shared with the scripts
import { FAULT_SEED_ENV, faultSeed, seededRandom, startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';

describe('fault proxy: seeded draws', () => {
  let target: http.Server;
  let targetUrl: string;

  before(async () => {
    target = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => target.close(resolve)));

  /** The HTTP status of each of `n` GetRecords calls, made one after another through a proxy with `seed`. */
  async function statuses(seed: number, n: number): Promise<number[]> {
    const proxy = await startFaultProxy({ target: targetUrl, seed, probabilities: { internal: 0.3, throttling: 0.2 } });
    try {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const res = await fetch(proxy.endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDBStreams_20120810.GetRecords' }, body: '{}' });
        await res.arrayBuffer();
        out.push(res.status);
      }
      assert.equal(proxy.seed, seed);
      assert.equal(proxy.calls('GetRecords'), n);
      assert.equal(proxy.answered('GetRecords'), out.filter((s) => s === 200).length, 'answered counts the calls passed on');
      return out;
    } finally {
      await proxy.stop();
    }
  }

  it('the same seed gives the same faults in call order; another seed other faults', async () => {
    const first = await statuses(1234, 40);
    assert.deepEqual(await statuses(1234, 40), first);
    assert.ok(first.includes(200) && first.some((s) => s !== 200), `a mix of faults and answers: ${first.join(',')}`);
    assert.notDeepEqual(await statuses(1235, 40), first);
  });

  it('seededRandom: a repeatable sequence in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(Array.from({ length: 1000 }, () => b()), draws);
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    assert.ok(new Set(draws).size > 990, 'not stuck');
  });

  it(`${FAULT_SEED_ENV} replays a printed seed; a malformed one is refused; otherwise a fresh seed`, () => {
    assert.equal(faultSeed({ [FAULT_SEED_ENV]: '3141592653' }), 3141592653);
    assert.throws(() => faultSeed({ [FAULT_SEED_ENV]: 'abc' }), new RegExp(`${FAULT_SEED_ENV} must be an integer`));
    assert.throws(() => faultSeed({ [FAULT_SEED_ENV]: '-1' }), /must be an integer/);
    const fresh = faultSeed({});
    assert.ok(Number.isInteger(fresh) && fresh >= 0 && fresh <= 0xffffffff);
  });
});
