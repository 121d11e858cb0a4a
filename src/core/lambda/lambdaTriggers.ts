// A stream's Lambda triggers: its event source mappings (ListEventSourceMappings by EventSourceArn) as the tree shows
// them (pure; the shape mirrors the documented EventSourceMappingConfiguration).
import { isLoopbackUrl } from '../connection/connection';
import { plural } from '../util/plural';

/** The parts of an EventSourceMappingConfiguration read here. */
export interface EventSourceMappingShape {
  UUID?: string;
  FunctionArn?: string;
  EventSourceArn?: string;
  /** Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting. */
  State?: string;
  StateTransitionReason?: string;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  ParallelizationFactor?: number;
  StartingPosition?: string;
  StartingPositionTimestamp?: Date | string;
  /** "OK", "No records processed", "PROBLEM: Function call failed", … */
  LastProcessingResult?: string;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  TumblingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  FilterCriteria?: { Filters?: { Pattern?: string }[] };
}

export interface LambdaTrigger {
  uuid: string;
  functionArn?: string;
  /** The function's name from its ARN (with `:alias` or `:version` when the mapping invokes one). */
  functionName: string;
  state?: string;
  stateReason?: string;
  batchSize?: number;
  batchingWindowSeconds?: number;
  parallelization?: number;
  startingPosition?: string;
  lastProcessingResult?: string;
  /** -1 means retry until the record expires (the documented default). */
  maximumRetryAttempts?: number;
  maximumRecordAgeSeconds?: number;
  bisectOnError?: boolean;
  reportsBatchItemFailures: boolean;
  onFailureDestination?: string;
  /** Each filter's pattern, as Lambda holds it (JSON text). */
  filterPatterns: string[];
}

/**
 * `my-function` from `arn:aws:lambda:us-east-1:123456789012:function:my-function`, `my-function:live` when the ARN
 * names an alias or version; anything that is no function ARN is shown as it is.
 */
export function functionNameFromArn(arn: string | undefined): string {
  if (!arn) return '(unknown function)';
  const parts = arn.split(':');
  if (parts.length >= 7 && parts[0] === 'arn' && parts[2] === 'lambda' && parts[5] === 'function') return parts.slice(6).join(':');
  return arn;
}

export function toLambdaTrigger(m: EventSourceMappingShape): LambdaTrigger {
  return {
    uuid: m.UUID ?? '',
    functionArn: m.FunctionArn,
    functionName: functionNameFromArn(m.FunctionArn),
    state: m.State,
    stateReason: m.StateTransitionReason,
    batchSize: m.BatchSize,
    batchingWindowSeconds: m.MaximumBatchingWindowInSeconds,
    parallelization: m.ParallelizationFactor,
    startingPosition: m.StartingPosition,
    lastProcessingResult: m.LastProcessingResult,
    maximumRetryAttempts: m.MaximumRetryAttempts,
    maximumRecordAgeSeconds: m.MaximumRecordAgeInSeconds,
    bisectOnError: m.BisectBatchOnFunctionError,
    reportsBatchItemFailures: m.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
    onFailureDestination: m.DestinationConfig?.OnFailure?.Destination,
    filterPatterns: (m.FilterCriteria?.Filters ?? []).map((f) => f.Pattern).filter((p): p is string => typeof p === 'string'),
  };
}

/** The mappings of every page, in the order Lambda gave them. */
export function toLambdaTriggers(pages: readonly (readonly EventSourceMappingShape[] | undefined)[]): LambdaTrigger[] {
  return pages.flatMap((page) => (page ?? []).map(toLambdaTrigger));
}

/** True when the last batch failed (Lambda reports "PROBLEM: …"). */
export function lastResultFailed(trigger: LambdaTrigger): boolean {
  return /^PROBLEM\b/i.test(trigger.lastProcessingResult ?? '');
}

