// Create Kinesis data stream…'s adapter (SdkKinesisApi.createStream) against kinesalite, a real Kinesis API server
// started here (on-demand, which kinesalite refuses, is tested with documented shapes in test/unit/aws/kinesisCreate).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SdkKinesisApi } from '../../src/aws/kinesisApi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require('kinesalite') as (options: Record<string, number>) => Server;

const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

describe('Create Kinesis data stream (kinesalite)', function () {
  this.timeout(60_000);
  let server: Server;
  let client: KinesisClient;
  let api: SdkKinesisApi;
  let calls: string[] = [];

  before(async () => {
    // A creation delay, so the adapter has a CREATING stream to wait for as it would on AWS.
    server = kinesalite({ createStreamMs: 300, deleteStreamMs: 0, updateStreamMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new KinesisClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
    client.middlewareStack.add((next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    }, { step: 'initialize', name: 'countCalls' });
    api = new SdkKinesisApi(client);
  });
  beforeEach(() => {
    calls = [];
  });
  after(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('creates a stream of 2 shards, follows it until ACTIVE, and lists it', async () => {
    const name = uniqueName('created');
    const statuses: string[] = [];
    const arn = await api.createStream({ name, mode: 'PROVISIONED', shardCount: 2 }, (s) => statuses.push(s));
    assert.match(arn ?? '', new RegExp(`^arn:aws:kinesis:us-east-1:\\d{12}:stream/${name}$`));
    assert.equal(statuses[0], 'CREATING', 'kinesalite keeps it CREATING for a while');
    assert.equal(statuses.at(-1), 'ACTIVE');
    assert.deepEqual(calls.slice(0, 2), ['CreateStreamCommand', 'DescribeStreamSummaryCommand']);
    const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
    assert.equal(summary?.OpenShardCount, 2);
    assert.ok((await api.listStreams()).some((s) => s.name === name), 'listed');
    assert.equal((await api.listShards(name)).length, 2);
  });

  it('a name Kinesis would refuse is refused before any call', async () => {
    await assert.rejects(api.createStream({ name: 'orders changes', mode: 'PROVISIONED', shardCount: 1 }), /only letters, digits/);
    await assert.rejects(api.createStream({ name: 'x'.repeat(129), mode: 'ON_DEMAND' }), /at most 128 characters/);
    assert.deepEqual(calls, []);
  });

  it('a name in use is Kinesis\'s own ResourceInUseException', async () => {
    const name = uniqueName('taken');
    await api.createStream({ name, mode: 'PROVISIONED', shardCount: 1 });
    await assert.rejects(api.createStream({ name, mode: 'PROVISIONED', shardCount: 1 }), (err: Error) => err.name === 'ResourceInUseException' && /already exists/.test(err.message));
  });
});
