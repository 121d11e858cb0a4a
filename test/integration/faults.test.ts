// The panel's read path (extension clients → SdkStreamsApi → readStream → TailSession → NDJSON export) against real
// DynamoDB Local behind a fault-injecting proxy: a short version of `npm run soak` (same code: scripts/lib/soak-run.ts).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { runSoak } from '../../scripts/lib/soak-run';
import { classifyError } from '../../src/core/tail/backoff';
// @ts-expect-error plain ESM helper shared with the scripts
import { FAULT_KINDS, FAULT_SEED_ENV, faultSeed, startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';
import { localEndpoint } from './setup';

describe('stream reader under injected faults (DynamoDB Local behind a fault proxy)', function () {
  this.timeout(180_000);
  const exportPath = join(tmpdir(), `faults-${process.pid}.ndjson`);
  after(() => rmSync(exportPath, { force: true }));

  it('the proxy: DynamoDB calls pass untouched; Streams calls get AWS JSON errors the reader classifies', async () => {
    const proxy = await startFaultProxy({ target: localEndpoint() });
    const config = { endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
    const dynamodb = new DynamoDBClient(config);
    const streams = new DynamoDBStreamsClient(config);
    const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error'), (err: Error) => err);
    try {
      const expected: [string, string, ReturnType<typeof classifyError>][] = [
        ['internal', 'InternalServerError', 'transient'],
        ['limit', 'LimitExceededException', 'transient'],
        ['throttling', 'ThrottlingException', 'transient'],
        ['expired', 'ExpiredIteratorException', 'expired'],
      ];
      for (const [kind, name, classified] of expected) {
        proxy.setProbabilities({ [kind]: 1 });
        await dynamodb.send(new ListTablesCommand({}));
        const err = await failure(streams.send(new GetRecordsCommand({ ShardIterator: 'x'.repeat(40) })));
        assert.strictEqual(err.name, name);
        assert.strictEqual(classifyError(err), classified);
      }
      for (const kind of ['reset', 'lost']) {
        proxy.setProbabilities({ [kind]: 1 });
        assert.strictEqual(classifyError(await failure(streams.send(new ListStreamsCommand({})))), 'transient', kind);
      }
      assert.deepStrictEqual(proxy.counts(), { reset: 1, lost: 1, internal: 1, limit: 1, throttling: 1, expired: 1, stall: 0, blackhole: 0 });
    } finally {
      dynamodb.destroy();
      streams.destroy();
      await proxy.stop();
    }
  });

  it('5,000 writes while every fault kind hits the Streams calls, with a blackhole: the export holds each record once, in order per key', async () => {
    const seed = faultSeed();
    console.log(`      fault seed ${seed} (replay: ${FAULT_SEED_ENV}=${seed} npm run test:integration)`);
    const f = await runSoak({
      seed,
      writes: 5_000,
      keys: 250,
      dynamodbEndpoint: localEndpoint(),
      // ≈ 36% of GetRecords calls faulted, so that every kind shows up in a few hundred calls.
      probabilities: { reset: 0.05, lost: 0.05, internal: 0.05, limit: 0.05, throttling: 0.05, expired: 0.06, stall: 0.05 },
      stallMs: 1_000,
      // Longer than both attempts of the Streams client (2 × 10 s request timeout): the reader itself must hear of it
      // and reconnect, whatever the random faults did. At the first writes, so the wait overlaps the writing.
      blackholeMs: 25_000,
      blackholeAt: 0,
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
