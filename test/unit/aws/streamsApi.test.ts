// SdkStreamsApi + readStream with a mocked DynamoDBStreamsClient, for errors DynamoDB Local never produces; and the
// real SDK over HTTP against a local server that never answers GetRecords, for cancellation.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { STOP_REASONS, readStream } from '../../../src/core/tail/dynamodb/reader';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { TailEvent } from '../../../src/core/tail/types';
import { trackTimers } from '../core/tail/fakes';

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
  // Mocks every DynamoDBStreamsClient while this suite runs only (the cancellation suite below needs the real send).
  const mockStreams = () => mockClient(DynamoDBStreamsClient);
  let streams: ReturnType<typeof mockStreams>;
  before(() => {
    streams = mockStreams();
  });
  afterEach(() => streams.reset());
  after(() => streams.restore());

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
    await readStream(new SdkStreamsApi(new DynamoDBStreamsClient({ region: 'us-east-1' })), { streamArn: ARN, start: 'TRIM_HORIZON', loopback: true, signal: new AbortController().signal }, (e) => events.push(e)).finally(() => timers.restore());
    assert.ok(Date.now() - started < 5_000);

    const delivered = events.flatMap((e) => (e.type === 'records' ? e.records : []));
    assert.deepEqual(delivered.map((r) => r.dynamodb?.NewImage?.n.N), ['1', '2', '3']);
    const iterators = streams.commandCalls(GetShardIteratorCommand).map((c) => [c.args[0].input.ShardIteratorType, c.args[0].input.SequenceNumber]);
    assert.deepEqual(iterators, [['TRIM_HORIZON', undefined], ['AFTER_SEQUENCE_NUMBER', '100000000000000000200']]);
    assert.ok(streams.commandCalls(GetRecordsCommand).every((c) => c.args[0].input.Limit === 1000));
    const signals = streams.calls().map((c) => (c.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined).map((o) => o?.abortSignal);
    assert.ok(signals.length > 0 && signals.every((sig) => sig instanceof AbortSignal), 'every request was sent with an abort signal');
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
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it' });
    streams.on(GetRecordsCommand).resolves({ Records: [] });
    const events: TailEvent[] = [];
    // LATEST on a disabled stream whose 250 shards are all closed: each is read from its trim horizon (here: empty)
    // to its end, then the tail stops.
    await readStream(new SdkStreamsApi(new DynamoDBStreamsClient({ region: 'us-east-1' })), { streamArn: ARN, start: 'LATEST', loopback: true, signal: new AbortController().signal }, (e) => events.push(e));
    assert.deepEqual(streams.commandCalls(DescribeStreamCommand).slice(0, 3).map((c) => c.args[0].input.ExclusiveStartShardId), [undefined, 's099', 's199']);
    assert.equal(events.filter((e) => e.type === 'shard' && e.status === 'closed').length, 250);
    assert.equal(streams.commandCalls(GetRecordsCommand).length, 250);
    assert.deepEqual(events.at(-1), { type: 'state', state: 'stopped', reason: STOP_REASONS.disabled });
  });
});

describe('SdkStreamsApi over real HTTP: stopping a tail cancels the request in flight', () => {
  let server: http.Server;
  let endpoint: string;
  /** GetRecords requests the server holds without answering; `closedAt` is set when the client closes the socket. */
  const held: { arrivedAt: number; closedAt?: number }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const action = String(req.headers['x-amz-target'] ?? '').split('.').pop();
        const reply = (payload: unknown) => {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(payload));
        };
        if (action === 'DescribeStream') {
          reply({ StreamDescription: { StreamArn: ARN, StreamStatus: 'ENABLED', Shards: [{ ShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '100' } }] } });
        } else if (action === 'GetShardIterator') {
          reply({ ShardIterator: 'it-1' });
        } else if (action === 'GetRecords') {
          const entry: { arrivedAt: number; closedAt?: number } = { arrivedAt: Date.now() };
          held.push(entry);
          req.socket.once('close', () => (entry.closedAt = Date.now()));
          // Never answered: like a long poll the client must cancel itself.
        } else {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('abort during a GetRecords that never answers: the socket is closed at once and readStream resolves promptly', async () => {
    // The extension's own request timeout (30 s): without cancellation the request would stay open that long.
    const client = new DynamoDBStreamsClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
    try {
      const ctl = new AbortController();
      const events: TailEvent[] = [];
      const done = readStream(new SdkStreamsApi(client), { streamArn: ARN, start: 'LATEST', loopback: true, signal: ctl.signal }, (e) => events.push(e));
      const deadline = Date.now() + 5_000;
      while (held.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(held.length, 1, 'a GetRecords reached the server');
      assert.equal(held[0].closedAt, undefined, 'the request is open while the tail runs');

      const abortedAt = Date.now();
      ctl.abort();
      await done;
      assert.ok(Date.now() - abortedAt < 1_000, `readStream resolved ${Date.now() - abortedAt} ms after abort`);
      while (held[0].closedAt === undefined && Date.now() < abortedAt + 2_000) await new Promise((r) => setTimeout(r, 10));
      assert.ok(held[0].closedAt !== undefined, 'the server saw the request\'s socket close within 2 s of the abort');
      assert.ok(held[0].closedAt >= abortedAt, 'the request stayed open until the abort');
      assert.equal(held.length, 1, 'no request after the abort');
      assert.deepEqual(events.at(-1), { type: 'state', state: 'stopped', reason: STOP_REASONS.aborted });
      assert.ok(!events.some((e) => e.type === 'error'), 'a cancelled request is not reported as an error');
    } finally {
      client.destroy();
    }
  });
});
