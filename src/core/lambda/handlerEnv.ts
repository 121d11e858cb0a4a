// The environment a local handler (Invoke handler…) gets from the tail panel's connection, so the AWS SDK in the
// handler talks to what the panel reads: the profile, the region, a custom endpoint (local or not). Pure.

/** What a tail panel's connection gives the handler (captured when the panel was opened). */
export interface HandlerConnection {
  /** undefined = the default credential chain. */
  profile?: string;
  region?: string;
  dynamodbEndpoint?: string;
  streamsEndpoint?: string;
  kinesisEndpoint?: string;
  /** The DynamoDB endpoints are on this machine (DynamoDB Local): dummy credentials are fine. */
  loopback: boolean;
}

/** Inherited credentials that would win over a named profile in some SDKs (boto3 reads them before AWS_PROFILE). */
export const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

export interface HandlerEnvironment {
  /** Set over the extension host's environment. */
  env: Record<string, string>;
  /** Removed from the extension host's environment. */
  remove: string[];
}

/**
 * The variables for a handler run. `hostEnv` is the extension host's environment (read for its access key only).
 * A named profile replaces inherited keys, as the extension's own clients do (the SDK's chain skips environment keys
 * when a profile is named); DynamoDB Local without a profile or keys gets the extension's dummy pair, since it keeps
 * one database per access key.
 */
export function handlerEnvironment(c: HandlerConnection, hostEnv: Record<string, string | undefined>): HandlerEnvironment {
  const env: Record<string, string> = {};
  const remove: string[] = [];
  if (c.region) Object.assign(env, { AWS_REGION: c.region, AWS_DEFAULT_REGION: c.region });
  if (c.profile) {
    env.AWS_PROFILE = c.profile;
    remove.push(...KEY_VARIABLES);
  }
  if (c.dynamodbEndpoint) env.AWS_ENDPOINT_URL_DYNAMODB = c.dynamodbEndpoint;
  if (c.streamsEndpoint) env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = c.streamsEndpoint;
  if (c.kinesisEndpoint) env.AWS_ENDPOINT_URL_KINESIS = c.kinesisEndpoint;
  if (c.dynamodbEndpoint && c.loopback && !c.profile && !hostEnv.AWS_ACCESS_KEY_ID) {
    Object.assign(env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  }
  return { env, remove };
}
