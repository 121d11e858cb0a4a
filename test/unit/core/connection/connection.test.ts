import assert from 'node:assert/strict';
import { InvalidEndpointError, isLoopbackUrl, kinesisEndpointProblem, redactEndpoint, resolveConnection, tablesKeyOf, validateEndpoint, validateRegion } from '../../../../src/core/connection/connection';

const none = { profile: '', region: '', endpoint: '' };

describe('resolveConnection', () => {
  it('settings win over the environment', () => {
    const c = resolveConnection({ profile: 'dev', region: 'eu-west-1', endpoint: '' }, { AWS_PROFILE: 'prod', AWS_REGION: 'us-east-1' });
    assert.equal(c.profile, 'dev');
    assert.equal(c.region, 'eu-west-1');
    assert.equal(c.label, 'dev @ eu-west-1');
    assert.equal(c.loopback, false);
  });

  it('falls back to AWS_PROFILE / AWS_REGION / AWS_DEFAULT_REGION', () => {
    assert.equal(resolveConnection(none, { AWS_PROFILE: 'prod', AWS_REGION: 'us-east-2' }).label, 'prod @ us-east-2');
    assert.equal(resolveConnection(none, { AWS_DEFAULT_REGION: 'ap-south-1' }).region, 'ap-south-1');
    assert.equal(resolveConnection(none, {}).profile, undefined);
  });

  it('one endpoint setting serves DynamoDB and Streams; loopback gets a default region', () => {
    const c = resolveConnection({ ...none, endpoint: 'http://127.0.0.1:8000' }, {});
    assert.equal(c.dynamodbEndpoint, 'http://127.0.0.1:8000');
    assert.equal(c.streamsEndpoint, 'http://127.0.0.1:8000');
    assert.equal(c.loopback, true);
    assert.equal(c.region, 'us-east-1');
    assert.equal(c.label, 'http://127.0.0.1:8000');
  });

  it('honours the SDK service-specific endpoint variables when the setting is empty', () => {
    const c = resolveConnection(none, { AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000', AWS_ENDPOINT_URL_DYNAMODB_STREAMS: 'http://localhost:8001' });
    assert.equal(c.dynamodbEndpoint, 'http://localhost:8000');
    assert.equal(c.streamsEndpoint, 'http://localhost:8001');
    assert.equal(c.loopback, true);
  });

  it('keeps user info out of the label', () => {
    assert.equal(resolveConnection(none, { AWS_ENDPOINT_URL_DYNAMODB: 'http://me:secret@localhost:8000' }).label, 'http://localhost:8000');
  });

  it('keeps user info out of the label however the endpoint is shaped', () => {
    for (const endpoint of ['admin:s3cret@localhost:8000', '//admin:s3cret@localhost:8000', 'http:admin:s3cret@localhost:8000', 'http://admin:s3cret@[bad']) {
      const c = resolveConnection({ ...none, endpoint }, {});
      assert.ok(!c.label.includes('s3cret'), `${endpoint} → ${c.label}`);
      assert.ok(!c.label.includes('admin'), `${endpoint} → ${c.label}`);
    }
  });

  it('Kinesis endpoint: the setting, then AWS_ENDPOINT_URL_KINESIS, then AWS_ENDPOINT_URL, else AWS', () => {
    const fromSetting = resolveConnection({ ...none, kinesisEndpoint: ' http://127.0.0.1:4567 ' }, { AWS_ENDPOINT_URL_KINESIS: 'http://localhost:9999' });
    assert.equal(fromSetting.kinesisEndpoint, 'http://127.0.0.1:4567');
    assert.equal(fromSetting.kinesisLoopback, true);
    // DynamoDB stays on AWS: a local Kinesis makes neither endpoint local.
    assert.equal(fromSetting.dynamodbEndpoint, undefined);
    assert.equal(fromSetting.loopback, false);
    assert.equal(resolveConnection(none, { AWS_ENDPOINT_URL_KINESIS: 'http://localhost:9999' }).kinesisEndpoint, 'http://localhost:9999');
    assert.equal(resolveConnection(none, { AWS_ENDPOINT_URL: 'http://localhost:4566' }).kinesisEndpoint, 'http://localhost:4566');
    const aws = resolveConnection(none, {});
    assert.equal(aws.kinesisEndpoint, undefined);
    assert.equal(aws.kinesisLoopback, false);
  });

  it('the DynamoDB endpoint setting does not serve Kinesis; a remote Kinesis endpoint is not loopback', () => {
    const c = resolveConnection({ ...none, endpoint: 'http://127.0.0.1:8000', kinesisEndpoint: 'https://kinesis.eu-west-1.amazonaws.com' }, {});
    assert.equal(c.loopback, true);
    assert.equal(c.kinesisEndpoint, 'https://kinesis.eu-west-1.amazonaws.com');
    assert.equal(c.kinesisLoopback, false);
    assert.equal(resolveConnection({ ...none, endpoint: 'http://127.0.0.1:8000' }, {}).kinesisEndpoint, undefined);
  });

  it('is not loopback when only one service is local', () => {
    assert.equal(resolveConnection(none, { AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000' }).loopback, false);
  });
});

/** Endpoints shaped every way a secret could hide in them: none of the shown forms may hold `s3cret` or `admin`. */
const HOSTILE_ENDPOINTS: [string, string][] = [
  ['http://admin:s3cret@localhost:8000', 'http://localhost:8000'],
  ['https://admin:s3cret@ddb.example.com/path', 'https://ddb.example.com/path'],
  ['admin:s3cret@localhost:8000', 'localhost:8000'],
  ['//admin:s3cret@localhost:8000', '//localhost:8000'],
  ['http:admin:s3cret@localhost:8000', 'http:localhost:8000'],
  ['http://admin:s3/cret@localhost:8000', 'http://localhost:8000'],
  ['http://admin:s3#cret@localhost:8000', 'http://localhost:8000'],
  ['http://admin:s3?cret@localhost:8000', 'http://localhost:8000'],
  ['http://admin:s3cret@@localhost:8000', 'http://localhost:8000'],
  ['http://admin:s3cret@[bad', 'http://[bad'],
  ['http:\\\\admin:s3cret@localhost', 'http:\\\\localhost'],
  ['  admin:s3cret@localhost:8000  ', 'localhost:8000'],
  ['admin:s3cret@', '(endpoint hidden)'],
  ['http://localhost:8000/?token=admin-s3cret', 'http://localhost:8000/'],
  ['http://localhost:8000#admin:s3cret', 'http://localhost:8000'],
  ['ftp://admin:s3cret@host', 'ftp://host'],
];

describe('redactEndpoint', () => {
  for (const [endpoint, shown] of HOSTILE_ENDPOINTS) {
    it(`shows ${JSON.stringify(endpoint)} as ${JSON.stringify(shown)}`, () => {
      assert.equal(redactEndpoint(endpoint), shown);
    });
  }

  it('leaves an endpoint without secrets as written', () => {
    for (const e of ['http://localhost:8000', 'https://dynamodb.eu-west-1.amazonaws.com', 'http://[::1]:8000/', 'localhost:8000']) assert.equal(redactEndpoint(e), e);
  });

  it('no validation message repeats a secret', () => {
    for (const [endpoint] of HOSTILE_ENDPOINTS) {
      const message = validateEndpoint(endpoint) ?? '';
      assert.ok(message !== '', `${endpoint} is refused`);
      assert.ok(!/s3cret|admin/.test(message), `${endpoint}: ${message}`);
    }
  });
});

describe('validation', () => {
  it('refuses malformed endpoints with a reason', () => {
    assert.match(validateEndpoint('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(validateEndpoint('http//x')!, /not a URL/);
    assert.match(validateEndpoint('ftp://x')!, /http/);
    assert.equal(validateEndpoint('https://dynamodb.eu-west-1.amazonaws.com'), undefined);
    assert.equal(validateEndpoint(''), undefined);
    assert.match(validateEndpoint('http://me:secret@localhost:8000')!, /must not contain a user name or password/);
    assert.match(validateEndpoint('admin:s3cret@localhost:8000')!, /must not contain a user name or password.*Enter one like http:\/\/localhost:8000/);
  });

  it('the Kinesis endpoint is validated like the endpoint, with the setting to fix', () => {
    assert.equal(kinesisEndpointProblem(undefined), undefined);
    assert.equal(kinesisEndpointProblem('http://localhost:4567'), undefined);
    for (const bad of ['localhost:4567', 'admin:s3cret@localhost:4567', 'http//x', 'ftp://x']) {
      const problem = kinesisEndpointProblem(bad);
      assert.ok(problem instanceof InvalidEndpointError, bad);
      assert.match(problem.message, /^Kinesis endpoint: /);
      assert.match(problem.hint, /dynamodbStreams\.kinesisEndpoint/);
      assert.ok(!/s3cret|admin/.test(problem.message), problem.message);
    }
  });

  it('refuses region names that cannot exist', () => {
    assert.equal(validateRegion('us-east-1'), undefined);
    assert.equal(validateRegion('us-gov-west-1'), undefined);
    assert.match(validateRegion('mars-1')!, /not a region/);
    assert.match(validateRegion('US-EAST-1')!, /not a region/);
    // NoSQL Workbench's region for DynamoDB Local: only for a loopback endpoint.
    assert.match(validateRegion('localhost')!, /not a region/);
    assert.equal(validateRegion('localhost', true), undefined);
    assert.match(validateRegion('mars-1', true)!, /or localhost, NoSQL Workbench's region/);
  });

  it('knows loopback hosts', () => {
    for (const u of ['http://localhost:8000', 'http://127.0.0.1:1', 'http://[::1]:8000']) assert.equal(isLoopbackUrl(u), true, u);
    for (const u of ['http://10.0.0.1:8000', 'https://dynamodb.us-east-1.amazonaws.com', 'nope']) assert.equal(isLoopbackUrl(u), false, u);
  });
});

describe('tablesKeyOf', () => {
  it('differs by profile, region and DynamoDB endpoint, and by nothing else', () => {
    const base = resolveConnection({ profile: 'dev', region: 'eu-west-1', endpoint: '' }, {});
    const key = tablesKeyOf(base);
    assert.equal(tablesKeyOf({ ...base, streamsEndpoint: 'http://localhost:9' }), key, 'the streams endpoint reaches no other table');
    assert.notEqual(tablesKeyOf({ ...base, profile: 'prod' }), key);
    assert.notEqual(tablesKeyOf({ ...base, region: 'us-east-1' }), key);
    assert.notEqual(tablesKeyOf({ ...base, dynamodbEndpoint: 'http://localhost:8000' }), key);
  });
});
