// Lambda event filtering, case by case from the AWS Lambda documentation ("Filter rule syntax" table, "Using event
// filtering with a DynamoDB event source") and the filters users write for TTL archiving. Records are Lambda event records: DynamoDB JSON
// images, N values as strings, SizeBytes / ApproximateCreationDateTime as JSON numbers, userIdentity lower-case.
import assert from 'node:assert/strict';
import {
  explainLambdaFilter,
  kinesisFilterInput,
  lambdaFilterMatches,
  parseLambdaFilter,
  type LambdaFilter,
} from '../../../../../src/core/lambda/filter/lambdaFilter';

function compile(text: string): LambdaFilter {
  const result = parseLambdaFilter(text);
  if (!result.ok) assert.fail(`expected a valid filter, got: ${result.error}`);
  return result.filter;
}

function matches(pattern: unknown, record: unknown): boolean {
  return lambdaFilterMatches(compile(JSON.stringify(pattern)), record);
}

function parseError(text: string): string {
  const result = parseLambdaFilter(text);
  if (result.ok) assert.fail(`expected an error for ${text}`);
  return result.error;
}

/** A MODIFY as Lambda delivers it (Customer/AccountManager from the DynamoDB filtering page of the docs). */
function modifyRecord(): Record<string, unknown> {
  return {
    eventID: 'c81e728d9d4c2f636f067f89cc14862c',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1678831218,
      Keys: { CustomerName: { S: 'AnyCompany Industries' } },
      OldImage: { CustomerName: { S: 'AnyCompany Industries' }, AccountManager: { S: 'Shirley Rodriguez' }, Orders: { N: '5' } },
      NewImage: {
        CustomerName: { S: 'AnyCompany Industries' },
        AccountManager: { S: 'Pat Candella' },
        PaymentTerms: { S: '60 days' },
        Orders: { N: '50' },
        Active: { BOOL: true },
        Note: { NULL: true },
        Tags: { L: [{ S: 'gold' }, { S: 'eu' }] },
        Address: { M: { City: { S: 'Seattle' } } },
      },
      SequenceNumber: '111',
      SizeBytes: 26,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-01-01T00:00:00.000',
  };
}

/** A TTL expiry as Lambda delivers it: REMOVE by the DynamoDB service, userIdentity keys lower-case. */
function ttlRecord(): Record<string, unknown> {
  return {
    eventID: 'e1',
    eventName: 'REMOVE',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1722960444,
      Keys: { PK: { S: 'SESSION#1' } },
      OldImage: { PK: { S: 'SESSION#1' }, ExpirationTime: { N: '1722960000' } },
      SequenceNumber: '222',
      SizeBytes: 40,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
  };
}

const userRemove = () => ({ ...ttlRecord(), userIdentity: undefined });

describe('lambdaFilter: input forms', () => {
  it('a whole FilterCriteria object with a Pattern string is accepted', () => {
    const f = compile('{"Filters":[{"Pattern":"{\\"eventName\\":[\\"REMOVE\\"]}"}]}');
    assert.deepEqual(f.patterns, ['{"eventName":["REMOVE"]}']);
    assert.equal(f.matches(ttlRecord()), true);
    assert.equal(f.matches(modifyRecord()), false);
  });
  it('a Filters array is accepted', () => {
    const f = compile('[{"Pattern":"{\\"eventName\\":[\\"MODIFY\\"]}"}]');
    assert.equal(f.matches(modifyRecord()), true);
    assert.equal(f.matches(ttlRecord()), false);
  });
  it('one pattern object is accepted', () => {
    assert.equal(compile('{ "eventName": ["MODIFY"] }').matches(modifyRecord()), true);
  });
  it('a Pattern given as an object (not a string) is accepted', () => {
    assert.equal(compile('{"Filters":[{"Pattern":{"eventName":["REMOVE"]}}]}').matches(ttlRecord()), true);
  });
  it('whitespace around the text is ignored', () => {
    assert.equal(compile('\n  {"eventName":["REMOVE"]}  \n').matches(ttlRecord()), true);
  });
});

