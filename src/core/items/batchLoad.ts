// Writing many items in BatchWriteItem requests of 25 with bounded parallelism: the items a request leaves
// unprocessed (throttled) are sent again after an exponential backoff with jitter; a request that fails outright
// counts its items as failed (with AWS's words), and an error that no other request can escape (missing table, no
// permission) stops the load. Cancel stops taking new requests; requests in flight finish. Pure: the writer is injected.
import type { Item } from '../records/model';

/** BatchWriteItem holds at most 25 put or delete requests. */
export const BATCH_SIZE = 25;
export const DEFAULT_PARALLELISM = 4;

/** Writes one request's items; resolves to the items DynamoDB left unprocessed. */
export type BatchWriter = (items: Item[]) => Promise<Item[]>;

export interface BatchLoadOptions {
  parallelism?: number;
  /** Attempts for a request's unprocessed items, the first included; what is left after the last counts as failed. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of each backoff. */
  random?: () => number;
}

export interface BatchLoadSummary {
  written: number;
  failed: number;
  /** Not attempted because the load was cancelled or stopped. */
  notAttempted: number;
  cancelled: boolean;
  /** Why items failed, each reason with how many items it cost. */
  failures: { reason: string; items: number }[];
  /** How many times unprocessed items were sent again. */
  retries: number;
}

const STOPPING_ERRORS = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException']);

export function batchesOf<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The wait before attempt `attempt` (1 = the first retry): doubling from `base`, capped, with "full jitter". */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number): number {
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const errorName = (err: unknown) => String((err as { name?: unknown } | undefined)?.name ?? 'Error');
const errorMessage = (err: unknown) => `${errorName(err)}: ${String((err as { message?: unknown } | undefined)?.message ?? err)}`;

export async function loadInBatches(items: readonly Item[], write: BatchWriter, options: BatchLoadOptions = {}): Promise<BatchLoadSummary> {
  const parallelism = Math.max(1, options.parallelism ?? DEFAULT_PARALLELISM);
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const batches = batchesOf(items);
  const summary: BatchLoadSummary = { written: 0, failed: 0, notAttempted: 0, cancelled: false, failures: [], retries: 0 };
  let next = 0;
  let stopped = false;

  const fail = (count: number, reason: string) => {
    summary.failed += count;
    const known = summary.failures.find((f) => f.reason === reason);
    if (known) known.items += count;
    else summary.failures.push({ reason, items: count });
  };
  const progress = () => options.onProgress?.(summary.written + summary.failed, items.length);

  const writeBatch = async (batch: Item[]) => {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        if (attempt > maxAttempts) {
          fail(pending.length, `left unprocessed by DynamoDB after ${maxAttempts} attempts (throttled)`);
          return;
        }
        summary.retries++;
        await sleep(backoffDelay(attempt - 1, base, max, random));
      }
      let unprocessed: Item[];
      try {
        unprocessed = await write(pending);
      } catch (err) {
        fail(pending.length, errorMessage(err));
        if (STOPPING_ERRORS.has(errorName(err))) stopped = true;
        return;
      }
      summary.written += pending.length - unprocessed.length;
      progress();
      pending = unprocessed;
    }
  };

  const worker = async () => {
    while (next < batches.length && !stopped) {
      if (options.signal?.aborted) {
        summary.cancelled = true;
        return;
      }
      await writeBatch(batches[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, batches.length) }, worker));
  summary.notAttempted = items.length - summary.written - summary.failed;
  return summary;
}

/** "Written 120, skipped 3, failed 2 (…)". */
export function summaryText(summary: BatchLoadSummary, skipped: number): string {
  const parts = [`written ${summary.written}`, `skipped ${skipped}`, `failed ${summary.failed}`];
  if (summary.notAttempted) parts.push(`not attempted ${summary.notAttempted}${summary.cancelled ? ' (cancelled)' : ''}`);
  const text = parts.join(', ');
  return `${text[0].toUpperCase()}${text.slice(1)}${summary.failures.length ? ` — ${summary.failures.map((f) => `${f.items}: ${f.reason}`).join('; ')}` : ''}`;
}
