// Lambda filter matching: a compiled pattern's checks evaluated on one Lambda event record, and the explanation of the
// first rule that failed. Pure: no imports, usable in any bundle. Parsing and validation: lambdaFilterParse.ts.

export type Scalar = string | number | boolean | null;

/** One element of a leaf's rule array: a value test, or an exists test (which looks at presence, not at a value). */
export interface Rule {
  text: string;
  test?: (v: Scalar) => boolean;
  exists?: boolean;
}

/** A leaf of the pattern: a path from the record's root and its rules (OR-ed); or a `$or` of sub-patterns. */
export type Check =
  | { kind: 'field'; path: string[]; pathText: string; rules: Rule[] }
  | { kind: 'or'; pathText: string; branches: Check[][] };

export interface LambdaFilterExplanation {
  matches: boolean;
  /** Why not, when it does not: the first field path and rule that failed (per filter when there are several). */
  reason?: string;
}

export interface LambdaFilter {
  /** The patterns as compact JSON, in the order given (Lambda ORs them). */
  readonly patterns: readonly string[];
  /** A DynamoDB-stream Lambda event record (one element of `Records`). */
  matches(record: unknown): boolean;
  explain(record: unknown): LambdaFilterExplanation;
  /** A Kinesis-source record: Lambda's event record (`{kinesis: {data: <base64>, …}}`) or `{…, data: <decoded JSON>}`. */
  matchesKinesis(record: unknown): boolean;
  explainKinesis(record: unknown): LambdaFilterExplanation;
}


export interface CompiledPattern {
  text: string;
  checks: Check[];
}

/**
 * What a Kinesis-source filter is evaluated on: the record's `kinesis` fields with `data` decoded from base64 and parsed
 * as JSON (Lambda filters Kinesis data that is JSON; data that is not leaves only the metadata fields to match).
 */
export function kinesisFilterInput(record: unknown): unknown {
  if (!isObject(record)) return record;
  const kinesis = ownValue(record, 'kinesis');
  const fields = isObject(kinesis) ? kinesis : record;
  const data = ownValue(fields, 'data');
  if (typeof data !== 'string') return fields;
  return { ...fields, data: decodeJsonData(data) };
}

export function makeFilter(patterns: CompiledPattern[]): LambdaFilter {
  const compiled = patterns.map((p) => p.checks);
  const matches = (record: unknown) => compiled.some((checks) => checks.every((c) => checkMatches(c, record)));
  const explain = (record: unknown): LambdaFilterExplanation => {
    if (matches(record)) return { matches: true };
    const reasons = compiled.map((checks) => firstFailure(checks, record) ?? 'no rule failed');
    const reason = reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `pattern ${i + 1}: ${r}`).join('; ');
    return { matches: false, reason };
  };
  return {
    patterns: patterns.map((p) => p.text),
    matches,
    explain,
    matchesKinesis: (record) => matches(kinesisFilterInput(record)),
    explainKinesis: (record) => explain(kinesisFilterInput(record)),
  };
}

function checkMatches(check: Check, root: unknown): boolean {
  if (check.kind === 'or') return check.branches.some((b) => b.every((c) => checkMatches(c, root)));
  const found = lookup(root, check.path);
  for (const rule of check.rules) {
    if (rule.exists !== undefined) {
      const present = found !== undefined && (!(found instanceof Many) || found.values.length > 0);
      if (present === rule.exists) return true;
    } else if (found !== undefined && (found instanceof Many ? found.values.some(rule.test!) : rule.test!(found))) return true;
  }
  return false;
}

/** Several leaf values at one path (the record held an array on the way). */
class Many {
  constructor(readonly values: Scalar[]) {}
}

/**
 * The leaf value at a path, undefined when there is none. Arrays are looked through (a rule matches if any element
 * matches, as in Lambda); an object is not a leaf, so `{"status":["shipped"]}` does not see `{"status":{"S":"shipped"}}`
 * — the DynamoDB type key is needed. No allocation unless the record holds an array on the path.
 */
function lookup(root: unknown, path: string[]): Scalar | Many | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(node)) return collect(node, path, i);
    node = ownValue(node, path[i]);
    if (node === undefined) return undefined;
  }
  if (Array.isArray(node)) return collect(node, path, path.length);
  return node !== null && typeof node === 'object' ? undefined : (node as Scalar);
}

/**
 * The leaves at `path` (from index `from`) under an array, in document order. A stack of its own rather than
 * recursion: arrays in the data (a Kinesis record's JSON) may nest deeper than the call stack goes.
 */
function collect(items: unknown[], path: string[], from: number): Many {
  const out: Scalar[] = [];
  const pending: [unknown, number][] = [];
  const pushItems = (array: unknown[], at: number) => {
    for (let k = array.length - 1; k >= 0; k--) pending.push([array[k], at]);
  };
  pushItems(items, from);
  while (pending.length > 0) {
    let [node, i] = pending.pop()!;
    while (node !== undefined && !Array.isArray(node) && i < path.length) node = ownValue(node, path[i++]);
    if (Array.isArray(node)) pushItems(node, i);
    else if (node !== undefined && (node === null || typeof node !== 'object')) out.push(node as Scalar);
  }
  return new Many(out);
}

function firstFailure(checks: Check[], root: unknown): string | undefined {
  for (const check of checks) {
    if (checkMatches(check, root)) continue;
    if (check.kind === 'or') {
      const branchReasons = check.branches.map((b) => firstFailure(b, root) ?? 'no rule failed');
      return `${check.pathText}: no branch matched (${branchReasons.join('; ')})`;
    }
    return `${check.pathText}: expected ${check.rules.map((r) => r.text).join(' or ')}; found ${describeFound(root, check.path)}`;
  }
  return undefined;
}

const DYNAMODB_TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

function describeFound(root: unknown, path: string[]): string {
  const found = lookup(root, path);
  const values = found === undefined ? [] : found instanceof Many ? found.values : [found];
  if (values.length > 0) return values.slice(0, 5).map((v) => JSON.stringify(v)).join(', ') + (values.length > 5 ? ', …' : '');
  let node = root;
  for (const segment of path) node = isObject(node) ? ownValue(node, segment) : undefined;
  if (isObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1 && DYNAMODB_TYPES.has(keys[0])) return `a DynamoDB value {"${keys[0]}": …} — name its type key, e.g. ${pathText([...path, keys[0]])}`;
    return 'an object, not a value';
  }
  return 'no such field';
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * An object's own property, undefined for anything else: item data names attributes freely, and an attribute called
 * `constructor` or `toString` must not find Object.prototype's member.
 */
export function ownValue(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, name) ? (node as Record<string, unknown>)[name] : undefined;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function pathText(path: string[]): string {
  return path.map((s, i) => (/^[A-Za-z_$][\w$-]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`)).join('');
}

function decodeJsonData(base64: string): unknown {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined; // not base64 of UTF-8 JSON: Lambda matches such a record on its metadata only
  }
}