/** The tree row's description: state, batch size, filter count, and a failed last batch. */
export function triggerSummary(trigger: LambdaTrigger): string {
  const parts = [trigger.state ?? 'state unknown'];
  if (trigger.batchSize !== undefined) parts.push(`batch ${trigger.batchSize}`);
  parts.push(trigger.filterPatterns.length ? plural(trigger.filterPatterns.length, 'filter') : 'no filter');
  if (lastResultFailed(trigger)) parts.push('last batch failed');
  return parts.join(' · ');
}

function retries(trigger: LambdaTrigger): string {
  const n = trigger.maximumRetryAttempts;
  const attempts = n === undefined ? '—' : n === -1 ? 'until the record expires' : plural(n, 'retry', 'retries');
  const age = trigger.maximumRecordAgeSeconds === undefined || trigger.maximumRecordAgeSeconds === -1 ? '' : `, records older than ${trigger.maximumRecordAgeSeconds} s skipped`;
  return `${attempts}${age}`;
}

/** Label/value lines of a trigger's tooltip (the filter patterns come separately: they are shown as code). */
export function triggerDetailLines(trigger: LambdaTrigger): [string, string][] {
  const yesNo = (b: boolean | undefined) => (b === undefined ? '—' : b ? 'yes' : 'no');
  const lines: [string, string][] = [
    ['Function', trigger.functionArn ?? trigger.functionName],
    ['State', trigger.stateReason ? `${trigger.state ?? '—'} (${trigger.stateReason})` : (trigger.state ?? '—')],
    ['Batch size', trigger.batchSize === undefined ? '—' : String(trigger.batchSize)],
    ['Starting position', trigger.startingPosition ?? '—'],
    ['Last processing result', trigger.lastProcessingResult ?? '—'],
    ['Retries', retries(trigger)],
    ['Split batch on error', yesNo(trigger.bisectOnError)],
    ['On failure', trigger.onFailureDestination ?? 'records dropped after the retries'],
    ['Filters', trigger.filterPatterns.length ? plural(trigger.filterPatterns.length, 'pattern') : 'none: every record invokes the function'],
  ];
  if (trigger.batchingWindowSeconds) lines.splice(3, 0, ['Batching window', `${trigger.batchingWindowSeconds} s`]);
  if (trigger.parallelization && trigger.parallelization > 1) lines.splice(3, 0, ['Parallelization', String(trigger.parallelization)]);
  if (trigger.reportsBatchItemFailures) lines.push(['Batch item failures', 'reported by the function']);
  lines.push(['Mapping UUID', trigger.uuid || '—']);
  return lines;
}

/** The trigger's FilterCriteria as JSON text, as the tail panel's Lambda filter accepts it. */
export function filterCriteriaText(trigger: LambdaTrigger): string {
  return JSON.stringify({ Filters: trigger.filterPatterns.map((Pattern) => ({ Pattern })) });
}

/** A pattern pretty-printed when it is JSON (Lambda keeps it as the user wrote it), else as it is. */
export function prettyPattern(pattern: string): string {
  try {
    return JSON.stringify(JSON.parse(pattern), null, 2);
  } catch {
    return pattern;
  }
}

/** Where the Lambda API is for a connection, or why it is not asked. */
export type LambdaEndpoint = { available: true; endpoint?: string; loopback: boolean } | { available: false; reason: string };

export const LOCAL_LAMBDA_UNAVAILABLE = 'Lambda triggers are not available for a local endpoint';

/**
 * The Lambda endpoint: AWS_ENDPOINT_URL_LAMBDA, else AWS_ENDPOINT_URL, else AWS. A local DynamoDB endpoint without a
 * Lambda endpoint has no Lambda to ask, and AWS must not be asked about local stream ARNs.
 */
export function lambdaEndpointFor(dynamodbLoopback: boolean, env: Record<string, string | undefined>): LambdaEndpoint {
  const endpoint = env.AWS_ENDPOINT_URL_LAMBDA?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
  if (!endpoint && dynamodbLoopback) return { available: false, reason: LOCAL_LAMBDA_UNAVAILABLE };
  return { available: true, endpoint, loopback: endpoint !== undefined && isLoopbackUrl(endpoint) };
}
