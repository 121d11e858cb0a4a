import assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../src/core/records/model';
import { isWebviewMessage, START_LABELS, START_KINDS } from '../../../../src/core/panel/protocol';
import {
  describeStart,
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
    assert.equal(parseCheckpoints(`s=${'1'.repeat(41)}`).ok, false);
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
});
