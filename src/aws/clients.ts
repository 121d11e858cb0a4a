// Builds the DynamoDB and DynamoDB Streams clients for a resolved connection.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { ResolvedConnection } from '../core/connection';

export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  destroy(): void;
}

/** DynamoDB Local accepts any non-empty static pair. */
export const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

function credentialsFor(connection: ResolvedConnection): AwsCredentialIdentityProvider {
  const chain = fromNodeProviderChain({ profile: connection.profile });
  if (!connection.loopback || connection.profile) return chain;
  // A local endpoint needs no real credentials: use the chain when it has some, otherwise a dummy pair.
  return async () => {
    try {
      return await chain();
    } catch {
      return LOCAL_CREDENTIALS;
    }
  };
}

export function createClients(connection: ResolvedConnection): AwsClients {
  const common = {
    region: connection.region,
    profile: connection.profile,
    credentials: credentialsFor(connection),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: connection.dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint: connection.streamsEndpoint });
  return {
    dynamodb,
    streams,
    destroy() {
      dynamodb.destroy();
      streams.destroy();
    },
  };
}
