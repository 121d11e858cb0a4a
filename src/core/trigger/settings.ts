// A local trigger's settings: Lambda's defaults and limits for a DynamoDB stream's event source mapping (DESIGN.md
// "Local trigger"), the first problem of a setting in words that say what to enter instead, and the settings copied
// from a deployed mapping (`Run locally`). Pure: no `vscode`, no SDK.
import { parseLambdaFilter, MAX_FILTERS } from '../lambda/filter/lambdaFilter';
import type { LambdaTrigger } from '../lambda/lambdaTriggers';
import type { TriggerSettings } from './types';

/** Lambda's limits for a DynamoDB stream's event source mapping. */
export const TRIGGER_LIMITS = {
  batchSize: { min: 1, max: 10_000 },
  batchingWindowSeconds: { min: 0, max: 300 },
  maximumRetryAttempts: { min: 0, max: 10_000 },
  maximumRecordAgeSeconds: { min: 60, max: 604_800 },
  parallelizationFactor: { min: 1, max: 10 },
  functionTimeoutSeconds: { min: 1, max: 900 },
} as const;

/**
 * Lambda's defaults. Lambda requires a starting position; LATEST is offered first because a trigger started on a live
 * table is normally meant for the changes from now on (TRIM_HORIZON replays up to 24 h through the handler).
 */
export const DEFAULT_TRIGGER_SETTINGS: Readonly<TriggerSettings> = Object.freeze({
  batchSize: 100,
  batchingWindowSeconds: 0,
  startingPosition: 'LATEST',
  filterPatterns: [],
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: false,
  reportBatchItemFailures: false,
  parallelizationFactor: 1,
  functionTimeoutSeconds: 3,
});

const n = (x: number) => x.toLocaleString('en-US');

function wholeIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? String(value);
}

/** The first setting Lambda would refuse, as a message naming the setting, the limit and what was given; else undefined. */
export function validateTriggerSettings(s: TriggerSettings): string | undefined {
  const L = TRIGGER_LIMITS;
  if (!wholeIn(s.batchSize, L.batchSize.min, L.batchSize.max)) {
    return `Batch size must be a whole number from ${n(L.batchSize.min)} to ${n(L.batchSize.max)} (Lambda's limit for a DynamoDB stream), not ${shown(s.batchSize)}. The default is 100.`;
  }
  if (!wholeIn(s.batchingWindowSeconds, L.batchingWindowSeconds.min, L.batchingWindowSeconds.max)) {
    return `Batching window must be a whole number of seconds from 0 to ${L.batchingWindowSeconds.max}, not ${shown(s.batchingWindowSeconds)}. 0 invokes the handler as soon as records are read.`;
  }
  if (s.startingPosition !== 'LATEST' && s.startingPosition !== 'TRIM_HORIZON') {
    return `Starting position must be LATEST (changes from now on) or TRIM_HORIZON (everything the stream retains), not ${shown(s.startingPosition)}.`;
  }
  const filterProblem = validateFilterPatterns(s.filterPatterns);
  if (filterProblem) return filterProblem;
  if (s.maximumRetryAttempts !== -1 && !wholeIn(s.maximumRetryAttempts, L.maximumRetryAttempts.min, L.maximumRetryAttempts.max)) {
    return `Maximum retry attempts must be -1 (retry until the record expires) or a whole number from 0 to ${n(L.maximumRetryAttempts.max)}, not ${shown(s.maximumRetryAttempts)}.`;
  }
  if (s.maximumRecordAgeSeconds !== -1 && !wholeIn(s.maximumRecordAgeSeconds, L.maximumRecordAgeSeconds.min, L.maximumRecordAgeSeconds.max)) {
    return `Maximum record age must be -1 (no limit) or a whole number of seconds from ${L.maximumRecordAgeSeconds.min} to ${n(L.maximumRecordAgeSeconds.max)} (7 days), not ${shown(s.maximumRecordAgeSeconds)}.`;
  }
  if (typeof s.bisectBatchOnFunctionError !== 'boolean') return `Split batch on error must be true or false, not ${shown(s.bisectBatchOnFunctionError)}.`;
  if (typeof s.reportBatchItemFailures !== 'boolean') return `Report batch item failures must be true or false, not ${shown(s.reportBatchItemFailures)}.`;
  if (!wholeIn(s.parallelizationFactor, L.parallelizationFactor.min, L.parallelizationFactor.max)) {
    return `Parallelization factor must be a whole number from 1 to ${L.parallelizationFactor.max} (concurrent batches per shard), not ${shown(s.parallelizationFactor)}.`;
  }
  if (s.onFailureFile !== undefined && (typeof s.onFailureFile !== 'string' || s.onFailureFile.trim() === '')) {
    return 'The on-failure destination file is empty: choose a file to append the records given up on to, or none.';
  }
  if (!wholeIn(s.functionTimeoutSeconds, L.functionTimeoutSeconds.min, L.functionTimeoutSeconds.max)) {
    return `Function timeout must be a whole number of seconds from 1 to ${L.functionTimeoutSeconds.max} (Lambda's limit), not ${shown(s.functionTimeoutSeconds)}. Lambda's default is 3.`;
  }
  return undefined;
}

/** Each pattern must parse as Lambda's filter matcher reads it; at most five. */
function validateFilterPatterns(patterns: unknown): string | undefined {
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) return 'Filter patterns must be a list of JSON texts such as {"eventName":["REMOVE"]}.';
  if (patterns.length === 0) return undefined;
  if (patterns.length > MAX_FILTERS) return `There are ${patterns.length} filter patterns; Lambda allows at most ${MAX_FILTERS} per event source mapping. Combine some, or remove some.`;
  const parsed = parseLambdaFilter(JSON.stringify({ Filters: patterns.map((Pattern: string) => ({ Pattern })) }));
  return parsed.ok ? undefined : `Filter criteria: ${parsed.error}`;
}

/**
 * A deployed mapping's settings for `Run locally`, Lambda's defaults where the mapping does not say. Its on-failure
 * destination is an SQS/SNS/S3 ARN, which has no local stand-in here: the glue asks for a file. The function's timeout
 * is not part of a mapping (the glue may read it from GetFunctionConfiguration).
 */
export function settingsFromMapping(trigger: LambdaTrigger): TriggerSettings {
  const d = DEFAULT_TRIGGER_SETTINGS;
  return {
    batchSize: trigger.batchSize ?? d.batchSize,
    batchingWindowSeconds: trigger.batchingWindowSeconds ?? d.batchingWindowSeconds,
    // AT_TIMESTAMP does not exist for DynamoDB streams; anything but TRIM_HORIZON reads from now on.
    startingPosition: trigger.startingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
    filterPatterns: [...trigger.filterPatterns],
    maximumRetryAttempts: trigger.maximumRetryAttempts ?? d.maximumRetryAttempts,
    maximumRecordAgeSeconds: trigger.maximumRecordAgeSeconds ?? d.maximumRecordAgeSeconds,
    bisectBatchOnFunctionError: trigger.bisectOnError ?? d.bisectBatchOnFunctionError,
    reportBatchItemFailures: trigger.reportsBatchItemFailures,
    parallelizationFactor: trigger.parallelization ?? d.parallelizationFactor,
    functionTimeoutSeconds: d.functionTimeoutSeconds,
  };
}
