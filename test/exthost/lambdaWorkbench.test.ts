// The TTL-archiving flow end to end in a real extension host against DynamoDB Local: a table with TTL and a
// stream; expired items are deleted by DynamoDB Local and arrive as REMOVE records marked TTL expired; the panel's
// Lambda filter {"eventName":["REMOVE"]} selects them; Export Lambda event… writes exactly the event a DynamoDB-stream
// Lambda receives; the archive handler (Node.js fixture, test/fixtures/handlers/archive.cjs) reads that event unchanged, and Invoke handler… runs
// it on the filtered records in a child process, writing them into an archive table.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import { runHandler } from '../../src/handlers/runHandler';
import type { TestApi } from '../../src/extension';
import { endpoint, EXTENSION_ID, LOCAL_CONNECTION, localConfig as config, until, useConnection } from './support';

const RUN = Date.now().toString(36);
const TABLE = `ext-sessions-${RUN}`;
const ARCHIVE_EXPORTED = `ext-archive-a-${RUN}`;
const ARCHIVE_INVOKED = `ext-archive-b-${RUN}`;
const EXPIRED = ['S1', 'S2', 'S3'];

interface RowLike { id: number; kind: string; eventName: string }
interface PanelLike {
  webviewPanel: vscode.WebviewPanel;
  session: {
    isWebviewReady: boolean;
    visibleRows(): RowLike[];
    lambdaCounts?: { wouldInvoke: number; held: number };
    lambdaState: { text: string; only: boolean };
    held: number;
    recordJson(id: number): string | undefined;
    currentJsonView: string;
  };
  receive(message: unknown): Promise<void>;
  setLambdaFilter(text: string): { text: string; error?: string };
  exportLambdaEvent(target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  invokeHandler(ids: number[], choice?: { file: string; exportName?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<
    { outcome: { kind: string; value?: unknown }; stdout: string; durationMs: number } | undefined
  >;
}
interface ManagerLike {
  open(options: Record<string, unknown>): PanelLike;
}

function keyTable(name: string, stream: boolean) {
  return new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: stream ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
  });
}

describe('Lambda workbench: TTL archiving (DynamoDB Local)', function () {
  this.timeout(120_000);
  const ddb = new DynamoDBClient(config);
  const log = vscode.window.createOutputChannel('DynamoDB Streams lambda test', { log: true });
  const archiveHandler = path.resolve(__dirname, '../../../test/fixtures/handlers/archive.cjs');
  let extensionPath: string;
  let streamArn: string;
  let panel: PanelLike;
  let exportedEvent: { Records: Record<string, unknown>[] };
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    assert.ok(fs.existsSync(archiveHandler), `fixture handler at ${archiveHandler}`);
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID)!;
    extensionPath = ext.extensionPath;
    const api = await ext.activate();
    const panels = api.panels as unknown as ManagerLike;
    // Invoke handler… gives the handler the connection's endpoint, and a connection change would stop the tail.
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    const out = await ddb.send(keyTable(TABLE, true));
    streamArn = out.TableDescription!.LatestStreamArn!;
    await ddb.send(keyTable(ARCHIVE_EXPORTED, false));
    await ddb.send(keyTable(ARCHIVE_INVOKED, false));
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ExpirationTime' } }));
    panel = panels.open({
      source: 'dynamodb',
      name: TABLE,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 1000,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient(config)), { streamArn, loopback: true }),
      log,
    });
    await until('the webview to say ready', () => panel.session.isWebviewReady);
  });

  after(async () => {
    panel?.webviewPanel.dispose();
    log.dispose();
    await restoreConnection?.();
    for (const t of [TABLE, ARCHIVE_EXPORTED, ARCHIVE_INVOKED]) await ddb.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
  });

  it('expired items arrive as REMOVE records marked TTL expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [i, pk] of EXPIRED.entries()) {
      const item = {
        PK: { S: pk },
        CreationTime: { N: String(now - 100 + i) },
        ExpirationTime: { N: String(now - 60) },
        SessionInfo: { M: { SessionId: { S: pk }, UserName: { S: `user${i}` } } },
      };
      await ddb.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    }
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'LIVE' }, ExpirationTime: { N: String(now + 86_400) } } }));
    const rows = await until('three TTL deletions', () => {
      const r = panel.session.visibleRows();
      return r.filter((x) => x.kind === 'TTL').length >= 3 ? r : undefined;
    }, 90_000);
    assert.deepStrictEqual(rows.filter((r) => r.kind === 'TTL').map((r) => r.eventName), ['TTL expired', 'TTL expired', 'TTL expired']);
    assert.strictEqual(rows.filter((r) => r.kind === 'INSERT').length, 4);
  });

  it('the Lambda filter {"eventName":["REMOVE"]} selects them; a bad filter changes nothing', async () => {
    await panel.receive({ type: 'setLambdaFilter', text: '{"eventName":["REMOVE"]}' });
    assert.deepStrictEqual(panel.session.lambdaCounts, { wouldInvoke: 3, held: panel.session.held });
    assert.strictEqual(panel.session.held, 7);
    const refused = panel.setLambdaFilter('{"eventName":"REMOVE"}');
    assert.match(refused.error ?? '', /a rule must be an array of values/);
    // Nested deeper than a recursive scan's stack: the inline message, not a thrown error.
    const deep = panel.setLambdaFilter('['.repeat(15_000) + '}');
    assert.match(deep.error ?? '', /is not valid JSON/);
    assert.strictEqual(panel.session.lambdaState.text, '{"eventName":["REMOVE"]}');
    await panel.receive({ type: 'setLambdaOnly', only: true });
    assert.deepStrictEqual(panel.session.visibleRows().map((r) => r.kind), ['TTL', 'TTL', 'TTL']);
  });

  it('Export Lambda event… writes the event a DynamoDB-stream Lambda receives, field by field', async () => {
    const target = vscode.Uri.file(path.join(os.tmpdir(), `lambda-event-${RUN}.json`));
    const uri = await panel.exportLambdaEvent(target);
    assert.strictEqual(uri?.fsPath, target.fsPath);
    exportedEvent = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
    assert.deepStrictEqual(Object.keys(exportedEvent), ['Records']);
    assert.strictEqual(exportedEvent.Records.length, 3);
    const pks = exportedEvent.Records.map((r) => ((r.dynamodb as { Keys: { PK: { S: string } } }).Keys.PK.S));
    assert.deepStrictEqual([...pks].sort(), EXPIRED, 'TTL deletes in any order');
    for (const r of exportedEvent.Records) {
      assert.deepStrictEqual(Object.keys(r).sort(), ['awsRegion', 'dynamodb', 'eventID', 'eventName', 'eventSource', 'eventSourceARN', 'eventVersion', 'userIdentity']);
      assert.strictEqual(r.eventName, 'REMOVE');
      assert.strictEqual(r.eventVersion, '1.1');
      assert.strictEqual(r.eventSource, 'aws:dynamodb');
      assert.strictEqual(r.awsRegion, 'ddblocal');
      assert.strictEqual(r.eventSourceARN, streamArn);
      assert.match(String(r.eventID), /\S/);
      assert.deepStrictEqual(r.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
      const d = r.dynamodb as Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(d).sort(), ['ApproximateCreationDateTime', 'Keys', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
      assert.strictEqual(typeof d.ApproximateCreationDateTime, 'number');
      assert.ok(Math.abs((d.ApproximateCreationDateTime as number) - Date.now() / 1000) < 600, 'epoch seconds');
      const i = EXPIRED.indexOf((d.Keys as { PK: { S: string } }).PK.S);
      assert.deepStrictEqual(d.Keys, { PK: { S: EXPIRED[i] } });
      const old = d.OldImage as Record<string, Record<string, unknown>>;
      assert.deepStrictEqual(old.SessionInfo, { M: { SessionId: { S: EXPIRED[i] }, UserName: { S: `user${i}` } } });
      assert.match(String(old.CreationTime.N), /^\d+$/);
      assert.match(String(d.SequenceNumber), /^\d{21}$/);
      assert.strictEqual(typeof d.SizeBytes, 'number');
      assert.strictEqual(d.StreamViewType, 'NEW_AND_OLD_IMAGES');
    }
  });

  it('the archive handler reads the exported event unchanged', async () => {
    const result = await runHandler({
      runtime: 'node',
      runnersDir: path.join(extensionPath, 'media', 'runners'),
      file: archiveHandler,
      exportName: 'handler',
      event: exportedEvent,
      env: { TABLE_NAME: ARCHIVE_EXPORTED, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: config.region, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      timeoutMs: 30_000,
    });
    assert.deepStrictEqual(result.outcome, { kind: 'result', value: { statusCode: 200, body: JSON.stringify('3 elements stored in DynamoDB table.') } });
    await assertArchived(ARCHIVE_EXPORTED);
  });

  it('Invoke handler… runs the archive handler on the filtered records in a child process; it archives them', async () => {
    const result = await panel.invokeHandler([], { file: archiveHandler, exportName: 'handler', env: { TABLE_NAME: ARCHIVE_INVOKED } });
    assert.ok(result, 'the handler ran');
    assert.deepStrictEqual(result.outcome, { kind: 'result', value: { statusCode: 200, body: JSON.stringify('3 elements stored in DynamoDB table.') } });
    assert.match(result.stdout, /Item saved\./);
    assert.ok(result.durationMs > 0);
    await assertArchived(ARCHIVE_INVOKED);
  });

  it('Copy as Lambda event copies the chosen records; the JSON view toggle is remembered in the setting', async () => {
    const rows = panel.session.visibleRows();
    await panel.receive({ type: 'copyLambdaEvent', ids: [rows[2].id, rows[0].id] });
    const copied = JSON.parse(await vscode.env.clipboard.readText());
    assert.strictEqual(copied.Records.length, 2);
    assert.deepStrictEqual(copied.Records.map((r: { eventName: string }) => r.eventName), ['REMOVE', 'REMOVE']);
    assert.strictEqual(copied.Records[0].eventSourceARN, streamArn);
    await panel.receive({ type: 'setJsonView', view: 'plain' });
    assert.strictEqual(panel.session.currentJsonView, 'plain');
    assert.strictEqual(vscode.workspace.getConfiguration('dynamodbStreams').get('tail.jsonView'), 'plain');
    const plain = JSON.parse(panel.session.recordJson(rows[0].id)!);
    assert.strictEqual(typeof plain.dynamodb.OldImage.CreationTime, 'number');
    assert.deepStrictEqual(Object.keys(plain.dynamodb.OldImage.SessionInfo).sort(), ['SessionId', 'UserName']);
    await panel.receive({ type: 'setJsonView', view: 'dynamodb' });
    assert.match(String(JSON.parse(panel.session.recordJson(rows[0].id)!).dynamodb.OldImage.CreationTime.N), /^\d+$/);
  });

  async function assertArchived(table: string): Promise<void> {
    const items = (await ddb.send(new ScanCommand({ TableName: table }))).Items ?? [];
    const byPk = new Map(items.map((it) => [it.PK.S, it]));
    assert.deepStrictEqual([...byPk.keys()].sort(), EXPIRED);
    for (const [i, pk] of EXPIRED.entries()) {
      const it = byPk.get(pk)!;
      assert.deepStrictEqual(it.SessionInfo, { M: { SessionId: { S: pk }, UserName: { S: `user${i}` } } });
      assert.match(String(it.CreationTime.N), /^\d+$/);
      assert.strictEqual(it.ExpirationTime, undefined, 'the archive keeps what the handler copies');
    }
  }
});
