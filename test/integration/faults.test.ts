// The panel's read path (extension clients → SdkStreamsApi → tailStream → TailSession → NDJSON export) against real
// DynamoDB Local behind a fault-injecting proxy: a short version of `npm run soak` (same code: scripts/lib/soak-run.ts).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoak } from '../../scripts/lib/soak-run';
// @ts-expect-error plain ESM helper shared with the scripts
import { FAULT_KINDS } from '../../scripts/lib/fault-proxy.mjs';
import { localEndpoint } from './setup';

describe('stream reader under injected faults (DynamoDB Local behind a fault proxy)', function () {
  this.timeout(180_000);
  const exportPath = join(tmpdir(), `faults-${process.pid}.ndjson`);
  after(() => rmSync(exportPath, { force: true }));

  it('5,000 writes while every fault kind hits the Streams calls, with a blackhole: the export holds each record once, in order per key', async () => {
    const f = await runSoak({
      writes: 5_000,
      keys: 250,
      dynamodbEndpoint: localEndpoint(),
      // ≈ 36% of GetRecords calls faulted, so that every kind shows up in a few hundred calls.
      probabilities: { reset: 0.05, lost: 0.05, internal: 0.05, limit: 0.05, throttling: 0.05, expired: 0.06, stall: 0.05 },
      stallMs: 1_000,
      blackholeMs: 4_000,
      blackholeAt: 0, // at the first writes: the 30 s request timeout it costs overlaps the writing
      exportPath,
    });
    console.log(`      ${f.streamsCalls} Streams calls, ${(f.faultShare * 100).toFixed(0)}% faulted (${JSON.stringify(f.faults)}); drain ${f.drainSeconds.toFixed(1)} s`);
    for (const kind of FAULT_KINDS as string[]) assert.ok(f.faults[kind] >= 1, `fault '${kind}' injected at least once: ${JSON.stringify(f.faults)}`);
    assert.ok(f.faultShare >= 0.2, `at least 20% of Streams calls faulted (${f.faultShare})`);
    assert.equal(f.delivered, 5_000, 'records in the export');
    assert.equal(f.distinctRecords, 5_000);
    assert.equal(f.duplicatesBySequence, 0);
    assert.equal(f.duplicatesByKeyCounter, 0);
    assert.equal(f.orderViolations, 0, 'each key: counters 1, 2, 3 … in export order');
    assert.equal(f.missing, 0);
    assert.equal(f.gapNotices, 0, 'nothing was trimmed: no gap notice');
    assert.ok(f.reconnects >= 1, 'faults the SDK did not retry away made the tail reconnect');
  });
});
