// A JSON parser that keeps what JSON.parse loses for item documents: a number's exact text (a 38-digit number is read
// digit for digit, never through a double), each value's position (errors name line and column) and duplicate names
// (refused rather than silently keeping the last).

export type JsonNode =
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'null'; at: number }
  | { kind: 'array'; items: JsonNode[]; at: number }
  | { kind: 'object'; entries: { name: string; value: JsonNode }[]; at: number };

/** A document that is not JSON, or not the JSON expected: the message names the line and column. */
export class JsonDocumentError extends Error {
  constructor(readonly reason: string, readonly line: number, readonly column: number) {
    super(`Line ${line}, column ${column}: ${reason}`);
    this.name = 'JsonDocumentError';
  }
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function errorAt(text: string, offset: number, reason: string): JsonDocumentError {
  const { line, column } = positionOf(text, offset);
  return new JsonDocumentError(reason, line, column);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_RUN = /[^"\\\u0000-\u001f]+/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(text: string): JsonNode {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw errorAt(text, at, reason);
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the document' : `"${text[at]}"`);
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (c: string, what: string) => {
    skipSpace();
    if (text[i] !== c) fail(`expected ${what}, found ${describe(i)}`);
    i++;
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      // Runs of plain characters are taken at once (a file of 50,000 items is mostly such runs).
      PLAIN_RUN.lastIndex = i;
      if (PLAIN_RUN.test(text)) {
        out += text.slice(i, PLAIN_RUN.lastIndex);
        i = PLAIN_RUN.lastIndex;
      }
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else {
          fail(`invalid escape "\\${e ?? ''}"`);
        }
      } else if (c < ' ') {
        fail('control character in a string (write it escaped, e.g. \\n)');
      } else {
        out += c;
        i++;
      }
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > 64) fail('nested more than 64 levels deep');
    skipSpace();
    const at = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: { name: string; value: JsonNode }[] = [];
      const seen = new Set<string>();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, at };
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`expected a quoted attribute name, found ${describe(i)}`);
        const nameAt = i;
        const name = parseString();
        if (seen.has(name)) fail(`"${name}" appears twice in this object`, nameAt);
        seen.add(name);
        expect(':', '":"');
        entries.push({ name, value: parseValue(depth + 1) });
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', entries, at };
        }
        fail(`expected "," or "}", found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, at };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', items, at };
        }
        fail(`expected "," or "]", found ${describe(i)}`);
      }
    }
    if (c === '"') return { kind: 'string', value: parseString(), at };
    for (const [word, node] of [['true', { kind: 'boolean', value: true, at }], ['false', { kind: 'boolean', value: false, at }], ['null', { kind: 'null', at }]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return node;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return { kind: 'number', text: m[0], at };
    }
    return fail(`expected a value, found ${describe(i)}`);
  };

  const root = parseValue(0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
  return root;
}

/** True when `text` is a number as JSON writes one (so it can be written unquoted). */
export function isJsonNumberText(text: string): boolean {
  NUMBER.lastIndex = 0;
  const m = NUMBER.exec(text);
  return !!m && m[0] === text;
}
