// Root hooks for integration tests: one DynamoDB Local per run, on a free port.
// Suites read the endpoint from `localEndpoint()` (or reuse one given in DDB_STREAMS_TEST_ENDPOINT).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
// @ts-expect-error plain ESM helper shared with the scripts
import { startDynamoDbLocal, localCredentials, localRegion } from '../../scripts/lib/dynamodb-local.mjs';

let stop: (() => Promise<void>) | undefined;
let endpoint = process.env.DDB_STREAMS_TEST_ENDPOINT;

export function localEndpoint(): string {
  if (!endpoint) throw new Error('DynamoDB Local is not started');
  return endpoint;
}

export function localClients(): { dynamodb: DynamoDBClient; streams: DynamoDBStreamsClient } {
  const config = { endpoint: localEndpoint(), region: localRegion, credentials: localCredentials };
  return { dynamodb: new DynamoDBClient(config), streams: new DynamoDBStreamsClient(config) };
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    if (endpoint) return;
    const ddb = await startDynamoDbLocal();
    endpoint = ddb.endpoint;
    stop = ddb.stop;
  },
  async afterAll() {
    await stop?.();
  },
};
