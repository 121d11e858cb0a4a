// A Lambda filter's exact pre-check on a held record's JSON line (recordJson.ts): a record whose line lacks every
// value a pattern requires cannot match, so the first filter over a big panel parses only the lines that might.
// Pure: no vscode, no SDK.
import type { Check, CompiledPattern } from './lambdaFilterMatch';

/** False: the record of this line cannot match; true: it may (evaluate the matcher to know). */
export type LinePrecheck = (line: string) => boolean;

/**
 * Top-level fields whose values the filter input (lambdaPanel.ts lambdaFilterInputOfLine) takes from the line as they
 * are; the others (eventSource, awsRegion, eventSourceARN…) are set from the panel's source, so they are not looked at.
 * userIdentity's values are the line's Type/PrincipalId, or "" when missing — which is why "" never becomes a needle.
 */
const FROM_LINE = new Set(['eventID', 'eventName', 'dynamodb', 'userIdentity']);

/**
 * The pre-check of a DynamoDB-stream filter, undefined when some pattern requires no literal (every line may match).
 * Exact because the line is JSON.stringify output: a string value v held anywhere in it appears as JSON.stringify(v),
 * which is the text of a plain string rule (lambdaFilterParse.ts compileRule). A field's rules are OR-ed, so a field
 * gives a needle list only when all its rules are plain non-empty strings; fields are AND-ed, patterns OR-ed.
 */
export function lambdaLinePrecheck(patterns: readonly CompiledPattern[]): LinePrecheck | undefined {
  const needs: LinePrecheck[] = [];
  for (const p of patterns) {
    const need = allOf(p.checks);
    if (!need) return undefined;
    needs.push(need);
  }
  return needs.length === 1 ? needs[0] : (line) => needs.some((need) => need(line));
}

function allOf(checks: readonly Check[]): LinePrecheck | undefined {
  const needs = checks.map(checkNeed).filter((n): n is LinePrecheck => n !== undefined);
  if (needs.length === 0) return undefined;
  return needs.length === 1 ? needs[0] : (line) => needs.every((need) => need(line));
}

function checkNeed(check: Check): LinePrecheck | undefined {
  if (check.kind === 'or') {
    const branches: LinePrecheck[] = [];
    for (const b of check.branches) {
      const need = allOf(b);
      if (!need) return undefined; // a branch that requires nothing lets every line through
      branches.push(need);
    }
    return (line) => branches.some((need) => need(line));
  }
  if (!FROM_LINE.has(check.path[0])) return undefined;
  const needles: string[] = [];
  for (const rule of check.rules) {
    // A plain string rule's text is JSON.stringify(value); every other rule's text starts otherwise.
    if (rule.exists !== undefined || !rule.text.startsWith('"') || rule.text === '""') return undefined;
    needles.push(rule.text);
  }
  return needles.length === 1 ? (line) => line.includes(needles[0]) : (line) => needles.some((n) => line.includes(n));
}
