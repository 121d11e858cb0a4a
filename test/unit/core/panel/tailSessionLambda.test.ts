import assert from 'node:assert/strict';
import { parseLambdaFilter } from '../../../../src/core/lambda/filter/lambdaFilter';
import { lambdaEventOf, lambdaFilterInputOf, lambdaFilterInputOfLine, type LambdaSource } from '../../../../src/core/lambda/lambdaPanel';
import type { StreamRecord } from '../../../../src/core/records/model';
import type { HostToWebview, TailSourceKind } from '../../../../src/core/panel/protocol';
import { recordFromJsonLine, recordToJsonLine } from '../../../../src/core/records/recordJson';
import { TailSession } from '../../../../src/core/panel/tailSession';
import { FakeTimers } from '../../fakeTimers';

const TTL = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' };

function rec(n: number, eventName = 'MODIFY', extra: Partial<StreamRecord> = {}): StreamRecord {
  return {
    eventID: `e${n}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      Keys: { PK: { S: `ORDER#${n}` } },
      ...(eventName !== 'INSERT' ? { OldImage: { PK: { S: `ORDER#${n}` }, status: { S: 'pending' }, blob: { B: new Uint8Array([1, 2, 255]) } } } : {}),
      ...(eventName !== 'REMOVE' ? { NewImage: { PK: { S: `ORDER#${n}` }, status: { S: n % 2 ? 'processing' : 'shipped' }, big: { N: '9007199254740993' } } } : {}),
      SequenceNumber: String(1000 + n),
      SizeBytes: 10,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ApproximateCreationDateTime: new Date(1_700_000_000_000 + n * 1000),
    },
    ...extra,
  };
}

function setup(maxRecords = 100, source: TailSourceKind = 'dynamodb') {
  const sent: HostToWebview[] = [];
  const session = new TailSession({
    target: { source, name: 'Orders', streamArn: 'arn:aws:dynamodb:us-east-1:1:table/Orders/stream/x', startPosition: 'LATEST', maxRecords, region: 'eu-west-1' },
    post: (m) => sent.push(m),
    timers: new FakeTimers(), // never run: nothing here is batched
    now: () => 5000,
  });
  return { session, sent };
}

const SRC: LambdaSource = { source: 'dynamodb', streamArn: 'arn:s', region: 'eu-west-1' };

describe('Lambda filter in the tail host (TailSession)', () => {
  it('counts the held records a filter passes, and keeps counting as records arrive and are evicted', () => {
    const { session } = setup(4);
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'INSERT'), rec(2, 'REMOVE'), rec(3)] });
    assert.equal(session.lambdaCounts, undefined);
    assert.equal(session.setLambdaFilter('{"eventName":["REMOVE"]}').error, undefined);
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 1, held: 3 });
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(4, 'REMOVE'), rec(5, 'REMOVE', { userIdentity: TTL })] });
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 3, held: 4 }); // rec 1 evicted (not matching)
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(6, 'INSERT')] });
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 2, held: 4 }); // rec 2 (REMOVE) evicted
    assert.deepEqual(session.status().lambda, { wouldInvoke: 2, held: 4 });
    session.setMaxRecords(2); // evicts rec 3 (MODIFY) and rec 4 (REMOVE)
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 1, held: 2 });
  });

  it('refuses invalid text with the parser message and keeps the filter in force', () => {
    const { session, sent } = setup();
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'REMOVE'), rec(2)] });
    session.setLambdaFilter('{"eventName":["REMOVE"]}');
    sent.splice(0);
    const state = session.setLambdaFilter('{"eventName":"REMOVE"}');
    const expected = parseLambdaFilter('{"eventName":"REMOVE"}');
    assert.ok(!expected.ok);
    assert.equal(state.error, expected.error);
    assert.equal(state.text, '{"eventName":["REMOVE"]}');
    assert.deepEqual(sent, [{ type: 'lambdaFilter', lambda: { text: '{"eventName":["REMOVE"]}', only: false, error: expected.error } }]);
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 1, held: 2 });
  });

  it('shows only would-invoke records when asked, and explains a record that does not match in its detail', () => {
    const { session, sent } = setup();
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'INSERT'), rec(2, 'REMOVE', { userIdentity: TTL }), rec(3, 'REMOVE')] });
    session.setLambdaFilter('{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}');
    session.setLambdaOnly(true);
    assert.deepEqual(session.visibleRows().map((r) => r.id), [2]);
    assert.deepEqual(session.lambdaEvent().Records.map((r) => r.eventID), ['e2']);
    session.setLambdaOnly(false);
    assert.deepEqual(session.visibleRows().map((r) => r.id), [1, 2, 3]);
    sent.splice(0);
    session.sendDetail(3);
    const detail = sent.find((m) => m.type === 'detail');
    assert.ok(detail && detail.type === 'detail');
    assert.equal(detail.lambda?.matches, false);
    assert.match(detail.lambda?.reason ?? '', /userIdentity\.type: expected "Service"; found no such field/);
    session.setLambdaFilter('');
    assert.equal(session.lambdaCounts, undefined);
    assert.deepEqual(session.visibleRows().map((r) => r.id), [1, 2, 3]);
  });

  it('builds the Lambda event of chosen records (oldest first) or of the records shown', () => {
    const { session } = setup();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'INSERT'), rec(2, 'REMOVE'), rec(3)] });
    const chosen = session.lambdaEvent([3, 1, 99]);
    assert.deepEqual(chosen.Records.map((r) => r.eventID), ['e1', 'e3']);
    const r = chosen.Records[0];
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.eventSourceARN, 'arn:aws:dynamodb:us-east-1:1:table/Orders/stream/x');
    assert.equal(r.awsRegion, 'ddblocal');
    session.setFilter({ text: '', kinds: ['REMOVE'] });
    assert.deepEqual(session.lambdaEvent().Records.map((x) => x.eventID), ['e2']);
  });

  it('shows Copy record and the detail item in plain JSON when chosen, numbers beyond 2^53 exact', () => {
    const { session, sent } = setup();
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 's', records: [rec(1, 'MODIFY')] });
    assert.match(session.recordJson(1) ?? '', /"big": \{\s*"N": "9007199254740993"/);
    session.setJsonView('plain');
    const plain = JSON.parse(session.recordJson(1) ?? '{}');
    assert.equal(plain.dynamodb.NewImage.big, '9007199254740993');
    assert.equal(plain.dynamodb.NewImage.status, 'processing');
    assert.equal(plain.dynamodb.OldImage.blob, 'AQL/');
    sent.splice(0);
    session.sendDetail(1);
    const detail = sent.find((m) => m.type === 'detail');
    assert.ok(detail && detail.type === 'detail');
    assert.equal(detail.json?.view, 'plain');
    assert.match(detail.json?.text ?? '', /"status": "processing"/);
  });
});

