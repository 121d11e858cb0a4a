// Lambda's per-batch rules as pure functions: reading a batchItemFailures response, retry waits, lanes by key, record
// age on coarse clocks, and the on-failure destination's record.
import assert from 'node:assert/strict';
import { judgeItemFailures, judgeOutcome, laneOf, onFailureRecord, recordAgeMs, retryDelayMs, type TriggerRecord } from '../../../../src/core/trigger/batchRules';
import type { StreamRecord } from '../../../../src/core/records/model';

const batch = [{ seq: '100' }, { seq: '200' }, { seq: '300' }];

describe('trigger batch rules', () => {
  it('batchItemFailures: success for null, {}, a null or empty list', () => {
    for (const v of [null, undefined, {}, { batchItemFailures: null }, { batchItemFailures: [] }, { statusCode: 200 }]) {
      assert.deepEqual(judgeItemFailures(v, batch), { kind: 'success' }, JSON.stringify(v));
    }
  });

  it('batchItemFailures: the lowest failed sequence number, whatever the order they are listed in', () => {
    assert.deepEqual(judgeItemFailures({ batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }, { itemIdentifier: '300' }] }, batch), {
      kind: 'partial',
      from: 1,
      failedIds: ['300', '200'],
    });
  });

  it('batchItemFailures: unreadable answers fail the whole batch, saying why', () => {
    const cases: [unknown, RegExp][] = [
      ['ok', /a string, not an object/],
      [[1], /a list, not an object/],
      [{ batchItemFailures: 'x' }, /not a list/],
      [{ batchItemFailures: [{ itemIdentifier: '' }] }, /itemIdentifier "" is not a sequence number/],
      [{ batchItemFailures: [{ itemIdentifier: null }] }, /itemIdentifier null/],
      [{ batchItemFailures: [{ id: '100' }] }, /itemIdentifier missing/],
      [{ batchItemFailures: [{ itemIdentifier: '999' }] }, /999 is not a record of the batch/],
      [{ batchItemFailures: [{ itemIdentifier: 100 }] }, /itemIdentifier 100 is not a sequence number/],
    ];
    for (const [value, why] of cases) {
      const v = judgeItemFailures(value, batch);
      assert.equal(v.kind, 'failed', JSON.stringify(value));
      assert.match(v.kind === 'failed' ? v.message : '', why);
    }
  });

  it('outcomes: an error is a failure with its type and message; a value is ignored without ReportBatchItemFailures', () => {
    assert.deepEqual(judgeOutcome({ kind: 'error', errorType: 'TypeError', errorMessage: 'x is undefined', durationMs: 1 }, batch, false), { kind: 'failed', message: 'TypeError: x is undefined' });
    assert.match((judgeOutcome({ kind: 'error', errorMessage: 'after 3 s', timedOut: true, durationMs: 3000 }, batch, true) as { message: string }).message, /^Timed out/);
    assert.match((judgeOutcome({ kind: 'error', errorMessage: 'exit 1', crashed: true, durationMs: 3 }, batch, true) as { message: string }).message, /process died/);
    assert.deepEqual(judgeOutcome({ kind: 'success', value: 'anything', durationMs: 1 }, batch, false), { kind: 'success' });
  });

  it('retry waits: 1 s doubling to 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 100].map(retryDelayMs), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('lanes: one partition key always takes one lane; keys spread over every lane', () => {
    const rec = (pk: string, sk?: string): StreamRecord => ({ dynamodb: { Keys: { pk: { S: pk }, ...(sk ? { sk: { S: sk } } : {}) } } });
    assert.equal(laneOf(rec('a'), 1), 0);
    const lanes = new Set(Array.from({ length: 200 }, (_, i) => laneOf(rec(`key${i}`), 4)));
    assert.deepEqual([...lanes].sort(), [0, 1, 2, 3]);
    for (let i = 0; i < 50; i++) {
      assert.equal(laneOf(rec('same', `s${i}`), 4, 'pk'), laneOf(rec('same', 's0'), 4, 'pk'), 'by partition key, whatever the sort key');
    }
  });

  it('record age: measured from the latest time the record may have been written (times are rounded down)', () => {
    const r = { createdMs: 60_000 } as TriggerRecord;
    assert.equal(recordAgeMs(r, 180_000, 60_000), 60_001);
    assert.equal(recordAgeMs(r, 180_000, 1_000), 119_001);
    assert.equal(recordAgeMs({} as TriggerRecord, 180_000, 1_000), undefined);
  });

  it("on-failure record: Lambda's shape for the records given up on", () => {
    const records = [{ seq: '100', createdMs: Date.UTC(2025, 0, 1) }, { seq: '300', createdMs: Date.UTC(2025, 0, 1, 0, 1) }] as TriggerRecord[];
    const nowMs = Date.UTC(2025, 0, 1, 1);
    assert.deepEqual(onFailureRecord(records, { functionArn: 'arn:f', streamArn: 'arn:s', shardId: 'sh', condition: 'RecordAgeExceeded', approximateInvokeCount: 2, nowMs, requestId: 'r-1' }), {
      requestContext: { requestId: 'r-1', functionArn: 'arn:f', condition: 'RecordAgeExceeded', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2025-01-01T01:00:00.000Z',
      DDBStreamBatchInfo: {
        shardId: 'sh',
        startSequenceNumber: '100',
        endSequenceNumber: '300',
        approximateArrivalOfFirstRecord: '2025-01-01T00:00:00.000Z',
        approximateArrivalOfLastRecord: '2025-01-01T00:01:00.000Z',
        batchSize: 2,
        streamArn: 'arn:s',
      },
    });
  });
});
