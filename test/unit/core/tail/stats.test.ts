import assert from 'node:assert/strict';
import { approximateCreationMs, type StreamRecord } from '../../../../src/core/records/model';
import { toRecordRow } from '../../../../src/core/records/records';
import { TailMeter } from '../../../../src/core/tail/stats';

const created = Date.UTC(2025, 0, 1, 12, 0, 0);
const at = (v: unknown): StreamRecord => ({ dynamodb: { ApproximateCreationDateTime: v as Date } });

describe('ApproximateCreationDateTime: one parser for record rows and tail lag', () => {
  const forms: [string, unknown][] = [
    ['a Date (the SDK)', new Date(created)],
    ['epoch seconds (raw JSON)', created / 1000],
    ['epoch seconds as a numeric string', String(created / 1000)],
    ['epoch ms', created],
    ['epoch ms as a numeric string', String(created)],
    ['an ISO date string', new Date(created).toISOString()],
  ];

  for (const [name, value] of forms) {
    it(`${name}: the rows and the lag read the same time`, () => {
      assert.equal(approximateCreationMs(at(value)), created);
      assert.equal(toRecordRow(at(value), { id: 1, shardId: 's', arrivalMs: 0 }).approximateCreationMs, created, 'the row shows the same time');
      const meter = new TailMeter(created);
      meter.delivered([at(value)], created + 1_500);
      assert.equal(meter.lagMs, 1_500);
    });
  }

  it('missing or unreadable: no time, and no lag', () => {
    for (const value of [undefined, '', '  ', 'soon', new Date(NaN), Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      assert.equal(approximateCreationMs(at(value)), undefined, `value ${String(value)}`);
      const meter = new TailMeter(created);
      meter.delivered([at(value)], created + 1_500);
      assert.equal(meter.lagMs, undefined);
    }
    assert.equal(approximateCreationMs({}), undefined);
  });
});
