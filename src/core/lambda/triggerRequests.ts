// Create Lambda trigger…, Update trigger filter…, Delete Lambda trigger… (pure): each choice checked against Lambda's
// limits for a DynamoDB stream's event source mapping, and the requests as the Lambda API documents them
// (CreateEventSourceMapping, UpdateEventSourceMapping). The filter is checked by the tail panel's own parser.
import { parseLambdaFilter } from './filter/lambdaFilter';
import { patternSources } from './filter/lambdaFilterParse';
import { prettyPattern } from './lambdaTriggers';

export const STARTING_POSITIONS = ['LATEST', 'TRIM_HORIZON'] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];

export interface NewTrigger {
  streamArn: string;
  /** A function name, a function ARN (optionally with a version or alias), or a partial ARN. */
  functionName: string;
  batchSize: number;
  startingPosition: StartingPosition;
  batchingWindowSeconds: number;
  /** -1: until the record expires. */
  maximumRetryAttempts: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  onFailureDestination?: string;
  /** The filter as typed (FilterCriteria, a Filters array or one pattern); empty: every record invokes the function. */
  filterText?: string;
}

export interface FilterCriteriaShape {
  Filters?: { Pattern: string }[];
}

export interface CreateMappingRequest {
  EventSourceArn: string;
  FunctionName: string;
  BatchSize: number;
  StartingPosition: StartingPosition;
  MaximumBatchingWindowInSeconds: number;
  MaximumRetryAttempts: number;
  BisectBatchOnFunctionError: boolean;
  FunctionResponseTypes?: 'ReportBatchItemFailures'[];
  DestinationConfig?: { OnFailure: { Destination: string } };
  FilterCriteria?: FilterCriteriaShape;
}

