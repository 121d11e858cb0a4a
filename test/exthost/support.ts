// Shared by the extension-host suites: the extension id, DynamoDB Local's address and small helpers.
import { CreateTableCommand, DynamoDBClient, StreamViewType } from '@aws-sdk/client-dynamodb';

export const EXTENSION_ID = 'dynamodb-streams.dynamodb-streams'; // publisher.name in package.json
/** DynamoDB Local, started by the runner. */
export const endpoint = process.env.DDB_STREAMS_TEST_ENDPOINT ?? '';
export const localConfig = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

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
