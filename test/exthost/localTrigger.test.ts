// Local triggers end to end in a real extension host against DynamoDB Local, with real handler processes: the TTL
// cold-storage flow (a table with TTL and a stream, Standard-IA archive tables) run by `Run handler as trigger…` with
// the TTL filter prefilled from the tail panel, in Node.js and in Python at once; `Run locally` on a synthetic Lambda
// mapping; and a simulated window reload (a new manager over the same workspace state) that resumes from the
// checkpoint without invoking a checkpointed record again.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { toLambdaTrigger } from '../../src/core/lambda/lambdaTriggers';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import { DEFAULT_TRIGGER_SETTINGS, settingsFromMapping } from '../../src/core/trigger/settings';
import { LOCAL_TRIGGERS_KEY, LocalTriggerManager, type LocalTriggerDefinition } from '../../src/handlers/localTriggers';
import type { TestApi } from '../../src/extension';
import { activateExtension, endpoint, LOCAL_CONNECTION, localConfig as config, until, useConnection } from './support';

const RUN = Date.now().toString(36);
const SESSIONS = `ext-lt-sessions-${RUN}`;
const ARCHIVE_NODE = `ext-lt-archive-node-${RUN}`;
const ARCHIVE_PY = `ext-lt-archive-py-${RUN}`;
const ARCHIVE_LOCAL = `ext-lt-archive-local-${RUN}`;
const RESUME = `ext-lt-resume-${RUN}`;
const ON_FAILURE = `ext-lt-on-failure-${RUN}`;
const DISABLED = `ext-lt-disabled-${RUN}`;
const EXPIRED = ['S1', 'S2', 'S3'];
const TTL_FILTER = '{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}';
const fixtures = path.resolve(__dirname, '../../../test/fixtures/handlers');
/** The warm runner scripts the extension ships (the tests' own managers run them as the extension does). */
const runnersDir = path.resolve(__dirname, '../../../media/runners');

interface PanelLike {
  webviewPanel: vscode.WebviewPanel;
  session: { isWebviewReady: boolean };
  setLambdaFilter(text: string): { text: string; error?: string };
}

/** A table keyed by PK; Standard-IA when `infrequentAccess` (DynamoDB Local accepts the class and does not report it). */
function table(name: string, options: { stream?: boolean; infrequentAccess?: boolean } = {}) {
  return new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    TableClass: options.infrequentAccess ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD',
    StreamSpecification: options.stream ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
  });
}

/** Workspace state and secret storage as plain maps: what a reloaded window reads back. */
function memento() {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T | undefined, update: async (key: string, value: unknown) => void values.set(key, structuredClone(value)) };
}
function secrets() {
  const values = new Map<string, string>();
  return { get: async (k: string) => values.get(k), store: async (k: string, v: string) => void values.set(k, v), delete: async (k: string) => void values.delete(k) };
}