function wholeNumber(text: string): number | undefined {
  const value = text.trim();
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** BatchSize: 1–10,000 records for a DynamoDB stream. */
export function validateBatchSize(text: string): string | undefined {
  const n = wholeNumber(text);
  return n !== undefined && n >= 1 && n <= 10_000 ? undefined : 'Batch size: a whole number from 1 to 10,000';
}

/** MaximumBatchingWindowInSeconds: 0–300. */
export function validateBatchingWindow(text: string): string | undefined {
  const n = wholeNumber(text);
  return n !== undefined && n >= 0 && n <= 300 ? undefined : 'Batching window: a whole number of seconds from 0 to 300';
}

/** MaximumRetryAttempts: -1 (until the record expires) or 0–10,000. */
export function validateRetries(text: string): string | undefined {
  const n = wholeNumber(text);
  return n !== undefined && n >= -1 && n <= 10_000 ? undefined : 'Retries: -1 (until the record expires) or a whole number from 0 to 10,000';
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const PARTIAL_ARN = /^\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/** FunctionName as Lambda accepts it: a name (1–64 of letters, digits, "-", "_"), an ARN or a partial ARN, with an optional version or alias. */
export function validateFunctionRef(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter a function name or ARN';
  if (FUNCTION_NAME.test(value) || FUNCTION_ARN.test(value) || PARTIAL_ARN.test(value)) return undefined;
  return 'Expected a function name (letters, digits, "-", "_"; up to 64) or arn:aws:lambda:<region>:<account>:function:<name>';
}

/** An on-failure destination for a stream trigger: an SQS queue, SNS topic or S3 bucket ARN; empty: none. */
export function validateDestinationArn(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (/^arn:aws[a-z-]*:(sqs|sns):[a-z]{2}(-[a-z]+)+-\d:\d{12}:[a-zA-Z0-9_.-]+$/.test(value)) return undefined;
  if (/^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/.test(value)) return undefined;
  return 'Expected the ARN of an SQS queue, SNS topic or S3 bucket (or leave empty for none)';
}

/** Why the filter text is refused (the tail panel's parser's words), or undefined; empty text is no filter. */
export function validateTriggerFilter(text: string): string | undefined {
  if (!text.trim()) return undefined;
  const parsed = parseLambdaFilter(text);
  return parsed.ok ? undefined : parsed.error;
}

/** The FilterCriteria of the text, each pattern as Lambda keeps it; undefined for no filter. Throws on a refused filter. */
export function filterCriteriaOf(text: string | undefined): FilterCriteriaShape | undefined {
  if (!text?.trim()) return undefined;
  const refused = validateTriggerFilter(text);
  if (refused) throw new Error(refused);
  return { Filters: patternSources(text).map((Pattern) => ({ Pattern })) };
}

/** Why the spec cannot be sent (the first check that fails), or undefined. */
export function validateNewTrigger(spec: NewTrigger): string | undefined {
  return (
    validateFunctionRef(spec.functionName) ??
    validateBatchSize(String(spec.batchSize)) ??
    (STARTING_POSITIONS.includes(spec.startingPosition) ? undefined : 'Starting position: LATEST or TRIM_HORIZON') ??
    validateBatchingWindow(String(spec.batchingWindowSeconds)) ??
    validateRetries(String(spec.maximumRetryAttempts)) ??
    validateDestinationArn(spec.onFailureDestination ?? '') ??
    validateTriggerFilter(spec.filterText ?? '')
  );
}

/** The CreateEventSourceMapping input; throws the first refusal for a spec the prompts would not have let through. */
export function createMappingRequest(spec: NewTrigger): CreateMappingRequest {
  const refused = validateNewTrigger(spec);
  if (refused) throw new Error(refused);
  const request: CreateMappingRequest = {
    EventSourceArn: spec.streamArn,
    FunctionName: spec.functionName.trim(),
    BatchSize: spec.batchSize,
    StartingPosition: spec.startingPosition,
    MaximumBatchingWindowInSeconds: spec.batchingWindowSeconds,
    MaximumRetryAttempts: spec.maximumRetryAttempts,
    BisectBatchOnFunctionError: spec.bisectOnError,
  };
  if (spec.reportBatchItemFailures) request.FunctionResponseTypes = ['ReportBatchItemFailures'];
  const destination = spec.onFailureDestination?.trim();
  if (destination) request.DestinationConfig = { OnFailure: { Destination: destination } };
  const criteria = filterCriteriaOf(spec.filterText);
  if (criteria) request.FilterCriteria = criteria;
  return request;
}

/** UpdateEventSourceMapping's input for a new filter (the panel's); an empty FilterCriteria removes the filter. */
export function updateFilterRequest(uuid: string, filterText: string): { UUID: string; FilterCriteria: FilterCriteriaShape } {
  return { UUID: uuid, FilterCriteria: filterCriteriaOf(filterText) ?? {} };
}

/** A pattern in a canonical form, so that the same pattern written with other spacing is not a change. */
function canonical(pattern: string): string {
  return prettyPattern(pattern);
}

/** The trigger's patterns against the new ones, as diff lines ("- " removed, "+ " added, "  " kept), and whether anything changed. */
export function filterChange(before: readonly string[], after: readonly string[]): { changed: boolean; lines: string[] } {
  const old = before.map(canonical);
  const next = after.map(canonical);
  const lines: string[] = [];
  for (const p of old) lines.push(`${next.includes(p) ? ' ' : '-'} ${p.replace(/\n/g, ' ').replace(/\s+/g, ' ')}`);
  for (const p of next) if (!old.includes(p)) lines.push(`+ ${p.replace(/\n/g, ' ').replace(/\s+/g, ' ')}`);
  const changed = old.length !== next.length || old.some((p, i) => p !== next[i]);
  return { changed, lines };
}

/** The patterns as one pretty JSON document (a side of the diff editor). */
export function filterDocument(patterns: readonly string[]): string {
  return `${JSON.stringify({ Filters: patterns.map((p) => ({ Pattern: safeParse(p) })) }, null, 2)}\n`;
}

function safeParse(pattern: string): unknown {
  try {
    return JSON.parse(pattern);
  } catch {
    return pattern;
  }
}
