// Retry policy of the stream reader: exponential backoff with jitter, and what a failure means for the reader.
import { readAwsError } from '../connection/awsError';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** How often a tail waiting for the user to sign in again tries its call again. */
export const CREDENTIALS_RETRY_MS = 10_000;

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
  /** Credentials missing, rejected or expired (an SSO session ended): wait, retrying slowly, until the user signs in
   * again, then go on from the same position. */
  | 'credentials'
  /** Permissions / an unusable KMS key: retrying does not help. */
  | 'fatal'
  /** Anything else (e.g. ValidationException "Invalid ShardIterator"): retry a few times with a fresh iterator. */
  | 'other';

/** The reader's retry decision for an error, from its one reading in core/connection/awsError. */
export function classifyError(err: unknown): FailureKind {
  const e = readAwsError(err);
  switch (e.kind) {
    case 'expired-iterator':
      return 'expired';
    case 'trimmed':
      return 'trimmed';
    case 'not-found':
      return 'gone';
    case 'throttled':
    case 'server':
    case 'network':
      return 'transient';
    case 'credentials':
      return 'credentials';
    case 'access-denied':
    case 'kms-key':
      return 'fatal';
    case 'programming':
      return 'other';
    default:
      // No HTTP response at all: the request never got an answer (connection refused, reset, DNS, timeout …).
      return e.status === undefined ? 'transient' : 'other';
  }
}