describe('local triggers: Run handler as trigger… and Run locally with real handler processes (DynamoDB Local)', function () {
  this.timeout(180_000);
  const ddb = new DynamoDBClient(config);
  const streams = new SdkStreamsApi(new DynamoDBStreamsClient(config));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-exthost-local-trigger-'));
  const log = vscode.window.createOutputChannel('DynamoDB Streams local trigger test', { log: true });
  let api: TestApi;
  let sessionsStream: string;
  let panel: PanelLike | undefined;
  let restoreConnection: (() => Promise<void>) | undefined;
  const started: string[] = [];

  const archived = async (tableName: string) =>
    ((await ddb.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? []).map((i) => i.PK.S).sort();

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    restoreConnection = await useConnection(api, LOCAL_CONNECTION);
    sessionsStream = (await ddb.send(table(SESSIONS, { stream: true }))).TableDescription!.LatestStreamArn!;
    for (const name of [ARCHIVE_NODE, ARCHIVE_PY, ARCHIVE_LOCAL]) await ddb.send(table(name, { infrequentAccess: true }));
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: SESSIONS, TimeToLiveSpecification: { Enabled: true, AttributeName: 'ExpirationTime' } }));
  });
  afterEach(() => api.testHooks.clear());
  after(async () => {
    for (const id of started) if (api.localTriggers.get(id)) await api.localTriggers.remove(id);
    panel?.webviewPanel.dispose();
    log.dispose();
    await restoreConnection?.();
    for (const t of [SESSIONS, ARCHIVE_NODE, ARCHIVE_PY, ARCHIVE_LOCAL, RESUME, ON_FAILURE, DISABLED]) await ddb.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('two triggers at once (Node.js and Python archive handlers, TTL filter from the tail panel): every expired item archived once, the user\'s delete not', async () => {
    // The stream's tail panel holds the TTL filter: Run handler as trigger… starts from it.
    panel = api.panels.open({
      source: 'dynamodb',
      name: SESSIONS,
      streamArn: sessionsStream,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 1000,
      reader: streamRecordSource(streams, { streamArn: sessionsStream, loopback: true }),
      log,
    });
    await until('the webview to say ready', () => panel!.session.isWebviewReady);
    assert.strictEqual(panel.setLambdaFilter(TTL_FILTER).error, undefined);

    const runs: [string, string, string][] = [[path.join(fixtures, 'archive.cjs'), 'handler', ARCHIVE_NODE], [path.join(fixtures, 'archive.py'), 'lambda_handler', ARCHIVE_PY]];
    for (const [file, exportName, archive] of runs) {
      api.testHooks.answer('Start');
      const id = await vscode.commands.executeCommand<string>('dynamodbStreams.runHandlerAsTrigger', {
        tableName: SESSIONS,
        handler: { file, exportName, env: { TABLE_NAME: archive } },
        settings: { startingPosition: 'TRIM_HORIZON', batchSize: 10 },
      });
      assert.ok(id, `a trigger started for ${path.basename(file)}`);
      started.push(id);
      const entry = api.localTriggers.get(id)!;
      assert.deepStrictEqual(entry.definition.settings.filterPatterns, [TTL_FILTER], 'the filter came from the tail panel');
      assert.strictEqual(entry.definition.handler.runtime, file.endsWith('.py') ? 'python' : 'node');
    }
    assert.strictEqual(api.testHooks.pending(), 0, 'every answer was asked for');
    await until('both triggers running', () => started.every((id) => api.localTriggers.get(id)?.progress.state === 'running'), 60_000);

    // A user's delete first: it precedes the expiries in the shard, so it has been read (and filtered out) by the
    // time they are archived.
    const now = Math.floor(Date.now() / 1000);
    await ddb.send(new PutItemCommand({ TableName: SESSIONS, Item: { PK: { S: 'USER-DELETED' }, ExpirationTime: { N: String(now + 86_400) } } }));
    await ddb.send(new DeleteItemCommand({ TableName: SESSIONS, Key: { PK: { S: 'USER-DELETED' } } }));
    for (const [i, pk] of EXPIRED.entries()) {
      await ddb.send(new PutItemCommand({
        TableName: SESSIONS,
        Item: { PK: { S: pk }, CreationTime: { N: String(now - 100 + i) }, ExpirationTime: { N: String(now - 60) }, SessionInfo: { M: { SessionId: { S: pk }, UserName: { S: `user${i}` } } } },
      }));
    }
    await ddb.send(new PutItemCommand({ TableName: SESSIONS, Item: { PK: { S: 'LIVE' }, ExpirationTime: { N: String(now + 86_400) } } }));

    for (const archive of [ARCHIVE_NODE, ARCHIVE_PY]) {
      const keys = await until(`the expired items in ${archive}`, async () => {
        const k = await archived(archive);
        return k.length >= EXPIRED.length ? k : undefined;
      }, 120_000);
      assert.deepStrictEqual(keys, EXPIRED, `${archive}: each expired item once, no user delete, no live item`);
      const item = (await ddb.send(new ScanCommand({ TableName: archive, ConsistentRead: true }))).Items!.find((i) => i.PK.S === 'S2')!;
      assert.deepStrictEqual(item.SessionInfo, { M: { SessionId: { S: 'S2' }, UserName: { S: 'user1' } } }, 'the old image\'s SessionInfo');
    }
    for (const id of started) {
      const p = api.localTriggers.get(id)!.progress;
      assert.ok(p.counters.batches >= 1 && p.counters.failures === 0, `${id}: ${JSON.stringify(p.counters)}`);
      // Only the TTL deletions reached the handler: 3 records in all.
      assert.strictEqual(p.counters.records, EXPIRED.length, `${id} got exactly the expiries`);
    }
    // The view lists both, each with its batches.
    const rows = api.localTriggersView.getChildren();
    for (const id of started) assert.ok(rows.some((r) => 'id' in r && r.id === id), `a row for ${id}`);

    // Stop local trigger on one: stopped, kept in the list; Remove local trigger asks first.
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.stopLocalTrigger', started[1]), true);
    assert.strictEqual(api.localTriggers.get(started[1])?.active, false);
    assert.match(api.localTriggers.get(started[1])!.progress.reason ?? '', /stopped by the user/);
    api.testHooks.answer('Cancel');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.removeLocalTrigger', started[1]), false);
    assert.ok(api.localTriggers.get(started[1]), 'kept after Cancel');
    api.testHooks.answer('Remove');
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.removeLocalTrigger', started[1]), true);
    assert.strictEqual(api.localTriggers.get(started[1]), undefined);
  });

  it('Run handler as trigger… on a table\'s row asks as Invoke handler… does (the last handler, its variables), then the settings; a refused value is not taken', async () => {
    // The trigger before ran archive.py last: it is offered again.
    api.testHooks.answer('archive.py#lambda_handler', `TABLE_NAME=${ARCHIVE_PY}`, 'Maximum retry attempts', '-5', 'Batch size', '7', 'Start');
    const id = await vscode.commands.executeCommand<string>('dynamodbStreams.runHandlerAsTrigger', await api.tree.getTable(SESSIONS));
    assert.ok(id, 'started');
    started.push(id);
    assert.strictEqual(api.testHooks.pending(), 0);
    assert.match(api.testHooks.lastRefusal ?? '', /Maximum retry attempts must be -1/);
    const d = api.localTriggers.get(id)!.definition;
    assert.strictEqual(d.handler.exportName, 'lambda_handler');
    assert.strictEqual(d.settings.batchSize, 7);
    assert.strictEqual(d.settings.maximumRetryAttempts, -1, 'the refused -5 was not taken');
    assert.strictEqual(d.partitionKeyName, 'PK');
    await vscode.commands.executeCommand('dynamodbStreams.stopLocalTrigger', id);
  });

  it('Run locally on a Lambda trigger (synthetic): a mapping made up, as DynamoDB Local has no Lambda; its settings are used and the expiries archived', async () => {
    const mapping = toLambdaTrigger({
      UUID: 'a1b2c3d4-0000-4000-8000-00000000cafe',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:archive-expired',
      EventSourceArn: sessionsStream,
      State: 'Enabled',
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 1,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 2,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 1,
      FilterCriteria: { Filters: [{ Pattern: TTL_FILTER }] },
    });
    api.testHooks.answer('Start');
    const id = await vscode.commands.executeCommand<string>('dynamodbStreams.runTriggerLocally', {
      stream: { tableName: SESSIONS, streamArn: sessionsStream },
      trigger: mapping,
      handler: { file: path.join(fixtures, 'archive.cjs'), exportName: 'handler', env: { TABLE_NAME: ARCHIVE_LOCAL } },
    });
    assert.ok(id);
    started.push(id);
    const entry = api.localTriggers.get(id)!;
    assert.deepStrictEqual(entry.definition.settings, settingsFromMapping(mapping));
    assert.strictEqual(entry.definition.functionName, 'archive-expired');
    // TRIM_HORIZON: the expiries of the test before are in the stream still.
    const keys = await until('the expiries archived by Run locally', async () => {
      const k = await archived(ARCHIVE_LOCAL);
      return k.length >= EXPIRED.length ? k : undefined;
    }, 90_000);
    assert.deepStrictEqual(keys, EXPIRED);
  });

  it('a connection change stops every local trigger with a notice; Start local trigger again resumes one once connected back', async () => {
    const running = started.filter((id) => api.localTriggers.get(id)?.active);
    assert.ok(running.length >= 2, `triggers running from the tests before: ${running.length}`);
    const restore = await useConnection(api, { region: 'eu-west-1' });
    try {
      await until('every local trigger stopped', () => running.every((id) => api.localTriggers.get(id)?.active === false));
      for (const id of running) assert.match(api.localTriggers.get(id)!.progress.reason ?? '', /connection changed/);
      await until('the notice', () => (api.testHooks.lastNotice ?? '').startsWith(`The connection changed: ${running.length} local triggers stopped`));
      // Another connection than the trigger's: refused with the next step.
      assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.resumeLocalTrigger', running[0]), undefined);
      assert.strictEqual(api.localTriggers.get(running[0])?.active, false);
    } finally {
      await restore();
    }
    assert.strictEqual(await vscode.commands.executeCommand('dynamodbStreams.resumeLocalTrigger', running[0]), true);
    await until('running again', () => api.localTriggers.get(running[0])?.progress.state === 'running');
  });

  it('a trigger whose stream is disabled stops by itself, saying why, and is not resumed by a reload', async () => {
    const streamArn = (await ddb.send(table(DISABLED, { stream: true }))).TableDescription!.LatestStreamArn!;
    const recordFile = path.join(tmp, 'disabled.txt');
    fs.writeFileSync(recordFile, '');
    const state = memento();
    const c = api.connection.current;
    const connection = { label: c.label, region: c.region, dynamodbEndpoint: c.dynamodbEndpoint, streamsEndpoint: c.streamsEndpoint, loopback: c.loopback };
    const manager = new LocalTriggerManager({ workspaceState: state, secrets: secrets(), streams, runnersDir, connection: () => connection });
    const id = `disabled-${RUN}`;
    try {
      await manager.start({
        id,
        label: 'disabled',
        connection,
        streamArn,
        tableName: DISABLED,
        handler: { file: path.join(fixtures, 'recorder.cjs'), exportName: 'handler', runtime: 'node' },
        settings: { ...DEFAULT_TRIGGER_SETTINGS, startingPosition: 'TRIM_HORIZON' },
      }, { RECORD_FILE: recordFile });
      await ddb.send(new PutItemCommand({ TableName: DISABLED, Item: { PK: { S: 'D1' } } }));
      await until('the record invoked', () => fs.readFileSync(recordFile, 'utf8').trim() !== '', 60_000);
      await ddb.send(new UpdateTableCommand({ TableName: DISABLED, StreamSpecification: { StreamEnabled: false } }));
      await until('the trigger stopped by itself', () => manager.get(id)?.active === false, 90_000);
      const entry = manager.get(id)!;
      assert.strictEqual(entry.progress.state, 'stopped');
      assert.ok(entry.progress.reason && !/stopped by the user/.test(entry.progress.reason), `a reason: ${entry.progress.reason}`);
      // The definition is saved after the stop (asynchronously): wait for it, then check it.
      await until('the stop saved', () => state.get<{ running: boolean }[]>(LOCAL_TRIGGERS_KEY)?.[0]?.running === false);
      const saved = state.get<{ running: boolean; stoppedReason?: string }[]>(LOCAL_TRIGGERS_KEY)!;
      assert.strictEqual(saved[0].running, false, 'a reload does not start it again');
      assert.strictEqual(saved[0].stoppedReason, entry.progress.reason);
    } finally {
      await manager.remove(id);
      manager.dispose();
    }
  });

  it('a reload (a new manager over the same workspace state) resumes from the checkpoint and never invokes a checkpointed record again', async () => {
    const resumeStream = (await ddb.send(table(RESUME, { stream: true }))).TableDescription!.LatestStreamArn!;
    const recordFile = path.join(tmp, 'records.txt');
    fs.writeFileSync(recordFile, '');
    const state = memento();
    const store = secrets();
    const c = api.connection.current;
    const connection = { label: c.label, region: c.region, dynamodbEndpoint: c.dynamodbEndpoint, streamsEndpoint: c.streamsEndpoint, loopback: c.loopback };
    const deps = { workspaceState: state, secrets: store, streams, runnersDir, connection: () => connection };
    const definition: LocalTriggerDefinition = {
      id: `resume-${RUN}`,
      label: 'recorder',
      connection,
      streamArn: resumeStream,
      tableName: RESUME,
      handler: { file: path.join(fixtures, 'recorder.cjs'), exportName: 'handler', runtime: 'node' },
      settings: { ...DEFAULT_TRIGGER_SETTINGS, startingPosition: 'TRIM_HORIZON', batchSize: 2 },
    };
    const put = (n: number) => ddb.send(new PutItemCommand({ TableName: RESUME, Item: { PK: { S: `R${n}` } } }));
    const recorded = () => fs.readFileSync(recordFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[1]);

    const first = new LocalTriggerManager(deps);
    await first.start(definition, { RECORD_FILE: recordFile });
    for (let n = 1; n <= 6; n++) await put(n);
    await until('a checkpoint past 4 records', () => (first.get(definition.id)!.progress.counters.records >= 4 ? true : undefined), 60_000);
    await first.shutdown(); // the window reloads: engines stop, the trigger stays `running`
    first.dispose();
    const saved = state.get<{ running: boolean; checkpoints?: { shards: Record<string, string> } }[]>(LOCAL_TRIGGERS_KEY)!;
    assert.strictEqual(saved[0].running, true, 'kept running for the next activation');
    const checkpoint = Object.values(saved[0].checkpoints?.shards ?? {});
    assert.strictEqual(checkpoint.length, 1, 'one shard checkpointed');
    const done = BigInt(checkpoint[0]);
    const before = recorded().length;
    for (let n = 7; n <= 10; n++) await put(n);

    const second = new LocalTriggerManager(deps);
    assert.strictEqual(await second.restore(), 1, 'resumed');
    try {
      const all = await until('all 10 records invoked', () => {
        const seqs = recorded();
        return new Set(seqs).size >= 10 ? seqs : undefined;
      }, 60_000);
      const afterReload = all.slice(before);
      const again = afterReload.filter((s) => BigInt(s) <= done);
      assert.deepStrictEqual(again, [], `records at or before the checkpoint ${done} invoked again after the reload`);
      // Before the reload, each record at most once; after it, only records past the checkpoint (a batch that was
      // running at the reload may run again: it was not checkpointed).
      assert.strictEqual(new Set(all.slice(0, before)).size, before, 'no record twice before the reload');
      assert.ok(second.get(definition.id)?.active);
    } finally {
      await second.remove(definition.id);
      second.dispose();
    }
    assert.deepStrictEqual(state.get(LOCAL_TRIGGERS_KEY), [], 'removed from workspace state');
    assert.strictEqual(await store.get(`dynamodbStreams.localTrigger.${definition.id}.env`), undefined, 'its variables forgotten');
  });
  it('a batch given up on goes to the on-failure file as Lambda\'s invocation record; the output channel has the handler\'s error and a line per batch', async () => {
    const streamArn = (await ddb.send(table(ON_FAILURE, { stream: true }))).TableDescription!.LatestStreamArn!;
    const failures = path.join(tmp, 'failures.ndjson');
    const lines: string[] = [];
    const output = { append: (t: string) => void lines.push(t), appendLine: (t: string) => void lines.push(t), show: () => undefined, dispose: () => undefined };
    const c = api.connection.current;
    const connection = { label: c.label, region: c.region, dynamodbEndpoint: c.dynamodbEndpoint, streamsEndpoint: c.streamsEndpoint, loopback: c.loopback };
    const manager = new LocalTriggerManager({ workspaceState: memento(), secrets: secrets(), streams, runnersDir, connection: () => connection, createOutput: () => output });
    const id = `on-failure-${RUN}`;
    try {
      await manager.start({
        id,
        label: 'poison',
        connection,
        streamArn,
        tableName: ON_FAILURE,
        handler: { file: path.join(fixtures, 'poison.cjs'), exportName: 'handler', runtime: 'node' },
        settings: { ...DEFAULT_TRIGGER_SETTINGS, startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: 0, onFailureFile: failures },
      }, {});
      await ddb.send(new PutItemCommand({ TableName: ON_FAILURE, Item: { PK: { S: 'P1' }, poison: { BOOL: true } } }));
      const text = await until('an on-failure record', () => (fs.existsSync(failures) && fs.readFileSync(failures, 'utf8').endsWith('\n') ? fs.readFileSync(failures, 'utf8') : undefined), 60_000);
      const records = text.trim().split('\n').map((l) => JSON.parse(l));
      assert.strictEqual(records.length, 1, text);
      const r = records[0];
      assert.strictEqual(r.version, '1.0');
      assert.strictEqual(r.requestContext.condition, 'RetryAttemptsExhausted');
      assert.strictEqual(r.requestContext.approximateInvokeCount, 1);
      assert.match(r.requestContext.functionArn, /^arn:aws:lambda:[^:]+:000000000000:function:local-poison-handler$/);
      assert.strictEqual(r.DDBStreamBatchInfo.batchSize, 1);
      assert.strictEqual(r.DDBStreamBatchInfo.streamArn, streamArn);
      await until('the batch counted as sent to the destination', () => manager.get(id)!.progress.counters.sentToDestination === 1);
      // Output lines arrive asynchronously (the handler's stderr, then the engine's lines): wait for each.
      await until("the handler's error in the output", () => lines.some((l) => /poison record P1/.test(l)));
      await until('a line for the batch', () => lines.some((l) => /batch \d+ sent to destination · 1 record/.test(l)));
      await until('the append said', () => lines.some((l) => l.includes(`appended to ${failures}`)));
    } finally {
      await manager.remove(id);
      manager.dispose();
    }
  });
});
