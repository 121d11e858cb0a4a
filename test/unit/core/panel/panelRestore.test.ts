import assert from 'node:assert/strict';
import { resolveConnection } from '../../../../src/core/connection/connection';
import {
  connectionIdOf,
  connectionLabelOf,
  parseRestoreState,
  RESTORE_STATE_VERSION,
  RESUME_CLOCK_MARGIN_MS,
  resumePositionOf,
  type TailRestoreState,
} from '../../../../src/core/panel/panelRestore';
import { TailSession } from '../../../../src/core/panel/tailSession';
import type { StreamRecord } from '../../../../src/core/records/model';

function saved(over: Partial<TailRestoreState> = {}): TailRestoreState {
  return {
    version: RESTORE_STATE_VERSION,
    target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:aws:dynamodb:us-east-1:1:table/Orders/stream/x', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST' },
    connectionId: '["dynamodb","","us-east-1","http://localhost:8000"]',
    connectionLabel: 'http://localhost:8000',
    filter: { text: 'status:shipped', kinds: ['INSERT', 'MODIFY'] },
    lambda: { text: '{"eventName":["INSERT"]}', only: true },
    shards: { 'shardId-1': { first: '100', last: '250' }, 'shardId-2': { last: '300' } },
    ...over,
  };
}

function rec(seq: number, key = 'k'): StreamRecord {
  return { eventName: 'MODIFY', dynamodb: { Keys: { PK: { S: key } }, NewImage: { PK: { S: key } }, SequenceNumber: String(seq), SizeBytes: 10 } };
}

function session(maxRecords = 100) {
  return new TailSession({
    target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', startPosition: 'LATEST', maxRecords },
    post: () => undefined,
  });
}

