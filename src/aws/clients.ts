// Builds the DynamoDB, DynamoDB Streams, Kinesis and Lambda clients for a resolved connection.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@aws-sdk/types';
import type { ResolvedConnection } from '../core/connection/connection';
import { lambdaEndpointFor, type LambdaEndpoint } from '../core/lambda/lambdaTriggers';

export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  kinesis: KinesisClient;
  /** Undefined when the connection has no Lambda to ask (a local endpoint without AWS_ENDPOINT_URL_LAMBDA). */
  lambda?: LambdaClient;
  lambdaEndpoint: LambdaEndpoint;
  destroy(): void;
}

/** DynamoDB Local accepts any non-empty static pair. */
export const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Logs nothing, like the SDK's default, but has no `info`: the SDK's logger step copies every response through its
 * sensitive-data filter to hand to `logger.info`, even the default logger's no-op one: about 25 µs per stream record
 * read, some 40 % of the reader's CPU (docs/BENCHMARKS.md, local trigger). Without `info` the step skips the copy.
 */
export const QUIET_SDK_LOGGER = { trace() {}, debug() {}, warn() {}, error() {} } as unknown as Logger;

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
  // Without throwOnRequestTimeout, @smithy/node-http-handler only logs a warning when requestTimeout passes: a
  // request that never gets an answer (a network blackhole) would hang a tail forever.
  const timeouts = { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true };
  const common = {
    region: connection.region,
    profile: connection.profile,
    credentials: credentialsFor(connection, connection.loopback),
    maxAttempts: 2,
    requestHandler: timeouts,
    logger: QUIET_SDK_LOGGER,
  };
  // The tail readers poll Streams and Kinesis and retry with their own backoff (showing Reconnecting meanwhile): a
  // GetRecords without an answer within 10 s counts as a network failure, so a dead network shows within about 20 s
  // (two attempts) rather than after two 30 s waits. The SDK's second attempt stays: it covers one-shot calls (lists,
  // describes) against a connection the server closed while idle ("socket hang up").
  const polledTimeout = 10_000;
  const dynamodb = new DynamoDBClient({ ...common, endpoint: connection.dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({
    ...common,
    requestHandler: { ...timeouts, requestTimeout: polledTimeout },
    endpoint: connection.streamsEndpoint,
  });
  // The Kinesis client defaults to HTTP/2, which local Kinesis servers (kinesalite) do not speak; HTTP/1.1 serves
  // every call used here against AWS too (only SubscribeToShard needs HTTP/2).
  const kinesis = new KinesisClient({
    ...common,
    credentials: credentialsFor(connection, connection.kinesisLoopback),
    endpoint: connection.kinesisEndpoint,
    requestHandler: new NodeHttpHandler({ ...timeouts, requestTimeout: polledTimeout }),
  });
  // Lambda: only for the stream's triggers (ListEventSourceMappings); AWS_ENDPOINT_URL_LAMBDA points it elsewhere.
  const lambdaEndpoint = lambdaEndpointFor(connection.loopback, process.env);
  const lambda = lambdaEndpoint.available
    ? new LambdaClient({ ...common, credentials: credentialsFor(connection, lambdaEndpoint.loopback), endpoint: lambdaEndpoint.endpoint })
    : undefined;
  return {
    dynamodb,
    streams,
    kinesis,
    lambda,
    lambdaEndpoint,
    destroy() {
      dynamodb.destroy();
      streams.destroy();
      kinesis.destroy();
      lambda?.destroy();
    },
  };
}
