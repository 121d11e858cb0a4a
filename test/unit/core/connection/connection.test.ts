import assert from 'node:assert/strict';
import { isLoopbackUrl, resolveConnection, validateEndpoint, validateRegion } from '../../../../src/core/connection/connection';

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
    assert.equal(resolveConnection(none, { AWS_ENDPOINT_URL_DYNAMODB: 'http://me:secret@localhost:8000' }).label, 'http://localhost:8000/');
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

describe('validation', () => {
  it('refuses malformed endpoints with a reason', () => {
    assert.match(validateEndpoint('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(validateEndpoint('http//x')!, /not a URL/);
    assert.match(validateEndpoint('ftp://x')!, /http/);
    assert.equal(validateEndpoint('https://dynamodb.eu-west-1.amazonaws.com'), undefined);
    assert.equal(validateEndpoint(''), undefined);
    assert.match(validateEndpoint('http://me:secret@localhost:8000')!, /must not contain a user name or password/);
  });

  it('refuses region names that cannot exist', () => {
    assert.equal(validateRegion('us-east-1'), undefined);
    assert.equal(validateRegion('us-gov-west-1'), undefined);
    assert.match(validateRegion('mars-1')!, /not a region/);
    assert.match(validateRegion('US-EAST-1')!, /not a region/);
  });

  it('knows loopback hosts', () => {
    for (const u of ['http://localhost:8000', 'http://127.0.0.1:1', 'http://[::1]:8000']) assert.equal(isLoopbackUrl(u), true, u);
    for (const u of ['http://10.0.0.1:8000', 'https://dynamodb.us-east-1.amazonaws.com', 'nope']) assert.equal(isLoopbackUrl(u), false, u);
  });
});
