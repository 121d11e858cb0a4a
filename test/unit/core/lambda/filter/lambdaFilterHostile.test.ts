// Hostile inputs to the Lambda filter: attribute names that are also names of Object.prototype's members, and nesting
// deep enough to overflow a recursive scan. Verdicts must depend on the record's own data only, and a bad filter must
// come back as the inline message ({ ok: false }), never as a thrown error.
import assert from 'node:assert/strict';
import { explainLambdaFilter, lambdaFilterMatches, parseLambdaFilter, type LambdaFilter } from '../../../../../src/core/lambda/filter/lambdaFilter';

function compile(pattern: unknown): LambdaFilter {
  const result = parseLambdaFilter(typeof pattern === 'string' ? pattern : JSON.stringify(pattern));
  if (!result.ok) assert.fail(`expected a valid filter, got: ${result.error}`);
  return result.filter;
}

/** A record whose image holds only `id`: none of the inherited names below is an attribute of it. */
function plainRecord(): unknown {
  return { eventName: 'INSERT', dynamodb: { NewImage: { id: { S: '1' } } } };
}

const INHERITED_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__', '__defineGetter__', 'toLocaleString'];

describe('Lambda filter: attribute names that Object.prototype also has', () => {
  for (const name of INHERITED_NAMES) {
    it(`"${name}": exists true does not match a record without it; exists false does`, () => {
      const pattern = `{"dynamodb":{"NewImage":{${JSON.stringify(name)}:{"S":[{"exists":true}]}}}}`;
      assert.equal(lambdaFilterMatches(compile(pattern), plainRecord()), false);
      const absent = `{"dynamodb":{"NewImage":{${JSON.stringify(name)}:[{"exists":false}]}}}`;
      assert.equal(lambdaFilterMatches(compile(absent), plainRecord()), true);
      const top = `{${JSON.stringify(name)}:[{"exists":true}]}`;
      assert.equal(lambdaFilterMatches(compile(top), plainRecord()), false);
    });

    it(`"${name}": a record that holds it (parsed from JSON) matches on its value`, () => {
      const record = JSON.parse(`{"eventName":"INSERT","dynamodb":{"NewImage":{${JSON.stringify(name)}:{"S":"yes"}}}}`) as unknown;
      const pattern = `{"dynamodb":{"NewImage":{${JSON.stringify(name)}:{"S":["yes"]}}}}`;
      assert.equal(lambdaFilterMatches(compile(pattern), record), true);
      const other = `{"dynamodb":{"NewImage":{${JSON.stringify(name)}:{"S":["no"]}}}}`;
      assert.equal(lambdaFilterMatches(compile(other), record), false);
      assert.equal(lambdaFilterMatches(compile(other), plainRecord()), false);
    });

    it(`"${name}": the explanation says there is no such field`, () => {
      const pattern = `{"dynamodb":{"NewImage":{${JSON.stringify(name)}:[{"prefix":"x"}]}}}`;
      const why = explainLambdaFilter(compile(pattern), plainRecord());
      assert.equal(why.matches, false);
      assert.match(why.reason ?? '', /no such field/);
    });
  }

  it('a Filters entry with an inherited "Pattern" is a bare pattern object, not a FilterCriteria entry', () => {
    // {"constructor": …} inside Filters: Pattern is not an own key, so the entry is itself the pattern.
    const f = compile('{"Filters":[{"eventName":["INSERT"]}]}');
    assert.equal(lambdaFilterMatches(f, plainRecord()), true);
  });
});

describe('Lambda filter: deep nesting gives the inline message', () => {
  for (const depth of [10_000, 200_000]) {
    it(`an invalid filter nested ${depth} deep`, () => {
      const text = '['.repeat(depth) + '}';
      const result = parseLambdaFilter(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, /not valid JSON/);
      const objects = '{"a":'.repeat(depth) + ']';
      const r2 = parseLambdaFilter(objects);
      assert.equal(r2.ok, false);
    });

    it(`a valid filter nested ${depth} deep in a Filters array`, () => {
      const deep = '{"a":'.repeat(depth) + '["x"]' + '}'.repeat(depth);
      for (const text of [`[${deep}]`, `{"Filters":[{"Pattern":${deep}}]}`, `{"Filters":[${deep}]}`, deep]) {
        const result = parseLambdaFilter(text);
        assert.equal(result.ok, false, 'longer than a pattern may be');
        if (!result.ok) assert.match(result.error, /characters long|nested/);
      }
    });
  }
});

describe('Lambda filter: deeply nested record data is matched without recursion', () => {
  for (const depth of [10_000, 200_000]) {
    it(`arrays nested ${depth} deep on the pattern's path`, () => {
      const nested = JSON.parse(`{"a":${'['.repeat(depth)}"x"${']'.repeat(depth)}}`) as unknown;
      const record = { kinesis: { data: Buffer.from(JSON.stringify({ id: 1 })).toString('base64') }, ...{ deep: nested } };
      assert.equal(lambdaFilterMatches(compile({ deep: { a: ['x'] } }), record), true);
      assert.equal(lambdaFilterMatches(compile({ deep: { a: ['y'] } }), record), false);
      const why = explainLambdaFilter(compile({ deep: { a: ['y'] } }), record);
      assert.match(why.reason ?? '', /found "x"/);
      const data = Buffer.from(`{"a":${'['.repeat(depth)}{"b":"x"}${']'.repeat(depth)}}`).toString('base64');
      const f = compile({ data: { a: { b: ['x'] } } });
      assert.equal(f.matchesKinesis({ kinesis: { data } }), true);
    });
  }
});
