// The restart picker's start positions in a real extension host, reading DynamoDB Local: "after a sequence number…"
// (the host asks for shardId=sequenceNumber; only later records come back) and "since a time…" (read from the trim
// horizon, saying so while it catches up).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
// @ts-expect-error plain ESM helper shared with the scripts (bundled into this suite by esbuild)
import { startFaultProxy } from '../../scripts/lib/fault-proxy.mjs';
import { activateExtension, createKeyedTable, endpoint, LOCAL_CONNECTION, localConfig as config, twoMoreCalls, until, useConnection } from './support';

const TABLE = `ext-start-${Date.now().toString(36)}`;

interface RowLike { id: number; keys: string; sequenceNumber: string; shardId: string }
interface PanelLike {
  webviewPanel: vscode.WebviewPanel;
  session: { visibleRows(): RowLike[]; currentNotices: { message: string }[]; target: { startPosition: unknown } };
  receive(message: unknown): Promise<void>;
}

describe('start positions (DynamoDB Local)', function () {
  this.timeout(90_000);
  const ddb = new DynamoDBClient(config);
  const log = vscode.window.createOutputChannel('DynamoDB Streams start test', { log: true });
  let panel: PanelLike;
  let hooks: { answer(...values: unknown[]): void; clear(): void; lastRefusal?: string };
  const keysOf = () => panel.session.visibleRows().map((r) => r.keys);
  // No faults: the panel's reader goes through it so that its GetRecords calls are counted.
  let proxy: { endpoint: string; calls(operation: string): number; stop(): Promise<void> };
  let restoreConnection: (() => Promise<void>) | undefined;

  before(async () => {
    const api = await activateExtension();
    hooks = api.testHooks;
    // The panel has its own reader, but a connection change would stop it: the suite's connection is settled first.
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    proxy = await startFaultProxy({ target: endpoint });
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    const streamArn = (await new DynamoDBStreamsClient(config).send(new ListStreamsCommand({ TableName: TABLE }))).Streams![0].StreamArn!;
    panel = (api.panels as unknown as { open(o: Record<string, unknown>): PanelLike }).open({
      source: 'dynamodb',
      name: TABLE,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 100,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient({ ...config, endpoint: proxy.endpoint })), { streamArn, loopback: true }),
      log,
    });
    for (const n of [1, 2, 3]) await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: `K${n}` }, SK: { S: 'x' } } }));
    await until('three records', () => panel.session.visibleRows().length === 3);
  });

  after(async () => {
    hooks?.clear();
    panel?.webviewPanel.dispose();
    log.dispose();
    await proxy?.stop();
    await restoreConnection?.();
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
  });

  it('after a sequence number…: asks for shardId=sequenceNumber, refuses letters, then shows only later records', async () => {
    const first = panel.session.visibleRows()[0];
    hooks.answer(`${first.shardId}=12x`);
    await panel.receive({ type: 'restart', startPosition: 'AFTER_SEQUENCE_NUMBER' });
    assert.match(hooks.lastRefusal ?? '', /must be decimal digits/);
    assert.strictEqual(panel.session.visibleRows().length, 3, 'a refused answer does not restart');
    hooks.answer(`${first.shardId}=${first.sequenceNumber}`, 'Restart'); // then: clear the records held
    await panel.receive({ type: 'restart', startPosition: 'AFTER_SEQUENCE_NUMBER' });
    assert.deepStrictEqual(panel.session.target.startPosition, { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { [first.shardId]: first.sequenceNumber } });
    await until('the two later records', () => keysOf().length === 2);
    await twoMoreCalls(proxy, 'GetRecords'); // a replayed K1 would have arrived by then
    assert.deepStrictEqual(keysOf(), ['PK="K2", SK="x"', 'PK="K3", SK="x"']);
  });

  it('since a time…: reads from the trim horizon, keeps records since then and says it caught up', async () => {
    hooks.answer('1h', 'Restart');
    await panel.receive({ type: 'restart', startPosition: 'AT_TIMESTAMP' });
    await until('all three records', () => keysOf().length === 3);
    const notices = panel.session.currentNotices.map((n) => n.message);
    assert.ok(notices.some((m) => /no timestamp iterator/.test(m)), notices.join(' | '));
    await until('the caught-up notice', () => panel.session.currentNotices.some((n) => /Caught up to .*: 0 older records skipped/.test(n.message)));
  });

  it('refuses a huge "since" time, an out-of-retention one and an unknown shard id before clearing anything', async () => {
    const held = keysOf();
    assert.ok(held.length > 0);
    const refused = async (answer: unknown, kind: unknown, pattern: RegExp) => {
      hooks.clear();
      if (answer !== undefined) hooks.answer(answer);
      await panel.receive({ type: 'restart', startPosition: kind });
      assert.match(hooks.lastRefusal ?? '', pattern);
      assert.deepStrictEqual(keysOf(), held, 'a refused start position clears nothing');
      assert.strictEqual((panel.session as unknown as { currentState: string }).currentState, 'running');
    };
    await refused('99999999999999999999d', 'AT_TIMESTAMP', /older than the stream keeps: This stream keeps records 1 day/);
    await refused('2d', 'AT_TIMESTAMP', /TRIM_HORIZON/);
    await refused(new Date(Date.now() + 3_600_000).toISOString(), 'AT_TIMESTAMP', /in the future/);
    await refused(undefined, { type: 'AT_TIMESTAMP', timestampMs: -8e15 }, /Cannot restart: That is older than the stream keeps/);
    const shardId = panel.session.visibleRows()[0].shardId;
    await refused('shardId-00000000000000000000-nope=123', 'AFTER_SEQUENCE_NUMBER', new RegExp(`shardId-00000000000000000000-nope is not a shard of this stream\\. Its shards: .*${shardId}`));
    await refused(undefined, { type: 'AFTER_SEQUENCE_NUMBER', checkpoints: { 'shardId-nope': '1' } }, /is not a shard of this stream/);
  });

  it('since a time…: keeps a record written after the cut-off in the same (DynamoDB Local: minute-rounded) creation time', async () => {
    hooks.clear();
    // The cut-off is now, to the millisecond; DynamoDB Local dates the record to the start of its minute.
    hooks.answer(new Date().toISOString());
    await panel.receive({ type: 'restart', startPosition: 'AT_TIMESTAMP' });
    assert.strictEqual(hooks.lastRefusal, undefined);
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'K4' }, SK: { S: 'x' } } }));
    await until('the record written after the cut-off', () => keysOf().includes('PK="K4", SK="x"'));
  });
});
