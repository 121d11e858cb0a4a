// The handler's environment follows the tail panel's connection: profile, region and any custom endpoint.
import assert from 'node:assert/strict';
import { handlerEnvironment } from '../../../../src/core/lambda/handlerEnv';

describe('handlerEnvironment', () => {
  it('a profile connection: AWS_PROFILE and the region; inherited keys removed so the profile is what is used', () => {
    const e = handlerEnvironment({ profile: 'prod', region: 'eu-west-1', loopback: false }, { AWS_ACCESS_KEY_ID: 'AKIA' });
    assert.deepEqual(e.env, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', AWS_PROFILE: 'prod' });
    assert.deepEqual(e.remove, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
  });

  it('a non-loopback custom endpoint is passed on (without dummy credentials)', () => {
    const e = handlerEnvironment({ region: 'us-east-1', dynamodbEndpoint: 'https://ddb.internal:8443', streamsEndpoint: 'https://ddb.internal:8443', loopback: false }, {});
    assert.equal(e.env.AWS_ENDPOINT_URL_DYNAMODB, 'https://ddb.internal:8443');
    assert.equal(e.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS, 'https://ddb.internal:8443');
    assert.equal(e.env.AWS_ACCESS_KEY_ID, undefined);
    assert.deepEqual(e.remove, []);
  });

  it('DynamoDB Local: the endpoint and dummy keys, unless the user has keys or a profile', () => {
    const local = { region: 'us-east-1', dynamodbEndpoint: 'http://localhost:8000', streamsEndpoint: 'http://localhost:8000', loopback: true };
    assert.equal(handlerEnvironment(local, {}).env.AWS_ACCESS_KEY_ID, 'local');
    assert.equal(handlerEnvironment(local, { AWS_ACCESS_KEY_ID: 'mine' }).env.AWS_ACCESS_KEY_ID, undefined);
    const withProfile = handlerEnvironment({ ...local, profile: 'dev' }, {});
    assert.equal(withProfile.env.AWS_ACCESS_KEY_ID, undefined);
    assert.equal(withProfile.env.AWS_PROFILE, 'dev');
  });

  it('a Kinesis endpoint is passed on', () => {
    assert.equal(handlerEnvironment({ kinesisEndpoint: 'http://localhost:4567', loopback: false }, {}).env.AWS_ENDPOINT_URL_KINESIS, 'http://localhost:4567');
  });
});
