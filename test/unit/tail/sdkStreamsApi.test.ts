// SdkStreamsApi + tailStream with a mocked DynamoDBStreamsClient, for errors DynamoDB Local never produces.
import assert from 'node:assert/strict';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InternalServerError,
  LimitExceededException,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { SdkStreamsApi } from '../../../src/aws/streamsApi';
import { STOP_REASONS, tailStream } from '../../../src/core/tail/reader';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { TailEvent } from '../../../src/core/tail/types';
import { trackTimers } from './fakes';

const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2025-01-01T00:00:00.000';
const meta = { $metadata: { httpStatusCode: 400 } };

function record(seq: string, n: number): _Record {
  return {
    eventID: `e${seq}`,
    eventName: 'MODIFY',
    dynamodb: { SequenceNumber: seq, Keys: { pk: { S: 'a' } }, NewImage: { pk: { S: 'a' }, n: { N: String(n) } }, ApproximateCreationDateTime: new Date() },
  };
}

describe('SdkStreamsApi with a mocked client — synthetic errors (DynamoDB Local cannot expire iterators or throttle)', () => {
  const streams = mockClient(DynamoDBStreamsClient);
  afterEach(() => streams.reset());

  it('ExpiredIteratorException, LimitExceededException and a 500 through the real SDK adapter: exactly once, then "Stream disabled"', async () => {
    const shard = { ShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '100000000000000000001' } };
    streams
      .on(DescribeStreamCommand)
      .resolvesOnce({ StreamDescription: { StreamArn: ARN, StreamStatus: 'ENABLED', Shards: [shard] } })
      .resolves({
        StreamDescription: {
          StreamArn: ARN,
          StreamStatus: 'DISABLED',
          Shards: [{ ...shard, SequenceNumberRange: { ...shard.SequenceNumberRange, EndingSequenceNumber: '100000000000000000300' } }],
        },
      });
    streams.on(GetShardIteratorCommand, { ShardIteratorType: 'TRIM_HORIZON' }).resolves({ ShardIterator: 'it-1' });
    streams.on(GetShardIteratorCommand, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '100000000000000000200' }).resolves({ ShardIterator: 'it-after' });
    streams.on(GetRecordsCommand, { ShardIterator: 'it-1' }).resolves({ Records: [record('100000000000000000100', 1), record('100000000000000000200', 2)], NextShardIterator: 'it-2' });
    streams.on(GetRecordsCommand, { ShardIterator: 'it-2' }).rejects(new ExpiredIteratorException({ message: 'Iterator expired', ...meta }));
    streams
      .on(GetRecordsCommand, { ShardIterator: 'it-after' })
      .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', ...meta }))
      .rejectsOnce(new InternalServerError({ message: 'boom', $metadata: { httpStatusCode: 500 } }))
      // The retry replays the last record before a new one: it must not be delivered twice.
      .resolves({ Records: [record('100000000000000000200', 2), record('100000000000000000300', 3)] });

    const timers = trackTimers();
    const events: TailEvent[] = [];
    const started = Date.now();
    await tailStream(new SdkStreamsApi(new DynamoDBStreamsClient({ region: 'us-east-1' })), { streamArn: ARN, start: 'TRIM_HORIZON', loopback: true, signal: new AbortController().signal }, (e) => events.push(e)).finally(() => timers.restore());
    assert.ok(Date.now() - started < 5_000);

    const delivered = events.flatMap((e) => (e.type === 'records' ? e.records : []));
    assert.deepEqual(delivered.map((r) => r.dynamodb?.NewImage?.n.N), ['1', '2', '3']);
    const iterators = streams.commandCalls(GetShardIteratorCommand).map((c) => [c.args[0].input.ShardIteratorType, c.args[0].input.SequenceNumber]);
    assert.deepEqual(iterators, [['TRIM_HORIZON', undefined], ['AFTER_SEQUENCE_NUMBER', '100000000000000000200']]);
    assert.ok(streams.commandCalls(GetRecordsCommand).every((c) => c.args[0].input.Limit === 1000));
    const states = events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
    assert.deepEqual(states, ['starting', 'running', 'reconnecting', 'running', 'stopped']);
    assert.deepEqual(events.at(-1), { type: 'state', state: 'stopped', reason: STOP_REASONS.disabled });
    assert.ok(timers.created() > 3, 'the reader waited on real timers');
    assert.equal(timers.live(), 0, 'no timer left behind');
  });

  it('DescribeStream pages through LastEvaluatedShardId with the real adapter', async () => {
    const shards = Array.from({ length: 250 }, (_, i) => ({ ShardId: `s${String(i).padStart(3, '0')}`, SequenceNumberRange: { StartingSequenceNumber: String(1000 + i), EndingSequenceNumber: String(1000 + i) } }));
    const page = (from: number) => ({
      StreamDescription: { StreamArn: ARN, StreamStatus: 'DISABLED' as const, Shards: shards.slice(from, from + 100), LastEvaluatedShardId: from + 100 < 250 ? shards[from + 99].ShardId : undefined },
    });
    streams.on(DescribeStreamCommand).resolves(page(0));
    streams.on(DescribeStreamCommand, { ExclusiveStartShardId: 's099' }).resolves(page(100));
    streams.on(DescribeStreamCommand, { ExclusiveStartShardId: 's199' }).resolves(page(200));
    const events: TailEvent[] = [];
    // LATEST on a disabled stream whose 250 shards are all closed: nothing to read, it stops at once.
    await tailStream(new SdkStreamsApi(new DynamoDBStreamsClient({ region: 'us-east-1' })), { streamArn: ARN, start: 'LATEST', loopback: true, signal: new AbortController().signal }, (e) => events.push(e));
    assert.deepEqual(streams.commandCalls(DescribeStreamCommand).map((c) => c.args[0].input.ExclusiveStartShardId), [undefined, 's099', 's199']);
    assert.equal(events.filter((e) => e.type === 'shard' && e.status === 'closed').length, 250);
    assert.equal(streams.commandCalls(GetRecordsCommand).length, 0);
  });
});