describe('lambdaFilter: exact values, OR within an array, AND across keys, nesting', () => {
  it('equals: "Name": ["Alice"] matches Alice only', () => {
    assert.equal(matches({ Name: ['Alice'] }, { Name: 'Alice' }), true);
    assert.equal(matches({ Name: ['Alice'] }, { Name: 'alice' }), false);
  });
  it('or: "PaymentType": ["Credit", "Debit"] matches either value', () => {
    assert.equal(matches({ PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' }), true);
    assert.equal(matches({ PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Cash' }), false);
  });
  it('and: "Location" and "Day" must both match', () => {
    const p = { Location: ['New York'], Day: ['Monday'] };
    assert.equal(matches(p, { Location: 'New York', Day: 'Monday' }), true);
    assert.equal(matches(p, { Location: 'New York', Day: 'Tuesday' }), false);
  });
  it('equals: a missing field does not match', () => {
    assert.equal(matches({ Name: ['Alice'] }, { Other: 'Alice' }), false);
  });
  it('nesting: the pattern follows the record structure', () => {
    assert.equal(matches({ customer: { address: { city: ['Paris'] } } }, { customer: { address: { city: 'Paris' } } }), true);
    assert.equal(matches({ customer: { address: { city: ['Paris'] } } }, { customer: { city: 'Paris' } }), false);
  });
  it('equals: a number value matches the same JSON number, not its string', () => {
    assert.equal(matches({ SizeBytes: [26] }, modifyRecord().dynamodb), true);
    assert.equal(matches({ dynamodb: { SequenceNumber: [111] } }, modifyRecord()), false);
  });
  it('equals: a boolean value matches the boolean (DynamoDB BOOL)', () => {
    assert.equal(matches({ dynamodb: { NewImage: { Active: { BOOL: [true] } } } }, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { NewImage: { Active: { BOOL: [false] } } } }, modifyRecord()), false);
  });
  it('arrays in the record: the rule matches if any element matches (DynamoDB L)', () => {
    assert.equal(matches({ dynamodb: { NewImage: { Tags: { L: { S: ['eu'] } } } } }, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { NewImage: { Tags: { L: { S: ['us'] } } } } }, modifyRecord()), false);
  });
  it('a field whose value is an object is not a leaf value', () => {
    assert.equal(matches({ dynamodb: ['x'] }, modifyRecord()), false);
  });
});

describe('lambdaFilter: null and empty string', () => {
  it('null: "UserID": [null] matches an explicit null', () => {
    assert.equal(matches({ UserID: [null] }, { UserID: null }), true);
  });
  it('null: does not match a missing field or a value', () => {
    assert.equal(matches({ UserID: [null] }, {}), false);
    assert.equal(matches({ UserID: [null] }, { UserID: 'u1' }), false);
  });
  it('empty: "LastName": [""] matches the empty string', () => {
    assert.equal(matches({ LastName: [''] }, { LastName: '' }), true);
  });
  it('empty: does not match null or a non-empty string', () => {
    assert.equal(matches({ LastName: [''] }, { LastName: null }), false);
    assert.equal(matches({ LastName: [''] }, { LastName: 'Doe' }), false);
  });
});

describe('lambdaFilter: prefix, suffix, equals-ignore-case', () => {
  it('prefix: "Region": [{"prefix": "us-"}] matches us-east-1', () => {
    assert.equal(matches({ Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }), true);
  });
  it('prefix: does not match eu-west-1 or a number', () => {
    assert.equal(matches({ Region: [{ prefix: 'us-' }] }, { Region: 'eu-west-1' }), false);
    assert.equal(matches({ Code: [{ prefix: '1' }] }, { Code: 12 }), false);
  });
  it('prefix on a DynamoDB key: Keys.PK.S starts with ORDER#', () => {
    const r = { ...modifyRecord(), dynamodb: { Keys: { PK: { S: 'ORDER#1001' } } } };
    assert.equal(matches({ dynamodb: { Keys: { PK: { S: [{ prefix: 'ORDER#' }] } } } }, r), true);
    assert.equal(matches({ dynamodb: { Keys: { PK: { S: [{ prefix: 'USER#' }] } } } }, r), false);
  });
  it('suffix: "FileName": [{"suffix": ".png"}] matches image.png', () => {
    assert.equal(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }), true);
  });
  it('suffix: does not match image.jpg or .PNG (case-sensitive)', () => {
    assert.equal(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.jpg' }), false);
    assert.equal(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'IMAGE.PNG' }), false);
  });
  it('equals-ignore-case: "Name": [{"equals-ignore-case": "alice"}] matches ALICE and Alice', () => {
    assert.equal(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'ALICE' }), true);
    assert.equal(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' }), true);
  });
  it('equals-ignore-case: does not match a different name', () => {
    assert.equal(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' }), false);
  });
});

describe('lambdaFilter: anything-but', () => {
  const weather = { Weather: [{ 'anything-but': ['Raining'] }] };
  it('anything-but: "Weather" anything but "Raining" matches Sunny', () => {
    assert.equal(matches(weather, { Weather: 'Sunny' }), true);
  });
  it('anything-but: does not match Raining', () => {
    assert.equal(matches(weather, { Weather: 'Raining' }), false);
  });
  it('anything-but: does not match a missing field', () => {
    assert.equal(matches(weather, {}), false);
  });
  it('anything-but: a list excludes each value (eventName not INSERT or MODIFY)', () => {
    const p = { eventName: [{ 'anything-but': ['INSERT', 'MODIFY'] }] };
    assert.equal(matches(p, ttlRecord()), true);
    assert.equal(matches(p, modifyRecord()), false);
  });
  it('anything-but: a single value (not in a list) is accepted', () => {
    assert.equal(matches({ eventName: [{ 'anything-but': 'MODIFY' }] }, modifyRecord()), false);
    assert.equal(matches({ eventName: [{ 'anything-but': 'MODIFY' }] }, ttlRecord()), true);
  });
  it('anything-but: numbers are excluded by number', () => {
    assert.equal(matches({ code: [{ 'anything-but': [404, 500] }] }, { code: 200 }), true);
    assert.equal(matches({ code: [{ 'anything-but': [404, 500] }] }, { code: 404 }), false);
  });
  it('anything-but with prefix: {"anything-but": {"prefix": "TMP#"}}', () => {
    const p = { dynamodb: { Keys: { PK: { S: [{ 'anything-but': { prefix: 'TMP#' } }] } } } };
    const key = (pk: string) => ({ dynamodb: { Keys: { PK: { S: pk } } } });
    assert.equal(matches(p, key('ORDER#1')), true);
    assert.equal(matches(p, key('TMP#1')), false);
  });
});

describe('lambdaFilter: numeric (only real JSON numbers)', () => {
  it('numeric "=": "Price": [{"numeric": ["=", 100]}] matches 100 and 100.0', () => {
    assert.equal(matches({ Price: [{ numeric: ['=', 100] }] }, JSON.parse('{"Price":100.0}')), true);
    assert.equal(matches({ Price: [{ numeric: ['=', 100] }] }, { Price: 101 }), false);
  });
  it('numeric range: > 10 and <= 20 matches 20, not 10 or 21', () => {
    const p = { Price: [{ numeric: ['>', 10, '<=', 20] }] };
    assert.equal(matches(p, { Price: 20 }), true);
    assert.equal(matches(p, { Price: 10 }), false);
    assert.equal(matches(p, { Price: 21 }), false);
  });
  it('numeric range: > 0 and <= 150.50 (decimal bound) matches 150.5', () => {
    assert.equal(matches({ price: [{ numeric: ['>', 0, '<=', 150.5] }] }, { price: 150.5 }), true);
    assert.equal(matches({ price: [{ numeric: ['>', 0, '<=', 150.5] }] }, { price: 0 }), false);
  });
  it('numeric "<": dynamodb.SizeBytes < 100 (a JSON number in the Lambda event)', () => {
    assert.equal(matches({ dynamodb: { SizeBytes: [{ numeric: ['<', 100] }] } }, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { SizeBytes: [{ numeric: ['<', 26] }] } }, modifyRecord()), false);
  });
  it('numeric "<=" includes the bound', () => {
    assert.equal(matches({ dynamodb: { SizeBytes: [{ numeric: ['<=', 26] }] } }, modifyRecord()), true);
  });
  it('numeric ">=": ApproximateCreationDateTime >= a time (epoch seconds, a JSON number)', () => {
    assert.equal(matches({ dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>=', 1678831218] }] } }, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>=', 1678831219] }] } }, modifyRecord()), false);
  });
  it('numeric ">" does not match a string such as "50"', () => {
    assert.equal(matches({ n: [{ numeric: ['>', 10] }] }, { n: '50' }), false);
  });
  it('numeric never matches a DynamoDB N value (N values are strings in the event)', () => {
    assert.equal(matches({ dynamodb: { NewImage: { Orders: { N: [{ numeric: ['>', 10] }] } } } }, modifyRecord()), false);
    assert.equal(matches({ dynamodb: { NewImage: { Orders: { N: ['50'] } } } }, modifyRecord()), true, 'N as an exact string works');
  });
});

