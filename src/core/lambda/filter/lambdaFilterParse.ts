// Lambda filter parsing and validation: the three input forms (FilterCriteria, a Filters array, one pattern), Lambda's
// limits, and each pattern compiled once into closures (checks) that lambdaFilterMatch.ts evaluates. Errors name the
// pattern, the path and what to write instead.
import { isObject, pathText, type Check, type CompiledPattern, type Rule, type Scalar } from './lambdaFilterMatch';

export const MAX_FILTERS = 5;
export const MAX_PATTERN_LENGTH = 4096;
const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists'] as const;

export class FilterError extends Error {}

/** The compiled patterns of a filter's text; throws FilterError with a precise message on bad input. */
export function compileFilterText(text: string): CompiledPattern[] {
  const sources = patternSources(text);
  if (sources.length === 0) throw new FilterError('The filter has no patterns: give at least one, e.g. {"eventName":["REMOVE"]}.');
  if (sources.length > MAX_FILTERS) {
    throw new FilterError(`The filter has ${sources.length} patterns; Lambda allows at most ${MAX_FILTERS} per event source mapping.`);
  }
  return sources.map((s, i) => compilePatternText(s, sources.length > 1 ? `Pattern ${i + 1}` : 'Pattern'));
}


/** The pattern texts of the input, each as Lambda would measure it (and as a FilterCriteria sends it). */
export function patternSources(text: string): string[] {
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
    if (!Object.hasOwn(f, 'Pattern')) return patternTextOf(f, where); // a bare pattern object in the array
    if (typeof f.Pattern === 'string') return f.Pattern;
    if (isObject(f.Pattern)) return patternTextOf(f.Pattern, `${where}.Pattern`);
    throw new FilterError(`${where}.Pattern must be a string holding the pattern's JSON, not ${kindOf(f.Pattern)}.`);
  });
}

/**
 * A pattern object's JSON text. Nesting deeper than half the length limit cannot fit in it (each level takes two
 * brackets at least): refused before JSON.stringify, whose recursion such nesting would overflow.
 */
function patternTextOf(pattern: Record<string, unknown>, where: string): string {
  const depth = nestingDepth(pattern, MAX_PATTERN_LENGTH / 2);
  if (depth > MAX_PATTERN_LENGTH / 2) {
    throw new FilterError(`${where} is nested more than ${MAX_PATTERN_LENGTH / 2} levels deep, so it is longer than the ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} characters Lambda allows a pattern.`);
  }
  return JSON.stringify(pattern);
}

/** How deeply objects and arrays nest in a JSON value, counted without recursion and up to `limit` + 1. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
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

function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `a ${typeof x} (${JSON.stringify(x)})`;
}

/**
 * Where JSON.parse failed (its messages do not always say): a small syntax scan, run only after a failure. Iterative,
 * with the open brackets on a stack of its own: the text is the user's, and its nesting must not cost call depth.
 */
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
  const key = () => {
    ws();
    str();
    ws();
    expect(':');
  };
  const closers: string[] = []; // the brackets still open, innermost last
  try {
    for (;;) {
      // At a value.
      ws();
      const open = text[i];
      if (open === '{' || open === '[') {
        const close = open === '{' ? '}' : ']';
        i++;
        ws();
        if (text[i] !== close) {
          closers.push(close);
          if (close === '}') key();
          continue;
        }
        i++;
      } else if (open === '"') str();
      else {
        const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400)) ?? fail();
        i += literal[0].length;
      }
      // After a value: close what ends here, up to the next element.
      for (;;) {
        ws();
        if (closers.length === 0) return i < text.length ? i : text.length;
        if (text[i] === ',') {
          i++;
          if (closers[closers.length - 1] === '}') key();
          break;
        }
        expect(closers.pop()!);
      }
    }
  } catch (e) {
    if (e instanceof JsonScanStop) return e.offset;
    throw e;
  }
}

class JsonScanStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
