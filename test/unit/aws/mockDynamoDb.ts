// A suite-scoped aws-sdk-client-mock of DynamoDBClient for the synthetic AWS-shape suites: every DynamoDBClient is mocked
// while the calling suite runs only (created in before, reset after each test, restored after), so other suites keep
// the real send.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

const create = () => mockClient(DynamoDBClient);
export type DynamoDbMock = ReturnType<typeof create>;

/** Call inside a describe(); the returned function gives the suite's mock. */
export function useDynamoDbMock(): () => DynamoDbMock {
  let mock: DynamoDbMock | undefined;
  before(() => {
    mock = create();
  });
  afterEach(() => mock?.reset());
  after(() => mock?.restore());
  return () => {
    if (!mock) throw new Error('the DynamoDB mock exists only while its suite runs');
    return mock;
  };
}
