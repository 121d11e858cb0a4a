// The one reading of an AWS SDK / Node error: name, code, HTTP status and message (looking through its `cause` chain),
// and what kind of failure it is. The reader's retry policy (tail/backoff.ts) and the friendly messages (errors.ts)
// both decide from this. Works on error shapes only, so it needs no SDK import.

export type AwsErrorKind =
  /** ExpiredIteratorException (DynamoDB Streams, Kinesis): the shard iterator is older than its 15 / 5 minutes. */
  | 'expired-iterator'
  /** TrimmedDataAccessException: the position is past the stream's retention. */
  | 'trimmed'
  /** ResourceNotFoundException: table, stream, shard, Kinesis stream or Lambda function is not there. */
  | 'not-found'
  /** ResourceInUseException: the resource is being created or updated. */
  | 'in-use'
  /** Request-rate limits: retry after a backoff. */
  | 'throttled'
  /** The service failed (5xx): retry after a backoff. */
  | 'server'
  /** No answer at all: connection refused or reset, DNS, timeout (see `network`). */
  | 'network'
  /** Credentials missing, rejected or expired. */
  | 'credentials'
  /** Authenticated but not allowed (IAM, or the KMS key of an encrypted Kinesis stream). */
  | 'access-denied'
  /** The KMS key of an encrypted Kinesis stream cannot be used (disabled, deleted, not opted in). */
  | 'kms-key'
  /** The request was rejected as invalid (e.g. a garbage shard iterator, "Nothing to update"). */
  | 'validation'
  /** The endpoint does not know the operation (UnknownOperationException: DynamoDB Local has no global tables, no
   * Kinesis destinations; an endpoint that is not Lambda's). */
  | 'unsupported'
  /** A JS bug (TypeError …), never to be retried as if it were the network. */
  | 'programming'
  | 'unknown';

export type NetworkProblem = 'unreachable' | 'dns' | 'timeout' | 'other';

export interface AwsErrorInfo {
  kind: AwsErrorKind;
  /** Set when kind is 'network'. */
  network?: NetworkProblem;
  /** The AWS error name (or code) that decided the kind: the outermost one's, or a cause's. */
  awsName?: string;
  /** The outermost error's name ("Error" when it has none), code and message. */
  name: string;
  code: string;
  message: string;
  /** The first HTTP status found along the chain, if any response came back. */
  status?: number;
  /** "name code message" of every level of the chain, for pattern checks on wording. */
  text: string;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** How deep a cause chain is followed: SDK and fetch errors nest two or three levels; a cycle must not hang. */
export const MAX_CAUSE_DEPTH = 5;

/** Error names (or codes) of DynamoDB, DynamoDB Streams, Kinesis, KMS and Lambda, by kind. */
const NAMED_KINDS: Record<string, AwsErrorKind> = {
  ExpiredIteratorException: 'expired-iterator',
  TrimmedDataAccessException: 'trimmed',
  ResourceNotFoundException: 'not-found',
  ResourceInUseException: 'in-use',
  // DynamoDB / Streams
  LimitExceededException: 'throttled',
  ThrottlingException: 'throttled',
  RequestLimitExceeded: 'throttled',
  // DynamoDB and Kinesis (Kinesis: more than 5 GetRecords/s or 2 MB/s per shard)
  ProvisionedThroughputExceededException: 'throttled',
  // Kinesis: the KMS key of an encrypted stream is throttled
  KMSThrottlingException: 'throttled',
  // Lambda (e.g. ListEventSourceMappings, Invoke)
  TooManyRequestsException: 'throttled',
  InternalServerError: 'server',
  InternalFailure: 'server',
  ServiceUnavailable: 'server',
  ServiceUnavailableException: 'server',
  // Lambda
  ServiceException: 'server',
  AccessDeniedException: 'access-denied',
  // Kinesis, encrypted stream
  KMSAccessDeniedException: 'access-denied',
  KMSDisabledException: 'kms-key',
  KMSInvalidStateException: 'kms-key',
  KMSNotFoundException: 'kms-key',
  KMSOptInRequired: 'kms-key',
  UnrecognizedClientException: 'credentials',
  InvalidSignatureException: 'credentials',
  IncompleteSignatureException: 'credentials',
  ExpiredTokenException: 'credentials',
  MissingAuthenticationTokenException: 'credentials',
  CredentialsProviderError: 'credentials',
  ValidationException: 'validation',
  UnknownOperationException: 'unsupported',
};

// Node's network error codes are upper case: matched case-sensitively ("ResourceNotFound" is not ENOTFOUND).
const NETWORK_PATTERNS: [NetworkProblem, RegExp][] = [
  ['unreachable', /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|EHOSTUNREACH|ENETUNREACH|ENETDOWN)\b|socket hang up/],
  ['dns', /\b(ENOTFOUND|EAI_AGAIN)\b/],
  ['timeout', /\bTimeoutError\b|\bETIMEDOUT\b|\bRequestTimeout|timed out/],
  ['other', /network/i],
];

const PROGRAMMING = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'RangeError']);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The error and its causes, outermost first, at most MAX_CAUSE_DEPTH levels. */
function chainOf(err: unknown): ErrorLike[] {
  if (!err || typeof err !== 'object') return [{ message: String(err) }];
  const chain: ErrorLike[] = [];
  let current: unknown = err;
  while (chain.length < MAX_CAUSE_DEPTH && current && typeof current === 'object' && !chain.includes(current)) {
    chain.push(current);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

function statusOf(e: ErrorLike): number | undefined {
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function readAwsError(err: unknown): AwsErrorInfo {
  const chain = chainOf(err);
  const top = chain[0];
  const name = str(top.name) || (err && typeof err === 'object' ? 'Error' : '');
  const info: AwsErrorInfo = {
    kind: 'unknown',
    name,
    code: str(top.code),
    message: str(top.message),
    status: chain.map(statusOf).find((s) => s !== undefined),
    text: chain.map((e) => `${str(e.name)} ${str(e.code)} ${str(e.message)}`).join(' '),
  };
  // A named AWS error anywhere along the chain says most; the outermost one wins.
  for (const e of chain) {
    const awsName = [str(e.name), str(e.code)].find((n) => Object.hasOwn(NAMED_KINDS, n));
    if (awsName) return { ...info, kind: NAMED_KINDS[awsName], awsName };
  }
  // An endpoint may say it only in the message, under another name.
  if (/UnknownOperation/.test(info.text)) return { ...info, kind: 'unsupported' };
  const { status } = info;
  if (status === 429) return { ...info, kind: 'throttled' };
  if (status !== undefined && status >= 500) return { ...info, kind: 'server' };
  if (status === 403) return { ...info, kind: 'access-denied' };
  const network = NETWORK_PATTERNS.find(([, pattern]) => pattern.test(info.text))?.[0];
  if (network) return { ...info, kind: 'network', network };
  if (PROGRAMMING.has(name)) return { ...info, kind: 'programming' };
  return info;
}

/** "Name: message" for logs, reasons and error messages. */
export function errorText(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  const { name, message } = readAwsError(err);
  return message ? `${name}: ${message}` : name;
}
