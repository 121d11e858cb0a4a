import assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../src/core/records/model';
import { isWebviewMessage, START_LABELS, START_KINDS } from '../../../../src/core/panel/protocol';
import {
  checkShardIds,
  checkStartPosition,
  describeStart,
  DYNAMODB_RETENTION_HOURS,
  KINESIS_MAX_RETENTION_HOURS,
  parseCheckpoints,
  parseSinceTime,
  skipRecordsBefore,
  toKinesisStart,
  toStartPosition,
} from '../../../../src/core/tail/startPosition';
import type { TailEvent } from '../../../../src/core/tail/types';

const NOW = Date.parse('2024-08-06T12:00:00Z');

function rec(ms: number | undefined, id: string): StreamRecord {
  return { eventID: id, eventName: 'INSERT', dynamodb: { ApproximateCreationDateTime: ms === undefined ? undefined : new Date(ms) } };
}

describe('start positions', () => {
  it('offers the four positions with their labels', () => {
    assert.deepEqual(START_KINDS.map((k) => START_LABELS[k]), ['from now (LATEST)', 'everything retained (TRIM_HORIZON)', 'since a time…', 'after a sequence number…']);
  });

  it('reads "since a time…" as a date-time or a time ago, refusing the future and garbage', () => {
    assert.deepEqual(parseSinceTime('2024-08-06T11:00:00Z', NOW), { ok: true, timestampMs: NOW - 3_600_000 });
    assert.deepEqual(parseSinceTime(' 15m ', NOW), { ok: true, timestampMs: NOW - 900_000 });
    assert.deepEqual(parseSinceTime('2h', NOW), { ok: true, timestampMs: NOW - 7_200_000 });
    assert.deepEqual(parseSinceTime('1d', NOW), { ok: true, timestampMs: NOW - 86_400_000 });
    const future = parseSinceTime('2024-08-07T00:00:00Z', NOW);
    assert.ok(!future.ok && /future/.test(future.error));
    for (const bad of ['', 'yesterday', '12:00', '5 weeks']) assert.equal(parseSinceTime(bad, NOW).ok, false, bad);
  });

  it('reads "after a sequence number…" per shard, sequence numbers as digits only', () => {
    assert.deepEqual(parseCheckpoints('shardId-1=000000000000000000123, shardId-2 = 45'), { ok: true, checkpoints: { 'shardId-1': '000000000000000000123', 'shardId-2': '45' } });
    const letters = parseCheckpoints('shardId-1=12a');
    assert.ok(!letters.ok && /must be decimal digits/.test(letters.error));
    const noShard = parseCheckpoints('123');
    assert.ok(!noShard.ok && /is not shardId=sequenceNumber/.test(noShard.error));
    assert.equal(parseCheckpoints('  ').ok, false);
    assert.equal(parseCheckpoints(`s=${'1'.repeat(129)}`).ok, false);
  });

  it('accepts a real Kinesis sequence number (56 digits, as kinesalite and Kinesis give them)', () => {
    const seq = '49655497127545693464624384838133738580651632009431646210';
    assert.equal(seq.length, 56);
    assert.deepEqual(parseCheckpoints(`shardId-000000000000=${seq}`), { ok: true, checkpoints: { 'shardId-000000000000': seq } });
    assert.deepEqual(toStartPosition({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s: seq } }), { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s: seq } });
  });

  it('refuses times beyond the retention or that no Date can hold, and shards the stream does not have', () => {
    const dynamo = { retentionHours: DYNAMODB_RETENTION_HOURS, retentionKnown: true, shardIds: ['shardId-a', 'shardId-b'] };
    const huge = parseSinceTime('99999999999999999999d', NOW, dynamo);
    assert.ok(!huge.ok && /older than the stream keeps: This stream keeps records 1 day.*TRIM_HORIZON/.test(huge.error), JSON.stringify(huge));
    assert.equal(parseSinceTime('2d', NOW, dynamo).ok, false);
    assert.equal(parseSinceTime('1d', NOW, dynamo).ok, true, '"1d" typed for a 24 h stream is within it');
    assert.equal(parseSinceTime('0002-01-01T00:00:00Z', NOW, dynamo).ok, false);
    const kinesis = { retentionHours: KINESIS_MAX_RETENTION_HOURS, retentionKnown: false };
    assert.equal(parseSinceTime('30d', NOW, kinesis).ok, true);
    const old = parseSinceTime('400d', NOW, kinesis);
    assert.ok(!old.ok && /at most 365 days/.test(old.error), JSON.stringify(old));
    assert.match(checkStartPosition({ type: 'AT_TIMESTAMP', timestampMs: NOW + 60_000 }, NOW, dynamo) ?? '', /future/);
    assert.match(checkStartPosition({ type: 'AT_TIMESTAMP', timestampMs: -8.64e15 }, NOW, dynamo) ?? '', /older than the stream keeps/);
    assert.equal(toStartPosition({ type: 'AT_TIMESTAMP', timestampMs: -8.64e27 }), undefined, 'beyond what a Date holds');
    assert.match(checkShardIds({ 'shardId-a': '1', 'shardId-x': '2' }, dynamo) ?? '', /shardId-x is not a shard of this stream\. Its shards: shardId-a, shardId-b/);
    assert.equal(checkShardIds({ 'shardId-a': '1' }, dynamo), undefined);
    assert.equal(checkStartPosition({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { 'shardId-b': '1' } }, NOW, dynamo), undefined);
  });

  it('validates positions from messages; restart takes a kind or a whole position', () => {
    assert.deepEqual(toStartPosition({ type: 'AT_TIMESTAMP', timestampMs: NOW }), { type: 'AT_TIMESTAMP', timestampMs: NOW });
    assert.deepEqual(toStartPosition({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s1: '9' } }), { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s1: '9' } });
    assert.equal(toStartPosition({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s1: 'x' } }), undefined);
    assert.equal(toStartPosition({ type: 'AT_TIMESTAMP', timestampMs: 'soon' }), undefined);
    assert.equal(isWebviewMessage({ type: 'restart', startPosition: 'AT_TIMESTAMP' }), true);
    assert.equal(isWebviewMessage({ type: 'restart', startPosition: { type: 'AT_TIMESTAMP', timestampMs: NOW } }), true);
    assert.equal(isWebviewMessage({ type: 'restart', startPosition: 'AT_SEQUENCE_NUMBER' }), false);
    assert.equal(isWebviewMessage({ type: 'restart', startPosition: { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s: '-1' } } }), false);
    assert.match(describeStart({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s1: '9' } }), /after 9 in s1/);
  });

  it('maps positions to the Kinesis reader: AT_TIMESTAMP natively, sequence numbers as checkpoints', () => {
    assert.deepEqual(toKinesisStart('LATEST'), { start: { type: 'LATEST' } });
    assert.deepEqual(toKinesisStart({ type: 'AT_TIMESTAMP', timestampMs: NOW }), { start: { type: 'AT_TIMESTAMP', timestampMs: NOW } });
    assert.deepEqual(toKinesisStart({ type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { s: '1' } }), { start: { type: 'TRIM_HORIZON' }, checkpoints: { s: '1' } });
  });

  it('DynamoDB Streams "since a time": skips older records, says so while catching up and once caught up', () => {
    const out: TailEvent[] = [];
    const onEvent = skipRecordsBefore(NOW, (e) => out.push(e));
    assert.equal(out.length, 1);
    assert.match((out[0] as { message: string }).message, /no timestamp iterator.*skips older ones while it catches up/);
    onEvent({ type: 'records', shardId: 's', records: [rec(NOW - 2000, 'a'), rec(NOW - 1000, 'b')] });
    assert.equal(out.length, 1, 'an all-old batch is dropped whole');
    onEvent({ type: 'state', state: 'running' });
    onEvent({ type: 'records', shardId: 's', records: [rec(NOW - 1, 'c'), rec(NOW, 'd'), rec(undefined, 'e')] });
    onEvent({ type: 'records', shardId: 's', records: [rec(NOW + 5, 'f')] });
    assert.deepEqual(out.slice(1).map((e) => e.type), ['state', 'notice', 'records', 'records']);
    assert.match((out[2] as { message: string }).message, /Caught up to 2024-08-06T12:00:00.000Z: 3 older records skipped/);
    assert.deepEqual((out[3] as { records: StreamRecord[] }).records.map((r) => r.eventID), ['d', 'e']);
  });

  it('"since a time" keeps records of the cut-off\'s own second (creation times are whole seconds; minutes locally)', () => {
    const cut = NOW + 700; // 12:00:00.700; a record created at 12:00:00.900 shows as 12:00:00
    const out: TailEvent[] = [];
    const onEvent = skipRecordsBefore(cut, (e) => out.push(e));
    onEvent({ type: 'records', shardId: 's', records: [rec(NOW - 1000, 'older'), rec(NOW, 'same second')] });
    assert.deepEqual(out.filter((e) => e.type === 'records').flatMap((e) => (e as { records: StreamRecord[] }).records.map((r) => r.eventID)), ['same second']);
    const local: TailEvent[] = [];
    const onLocal = skipRecordsBefore(NOW + 30_000, (e) => local.push(e), 60_000);
    onLocal({ type: 'records', shardId: 's', records: [rec(NOW - 60_000, 'minute before'), rec(NOW, 'same minute')] });
    assert.deepEqual(local.filter((e) => e.type === 'records').flatMap((e) => (e as { records: StreamRecord[] }).records.map((r) => r.eventID)), ['same minute']);
  });
});