describe('lambdaFilter: exists', () => {
  it('exists true: "ProductName": [{"exists": true}] matches when present', () => {
    assert.equal(matches({ ProductName: [{ exists: true }] }, { ProductName: 'Widget' }), true);
    assert.equal(matches({ ProductName: [{ exists: true }] }, {}), false);
  });
  it('exists false: "ProductName": [{"exists": false}] matches when absent', () => {
    assert.equal(matches({ ProductName: [{ exists: false }] }, {}), true);
    assert.equal(matches({ ProductName: [{ exists: false }] }, { ProductName: 'Widget' }), false);
  });
  it('exists true on a DynamoDB attribute needs the type key (exists looks at leaves)', () => {
    assert.equal(matches({ dynamodb: { NewImage: { PaymentTerms: { S: [{ exists: true }] } } } }, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { NewImage: { PaymentTerms: [{ exists: true }] } } }, modifyRecord()), false);
  });
  it('exists false: OldImage.PaymentTerms.S absent in the old image', () => {
    assert.equal(matches({ dynamodb: { OldImage: { PaymentTerms: { S: [{ exists: false }] } } } }, modifyRecord()), true);
  });
  it('exists false: userIdentity absent selects records not made by a service', () => {
    const p = { eventName: ['REMOVE'], userIdentity: { type: [{ exists: false }] } };
    assert.equal(matches(p, userRemove()), true);
    assert.equal(matches(p, ttlRecord()), false);
  });
  it('exists true matches an explicit null', () => {
    assert.equal(matches({ a: [{ exists: true }] }, { a: null }), true);
  });
});

