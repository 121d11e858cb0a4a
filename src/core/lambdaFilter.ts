// Lambda event filtering (an event source mapping's FilterCriteria), evaluated locally so a tail can show which records
// a function would receive. Rules follow the AWS Lambda documentation ("Control which events Lambda sends to your
// function", "Filter rule syntax", "Using event filtering with a DynamoDB event source"). A pattern is compiled once
// into closures; matching a record walks only the paths the pattern names. Pure: no imports, usable in any bundle.

export const MAX_FILTERS = 5;
export const MAX_PATTERN_LENGTH = 4096;
const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists'] as const;

type Scalar = string | number | boolean | null;

/** One element of a leaf's rule array: a value test, or an exists test (which looks at presence, not at a value). */
interface Rule {
  text: string;
  test?: (v: Scalar) => boolean;
  exists?: boolean;
}

/** A leaf of the pattern: a path from the record's root and its rules (OR-ed); or a `$or` of sub-patterns. */
type Check =
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

export type LambdaFilterParseResult = { ok: true; filter: LambdaFilter } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------------------------
// Public API

/** Accepts a whole FilterCriteria (`{"Filters":[{"Pattern":"<json>"}]}`), a Filters array, or one pattern object. */
export function parseLambdaFilter(text: string): LambdaFilterParseResult {
  try {
    const sources = patternSources(text);
    if (sources.length === 0) throw new FilterError('The filter has no patterns: give at least one, e.g. {"eventName":["REMOVE"]}.');
    if (sources.length > MAX_FILTERS) {
      throw new FilterError(`The filter has ${sources.length} patterns; Lambda allows at most ${MAX_FILTERS} per event source mapping.`);
    }
    const compiled = sources.map((s, i) => compilePatternText(s, sources.length > 1 ? `Pattern ${i + 1}` : 'Pattern'));
    return { ok: true, filter: makeFilter(compiled) };
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

/**
 * What a Kinesis-source filter is evaluated on: the record's `kinesis` fields with `data` decoded from base64 and parsed
 * as JSON (Lambda filters Kinesis data that is JSON; data that is not leaves only the metadata fields to match).
 */
export function kinesisFilterInput(record: unknown): unknown {
  if (!isObject(record)) return record;
  const fields = isObject(record.kinesis) ? record.kinesis : record;
  if (typeof fields.data !== 'string') return fields;
  return { ...fields, data: decodeJsonData(fields.data) };
}

// ---------------------------------------------------------------------------------------------------------------
// Input forms

class FilterError extends Error {}

/** The pattern texts of the input, each as Lambda would measure it. */
function patternSources(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new FilterError('The filter is empty: enter a pattern such as {"eventName":["REMOVE"]}.');
  const input = parseJson(trimmed, 'The filter');
  if (Array.isArray(input)) return filtersArray(input);
  if (isObject(input) && Array.isArray(input.Filters)) return filtersArray(input.Filters);
  if (isObject(input)) return [trimmed];
  throw new FilterError(`The filter must be a JSON object or array, not ${kindOf(input)}: e.g. {"eventName":["REMOVE"]}.`);
}

function filtersArray(filters: unknown[]): string[] {
  return filters.map((f, i) => {
    const where = `Filters[${i}]`;
    if (!isObject(f)) throw new FilterError(`${where} must be an object like {"Pattern": "{\\"eventName\\":[\\"REMOVE\\"]}"}, not ${kindOf(f)}.`);
    if (!('Pattern' in f)) return JSON.stringify(f); // a bare pattern object in the array
    if (typeof f.Pattern === 'string') return f.Pattern;
    if (isObject(f.Pattern)) return JSON.stringify(f.Pattern);
    throw new FilterError(`${where}.Pattern must be a string holding the pattern's JSON, not ${kindOf(f.Pattern)}.`);
  });
}

function compilePatternText(source: string, label: string): CompiledPattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new FilterError(`${label} is ${source.length} characters long; Lambda allows at most ${MAX_PATTERN_LENGTH.toLocaleString('en-US')}.`);
  }
  const pattern = parseJson(source, label);
  if (!isObject(pattern)) throw new FilterError(`${label} must be a JSON object such as {"eventName":["REMOVE"]}, not ${kindOf(pattern)}.`);
  if (Object.keys(pattern).length === 0) throw new FilterError(`${label} is empty ({}): name at least one field, e.g. {"eventName":["REMOVE"]}.`);
  return { text: JSON.stringify(pattern), checks: compileObject(pattern, [], label) };
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, Math.max(0, offset));
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const detail = e instanceof Error ? e.message.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '') : String(e);
    throw new FilterError(`${label} is not valid JSON: ${detail} at line ${line}, column ${column} (position ${offset}).`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling a pattern

function compileObject(obj: Record<string, unknown>, path: string[], label: string): Check[] {
  const checks: Check[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$or') {
      checks.push(compileOr(value, path, label));
      continue;
    }
    const childPath = [...path, key];
    const where = `${label} at ${pathText(childPath)}`;
    if (Array.isArray(value)) checks.push({ kind: 'field', path: childPath, pathText: pathText(childPath), rules: compileRules(value, where) });
    else if (isObject(value)) {
      if (Object.keys(value).length === 0) throw new FilterError(`${where}: an empty object matches nothing; name a field under it or remove it.`);
      checks.push(...compileObject(value, childPath, label));
    } else {
      throw new FilterError(`${where}: a rule must be an array of values, e.g. "${key}": [${JSON.stringify(value)}], not ${kindOf(value)}.`);
    }
  }
  return checks;
}

