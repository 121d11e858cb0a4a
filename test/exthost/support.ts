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
    await new Promise((r) => setTimeout(r, 100));
  }
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