describe('lambdaFilter: $or', () => {
  const p = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
  it('$or: Location is New York or Day is Monday — either side matches', () => {
    assert.equal(matches(p, { Location: 'New York', Day: 'Friday' }), true);
    assert.equal(matches(p, { Location: 'Boston', Day: 'Monday' }), true);
  });
  it('$or: neither side → no match', () => {
    assert.equal(matches(p, { Location: 'Boston', Day: 'Friday' }), false);
  });
  it('$or nested under dynamodb: NewImage or OldImage holds the manager', () => {
    const nested = {
      dynamodb: {
        $or: [{ NewImage: { AccountManager: { S: ['Shirley Rodriguez'] } } }, { OldImage: { AccountManager: { S: ['Shirley Rodriguez'] } } }],
      },
    };
    assert.equal(matches(nested, modifyRecord()), true);
  });
  it('$or is AND-ed with the other fields of its object', () => {
    const q = { eventName: ['INSERT'], $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
    assert.equal(matches(q, { eventName: 'MODIFY', Day: 'Monday' }), false);
    assert.equal(matches(q, { eventName: 'INSERT', Day: 'Monday' }), true);
  });
});

describe('lambdaFilter: DynamoDB-typed values (the docs\' DynamoDB examples)', () => {
  it('table keys: Keys.CustomerName.S is "AnyCompany Industries"', () => {
    assert.equal(matches({ dynamodb: { Keys: { CustomerName: { S: ['AnyCompany Industries'] } } } }, modifyRecord()), true);
  });
  it('table attributes: NewImage.AccountManager.S is "Pat Candella" or "Shirley Rodriguez"', () => {
    const p = { dynamodb: { NewImage: { AccountManager: { S: ['Pat Candella', 'Shirley Rodriguez'] } } } };
    assert.equal(matches(p, modifyRecord()), true);
    assert.equal(matches({ dynamodb: { NewImage: { AccountManager: { S: ['Shirley Rodriguez'] } } } }, modifyRecord()), false);
  });
  it('the type key is required: {"status":["shipped"]} does not see {"status":{"S":"shipped"}}', () => {
    const r = { dynamodb: { NewImage: { status: { S: 'shipped' } } } };
    assert.equal(matches({ dynamodb: { NewImage: { status: { S: ['shipped'] } } } }, r), true);
    assert.equal(matches({ dynamodb: { NewImage: { status: ['shipped'] } } }, r), false);
  });
  it('the type key must be the right one: N does not match an S value', () => {
    const r = { dynamodb: { NewImage: { status: { S: '5' } } } };
    assert.equal(matches({ dynamodb: { NewImage: { status: { N: ['5'] } } } }, r), false);
  });
  it('nested map: NewImage.Address.M.City.S', () => {
    assert.equal(matches({ dynamodb: { NewImage: { Address: { M: { City: { S: ['Seattle'] } } } } } }, modifyRecord()), true);
  });
  it('NULL attribute: {"NULL": [true]}', () => {
    assert.equal(matches({ dynamodb: { NewImage: { Note: { NULL: [true] } } } }, modifyRecord()), true);
  });
});

describe('lambdaFilter: the TTL-archiving filters', () => {
  const ttl = '{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}';
  it('{"eventName":["REMOVE"]} passes REMOVE and TTL expiries', () => {
    const f = compile('{"eventName":["REMOVE"]}');
    assert.equal(f.matches(ttlRecord()), true);
    assert.equal(f.matches(userRemove()), true);
  });
  it('{"eventName":["REMOVE"]} drops INSERT and MODIFY', () => {
    const f = compile('{"eventName":["REMOVE"]}');
    assert.equal(f.matches(modifyRecord()), false);
    assert.equal(f.matches({ ...modifyRecord(), eventName: 'INSERT' }), false);
  });
  it('TTL filter: userIdentity type Service and principalId dynamodb.amazonaws.com passes a TTL expiry', () => {
    assert.equal(compile(ttl).matches(ttlRecord()), true);
  });
  it('TTL filter: a REMOVE made by a user (no userIdentity) does not pass', () => {
    assert.equal(compile(ttl).matches(userRemove()), false);
  });
  it('TTL filter: keys are lower-case in the Lambda event (Type/PrincipalId of the Streams API do not match)', () => {
    const streamsApiShape = { ...ttlRecord(), userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } };
    assert.equal(compile(ttl).matches(streamsApiShape), false);
  });
});

