// Retry policy of the stream reader: exponential backoff with jitter, and what kind of failure an error is.
// Works on error shapes only (name, code, message, $metadata), so it needs no SDK import.

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** 100 ms doubling up to 10 s; each delay is drawn from [d/2, d] ("equal jitter"). */
export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 100;
    this.capMs = options.capMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  next(): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}

export type FailureKind =
  /** ExpiredIteratorException: get a new iterator after the last record seen. */
  | 'expired'
  /** TrimmedDataAccessException: the position is past retention; restart at TRIM_HORIZON. */
  | 'trimmed'
  /** ResourceNotFoundException: stream disabled / table deleted (or a shard trimmed). */
  | 'gone'
  /** Throttling, 5xx, network: retry the same position after a backoff. */
  | 'transient'
  /** Credentials / permissions: retrying does not help. */
  | 'fatal'
  /** Anything else (e.g. ValidationException "Invalid ShardIterator"): retry a few times with a fresh iterator. */
  | 'other';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

const FATAL = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
  'IncompleteSignatureException',
]);

const NETWORK = /ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|ENOTFOUND|EAI_AGAIN|TimeoutError|RequestTimeout|socket hang up|network/i;

/** JS programming errors are never retried as if they were network failures. */
const PROGRAMMING = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'RangeError']);

export function classifyError(err: unknown): FailureKind {
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'ExpiredIteratorException') return 'expired';
  if (name === 'TrimmedDataAccessException') return 'trimmed';
  if (name === 'ResourceNotFoundException') return 'gone';
  if (THROTTLING.has(name) || THROTTLING.has(code)) return 'transient';
  if (status !== undefined && (status >= 500 || status === 429)) return 'transient';
  if (FATAL.has(name) || FATAL.has(code) || status === 403) return 'fatal';
  const cause = e.cause && typeof e.cause === 'object' ? (e.cause as ErrorLike) : undefined;
  const text = `${name} ${code} ${String(e.message ?? '')} ${cause ? `${String(cause.name ?? '')} ${String(cause.code ?? '')}` : ''}`;
  if (NETWORK.test(text)) return 'transient';
  // No HTTP response at all: the request never got an answer (connection refused, reset, DNS, timeout …).
  if (status === undefined && !PROGRAMMING.has(name)) return 'transient';
  return 'other';
}

/** "Name: message" for logs and reasons. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as ErrorLike;
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = typeof e.message === 'string' ? e.message : '';
    return message ? `${name}: ${message}` : name;
  }
  return String(err);
}