function compileOr(value: unknown, path: string[], label: string): Check {
  const where = `${label} at ${pathText([...path, '$or'])}`;
  if (!Array.isArray(value) || value.length === 0) throw new FilterError(`${where}: $or takes a non-empty array of patterns, e.g. [{"a":["x"]},{"b":["y"]}].`);
  const branches = value.map((branch, i) => {
    if (!isObject(branch) || Object.keys(branch).length === 0) throw new FilterError(`${where}[${i}]: each $or branch must be a non-empty object pattern.`);
    return compileObject(branch, path, label);
  });
  return { kind: 'or', pathText: pathText([...path, '$or']), branches };
}

function compileRules(values: unknown[], where: string): Rule[] {
  if (values.length === 0) throw new FilterError(`${where}: an empty array matches nothing; list at least one value or rule.`);
  return values.map((v, i) => compileRule(v, `${where}[${i}]`));
}

function compileRule(value: unknown, where: string): Rule {
  if (value === null) return { text: 'null', test: (v) => v === null };
  if (typeof value === 'string' || typeof value === 'boolean') return { text: JSON.stringify(value), test: (v) => v === value };
  if (typeof value === 'number') return { text: String(value), test: (v) => v === value };
  if (!isObject(value)) throw new FilterError(`${where}: ${kindOf(value)} is not a rule; use a value, null, or an operator object such as {"prefix":"x"}.`);
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new FilterError(`${where}: an operator object holds exactly one operator, found ${keys.length === 0 ? 'none' : keys.join(', ')}.`);
  const op = keys[0];
  const arg = value[op];
  switch (op) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case': {
      if (typeof arg !== 'string') throw new FilterError(`${where}: "${op}" takes a string, not ${kindOf(arg)}.`);
      const test = STRING_TESTS[op](arg);
      return { text: `${op} ${JSON.stringify(arg)}`, test: (v) => typeof v === 'string' && test(v) };
    }
    case 'anything-but':
      return compileAnythingBut(arg, where);
    case 'numeric':
      return compileNumeric(arg, where);
    case 'exists':
      if (typeof arg !== 'boolean') throw new FilterError(`${where}: "exists" takes true or false, not ${kindOf(arg)}.`);
      return { text: `exists ${arg}`, exists: arg };
    default:
      throw new FilterError(`${where}: unknown operator "${op}"; Lambda filters know ${OPERATORS.join(', ')} (and $or across fields).`);
  }
}

const STRING_TESTS: Record<string, (arg: string) => (v: string) => boolean> = {
  prefix: (p) => (v) => v.startsWith(p),
  suffix: (x) => (v) => v.endsWith(x),
  'equals-ignore-case': (x) => {
    const lower = x.toLowerCase();
    return (v) => v.toLowerCase() === lower;
  },
};

function compileAnythingBut(arg: unknown, where: string): Rule {
  if (isObject(arg)) {
    const inner = compileRule(arg, `${where}.anything-but`);
    if (!Object.hasOwn(STRING_TESTS, Object.keys(arg)[0])) {
      throw new FilterError(`${where}: anything-but takes a value, a list of values, or {"prefix"|"suffix"|"equals-ignore-case": "…"}.`);
    }
    const test = inner.test!;
    return { text: `anything-but ${inner.text}`, test: (v) => typeof v === 'string' && !test(v) };
  }
  const list = Array.isArray(arg) ? arg : [arg];
  if (list.length === 0) throw new FilterError(`${where}: anything-but needs at least one value.`);
  for (const x of list) {
    if (typeof x !== 'string' && typeof x !== 'number') throw new FilterError(`${where}: anything-but lists strings or numbers, not ${kindOf(x)}.`);
  }
  const excluded = new Set<Scalar>(list as Scalar[]);
  return { text: `anything-but ${JSON.stringify(list)}`, test: (v) => !excluded.has(v) };
}