describe('lambdaFilter: several filters are OR-ed', () => {
  const criteria = JSON.stringify({ Filters: [{ Pattern: '{"eventName":["INSERT"]}' }, { Pattern: '{"eventName":["REMOVE"]}' }] });
  it('a record passes if any filter matches', () => {
    const f = compile(criteria);
    assert.equal(f.matches(ttlRecord()), true);
    assert.equal(f.matches({ ...modifyRecord(), eventName: 'INSERT' }), true);
  });
  it('a record matching no filter is dropped', () => {
    assert.equal(compile(criteria).matches(modifyRecord()), false);
  });
});

describe('lambdaFilter: explain', () => {
  it('explain: a match has no reason', () => {
    assert.deepEqual(explainLambdaFilter(compile('{"eventName":["REMOVE"]}'), ttlRecord()), { matches: true });
  });
  it('explain: names the path, the rule and what was found', () => {
    const e = explainLambdaFilter(compile('{"eventName":["REMOVE"]}'), modifyRecord());
    assert.deepEqual(e, { matches: false, reason: 'eventName: expected "REMOVE"; found "MODIFY"' });
  });
  it('explain: the first failing field of an AND, with a missing field', () => {
    const f = compile('{"eventName":["REMOVE"],"userIdentity":{"type":["Service"]}}');
    assert.equal(f.explain(userRemove()).reason, 'userIdentity.type: expected "Service"; found no such field');
  });
  it('explain: a DynamoDB value without its type key gets the hint to add it', () => {
    const e = compile('{"dynamodb":{"NewImage":{"AccountManager":["Pat Candella"]}}}').explain(modifyRecord());
    assert.match(e.reason ?? '', /^dynamodb\.NewImage\.AccountManager: expected "Pat Candella"; found a DynamoDB value \{"S": …\} — name its type key, e\.g\. dynamodb\.NewImage\.AccountManager\.S$/);
  });
  it('explain: the operator is named (numeric)', () => {
    const e = compile('{"dynamodb":{"SizeBytes":[{"numeric":[">",100]}]}}').explain(modifyRecord());
    assert.equal(e.reason, 'dynamodb.SizeBytes: expected numeric > 100; found 26');
  });
  it('explain: several filters give one reason each', () => {
    const f = compile('[{"Pattern":"{\\"eventName\\":[\\"INSERT\\"]}"},{"Pattern":"{\\"eventName\\":[{\\"prefix\\":\\"REM\\"}]}"}]');
    assert.equal(f.explain(modifyRecord()).reason, 'pattern 1: eventName: expected "INSERT"; found "MODIFY"; pattern 2: eventName: expected prefix "REM"; found "MODIFY"');
  });
});

