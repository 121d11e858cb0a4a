import assert from 'node:assert/strict';
import { describeError, formatError } from '../../../../src/core/connection/errors';

const err = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name }, extra);

describe('describeError', () => {
  it('connection refused names the endpoint and suggests Connect…', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const f = describeError(e, { endpoint: 'http://127.0.0.1:8000' });
    assert.equal(f.message, 'Cannot reach http://127.0.0.1:8000');
    assert.equal(f.next, 'connect');
  });

  it('looks through error causes', () => {
    const e = new Error('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.xx-1.amazonaws.com'), { code: 'ENOTFOUND' }) });
    assert.match(describeError(e, { region: 'xx-1' }).message, /Cannot resolve the DynamoDB endpoint for region "xx-1"/);
  });

  it('ResourceNotFoundException is a missing table, not a DNS failure', () => {
    const f = describeError(err('ResourceNotFoundException', 'Cannot do operations on a non-existent table'), { table: 'Orders' });
    assert.equal(f.message, 'Table "Orders" not found');
  });

  it('access denied names the action', () => {
    const e = err('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: dynamodb:ListTables on resource', { $metadata: { httpStatusCode: 400 } });
    assert.equal(describeError(e).message, 'Access denied: dynamodb:ListTables');
    assert.equal(describeError(e, { action: 'dynamodb:UpdateTable' }).message, 'Access denied: dynamodb:ListTables', 'the action AWS names wins');
    assert.equal(describeError(err('AccessDeniedException', 'denied'), { action: 'dynamodb:UpdateTable' }).message, 'Access denied: dynamodb:UpdateTable');
  });

  it('unknown profile and missing credentials', () => {
    const unknown = err('CredentialsProviderError', 'Could not resolve credentials using profile: [ghost] in configuration/credentials file(s).');
    assert.equal(describeError(unknown, { profile: 'ghost' }).message, 'Profile "ghost" not found in ~/.aws/config or ~/.aws/credentials');
    const none = err('CredentialsProviderError', 'Could not load credentials from any providers');
    assert.equal(describeError(none, { profile: 'dev' }).message, 'No credentials for profile "dev"');
  });

  it('expired SSO session says how to log in', () => {
    const f = describeError(err('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'), { profile: 'work' });
    assert.match(f.hint, /aws sso login --profile work/);
    assert.equal(f.next, 'login');
  });

  it('a signature scoped to the wrong region is a rejected credential, not a missing one', () => {
    const e = err('InvalidSignatureException', "Credential should be scoped to a valid region. ");
    assert.equal(describeError(e, { profile: 'dev' }).message, 'AWS rejected the credentials');
  });

  it('never shows user info from an endpoint URL', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    assert.equal(describeError(e, { endpoint: 'http://me:secret@127.0.0.1:8000' }).message, 'Cannot reach http://127.0.0.1:8000');
    assert.equal(describeError(e, { endpoint: 'admin:s3cret@localhost:8000' }).message, 'Cannot reach localhost:8000');
    assert.equal(describeError(e, { endpoint: '//admin:s3cret@localhost:8000' }).message, 'Cannot reach //localhost:8000');
  });

  it('missing region, invalid credentials, throttling, unknown', () => {
    assert.equal(describeError(new Error('Region is missing')).message, 'No AWS region configured');
    assert.equal(describeError(err('UnrecognizedClientException', 'The security token included in the request is invalid.')).message, 'AWS rejected the credentials');
    assert.equal(describeError(err('ThrottlingException', 'Rate exceeded')).next, 'refresh');
    assert.equal(formatError('boom'), 'boom — See the "DynamoDB Streams" output for details.');
  });
});