const NUMERIC_TESTS: Record<string, (v: number, n: number) => boolean> = {
  '=': (v, n) => v === n,
  '<': (v, n) => v < n,
  '<=': (v, n) => v <= n,
  '>': (v, n) => v > n,
  '>=': (v, n) => v >= n,
};

/** `["=", 100]`, `[">", 10]`, `[">", 10, "<=", 20]`: at most one lower and one upper bound; "=" alone. */
function compileNumeric(arg: unknown, where: string): Rule {
  const usage = `numeric takes operator/number pairs such as ["=", 100], [">", 0, "<=", 150.5]`;
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) throw new FilterError(`${where}: ${usage}.`);
  const tests: ((n: number) => boolean)[] = [];
  let lower = false;
  let upper = false;
  for (let i = 0; i < arg.length; i += 2) {
    const op: unknown = arg[i];
    const n: unknown = arg[i + 1];
    if (typeof op !== 'string' || !Object.hasOwn(NUMERIC_TESTS, op)) throw new FilterError(`${where}: ${JSON.stringify(op)} is not a numeric operator (=, <, <=, >, >=).`);
    if (typeof n !== 'number') throw new FilterError(`${where}: numeric "${op}" needs a number, not ${kindOf(n)}.`);
    if (op === '=' && arg.length !== 2) throw new FilterError(`${where}: numeric "=" stands alone: ["=", ${n}].`);
    const isLower = op === '>' || op === '>=';
    if ((isLower && lower) || (!isLower && op !== '=' && upper)) throw new FilterError(`${where}: ${usage} (one lower and one upper bound at most).`);
    if (isLower) lower = true;
    else if (op !== '=') upper = true;
    const compare = NUMERIC_TESTS[op];
    tests.push((v) => compare(v, n));
  }
  return { text: `numeric ${arg.map((x) => String(x)).join(' ')}`, test: (v) => typeof v === 'number' && tests.every((t) => t(v)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

interface CompiledPattern {
  text: string;
  checks: Check[];
}

function makeFilter(patterns: CompiledPattern[]): LambdaFilter {
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
function lookup(root: unknown, path: string[], from = 0): Scalar | Many | undefined {
  let node = root;
  for (let i = from; i < path.length; i++) {
    if (Array.isArray(node)) return collect(node, path, i);
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[path[i]];
    if (node === undefined) return undefined;
  }
  if (Array.isArray(node)) return collect(node, path, path.length);
  return node !== null && typeof node === 'object' ? undefined : (node as Scalar);
}

function collect(items: unknown[], path: string[], from: number): Many {
  const out: Scalar[] = [];
  for (const item of items) {
    const found = lookup(item, path, from);
    if (found instanceof Many) out.push(...found.values);
    else if (found !== undefined) out.push(found);
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
  for (const segment of path) node = isObject(node) ? node[segment] : undefined;
  if (isObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1 && DYNAMODB_TYPES.has(keys[0])) return `a DynamoDB value {"${keys[0]}": …} — name its type key, e.g. ${pathText([...path, keys[0]])}`;
    return 'an object, not a value';
  }
  return 'no such field';
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `a ${typeof x} (${JSON.stringify(x)})`;
}

function pathText(path: string[]): string {
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

/** Where JSON.parse failed (its messages do not always say): a small syntax scan, run only after a failure. */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonScanStop(i);
  };
  const ws = () => {
    while (' \t\n\r'.includes(text[i] ?? 'x')) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());
  const str = () => {
    expect('"');
    for (let c = text[i]; c !== '"'; c = text[i]) {
      if (c === undefined || c < ' ') fail();
      else if (c !== '\\') i++;
      else if (text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if ('"\\/bfnrt'.includes(text[i + 1] ?? 'x')) i += 2;
      else fail();
    }
    i++;
  };
  const value = (): void => {
    ws();
    const open = text[i];
    if (open === '"') return str();
    if (open !== '{' && open !== '[') {
      const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400)) ?? fail();
      i += literal[0].length;
      return;
    }
    const close = open === '{' ? '}' : ']';
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      if (close === '}') {
        ws();
        str();
        ws();
        expect(':');
      }
      value();
      ws();
      if (text[i] !== ',') return void expect(close);
      i++;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (e) {
    if (e instanceof JsonScanStop) return e.offset;
    throw e;
  }
}

/** Stops the scan at the offset where the JSON went wrong (caught in jsonErrorOffset, never escapes it). */
class JsonScanStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON scan stopped at ${offset}`);
  }
}