describe('lambdaFilter: validation (invalid input returns ok:false with where and which rule)', () => {
  it('a leaf that is not an array is refused, naming the field', () => {
    assert.equal(parseError('{"eventName":"REMOVE"}'), 'Pattern at eventName: a rule must be an array of values, e.g. "eventName": ["REMOVE"], not a string ("REMOVE").');
  });
  it('a nested leaf that is not an array names its full path', () => {
    assert.match(parseError('{"dynamodb":{"NewImage":{"status":{"S":"shipped"}}}}'), /^Pattern at dynamodb\.NewImage\.status\.S: a rule must be an array/);
  });
  it('an unknown operator is refused, naming it and its place', () => {
    assert.match(parseError('{"eventName":[{"begins-with":"REM"}]}'), /^Pattern at eventName\[0\]: unknown operator "begins-with"; Lambda filters know prefix, suffix/);
  });
  it('more than 5 filters are refused', () => {
    const six = JSON.stringify({ Filters: Array.from({ length: 6 }, () => ({ Pattern: '{"eventName":["REMOVE"]}' })) });
    assert.equal(parseError(six), 'The filter has 6 patterns; Lambda allows at most 5 per event source mapping.');
  });
  it('5 filters are accepted', () => {
    const five = JSON.stringify({ Filters: Array.from({ length: 5 }, () => ({ Pattern: '{"eventName":["REMOVE"]}' })) });
    assert.equal(compile(five).patterns.length, 5);
  });
  it('a pattern over 4,096 characters is refused', () => {
    const long = JSON.stringify({ eventName: ['REMOVE', 'x'.repeat(4100)] });
    assert.match(parseError(long), /^Pattern is 41\d\d characters long; Lambda allows at most 4,096\.$/);
  });
  it('the second of several patterns is named in its error', () => {
    const text = JSON.stringify({ Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }, { Pattern: '{"eventName":[{"exists":"yes"}]}' }] });
    assert.equal(parseError(text), 'Pattern 2 at eventName[0]: "exists" takes true or false, not a string ("yes").');
  });
  it('invalid JSON is refused with its line, column and position', () => {
    assert.equal(parseError('{"eventName":["REMOVE"],}'), 'The filter is not valid JSON: Expected double-quoted property name at line 1, column 25 (position 24).');
  });
  it('invalid JSON inside a Pattern string is located within that pattern', () => {
    assert.match(parseError('{"Filters":[{"Pattern":"{\\"eventName\\":[\\"REMOVE\\"}"}]}'), /^Pattern is not valid JSON: .* at line 1, column 23 \(position 22\)\.$/);
  });
  it('invalid JSON on a later line reports that line', () => {
    assert.match(parseError('{\n  "eventName": ["REMOVE"]\n  "x": [1]\n}'), /at line 3, column 3 \(position 30\)\.$/);
  });
  it('an empty pattern {} is refused', () => {
    assert.equal(parseError('{}'), 'Pattern is empty ({}): name at least one field, e.g. {"eventName":["REMOVE"]}.');
  });
  it('empty text and an empty Filters list are refused', () => {
    assert.match(parseError('   '), /^The filter is empty/);
    assert.match(parseError('{"Filters":[]}'), /^The filter has no patterns/);
  });
  it('an empty rule array is refused (it could match nothing)', () => {
    assert.match(parseError('{"eventName":[]}'), /^Pattern at eventName: an empty array matches nothing/);
  });
  it('an operator object with two operators is refused', () => {
    assert.match(parseError('{"a":[{"prefix":"x","suffix":"y"}]}'), /^Pattern at a\[0\]: an operator object holds exactly one operator, found prefix, suffix\.$/);
  });
  it('prefix with a non-string argument is refused', () => {
    assert.equal(parseError('{"a":[{"prefix":1}]}'), 'Pattern at a[0]: "prefix" takes a string, not a number (1).');
  });
  it('numeric with a bad operator, a string bound or two lower bounds is refused', () => {
    assert.match(parseError('{"a":[{"numeric":["!=",1]}]}'), /"!=" is not a numeric operator/);
    assert.match(parseError('{"a":[{"numeric":[">","1"]}]}'), /numeric ">" needs a number, not a string/);
    assert.match(parseError('{"a":[{"numeric":[">",1,">=",2]}]}'), /one lower and one upper bound at most/);
  });
  it('a Pattern that is not a string is refused', () => {
    assert.equal(parseError('{"Filters":[{"Pattern":5}]}'), 'Filters[0].Pattern must be a string holding the pattern\'s JSON, not a number (5).');
  });
  it('$or that is not a non-empty array of patterns is refused', () => {
    assert.match(parseError('{"$or":{"a":["x"]}}'), /^Pattern at \$or: \$or takes a non-empty array of patterns/);
  });
  it('a JSON value that is not an object or array is refused', () => {
    assert.match(parseError('"REMOVE"'), /^The filter must be a JSON object or array, not a string/);
  });
});

