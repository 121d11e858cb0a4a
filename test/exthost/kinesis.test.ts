// Tail Kinesis data stream… in a real extension host against kinesalite (started by the runner): the palette picks a
// stream, a `Kinesis: <stream>` panel shows decoded DynamoDB changes like a Streams tail, marks a repeat, keeps other
// data as it came.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { activateExtension, LOCAL_CONNECTION, until, useConnection } from './support';
import type { TestApi } from '../../src/extension';

const kinesisEndpoint = process.env.DDB_STREAMS_TEST_KINESIS_ENDPOINT ?? '';
const STREAM = `ext-kinesis-${Date.now().toString(36)}`;

/** A change as a DynamoDB Kinesis destination writes it (documented format, millisecond precision). */
function change(eventID: string, eventName: string, status: string, old?: string) {
  return JSON.stringify({
    awsRegion: 'us-east-1',
    eventID,
    eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'Orders',
    dynamodb: {
      ApproximateCreationDateTime: Date.now(),
      Keys: { PK: { S: 'ORDER#1' } },
      NewImage: { PK: { S: 'ORDER#1' }, status: { S: status } },
      ...(old ? { OldImage: { PK: { S: 'ORDER#1' }, status: { S: old } } } : {}),
      SizeBytes: 40,
      ApproximateCreationDateTimePrecision: 'MILLISECOND',
    },
    eventSource: 'aws:dynamodb',
  });
}

describe('Tail Kinesis data stream (kinesalite)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;
  const kinesis = new KinesisClient({ endpoint: kinesisEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
  const put = (data: string) => kinesis.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: 'ORDER#1', Data: new TextEncoder().encode(data) }));

  before(async () => {
    assert.ok(kinesisEndpoint, 'the runner passes kinesalite');
    api = await activateExtension();
    // Its own connection, in use before the tail opens (a connection change stops running tails).
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
    await until('stream ACTIVE', async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    kinesis.destroy();
    await restoreConnection?.();
  });

  it('picks the stream from the palette and shows its records as rows, duplicates marked, other data kept', async () => {
    api.testHooks.answer(STREAM);
    const panel = await vscode.commands.executeCommand<ReturnType<TestApi['panels']['open']> | undefined>('dynamodbStreams.tailKinesisStream');
    assert.ok(panel, 'a panel');
    assert.strictEqual(panel.webviewPanel.title, `Kinesis: ${STREAM}`);
    assert.strictEqual(panel.key, `kinesis:${STREAM}`);
    await until('reader running', () => panel.session.currentState === 'running');
    const insert = change('e1', 'INSERT', 'pending');
    await put(insert);
    await put(change('e2', 'MODIFY', 'shipped', 'pending'));
    await until('two rows', () => panel.session.held >= 2);
    await put(insert); // the destination may deliver a change twice: a repeat, and older than the MODIFY shown
    await put('plain text from another producer');
    const rows = await until('four rows', () => (panel.session.held >= 4 ? panel.session.visibleRows() : undefined));
    assert.deepStrictEqual(rows.map((r) => r.eventName), ['INSERT', 'MODIFY', 'INSERT (duplicate, late)', 'DATA (not a DynamoDB change)']);
    assert.strictEqual(rows[1].keys, 'PK="ORDER#1"');
    assert.ok(rows.every((r) => /^\d{20,}$/.test(r.sequenceNumber)), 'Kinesis sequence numbers');
    const modify = panel.session.record(rows[1].id);
    assert.deepStrictEqual(modify?.dynamodb?.OldImage?.status, { S: 'pending' });
    assert.strictEqual(modify?.kinesis?.partitionKey, 'ORDER#1');

    api.testHooks.answer(STREAM);
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.tailKinesisStream'), panel, 'running it again reveals the same panel');
    panel.webviewPanel.dispose();
    await until('reader stopped', () => !panel.isRunning);
  });

  it('a stream name typed by hand that does not exist stops the tail with the reason', async () => {
    api.testHooks.answer('$(edit) Enter a stream name or ARN…', 'no-such-stream');
    const panel = await vscode.commands.executeCommand<ReturnType<TestApi['panels']['open']> | undefined>('dynamodbStreams.tailKinesisStream');
    assert.ok(panel);
    await until('stopped', () => panel.session.currentState === 'stopped');
    assert.match(String(panel.session.status().reason), /no-such-stream|not found/i);
    panel.webviewPanel.dispose();
  });
});
