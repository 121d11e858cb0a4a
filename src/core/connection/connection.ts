// Which profile, region and endpoint to use: settings first, then the AWS CLI/SDK environment conventions.

export interface ConnectionSettings {
  profile: string;
  region: string;
  endpoint: string;
  /** Kinesis Data Streams endpoint (a table's Kinesis destination); empty = AWS or AWS_ENDPOINT_URL_KINESIS. */
  kinesisEndpoint?: string;
}

export interface ResolvedConnection {
  /** undefined = the default credential chain. */
  profile?: string;
  region?: string;
  dynamodbEndpoint?: string;
  streamsEndpoint?: string;
  /** True when every endpoint is on this machine (DynamoDB Local): faster polling, dummy credentials allowed. */
  loopback: boolean;
  kinesisEndpoint?: string;
  /** True when the Kinesis endpoint is on this machine (e.g. kinesalite): no GetRecords quota, dummy credentials allowed. */
  kinesisLoopback: boolean;
  /** What the tree root shows: "profile @ region" or the endpoint URL. */
  label: string;
}

/** DynamoDB Local accepts any region; use a real-looking one when nothing is configured. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

export function resolveConnection(settings: ConnectionSettings, env: Record<string, string | undefined>): ResolvedConnection {
  const profile = settings.profile.trim() || env.AWS_PROFILE?.trim() || undefined;
  const endpoint = settings.endpoint.trim();
  const dynamodbEndpoint = endpoint || env.AWS_ENDPOINT_URL_DYNAMODB || env.AWS_ENDPOINT_URL || undefined;
  const streamsEndpoint = endpoint || env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS || env.AWS_ENDPOINT_URL || undefined;
  const loopback = [dynamodbEndpoint, streamsEndpoint].every((e) => e !== undefined && isLoopbackUrl(e));
  // Its own setting: a Kinesis destination is a separate service (AWS_ENDPOINT_URL_KINESIS, then AWS_ENDPOINT_URL).
  const kinesisEndpoint = settings.kinesisEndpoint?.trim() || env.AWS_ENDPOINT_URL_KINESIS || env.AWS_ENDPOINT_URL || undefined;
  const kinesisLoopback = kinesisEndpoint !== undefined && isLoopbackUrl(kinesisEndpoint);
  let region = settings.region.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
  if (!region && loopback) region = LOCAL_DEFAULT_REGION;
  const label = dynamodbEndpoint
    ? redactEndpoint(dynamodbEndpoint)
    : `${profile ?? 'default'} @ ${region ?? 'region from profile'}`;
  return { profile, region, dynamodbEndpoint, streamsEndpoint, loopback, kinesisEndpoint, kinesisLoopback, label };
}

/**
 * An endpoint as it may be shown (tree root and tooltip, log lines, messages): without anything before an `@` (a user
 * name and password, however the text is shaped: `http://u:p@host`, `u:p@host:8000`, `//u:p@host`, a password with
 * `/` or `#` in it) and without a query or fragment (which could carry a token). Text-based, not URL-based: text that
 * does not parse as a URL must not leak either. Every endpoint that reaches text goes through here.
 */
export function redactEndpoint(value: string): string {
  const text = value.trim();
  // Keep a scheme when slashes follow it, or when it is http(s): otherwise `user:` could pass for one.
  const prefix = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?[\\/]{2,}/.exec(text)?.[0] ?? /^https?:/i.exec(text)?.[0] ?? '';
  const rest = text.slice(prefix.length);
  const at = rest.lastIndexOf('@');
  const shown = (at >= 0 ? rest.slice(at + 1) : rest).replace(/[?#].*$/s, '');
  return shown ? prefix + shown : '(endpoint hidden)';
}

/** An endpoint (setting or environment variable) that cannot be used; `hint` says what to do. */
export class InvalidEndpointError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'InvalidEndpointError';
  }
}

/** Returns an error message for a URL that cannot be an endpoint, or undefined when it is fine. Never echoes a secret. */
export function validateEndpoint(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  // Settings and the tree show the endpoint: keep secrets out of it (credentials come from the profile). Checked
  // first and on the text, since a user-info part need not parse as one (`admin:s3cret@localhost:8000`).
  if (text.includes('@')) return 'Endpoint must not contain a user name or password (…@); credentials come from the profile. Enter one like http://localhost:8000';
  // A query or fragment is no part of an endpoint, and may carry a token.
  if (/[?#]/.test(text)) return 'Endpoint must not contain a query or fragment (? or #). Enter only scheme, host and port, like http://localhost:8000';
  const shown = redactEndpoint(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${shown}" is not a URL. Enter one like http://localhost:8000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Endpoint must start with http:// or https:// (got ${url.protocol}). Enter one like http://localhost:8000`;
  if (!url.hostname) return 'Endpoint has no host name. Enter one like http://localhost:8000';
  return undefined;
}

/**
 * The Kinesis endpoint's problem (dynamodbStreams.kinesisEndpoint, else AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL),
 * as an error with the next step; undefined when it is fine or not set (AWS).
 */
export function kinesisEndpointProblem(endpoint: string | undefined): InvalidEndpointError | undefined {
  const bad = endpoint ? validateEndpoint(endpoint) : undefined;
  if (!bad) return undefined;
  return new InvalidEndpointError(`Kinesis endpoint: ${bad}`, 'Fix the dynamodbStreams.kinesisEndpoint setting (or AWS_ENDPOINT_URL_KINESIS), or clear it to use AWS; then try again.');
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** NoSQL Workbench's region for DynamoDB Local: DynamoDB Local keeps its tables in that region's database. */
export const WORKBENCH_LOCAL_REGION = 'localhost';

/**
 * Returns an error message for a string that cannot be an AWS region name, or undefined. For a loopback endpoint
 * (DynamoDB Local), `localhost` is accepted too: it is the region NoSQL Workbench connects with.
 */
export function validateRegion(value: string, loopback = false): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (loopback && text === WORKBENCH_LOCAL_REGION) return undefined;
  return REGION_PATTERN.test(text)
    ? undefined
    : `"${text}" is not a region name. Use one like us-east-1 or eu-west-2${loopback ? ` (or ${WORKBENCH_LOCAL_REGION}, NoSQL Workbench's region for DynamoDB Local)` : ''}`;
}

export function isLoopbackUrl(value: string): boolean {
  try {
    const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Region names offered by Connect… (any other can still be typed). */
export const COMMON_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-east-1',
  'me-south-1', 'me-central-1', 'af-south-1', 'il-central-1',
];

/** Which tables a connection reaches (profile, region, DynamoDB endpoint): an items panel's table is one per key. */
export function tablesKeyOf(c: ResolvedConnection): string {
  return [c.profile ?? '', c.region ?? '', c.dynamodbEndpoint ?? ''].join('|');
}
