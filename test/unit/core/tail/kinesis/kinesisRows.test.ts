// How records read from a Kinesis data stream look in the panel: the same rows as a DynamoDB stream, marked when
// Kinesis repeated or reordered them, and data that is no DynamoDB change shown as it came.
import assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../../src/core/records/model';
import { RAW_DATA_LABEL, searchTextOf, toRecordDetail, toRecordRow } from '../../../../../src/core/records/records';

const origin = { shardId: 'shardId-000000000001', sequenceNumber: '49680509028513551967583064225821626835809442556337455122', partitionKey: 'pk' };
const change = (over: Partial<StreamRecord['kinesis']> = {}): StreamRecord => ({
  eventID: 'e1',
  eventName: 'MODIFY',
  dynamodb: { Keys: { PK: { S: 'ORDER#1' } }, OldImage: { PK: { S: 'ORDER#1' }, status: { S: 'pending' } }, NewImage: { PK: { S: 'ORDER#1' }, status: { S: 'shipped' } } },
  kinesis: { ...origin, ...over },
});
const ctx = { id: 7, shardId: origin.shardId, arrivalMs: 1 };

describe('Kinesis records as panel rows', () => {
  it('a decoded change is a normal row with the Kinesis sequence number and a diff', () => {
    const row = toRecordRow(change(), ctx);
    assert.equal(row.eventName, 'MODIFY');
    assert.equal(row.kind, 'MODIFY');
    assert.equal(row.sequenceNumber, origin.sequenceNumber);
    assert.equal(row.keys, 'PK="ORDER#1"');
    const detail = toRecordDetail(change(), 7);
    assert.equal(detail.diffAvailable, true);
    assert.deepEqual(detail.diff.filter((e) => e.change === 'changed').map((e) => [e.path, e.oldText, e.newText]), [['status', '"pending"', '"shipped"']]);
  });

  it('marks duplicates and late arrivals in the event label', () => {
    assert.equal(toRecordRow(change({ duplicate: true }), ctx).eventName, 'MODIFY (duplicate)');
    assert.equal(toRecordRow(change({ late: true }), ctx).eventName, 'MODIFY (late)');
    assert.equal(toRecordRow(change({ duplicate: true, late: true }), ctx).eventName, 'MODIFY (duplicate, late)');
  });

  it('data that is not a DynamoDB change: labelled, keyed by partition key, its text in the detail and the text filter', () => {
    const raw: StreamRecord = { kinesis: { ...origin, partitionKey: 'device-9', raw: '{\n  "temperature": 21.5\n}' } };
    const row = toRecordRow(raw, ctx);
    assert.equal(row.eventName, RAW_DATA_LABEL);
    assert.equal(row.keys, 'partition key "device-9"');
    const detail = toRecordDetail(raw, 7);
    assert.equal(detail.diffAvailable, false);
    assert.match(String(detail.note), /not a DynamoDB change record/);
    assert.deepEqual(detail.image, { label: 'Data', values: [{ path: 'data', text: raw.kinesis!.raw }] });
    assert.match(searchTextOf(raw), /temperature/);
  });
});
