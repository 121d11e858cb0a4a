// The demo relay (scripts/lib/kinesis-relay.mjs, a fixture) in front of DynamoDB Local, with kinesalite: the extension's
// own destination service enables a destination through it, and the extension's Kinesis reader tails the data stream
// the relay fills — the path `npm start` and the end-to-end test use.
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SdkKinesisApi } from '../../src/aws/kinesisApi';
import { KinesisDestinationsService } from '../../src/aws/kinesisDestinations';
import { systemClock } from '../../src/core/tail/clock';
import { startKinesisTail, type KinesisRun } from '../unit/core/tail/kinesis/kinesisFakes';
// @ts-expect-error plain ESM fixtures shared with the scripts
import { kinesisStreamArn, startKinesisRelay } from '../../scripts/lib/kinesis-relay.mjs';
// @ts-expect-error plain ESM fixtures shared with the scripts
import { startKinesalite } from '../../scripts/lib/kinesalite.mjs';
// @ts-expect-error plain ESM fixtures shared with the scripts
import { localCredentials, localRegion } from '../../scripts/lib/dynamodb-local.mjs';
import { localEndpoint } from './setup';

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50)); // the poll interval of a wait for a state
  }
}

describe('Kinesis destination through the demo relay (DynamoDB Local + kinesalite)', function () {
  this.timeout(60_000);
  const suffix = Date.now().toString(36);
  const table = `relay-orders-${suffix}`;
  const stream = `relay-changes-${suffix}`;
  let kinesalite: { endpoint: string; client: unknown; createStream(name: string, shards?: number): Promise<void>; stop(): Promise<void> };
  let relay: { endpoint: string; stop(): Promise<void> };
  let viaRelay: DynamoDBClient;
  let run: KinesisRun | undefined;

  before(async () => {
    kinesalite = await startKinesalite();
    await kinesalite.createStream(stream, 2);
    relay = await startKinesisRelay({ dynamodbEndpoint: localEndpoint(), kinesisEndpoint: kinesalite.endpoint});
    viaRelay = new DynamoDBClient({ endpoint: relay.endpoint, region: localRegion, credentials: localCredentials });
    await viaRelay.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  });

  after(async () => {
    run?.abort();
    await run?.done;
    await viaRelay?.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    viaRelay?.destroy();
    await relay?.stop();
    await kinesalite?.stop();
  });

  it('enables a destination (ENABLING → ACTIVE), and the Kinesis tail shows every change decoded, in order per item', async () => {
    const destinations = new KinesisDestinationsService(viaRelay);
    const arn = kinesisStreamArn(stream);
    assert.deepEqual(await destinations.list(table), { supported: true, destinations: [] });
    assert.equal(await destinations.enable(table, arn, 'MICROSECOND'), 'ENABLING');
    await assert.rejects(destinations.enable(table, arn, 'MILLISECOND'), /already streaming/);
    await until('ACTIVE', async () => {
      const listing = await destinations.list(table);
      return listing.supported && listing.destinations[0]?.status === 'ACTIVE';
    });

    const api = new SdkKinesisApi((kinesalite as { client: ConstructorParameters<typeof SdkKinesisApi>[0] }).client);
    run = startKinesisTail(api, systemClock, { streamName: stream, start: { type: 'TRIM_HORIZON' }, loopback: true });
    const direct = new DynamoDBClient({ endpoint: localEndpoint(), region: localRegion, credentials: localCredentials });
    await direct.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'A' }, status: { S: 'pending' } } }));
    await direct.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'A' } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'shipped' } } }));
    await direct.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'A' } } }));
    direct.destroy();
    const records = await until('three records', () => (run!.records().length >= 3 ? run!.records() : undefined));
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    assert.deepEqual(records[1].dynamodb?.OldImage?.status, { S: 'pending' });
    assert.deepEqual(records[1].dynamodb?.NewImage?.status, { S: 'shipped' });
    assert.ok(records.every((r) => r.kinesis && !r.kinesis.raw && !r.kinesis.duplicate), 'decoded as DynamoDB change records');

    assert.equal(await destinations.changePrecision(table, arn, 'MILLISECOND'), 'UPDATING');
    assert.equal(await destinations.disable(table, arn), 'DISABLING');
    const after = await destinations.list(table);
    assert.ok(after.supported && after.destinations[0].status === 'DISABLED' && after.destinations[0].precision === 'MILLISECOND');
  });

  it('a table without a DynamoDB stream ends ENABLE_FAILED with the reason (the relay copies from the stream)', async () => {
    const plain = `relay-plain-${suffix}`;
    await viaRelay.send(new CreateTableCommand({ TableName: plain, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    try {
      const destinations = new KinesisDestinationsService(viaRelay);
      await destinations.enable(plain, kinesisStreamArn(stream), 'MILLISECOND');
      const failed = await until('ENABLE_FAILED', async () => {
        const listing = await destinations.list(plain);
        return listing.supported && listing.destinations[0]?.status === 'ENABLE_FAILED' ? listing.destinations[0] : undefined;
      });
      assert.match(String(failed.statusDescription), /enable a stream on the table first/);
      await assert.rejects(destinations.enable(plain, kinesisStreamArn('no-such-stream'), 'MILLISECOND'), /not found/);
    } finally {
      await viaRelay.send(new DeleteTableCommand({ TableName: plain })).catch(() => undefined);
    }
  });
});