describe('lambdaPanel (a held record as Lambda sees it)', () => {
  it('the fast filter input of a held JSON line equals the full conversion', () => {
    for (const r of [rec(1, 'INSERT'), rec(2, 'REMOVE', { userIdentity: TTL }), rec(3), rec(4, 'MODIFY', { awsRegion: undefined })]) {
      const line = recordToJsonLine(r);
      assert.deepEqual(lambdaFilterInputOfLine(line, SRC, recordFromJsonLine), lambdaFilterInputOf(recordFromJsonLine(line), SRC));
    }
  });

  it('a Kinesis panel gives the Kinesis-source event, its data the destination JSON, filtered under data', () => {
    const src: LambdaSource = { source: 'kinesis', streamArn: 'arn:aws:kinesis:us-east-1:1:stream/orders', region: 'us-east-1' };
    const r = rec(7, 'REMOVE', {
      userIdentity: TTL,
      kinesis: { shardId: 'shardId-000000000001', sequenceNumber: '4959', partitionKey: 'ABC', arrivalMs: 1_700_000_000_500 },
    });
    const event = lambdaEventOf([r], src);
    const k = event.Records[0] as { kinesis: { data: string; partitionKey: string; sequenceNumber: string; approximateArrivalTimestamp: number }; eventID: string; eventSource: string };
    assert.equal(k.eventSource, 'aws:kinesis');
    assert.equal(k.eventID, 'shardId-000000000001:4959');
    assert.equal(k.kinesis.partitionKey, 'ABC');
    assert.equal(k.kinesis.approximateArrivalTimestamp, 1_700_000_000.5);
    const data = JSON.parse(Buffer.from(k.kinesis.data, 'base64').toString('utf8'));
    assert.equal(data.eventName, 'REMOVE');
    assert.equal(data.recordFormat, 'application/json');
    assert.deepEqual(data.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    assert.equal(data.dynamodb.ApproximateCreationDateTime, 1_700_000_007_000);
    assert.deepEqual(data.dynamodb.OldImage.blob, { B: 'AQL/' });
    const parsed = parseLambdaFilter('{"data":{"eventName":["REMOVE"]}}');
    assert.ok(parsed.ok);
    assert.equal(parsed.filter.matches(lambdaFilterInputOf(r, src)), true);
    assert.equal(parsed.filter.matches(lambdaFilterInputOf(rec(8, 'INSERT', { kinesis: r.kinesis }), src)), false);
  });

  it('a Kinesis panel counts with the Kinesis filter input', () => {
    const { session } = setup(100, 'kinesis');
    const origin = { shardId: 'shardId-1', sequenceNumber: '1', partitionKey: 'p' };
    session.handleEvent({ type: 'records', shardId: 'shardId-1', records: [rec(1, 'REMOVE', { kinesis: origin }), rec(2, 'INSERT', { kinesis: origin })] });
    session.setLambdaFilter('{"data":{"eventName":["REMOVE"]}}');
    assert.deepEqual(session.lambdaCounts, { wouldInvoke: 1, held: 2 });
    assert.equal(session.lambdaEvent([1]).Records[0].eventSource, 'aws:kinesis');
  });
});
