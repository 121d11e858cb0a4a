// The Lambda filter's pre-check on the held JSON line must never change a verdict: on records built to trip it
// (quotes, backslashes, unicode, lone surrogates, line separators, binary, attributes named like type keys, identities
// with missing fields), for a filter on every string value each record holds and on near misses of those values, the
// pre-check never rules out a record the matcher passes, and a tail session's verdicts equal the matcher's on every record.
import assert from 'node:assert/strict';
import { parseLambdaFilter } from '../../../../../src/core/lambda/filter/lambdaFilter';
import { compileFilterText } from '../../../../../src/core/lambda/filter/lambdaFilterParse';
import { lambdaFilterInputOfLine, type LambdaSource } from '../../../../../src/core/lambda/lambdaPanel';
import { lambdaLinePrecheck } from '../../../../../src/core/lambda/filter/lambdaPrecheck';
import type { AttributeValue, StreamRecord } from '../../../../../src/core/records/model';
import { recordFromJsonLine, recordToJsonLine } from '../../../../../src/core/records/recordJson';
import { TailSession } from '../../../../../src/core/panel/tailSession';

const SRC: LambdaSource = { source: 'dynamodb', streamArn: 'arn:aws:dynamodb:us-east-1:1:table/T/stream/x', region: 'eu-west-1' };
const bytes = (...b: number[]) => new Uint8Array(b);

