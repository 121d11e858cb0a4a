// Shared by the extension-host suites: the extension id, its test API, DynamoDB Local's address and small helpers.
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient, StreamViewType } from '@aws-sdk/client-dynamodb';
// Type only: the suites are bundled with their own copies of the modules they import, so they use the extension's
// objects through this type (never instanceof).
import type { TestApi } from '../../src/extension';

export const EXTENSION_ID = 'dynamodb-streams.dynamodb-streams'; // publisher.name in package.json
/** DynamoDB Local, started by the runner. */
export const endpoint = process.env.DDB_STREAMS_TEST_ENDPOINT ?? '';
export const localConfig = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** Activates the extension and returns what it gives tests (activate() returns it in ExtensionMode.Test). */
export async function activateExtension(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension returned no test API: is it running in ExtensionMode.Test?');
  return api;
}

/** Polls until `probe` gives a value (not undefined/false), or fails naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // the poll interval of a wait for a state
  }
}

/** The connection every suite starts from: the runner's user settings (DynamoDB Local, its region). */
export const LOCAL_CONNECTION = { endpoint, region: localConfig.region };

type ConnectionSetting = 'endpoint' | 'region';
type ConnectionValues = Partial<Record<ConnectionSetting, string | undefined>>;
const connectionSettings = () => vscode.workspace.getConfiguration('dynamodbStreams');

/** Writes the values (user settings; `undefined` unsets) and, unless told not to, waits until the extension uses them. */
async function applyConnection(api: TestApi, values: ConnectionValues, wait: boolean): Promise<void> {
  for (const [k, v] of Object.entries(values)) await connectionSettings().update(k, v, vscode.ConfigurationTarget.Global);
  if (!wait) return;
  await until(`the connection to use ${JSON.stringify(values)}`, () => {
    const c = api.connection.current;
    const endpointOk = !('endpoint' in values) || (c.dynamodbEndpoint ?? '') === (values.endpoint ?? '').trim();
    const regionOk = values.region === undefined || c.region === values.region;
    return endpointOk && regionOk;
  });
}

/** Remembers the connection settings now; the function returned puts them back and waits until they are in use. */
export function connectionRestorer(api: TestApi): () => Promise<void> {
  const saved = Object.fromEntries((['endpoint', 'region'] as const).map((k) => [k, connectionSettings().inspect<string>(k)?.globalValue]));
  return () => applyConnection(api, saved, true);
}

/**
 * Sets the suite's own connection (a value left out keeps its setting, `undefined` unsets it) and waits until the
 * extension uses it, so a suite never depends on what the suite run before it left. Returns the restore (the previous
 * settings, again waited for). `waitForUse: false` is for values the extension refuses (it shows an error item: there
 * is no connection to wait for); the restore still waits.
 */
export async function useConnection(api: TestApi, wanted: ConnectionValues, { waitForUse = true } = {}): Promise<() => Promise<void>> {
  const restore = connectionRestorer(api);
  await applyConnection(api, wanted, waitForUse);
  return restore;
}

/**
 * The connection is rebuilt a moment after its settings change, stopping running tails: waits until it uses
 * `dynamodbEndpoint`, so a tail opened next is not stopped by a change still settling.
 */
export function connectionUses(api: TestApi, dynamodbEndpoint: string): Promise<true> {
  return until(`the connection to use ${dynamodbEndpoint}`, () => api.connection.current.dynamodbEndpoint === dynamodbEndpoint);
}

/** A PK/SK table, optionally with a stream. */
export async function createKeyedTable(ddb: DynamoDBClient, name: string, viewType?: StreamViewType): Promise<void> {
  await ddb.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: viewType ? { StreamEnabled: true, StreamViewType: viewType } : undefined,
  }));
}

/**
 * Waits until the proxy has received 2 more `operation` requests than it had when called. For GetRecords on a
 * one-shard stream (DynamoDB Local's) with one reader behind the proxy (and no faults), the first of them arrived after
 * this point and its answer was delivered before the reader sent the second (it delivers an answer's records before
 * asking again): a late duplicate, or a record that should not be read, would have shown by then. Counted, not timed.
 */
export async function twoMoreCalls(proxy: { calls(operation: string): number }, operation: string): Promise<void> {
  const from = proxy.calls(operation);
  await until(`2 more ${operation} calls`, () => proxy.calls(operation) >= from + 2);
}
