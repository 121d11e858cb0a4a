// LambdaTriggersService with documented ListEventSourceMappings shapes — synthetic: no local Lambda backend exists.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { LambdaClient, LambdaServiceException, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaTriggersService, PAGE_SIZE } from '../../../src/aws/lambdaTriggers';

const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000';
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const mapping = (n: number, extra = {}) => ({ UUID: `uuid-${n}`, FunctionArn: fn(`f${n}`), EventSourceArn: STREAM, State: 'Enabled', BatchSize: 100, StartingPosition: 'LATEST' as const, LastProcessingResult: 'OK', ...extra });
const lambdaError = (name: string, status: number) => new LambdaServiceException({ name, message: `${name} happened`, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('LambdaTriggersService — synthetic AWS responses (documented shapes)', () => {
  const mockLambda = () => mockClient(LambdaClient);
  let mock: ReturnType<typeof mockLambda>;
  before(() => {
    mock = mockLambda();
  });
  afterEach(() => mock.reset());
  after(() => mock.restore());
  const service = (endpoint?: string) => new LambdaTriggersService(new LambdaClient({ region: 'us-east-1', endpoint }), endpoint);

  it('reads every page (Marker / NextMarker) by the stream ARN, with filters and an error result', async () => {
    mock
      .on(ListEventSourceMappingsCommand, { EventSourceArn: STREAM, Marker: undefined })
      .resolves({ EventSourceMappings: [mapping(1, { FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] } }), mapping(2)], NextMarker: 'page-2' })
      .on(ListEventSourceMappingsCommand, { EventSourceArn: STREAM, Marker: 'page-2' })
      .resolves({ EventSourceMappings: [mapping(3, { LastProcessingResult: 'PROBLEM: Function call failed', State: 'Enabled' })], NextMarker: 'page-3' })
      .on(ListEventSourceMappingsCommand, { EventSourceArn: STREAM, Marker: 'page-3' })
      .resolves({ EventSourceMappings: [mapping(4, { State: 'Disabled' })] });
    const listing = await service().list(STREAM);
    assert.ok(listing.available);
    if (!listing.available) return;
    assert.deepEqual(listing.triggers.map((t) => [t.functionName, t.state, t.filterPatterns.length, t.lastProcessingResult]), [
      ['f1', 'Enabled', 1, 'OK'],
      ['f2', 'Enabled', 0, 'OK'],
      ['f3', 'Enabled', 0, 'PROBLEM: Function call failed'],
      ['f4', 'Disabled', 0, 'OK'],
    ]);
    const calls = mock.commandCalls(ListEventSourceMappingsCommand).map((c) => c.args[0].input);
    assert.equal(calls.length, 3);
    assert.ok(calls.every((input) => input.EventSourceArn === STREAM && input.MaxItems === PAGE_SIZE));
  });

  it('no mappings is an empty list', async () => {
    mock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    assert.deepEqual(await service().list(STREAM), { available: true, triggers: [] });
  });

  it('an endpoint without the Lambda API is remembered: said once, not asked again', async () => {
    mock.on(ListEventSourceMappingsCommand).rejects(lambdaError('UnknownOperationException', 400));
    const s = service('http://127.0.0.1:4566');
    const first = await s.list(STREAM);
    assert.deepEqual(first, { available: false, reason: 'http://127.0.0.1:4566 has no Lambda API' });
    assert.deepEqual(await s.list(STREAM), first);
    assert.equal(mock.commandCalls(ListEventSourceMappingsCommand).length, 1);
    assert.equal(s.unavailableReason, first.reason);
  });

  it('access denied is an error to show (and asked again next time)', async () => {
    mock.on(ListEventSourceMappingsCommand).rejects(lambdaError('AccessDeniedException', 403));
    const s = service();
    await assert.rejects(s.list(STREAM), /AccessDeniedException happened/);
    await assert.rejects(s.list(STREAM), /AccessDeniedException happened/);
    assert.equal(s.unavailableReason, undefined);
  });

  it('without a client (local DynamoDB, no Lambda endpoint) nothing is asked', async () => {
    const s = new LambdaTriggersService(undefined, undefined, 'Lambda triggers are not available for a local endpoint');
    assert.deepEqual(await s.list(STREAM), { available: false, reason: 'Lambda triggers are not available for a local endpoint' });
    assert.equal(mock.commandCalls(ListEventSourceMappingsCommand).length, 0);
  });
});

describe('LambdaTriggersService against a closed local port (real client, no mock)', () => {
  it('says no Lambda API answers there, and remembers it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new LambdaClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const s = new LambdaTriggersService(client, endpoint);
    assert.deepEqual(await s.list(STREAM), { available: false, reason: `No Lambda API answers at ${endpoint}` });
    assert.equal(s.unavailableReason, `No Lambda API answers at ${endpoint}`);
    client.destroy();
  });

  it('forgets the answer on Refresh (forgetAnswers) and asks again', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new LambdaClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const s = new LambdaTriggersService(client, endpoint);
    await s.list(STREAM);
    s.forgetAnswers();
    assert.equal(s.unavailableReason, undefined, 'asked again on the next listing');
    assert.deepEqual(await s.list(STREAM), { available: false, reason: `No Lambda API answers at ${endpoint}` });
    client.destroy();
  });

  it('keeps a reason that comes from the connection itself (no Lambda endpoint at all)', () => {
    const s = new LambdaTriggersService(undefined, undefined, 'Lambda triggers are not available for a local endpoint');
    s.forgetAnswers();
    assert.equal(s.unavailableReason, 'Lambda triggers are not available for a local endpoint');
  });
});
