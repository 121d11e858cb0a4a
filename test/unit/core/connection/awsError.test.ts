import assert from 'node:assert/strict';
import { errorText, MAX_CAUSE_DEPTH, readAwsError } from '../../../../src/core/connection/awsError';
import { describeError } from '../../../../src/core/connection/errors';
import { classifyError } from '../../../../src/core/tail/backoff';

/** An error shaped like the SDK's service exceptions: a name and the HTTP status in $metadata. */
const sdkError = (name: string, status: number, message = `${name} happened`) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const wrapped = (message: string, cause: unknown) => new Error(message, { cause });

describe('readAwsError', () => {
  it('reads name, code, status and message of the outermost error', () => {
    const e = readAwsError(Object.assign(sdkError('ValidationException', 400, 'Invalid ShardIterator'), { code: 'X' }));
    assert.deepEqual(
      { kind: e.kind, name: e.name, code: e.code, status: e.status, message: e.message },
      { kind: 'validation', name: 'ValidationException', code: 'X', status: 400, message: 'Invalid ShardIterator' },
    );
    assert.equal(readAwsError('plain text').message, 'plain text');
    assert.equal(readAwsError(new TypeError('x is not a function')).kind, 'programming');
    assert.equal(readAwsError(Object.assign(new Error('x'), { name: 'constructor' })).kind, 'unknown', 'no inherited keys');
  });

  it('Kinesis and Lambda errors have their kind: throttling, service failure, unusable KMS key', () => {
    assert.equal(readAwsError(sdkError('ProvisionedThroughputExceededException', 400)).kind, 'throttled');
    assert.equal(readAwsError(sdkError('KMSThrottlingException', 400)).kind, 'throttled');
    assert.equal(readAwsError(sdkError('TooManyRequestsException', 429)).kind, 'throttled');
    assert.equal(readAwsError(sdkError('ServiceException', 500)).kind, 'server');
    assert.equal(readAwsError(sdkError('KMSAccessDeniedException', 400)).kind, 'access-denied');
    for (const name of ['KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired']) {
      assert.equal(readAwsError(sdkError(name, 400)).kind, 'kms-key', name);
      assert.equal(classifyError(sdkError(name, 400)), 'fatal', name);
    }
    assert.equal(classifyError(sdkError('TooManyRequestsException', 429)), 'transient');
    assert.equal(classifyError(sdkError('KMSThrottlingException', 400)), 'transient');
    assert.match(describeError(sdkError('KMSDisabledException', 400)).message, /KMS key cannot be used \(KMSDisabledException\)/);
  });

  it('an operation the endpoint does not know is "unsupported", by name, code or only in the message', () => {
    assert.equal(readAwsError(sdkError('UnknownOperationException', 400, '')).kind, 'unsupported');
    assert.equal(readAwsError(Object.assign(new Error('x'), { code: 'UnknownOperationException' })).kind, 'unsupported');
    assert.equal(readAwsError(sdkError('SerializationException', 400, 'UnknownOperationException: DescribeGlobalTable')).kind, 'unsupported');
    assert.equal(readAwsError(wrapped('listing failed', sdkError('UnknownOperationException', 400))).kind, 'unsupported');
    assert.equal(classifyError(sdkError('UnknownOperationException', 400)), 'other');
    assert.notEqual(readAwsError(sdkError('ValidationException', 400, 'Unknown table')).kind, 'unsupported');
  });

  it('follows the cause chain: a network code three levels down', () => {
    const e = wrapped('fetch failed', wrapped('request failed', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })));
    const info = readAwsError(e);
    assert.equal(info.kind, 'network');
    assert.equal(info.network, 'unreachable');
    assert.equal(info.name, 'Error');
    assert.equal(classifyError(e), 'transient');
    assert.equal(describeError(e, { endpoint: 'http://127.0.0.1:8000' }).message, 'Cannot reach http://127.0.0.1:8000');
  });

  it('follows the cause chain: a named AWS error inside a wrapper decides the kind', () => {
    const expired = wrapped('GetRecords failed', sdkError('ExpiredIteratorException', 400));
    assert.equal(readAwsError(expired).kind, 'expired-iterator');
    assert.equal(classifyError(expired), 'expired');
    const denied = wrapped('DescribeStream failed', sdkError('AccessDeniedException', 400, 'User x is not authorized to perform: dynamodb:DescribeStream on resource'));
    assert.equal(classifyError(denied), 'fatal');
    assert.equal(describeError(denied).message, 'Access denied: dynamodb:DescribeStream');
    const token = wrapped('ListTables failed', sdkError('ExpiredTokenException', 400, 'The security token included in the request is expired'));
    assert.equal(describeError(token).message, 'AWS credentials have expired');
    const rejected = wrapped('ListTables failed', sdkError('UnrecognizedClientException', 400));
    assert.equal(describeError(rejected).message, 'AWS rejected the credentials');
    const missing = wrapped('ListTables failed', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    assert.equal(readAwsError(missing).awsName, 'CredentialsProviderError');
    assert.equal(describeError(missing, { profile: 'dev' }).message, 'No credentials for profile "dev"');
    assert.equal(classifyError(missing), 'credentials', 'waits for a sign-in, then goes on');
  });

  it('the outermost named error wins over its causes, and a status deep in the chain counts', () => {
    const e = Object.assign(sdkError('ThrottlingException', 400), { cause: sdkError('AccessDeniedException', 403) });
    assert.equal(readAwsError(e).kind, 'throttled');
    const deep = wrapped('outer', { name: 'Unnamed', $metadata: { httpStatusCode: 503 } });
    assert.equal(readAwsError(deep).status, 503);
    assert.equal(readAwsError(deep).kind, 'server');
    assert.equal(classifyError(deep), 'transient');
  });

  it('follows at most MAX_CAUSE_DEPTH levels, and a cyclic chain ends', () => {
    let e: Error = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    for (let i = 1; i < MAX_CAUSE_DEPTH; i++) e = wrapped(`level ${i}`, e);
    assert.equal(readAwsError(e).kind, 'network', 'the code at the last level read');
    assert.equal(readAwsError(wrapped('one more', e)).kind, 'unknown', 'one level deeper is not read');
    const a: Error & { cause?: unknown } = new Error('a');
    const b = wrapped('b', a);
    a.cause = b;
    assert.equal(readAwsError(a).kind, 'unknown');
    assert.equal(errorText(a), 'Error: a');
    assert.equal(errorText(Object.assign(new Error('no stream'), { name: 'ResourceNotFoundException' })), 'ResourceNotFoundException: no stream');
    assert.equal(errorText(new TypeError('x is undefined')), 'TypeError: x is undefined');
  });
});
