// Lambda event filtering (an event source mapping's FilterCriteria), evaluated locally so a tail can show which records
// a function would receive. Rules follow the AWS Lambda documentation ("Control which events Lambda sends to your
// function", "Filter rule syntax", "Using event filtering with a DynamoDB event source"). This file is the public interface
// (what the panel and the benches call); parsing/validation is in lambdaFilterParse.ts, matching in lambdaFilterMatch.ts. Pure: usable in any bundle.
import { kinesisFilterInput, makeFilter, type LambdaFilter, type LambdaFilterExplanation } from './lambdaFilterMatch';
import { compileFilterText, FilterError, MAX_FILTERS, MAX_PATTERN_LENGTH } from './lambdaFilterParse';

export { kinesisFilterInput, MAX_FILTERS, MAX_PATTERN_LENGTH };
export type { LambdaFilter, LambdaFilterExplanation };

export type LambdaFilterParseResult = { ok: true; filter: LambdaFilter } | { ok: false; error: string };

/** Accepts a whole FilterCriteria (`{"Filters":[{"Pattern":"<json>"}]}`), a Filters array, or one pattern object. */
export function parseLambdaFilter(text: string): LambdaFilterParseResult {
  try {
    return { ok: true, filter: makeFilter(compileFilterText(text)) };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message };
    throw e;
  }
}

export function lambdaFilterMatches(filter: LambdaFilter, record: unknown): boolean {
  return filter.matches(record);
}

export function explainLambdaFilter(filter: LambdaFilter, record: unknown): LambdaFilterExplanation {
  return filter.explain(record);
}