describe('lambdaFilter: Kinesis sources (the pattern applies under data)', () => {
  const base64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64');
  const kinesisEventRecord = (data: string) => ({
    kinesis: { kinesisSchemaVersion: '1.0', partitionKey: '1', sequenceNumber: '4959', data, approximateArrivalTimestamp: 1545084650.987 },
    eventSource: 'aws:kinesis',
    eventName: 'aws:kinesis:record',
  });
  it('data rule: the base64 data is decoded and parsed as JSON', () => {
    const f = compile('{"data":{"City":["Seattle"]}}');
    assert.equal(f.matchesKinesis(kinesisEventRecord(base64({ City: 'Seattle', State: 'WA' }))), true);
    assert.equal(f.matchesKinesis(kinesisEventRecord(base64({ City: 'Boston' }))), false);
  });
  it('metadata and data rules together: partitionKey and data.Temperature', () => {
    const f = compile('{"partitionKey":["1"],"data":{"Temperature":[{"numeric":[">",40]}]}}');
    assert.equal(f.matchesKinesis(kinesisEventRecord(base64({ Temperature: 46 }))), true);
    assert.equal(f.matchesKinesis(kinesisEventRecord(base64({ Temperature: 30 }))), false);
  });
  it('a DynamoDB change delivered through Kinesis: data.eventName and data.userIdentity', () => {
    const change = { eventName: 'REMOVE', userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }, dynamodb: { Keys: { PK: { S: 'a' } } } };
    const f = compile('{"data":{"eventName":["REMOVE"],"userIdentity":{"type":["Service"]}}}');
    assert.equal(f.matchesKinesis({ partitionKey: 'k', data: change }), true, 'an already decoded record');
    assert.equal(f.matchesKinesis(kinesisEventRecord(base64(change))), true);
  });
  it('data that is not JSON matches only on metadata', () => {
    const raw = Buffer.from('not json').toString('base64');
    assert.deepEqual(kinesisFilterInput(kinesisEventRecord(raw)), { ...kinesisEventRecord(raw).kinesis, data: undefined });
    assert.equal(compile('{"partitionKey":["1"]}').matchesKinesis(kinesisEventRecord(raw)), true);
    assert.equal(compile('{"data":{"a":[{"exists":true}]}}').matchesKinesis(kinesisEventRecord(raw)), false);
  });
  it('explainKinesis names the failing data path', () => {
    const e = compile('{"data":{"City":["Seattle"]}}').explainKinesis(kinesisEventRecord(base64({ City: 'Boston' })));
    assert.equal(e.reason, 'data.City: expected "Seattle"; found "Boston"');
  });
});
