// Invoke handler… in a real extension host against DynamoDB Local: the handler's environment is the panel's connection
// (not the one current when it runs), and what a handler started ends when its panel closes or the invoker is disposed
// (deactivation). Real child processes; their pids are checked with process.kill(pid, 0).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SdkStreamsApi } from '../../src/aws/streamsApi';
import { streamRecordSource } from '../../src/core/tail/dynamodb/reader';
import { HandlerInvoker } from '../../src/handlers/invokeHandler';
import type { TestApi } from '../../src/extension';
import { activateExtension, connectionUses, createKeyedTable, endpoint, EXTENSION_ID, localConfig as config, until } from './support';

interface PanelLike {
  webviewPanel: vscode.WebviewPanel;
  session: { isWebviewReady: boolean; held: number };
  invokeHandler(ids: number[], choice?: { file: string; exportName?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<
    { outcome: { kind: string; value?: unknown }; cancelled: boolean; timedOut: boolean } | undefined
  >;
}

const RUN = Date.now().toString(36);
const TABLE = `ext-handler-runs-${RUN}`;
const fixtures = path.resolve(__dirname, '../../../test/fixtures/handlers');

/** Running, not a zombie (a killed orphan may wait unreaped where PID 1 does not reap, e.g. in a container). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

function pidWritten(file: string): number | undefined {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text ? Number(text) : undefined;
}

describe('Invoke handler: processes end with the run, the environment follows the panel (DynamoDB Local)', function () {
  this.timeout(120_000);
  const ddb = new DynamoDBClient(config);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbs-exthost-handler-'));
  const settings = () => vscode.workspace.getConfiguration('dynamodbStreams');
  let api: TestApi;
  let panel: PanelLike;
  const leftovers: number[] = [];

  before(async () => {
    assert.ok(endpoint, 'DDB_STREAMS_TEST_ENDPOINT must name the DynamoDB Local endpoint');
    api = await activateExtension();
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await connectionUses(api, endpoint);
    await createKeyedTable(ddb, TABLE, 'NEW_AND_OLD_IMAGES');
    const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;
    const panels = api.panels as unknown as { open(options: Record<string, unknown>): PanelLike };
    panel = panels.open({
      source: 'dynamodb',
      name: TABLE,
      streamArn,
      viewType: 'NEW_AND_OLD_IMAGES',
      startPosition: 'TRIM_HORIZON',
      maxRecords: 100,
      reader: streamRecordSource(new SdkStreamsApi(new DynamoDBStreamsClient(config)), { streamArn, loopback: true }),
    });
    await until('the webview to say ready', () => panel.session.isWebviewReady);
    await ddb.send(new PutItemCommand({ TableName: TABLE, Item: { PK: { S: 'a' }, SK: { S: '1' } } }));
    await until('the record held', () => panel.session.held >= 1);
  });

  after(async () => {
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    panel?.webviewPanel.dispose();
    await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await ddb.send(new DeleteTableCommand({ TableName: TABLE })).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the handler gets the panel\'s connection after the current connection changed', async () => {
    const elsewhere = 'http://127.0.0.1:9';
    await settings().update('endpoint', elsewhere, vscode.ConfigurationTarget.Global);
    try {
      await connectionUses(api, elsewhere);
      const result = await panel.invokeHandler([], { file: path.join(fixtures, 'envEcho.cjs'), exportName: 'handler', env: {} });
      assert.ok(result);
      assert.strictEqual(result.outcome.kind, 'result', JSON.stringify(result.outcome));
      const env = result.outcome.value as Record<string, string | null>;
      assert.strictEqual(env.AWS_ENDPOINT_URL_DYNAMODB, endpoint);
      assert.strictEqual(env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS, endpoint);
      assert.strictEqual(env.AWS_REGION, api.connection.current.region);
    } finally {
      await settings().update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
      await connectionUses(api, endpoint);
    }
  });

  it('a handler that returns leaves nothing running', async () => {
    const pidFile = path.join(tmp, 'returns');
    const result = await panel.invokeHandler([], { file: path.join(fixtures, 'spawner.cjs'), exportName: 'handler', env: { PID_FILE: pidFile } });
    assert.strictEqual(result?.outcome.kind, 'result');
    const sleeper = pidWritten(pidFile)!;
    leftovers.push(sleeper);
    await until('the sleeper is gone', () => !alive(sleeper));
  });

  it('the invoker\'s dispose (deactivation) kills a run and what it started', async () => {
    const memento = new Map<string, unknown>();
    const secrets = new Map<string, string>();
    const invoker = new HandlerInvoker({
      workspaceState: { get: (k: string) => memento.get(k), update: async (k: string, v: unknown) => void memento.set(k, v), keys: () => [...memento.keys()] },
      secrets: { get: async (k: string) => secrets.get(k), store: async (k: string, v: string) => void secrets.set(k, v) } as unknown as vscode.SecretStorage,
      extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
      connection: () => ({ loopback: false }),
    });
    const pidFile = path.join(tmp, 'deactivated');
    const running = invoker.invoke({ Records: [] }, 'deactivation test', { file: path.join(fixtures, 'spawner.cjs'), exportName: 'hangs', env: { PID_FILE: pidFile }, timeoutMs: 60_000 });
    const sleeper = await until('the handler started its sleeper', () => pidWritten(pidFile));
    leftovers.push(sleeper);
    assert.strictEqual(invoker.runningCount, 1);
    invoker.dispose();
    const result = await running;
    assert.strictEqual(result?.cancelled, true);
    await until('the sleeper is gone', () => !alive(sleeper));
  });

  it('closing the panel kills its handler run and what it started', async () => {
    const pidFile = path.join(tmp, 'closed');
    const running = panel.invokeHandler([], { file: path.join(fixtures, 'spawner.cjs'), exportName: 'hangs', env: { PID_FILE: pidFile }, timeoutMs: 60_000 });
    const sleeper = await until('the handler started its sleeper', () => pidWritten(pidFile));
    leftovers.push(sleeper);
    assert.ok(alive(sleeper));
    panel.webviewPanel.dispose();
    const result = await running;
    assert.strictEqual(result?.cancelled, true);
    await until('the sleeper is gone', () => !alive(sleeper));
  });
});
