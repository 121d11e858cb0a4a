// Builds the DynamoDB, DynamoDB Streams and Kinesis clients for a resolved connection.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { ResolvedConnection } from '../core/connection';

export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  kinesis: KinesisClient;
  destroy(): void;
}

/** DynamoDB Local accepts any non-empty static pair. */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

function credentialsFor(connection: ResolvedConnection, loopback: boolean): AwsCredentialIdentityProvider {
  const chain = fromNodeProviderChain({ profile: connection.profile });
  if (!loopback || connection.profile) return chain;
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
  const timeouts = { connectionTimeout: 5_000, requestTimeout: 30_000 };
  const common = {
    region: connection.region,
    profile: connection.profile,
    credentials: credentialsFor(connection, connection.loopback),
    maxAttempts: 2,
    requestHandler: timeouts,
  };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: connection.dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint: connection.streamsEndpoint });
  // The Kinesis client defaults to HTTP/2, which local Kinesis servers (kinesalite) do not speak; HTTP/1.1 serves
  // every call used here against AWS too (only SubscribeToShard needs HTTP/2).
  const kinesis = new KinesisClient({
    ...common,
    credentials: credentialsFor(connection, connection.kinesisLoopback),
    endpoint: connection.kinesisEndpoint,
    requestHandler: new NodeHttpHandler(timeouts),
  });
  return {
    dynamodb,
    streams,
    kinesis,
    destroy() {
      dynamodb.destroy();
      streams.destroy();
      kinesis.destroy();
    },
  };
}
