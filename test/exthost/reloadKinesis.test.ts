// A reload does not lose a Kinesis tail either: the panel's saved state brings it back through the serializer, which
// re-reads what it held from kinesalite (AT_SEQUENCE_NUMBER of its first record) and goes on after the last one.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { activateExtension, LOCAL_CONNECTION, until, useConnection } from './support';
import type { TestApi } from '../../src/extension';

const kinesisEndpoint = process.env.DDB_STREAMS_TEST_KINESIS_ENDPOINT ?? '';
const STREAM = `reload-kinesis-${Date.now().toString(36)}`;

type Panel = NonNullable<ReturnType<TestApi['panels']['get']>>;

/** Change number n of ORDER#1, as a DynamoDB Kinesis destination writes it. */
function change(n: number): string {
  return JSON.stringify({
    awsRegion: 'us-east-1',
    eventID: `e${n}`,
    eventName: n === 1 ? 'INSERT' : 'MODIFY',
    tableName: 'Orders',
    dynamodb: {
      ApproximateCreationDateTime: Date.now(),
      ApproximateCreationDateTimePrecision: 'MILLISECOND',
      Keys: { PK: { S: 'ORDER#1' } },
      NewImage: { PK: { S: 'ORDER#1' }, n: { N: String(n) } },
      SizeBytes: 30,
    },
    eventSource: 'aws:dynamodb',
  });
}

describe('Reload: a Kinesis tail panel comes back (kinesalite)', function () {
  this.timeout(90_000);
  let api: TestApi;
  let restoreConnection: (() => Promise<void>) | undefined;
  const kinesis = new KinesisClient({ endpoint: kinesisEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: new NodeHttpHandler() });
  let written = 0;
  const putNext = () => kinesis.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: 'ORDER#1', Data: new TextEncoder().encode(change(++written)) }));

  before(async () => {
    assert.ok(kinesisEndpoint, 'the runner passes kinesalite');
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
    await until('stream ACTIVE', async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    kinesis.destroy();
    await restoreConnection?.();
  });

  it('records before, during and after the reload are each shown once, in order', async () => {
    api.testHooks.answer(STREAM);
    const panel = await vscode.commands.executeCommand<Panel | undefined>('dynamodbStreams.tailKinesisStream');
    assert.ok(panel, 'a panel');
    await until('reader running', () => panel.session.currentState === 'running');
    for (let i = 0; i < 3; i++) await putNext();
    await until('3 records held', () => panel.session.held === 3);
    const last = panel.session.heldChanges().at(-1)?.record.kinesis?.sequenceNumber;
    const saved = await until('the saved state names the last record', () => (panel.savedState && Object.values(panel.savedState.shards).some((p) => p.last === last) ? panel.savedState : undefined));
    assert.strictEqual(saved.target.source, 'kinesis');

    panel.webviewPanel.dispose();
    for (let i = 0; i < 2; i++) await putNext(); // during the reload
    const webviewPanel = vscode.window.createWebviewPanel('dynamodbStreams.tail', 'Kinesis', vscode.ViewColumn.Active, { enableScripts: true });
    await api.tailSerializer.deserializeWebviewPanel(webviewPanel, { restore: JSON.parse(JSON.stringify(saved)) });
    const restored = api.panels.get({ source: 'kinesis', streamArn: saved.target.streamArn });
    assert.ok(restored, 'restored');
    await until('the restored tail running', () => restored.session.currentState === 'running');
    await putNext(); // after
    await until(`${written} records held`, () => restored.session.held >= written);
    const shown = restored.session.heldChanges().map((c) => Number(c.record.dynamodb?.NewImage?.n?.N));
    assert.deepStrictEqual(shown, [1, 2, 3, 4, 5, 6]);
    assert.ok(restored.session.visibleRows().every((r) => !/duplicate|late/.test(r.eventName)), 'nothing marked repeated');
  });
});