function record(n: number, eventName: string, keys: Record<string, AttributeValue>, newImage?: Record<string, AttributeValue>, oldImage?: Record<string, AttributeValue>, extra: Partial<StreamRecord> = {}): StreamRecord {
  return {
    eventID: `e-${n}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: n % 2 ? 'us-east-1' : '',
    dynamodb: { ApproximateCreationDateTime: new Date('2025-01-02T03:04:05Z'), Keys: keys, NewImage: newImage, OldImage: oldImage, SequenceNumber: String(100 + n), SizeBytes: 42, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    ...extra,
  };
}

const tricky: StreamRecord[] = [
  record(1, 'INSERT', { PK: { S: 'say "hi"' } }, { PK: { S: 'say "hi"' }, 'q"name': { S: 'a\\b' }, 'back\\slash': { S: 'c:\\temp\\new' }, tab: { S: 'x\ty\nz' }, ctl: { S: '\u0001\u001f' } }),
  record(2, 'MODIFY', { 'Ünïcode KEY': { S: 'ΟΔΟΣ' } }, { 'Ünïcode KEY': { S: 'ΟΔΟΣ' }, emoji: { S: 'ok 😀 done' }, slash: { S: 'a/b</script>' } }, { 'Ünïcode KEY': { S: 'ΟΔΟΣ' }, lone: { S: 'x\uD800y' }, 'name\u2028sep': { S: '\u2028' } }),
  record(3, 'REMOVE', { id: { N: '12345678901234567890123456789012345678' } }, undefined, { id: { N: '12345678901234567890123456789012345678' }, small: { N: '-0.50' }, ok: { BOOL: true }, nothing: { NULL: true }, word: { S: 'REMOVE' } }, { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } }),
  record(4, 'INSERT', { bin: { B: bytes(1, 2, 3, 250) } }, { bin: { B: bytes(1, 2, 3, 250) }, set: { BS: [bytes(0), bytes(255, 254)] }, nums: { NS: ['3', '1', '2.5'] }, strs: { SS: ['b"', 'a\\', ''] } }),
  record(5, 'MODIFY', { S: { S: 'N' } }, { S: { S: 'N' }, M: { M: { S: { S: 'inner "quoted"' }, L: { L: [{ N: '7' }, { S: 'S' }, { NULL: true }] } } }, L: { L: [] }, empty: { S: '' } }),
  // Identities with a field missing: the filter input says "" for it, which the line does not hold.
  record(6, 'REMOVE', { k: { S: 'x' } }, undefined, { k: { S: 'x' } }, { userIdentity: { Type: 'Service' } }),
  record(7, 'REMOVE', { k: { S: 'y' } }, undefined, { k: { S: 'y' } }, { userIdentity: { PrincipalId: 'dynamodb.amazonaws.com' } }),
  record(8, 'MODIFY', { k: { S: 'eu-west-1' } }, { k: { S: 'eu-west-1' }, arn: { S: 'aws:dynamodb' } }),
];

const lines = tricky.map((r) => recordToJsonLine(r));
const inputs = lines.map((line) => lambdaFilterInputOfLine(line, SRC, recordFromJsonLine));

/** Every string leaf of an input with its path (array positions dropped: filters look through arrays). */
function stringLeaves(node: unknown, path: string[] = [], out: { path: string[]; value: string }[] = []) {
  if (typeof node === 'string') out.push({ path, value: node });
  else if (Array.isArray(node)) for (const item of node) stringLeaves(item, path, out);
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) stringLeaves(v, [...path, k], out);
  return out;
}

function patternAt(path: string[], rules: unknown[]): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), rules);
}

/** Filters on every string value held, on near misses of it, and combined with other rules, $or and several patterns. */
function filterTexts(): string[] {
  const texts = new Set<string>();
  for (const input of inputs) {
    for (const { path, value } of stringLeaves(input)) {
      if (path.includes('$or')) continue;
      for (const rules of [[value], [value + 'x'], [value.slice(1)], ['zzz', value], [value, { prefix: value.slice(0, 1) }], [{ 'equals-ignore-case': value }], [{ exists: true }], [{ 'anything-but': [value] }]]) {
        const one = JSON.stringify(patternAt(path, rules));
        texts.add(one);
        texts.add(JSON.stringify({ eventName: ['REMOVE'], ...(patternAt(path, rules) as object) }));
        texts.add(JSON.stringify({ $or: [patternAt(path, rules), { eventName: ['INSERT'] }] }));
        texts.add(JSON.stringify({ Filters: [{ Pattern: one }, { Pattern: '{"eventName":["MODIFY"]}' }] }));
      }
    }
  }
  return [...texts];
}

describe('Lambda filter pre-check on the JSON line (lambdaPrecheck.ts)', () => {
  const texts = filterTexts();

  it('never rules out a record the matcher passes, and rules out most records for selective filters', () => {
    let ruledOut = 0;
    let checked = 0;
    for (const text of texts) {
      const parsed = parseLambdaFilter(text);
      if (!parsed.ok) continue; // e.g. an attribute whose name reads as an operator
      const precheck = lambdaLinePrecheck(compileFilterText(text));
      for (let i = 0; i < lines.length; i++) {
        const passes = parsed.filter.matches(inputs[i]);
        const mayPass = precheck ? precheck(lines[i]) : true;
        checked++;
        if (!mayPass) ruledOut++;
        assert.ok(mayPass || !passes, `pre-check ruled out record ${i + 1} that ${text} passes`);
      }
    }
    assert.ok(texts.length > 500, `only ${texts.length} filters`);
    assert.ok(ruledOut > checked / 4, `the pre-check ruled out only ${ruledOut} of ${checked}`);
  });

  it('requires nothing for rules other than plain strings, for "" and for fields the panel sets itself', () => {
    for (const text of ['{"eventName":[{"prefix":"RE"}]}', '{"eventName":[{"exists":true}]}', '{"dynamodb":{"SizeBytes":[42]}}', '{"userIdentity":{"type":[""]}}', '{"awsRegion":["eu-west-1"]}', '{"eventSourceARN":["x"]}', '{"eventSource":["aws:dynamodb"]}', '{"eventName":["REMOVE","MODIFY",{"anything-but":"x"}]}', '{"$or":[{"eventName":["REMOVE"]},{"awsRegion":["x"]}]}']) {
      assert.equal(lambdaLinePrecheck(compileFilterText(text)), undefined, text);
    }
    const precheck = lambdaLinePrecheck(compileFilterText('{"Filters":[{"Pattern":"{\\"eventName\\":[\\"REMOVE\\"]}"},{"Pattern":"{\\"dynamodb\\":{\\"Keys\\":{\\"k\\":{\\"S\\":[\\"x\\"]}}}}"}]}'));
    assert.deepEqual(lines.map((l) => precheck!(l)), [false, false, true, false, false, true, true, false]);
  });

  it('a tail session filtering records already held gives the matcher\'s verdict on every record', () => {
    const session = new TailSession({
      target: { source: 'dynamodb', name: 'T', streamArn: SRC.streamArn, viewType: 'NEW_AND_OLD_IMAGES', startPosition: 'LATEST', maxRecords: 100, region: SRC.region },
      post: () => undefined,
      timers: { set: () => 0, clear: () => undefined },
    });
    session.onReady();
    session.handleEvent({ type: 'records', shardId: 'shardId-1', records: tricky });
    session.flush();
    session.setLambdaOnly(true);
    let compared = 0;
    for (const text of texts) {
      const parsed = parseLambdaFilter(text);
      if (!parsed.ok) continue;
      session.setLambdaFilter(''); // drops the kept inputs: the next filter is a first filter, pre-checked
      session.setLambdaFilter(text);
      const expected = inputs.map((input, i) => (parsed.filter.matches(input) ? i + 1 : -1)).filter((id) => id > 0);
      assert.deepEqual(session.visibleRows().map((r) => r.id), expected, text);
      assert.equal(session.lambdaCounts?.wouldInvoke, expected.length, text);
      compared++;
    }
    assert.ok(compared > 500);
    session.dispose();
  });
});
