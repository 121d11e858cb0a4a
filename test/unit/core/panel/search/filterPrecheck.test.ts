// The text filter's pre-check on the held JSON line must never change a result: compared with the full matcher on
// records whose names and values are built to trip it (quotes, backslashes, unicode, control characters, binary,
// malformed values, type tags), for every substring of their search text and of their JSON line as a term.
import assert from 'node:assert/strict';
import { createMatcher, defaultFilter, parseFilterText } from '../../../../../src/core/panel/filter';
import type { AttributeValue, StreamRecord } from '../../../../../src/core/records/model';
import { eventKindOf, searchTextOf } from '../../../../../src/core/records/records';
import { recordFromJsonLine, recordToJsonLine } from '../../../../../src/core/records/recordJson';
import { jsonLineNeedles, jsonLinePrecheck } from '../../../../../src/core/panel/search/searchPrecheck';
import { TailSession } from '../../../../../src/core/panel/tailSession';

const bytes = (...b: number[]) => new Uint8Array(b);

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', keys: Record<string, AttributeValue>, newImage?: Record<string, AttributeValue>, oldImage?: Record<string, AttributeValue>): StreamRecord {
  return {
    eventID: 'e-' + Math.random().toString(36).slice(2),
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: { ApproximateCreationDateTime: new Date('2025-01-02T03:04:05Z'), Keys: keys, NewImage: newImage, OldImage: oldImage, SequenceNumber: '100000000000000000001', SizeBytes: 42, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

const tricky: StreamRecord[] = [
  record('INSERT', { PK: { S: 'say "hi"' } }, { PK: { S: 'say "hi"' }, 'q"name': { S: 'a\\b' }, 'back\\slash': { S: 'c:\\temp\\new' }, tab: { S: 'x\ty\nz' } }),
  record('MODIFY', { 'Ünïcode KEY': { S: 'ΟΔΟΣ' } }, { 'Ünïcode KEY': { S: 'ΟΔΟΣ' }, greek: { S: 'ΣΑΣ Σ.Σ' }, turkish: { S: 'İstanbul' }, kelvin: { S: '\u212Aelvin' }, emoji: { S: 'ok 😀 done' } }, { 'Ünïcode KEY': { S: 'ΟΔΟΣ' }, lone: { S: 'x\uD800y' }, 'name\u2028sep': { S: '\u2028' } }),
  record('REMOVE', { id: { N: '12345678901234567890123456789012345678' } }, undefined, { id: { N: '12345678901234567890123456789012345678' }, small: { N: '-0.50' }, ok: { BOOL: true }, off: { BOOL: false }, nothing: { NULL: true } }),
  record('INSERT', { bin: { B: bytes(1, 2, 3, 250) } }, { bin: { B: bytes(1, 2, 3, 250) }, set: { BS: [bytes(0), bytes(255, 254)] }, nums: { NS: ['3', '1', '2.5'] }, strs: { SS: ['b"', 'a\\'] } }),
  record('MODIFY', { S: { S: 'N' } }, { S: { S: 'N' }, M: { M: { 'S': { S: 'inner "quoted"' }, L: { L: [{ N: '7' }, { S: 'S' }, { NULL: true }] } } }, L: { L: [] }, empty: { S: '' } }),
  // Malformed: cannot be unmarshalled, so shown as "(unreadable value …)" with its binary read back as bytes.
  record('MODIFY', { k: { S: 'x' } }, { k: { S: 'x' }, broken: { M: { fine: { B: bytes(9, 99, 199) }, odd: { Q: 1 } as never } }, num: { N: { weird: 1 } as never } }),
  record('INSERT', { k: { S: 'long' } }, { k: { S: 'long' }, big: { M: { text: { S: 'z'.repeat(300) }, bad: { X: 'y' } as never } } }),
];

/** As the session holds them: a JSON line, read back for the search text. */
const held = tricky.map((r) => {
  const line = recordToJsonLine(r);
  const revived = recordFromJsonLine(line);
  return { kind: eventKindOf(revived), line, lowerLine: line.toLowerCase(), search: searchTextOf(revived) };
});

function substrings(text: string, maxLength: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) for (let n = 1; n <= maxLength && i + n <= text.length; n++) out.add(text.slice(i, i + n));
  return out;
}

const candidateTerms = (() => {
  const terms = new Set<string>(['s', 'n', 'm', 'l', 'b', 'bs', 'ss', 'ns', 'bool', 'null', 'true', 'false', '"s"', 'base64', 'aqid', 'σ', 'ς', 'i', 'i̇', 'k', '😀', '\uD83D', '\\', '\\\\', '"', '\\"', '\\t', '\t', '\u2028', '9', '99', '199', '0', '1']);
  for (const h of held) for (const t of [...substrings(h.search, 7), ...substrings(h.lowerLine, 5)]) terms.add(t.toLowerCase());
  return [...terms].filter((t) => t.trim() !== '');
})();

describe('text filter pre-check on the JSON line', () => {
  it('never rules out a term the search text holds (every substring of every tricky record)', () => {
    let checked = 0;
    for (const h of held) {
      for (const term of substrings(h.search, 12)) {
        const needles = jsonLineNeedles(term);
        if (!needles) continue;
        checked++;
        assert.ok(needles.some((n) => h.lowerLine.includes(n)), `term ${JSON.stringify(term)} is in the search text ${JSON.stringify(h.search)} but no needle ${JSON.stringify(needles)} is in the line`);
      }
    }
    assert.ok(checked > 500, `pre-checked ${checked} terms`);
  });

  it('tests the raw JSON line exactly as lower-casing it and searching the needles would (Kelvin sign, İ included)', () => {
    const lines = [...held.map((h) => h.line), '{"k":"\u212A"}', '{"İ":"x"}', '{"a":"KELVIN İi"}'];
    for (const term of candidateTerms) {
      const needles = jsonLineNeedles(term);
      const test = jsonLinePrecheck(term);
      assert.equal(test === undefined, needles === undefined);
      if (!needles || !test) continue;
      for (const line of lines) {
        const lower = line.toLowerCase();
        assert.equal(test(line), needles.some((n) => lower.includes(n)), `term ${JSON.stringify(term)} on ${JSON.stringify(line)}`);
      }
    }
    assert.equal(jsonLinePrecheck('k')!('{"x":"\u212A"}'), true, 'K KELVIN SIGN lower-cases to k');
    assert.equal(jsonLinePrecheck('i')!('{"x":"İ"}'), true, 'İ lower-cases to i + dot');
    assert.equal(jsonLinePrecheck('a.c')!('{"x":"abc"}'), false, 'needles are literal text');
  });

  it('gives the same result as the full matcher, for every term, negated too, and pairs of terms', () => {
    const full = (text: string) => createMatcher({ text, kinds: defaultFilter().kinds });
    const quick = (text: string) => createMatcher({ text, kinds: defaultFilter().kinds }, jsonLinePrecheck);
    const compare = (text: string) => {
      const a = full(text);
      const b = quick(text);
      for (const h of held) {
        const expected = a(h.kind, () => h.search);
        assert.equal(b(h.kind, () => h.search, h.line), expected, `filter ${JSON.stringify(text)} on ${JSON.stringify(h.search)}`);
      }
    };
    const asFilterText = (t: string) => (/\s/.test(t) ? `"${t}"` : t);
    const usable = candidateTerms.filter((t) => !t.includes('"') || !/\s/.test(t)).filter((t) => parseFilterText(asFilterText(t)).length === 1);
    for (const t of usable) {
      compare(asFilterText(t));
      compare(`-${asFilterText(t)}`);
    }
    for (let i = 0; i + 1 < usable.length; i += 7) compare(`${asFilterText(usable[i])} -${asFilterText(usable[i + 1])}`);
    assert.ok(usable.length > 2000, `${usable.length} terms compared`);
  });

  it('type tags and attribute names alone match as before: "S" is not a value, a name is', () => {
    const quick = (text: string) => held.filter((h) => createMatcher({ text, kinds: defaultFilter().kinds }, jsonLinePrecheck)(h.kind, () => h.search, h.line)).length;
    assert.equal(quick('bool'), 0, 'BOOL is a type tag: no record has it in its search text');
    assert.equal(quick('ok=true'), 1);
    assert.equal(quick('back\\slash'), 1, 'names are matched raw');
    assert.equal(quick('c:\\\\temp'), 1, 'values are matched as shown (JSON-quoted)');
    assert.equal(quick('οδος'), 1, 'final sigma');
  });

  it('has no pre-check for separators, sigma, lone surrogates and words the search text writes itself', () => {
    for (const term of ['a=b', 'x,y', 'a b', '"q', '<<', '[1', '{a', 'a:b', '(x', 'x…', 'σ', 'ς', '\uD800', 'base', 'unreadable', 'alu', 'obj']) {
      assert.equal(jsonLineNeedles(term), undefined, JSON.stringify(term));
    }
    assert.deepEqual(jsonLineNeedles('a\\b'), ['a\\b', 'a\\\\b']);
    assert.deepEqual(jsonLineNeedles('1001'), ['1001', '"b":', '"bs":']);
    assert.deepEqual(jsonLineNeedles('lisbon'), ['lisbon']);
  });

  for (const indexed of [false, true]) {
    it(`a tail session filters the tricky records exactly as the full matcher does (${indexed ? 'search index filled' : 'nothing indexed'})`, () => {
      const posted: unknown[] = [];
      const due: (() => void)[] = [];
      const session = new TailSession({
        target: { source: 'dynamodb', name: 'T', streamArn: 'arn:aws:dynamodb:us-east-1:1:table/T/stream/x', viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: 100 },
        post: (m) => posted.push(m),
        // The index's timers run only when the test says so; its clock stands still past the idle wait.
        searchIndex: { timers: { set: (fn) => due.push(fn), clear: () => undefined }, clock: () => 1e9, idleMs: 0 },
      });
      session.onReady();
      session.handleEvent({ type: 'records', shardId: 'shardId-1', records: tricky });
      session.flush();
      while (indexed && due.length > 0) due.shift()!();
      assert.equal(tricky.filter((_, i) => session.get(i + 1)!.search !== undefined).length, indexed ? tricky.length : 0);
      for (const text of ['say', '\\"hi\\"', 'ΟΔΟΣ', 'istanbul', '250', '9', '-x', 'n', '😀', 'kelvin', 'bool', 'σ', 'unreadable', '"s"', '1, 2']) {
        session.setFilter({ text, kinds: defaultFilter().kinds });
        const full = createMatcher({ text, kinds: defaultFilter().kinds });
        const expected = held.map((h, i) => (full(h.kind, () => h.search) ? i + 1 : -1)).filter((i) => i > 0);
        assert.deepEqual(session.visibleRows().map((r) => r.id), expected, `filter ${JSON.stringify(text)}`);
      }
      session.dispose();
    });
  }
});