describe('panel restore state (reload)', () => {
  it('reads back what a panel saved, through JSON, unchanged', () => {
    const state = saved({ target: { ...saved().target, onlyShardId: 'shardId-1', startPosition: { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { 'shardId-1': '99' } } } });
    assert.deepEqual(parseRestoreState(JSON.parse(JSON.stringify(state))), state);
  });

  it('refuses state it cannot trust: another version, missing target, bad sequence numbers, first after last', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'x',
      { ...saved(), version: 2 },
      { ...saved(), target: undefined },
      { ...saved(), target: { ...saved().target, source: 'sqs' } },
      { ...saved(), target: { ...saved().target, startPosition: 'SOMETIME' } },
      { ...saved(), connectionId: 7 },
      { ...saved(), filter: 'all' },
      { ...saved(), shards: { 'shardId-1': { first: '12a' } } },
      { ...saved(), shards: { 'shard id with spaces': { last: '1' } } },
      { ...saved(), shards: { 'shardId-1': { first: '300', last: '200' } } },
      { ...saved(), shards: [] },
    ];
    for (const raw of bad) assert.equal(parseRestoreState(raw), undefined, JSON.stringify(raw));
  });

  it('re-reads a shard from its first held record, continues one it holds nothing of after its last', () => {
    assert.deepEqual(resumePositionOf(saved().shards, 'LATEST'), { start: 'LATEST', at: { 'shardId-1': '100' }, after: { 'shardId-2': '300' } });
    assert.deepEqual(resumePositionOf({}, 'TRIM_HORIZON'), { start: 'TRIM_HORIZON', at: {}, after: {} });
  });

  it('a LATEST tail reads the shards it delivered nothing of from when it started (less a minute for clock skew)', () => {
    const since = Date.UTC(2026, 11, 7, 12, 0, 0);
    assert.deepEqual(resumePositionOf(saved().shards, 'LATEST', since), {
      start: { type: 'AT_TIMESTAMP', timestampMs: since - RESUME_CLOCK_MARGIN_MS },
      at: { 'shardId-1': '100' },
      after: { 'shardId-2': '300' },
    });
    assert.equal(resumePositionOf({}, 'TRIM_HORIZON', since).start, 'TRIM_HORIZON', 'other start positions read as they did');
    const state = { ...saved(), sinceMs: since, nextId: 42 };
    assert.deepEqual(parseRestoreState(JSON.parse(JSON.stringify(state))), state);
    assert.equal(parseRestoreState({ ...state, nextId: -1 })?.nextId, undefined);
  });

  it('a restored session numbers its records on from the saved next id', () => {
    const s = new TailSession({ target: { source: 'dynamodb', name: 'Orders', streamArn: 'arn:s', startPosition: 'LATEST', maxRecords: 10 }, post: () => undefined, firstId: 42 });
    s.handleEvent({ type: 'records', shardId: 'A', records: [rec(10)] });
    assert.deepEqual(s.visibleRows().map((r) => r.id), [42]);
    assert.equal(s.nextRecordId, 43);
  });

  it('identifies the connection per source without secrets, and tells connections apart', () => {
    const local = resolveConnection({ profile: '', region: 'us-east-1', endpoint: 'http://localhost:8000', kinesisEndpoint: 'http://admin:s3cret@localhost:4567' }, {});
    const other = resolveConnection({ profile: '', region: 'eu-west-1', endpoint: 'http://localhost:8000' }, {});
    const kinesisId = connectionIdOf(local, 'kinesis');
    assert.ok(!kinesisId.includes('s3cret') && !connectionLabelOf(local, 'kinesis').includes('s3cret'));
    assert.notEqual(connectionIdOf(local, 'dynamodb'), connectionIdOf(other, 'dynamodb'));
    assert.equal(connectionIdOf(local, 'dynamodb'), connectionIdOf(resolveConnection({ profile: '', region: 'us-east-1', endpoint: 'http://localhost:8000' }, {}), 'dynamodb'));
  });

  it('a session tracks per shard the first record held and the last delivered, across eviction and Clear', () => {
    const s = session(3);
    const before = s.savedStateVersion;
    s.handleEvent({ type: 'records', shardId: 'A', records: [rec(10), rec(20)] });
    s.handleEvent({ type: 'records', shardId: 'B', records: [rec(15)] });
    assert.ok(s.savedStateVersion > before);
    assert.deepEqual(s.shardPositions(), { A: { first: '10', last: '20' }, B: { first: '15', last: '15' } });
    s.handleEvent({ type: 'records', shardId: 'B', records: [rec(30)] }); // evicts A's 10
    assert.deepEqual(s.shardPositions(), { A: { first: '20', last: '20' }, B: { first: '15', last: '30' } });
    s.handleEvent({ type: 'records', shardId: 'B', records: [rec(40), rec(50)] }); // evicts A's 20 and B's 15
    assert.deepEqual(s.shardPositions(), { A: { last: '20' }, B: { first: '30', last: '50' } });
    s.clear();
    assert.deepEqual(s.shardPositions(), { A: { last: '20' }, B: { last: '50' } }, 'after Clear nothing is re-read, the tail continues');
    s.restart('TRIM_HORIZON');
    assert.deepEqual(s.shardPositions(), {}, 'a restart starts over from its new start position');
  });

  it('a restored session saves the seeded positions at once and keeps them until its re-read passes them', () => {
    const s = session();
    s.seedPositions({ A: { first: '10', last: '30' }, B: { last: '99' } });
    assert.deepEqual(s.shardPositions(), { A: { first: '10', last: '30' }, B: { last: '99' } }, 'a second reload now loses nothing');
    s.handleEvent({ type: 'records', shardId: 'A', records: [rec(10), rec(20)] });
    assert.deepEqual(s.shardPositions(), { A: { first: '10', last: '30' }, B: { last: '99' } }, 'mid re-read: the last delivered before the reload stays');
    s.handleEvent({ type: 'records', shardId: 'A', records: [rec(30), rec(40)] });
    s.handleEvent({ type: 'records', shardId: 'B', records: [rec(100)] });
    assert.deepEqual(s.shardPositions(), { A: { first: '10', last: '40' }, B: { first: '100', last: '100' } });
  });
});
