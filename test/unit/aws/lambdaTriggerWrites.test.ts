// LambdaTriggersService's writes and ListFunctions with documented Lambda API shapes — synthetic: no local Lambda
// backend exists. Request shapes, and Lambda's refusals reaching the caller as Lambda words them.
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ResourceConflictException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaTriggersService } from '../../../src/aws/lambdaTriggers';
import type { NewTrigger } from '../../../src/core/lambda/triggerRequests';

const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:archive-deletes';
const spec: NewTrigger = { streamArn: STREAM, functionName: FN, batchSize: 100, startingPosition: 'LATEST', batchingWindowSeconds: 0, maximumRetryAttempts: -1, bisectOnError: true, reportBatchItemFailures: true, filterText: '{"eventName":["REMOVE"]}' };
/** A documented EventSourceMappingConfiguration answer. */
const mapping = (extra = {}) => ({ UUID: '14e0db71-5d35-4eb5-b481-8945cf9d10c2', EventSourceArn: STREAM, FunctionArn: FN, BatchSize: 100, StartingPosition: 'LATEST' as const, MaximumRetryAttempts: -1, State: 'Creating', StateTransitionReason: 'USER_INITIATED', LastModified: new Date(1700000000000), ...extra });

describe('LambdaTriggersService writes — synthetic AWS responses (documented shapes)', () => {
  const mockLambda = () => mockClient(LambdaClient);
  let mock: ReturnType<typeof mockLambda>;
  before(() => {
    mock = mockLambda();
  });
  afterEach(() => mock.reset());
  after(() => mock.restore());
  const service = () => new LambdaTriggersService(new LambdaClient({ region: 'us-east-1' }), undefined);

  it('CreateEventSourceMapping: the documented request, the answer as a trigger', async () => {
    mock.on(CreateEventSourceMappingCommand).resolves(mapping({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] } }));
    const trigger = await service().create(spec);
    assert.deepEqual([trigger.functionName, trigger.state, trigger.reportsBatchItemFailures, trigger.filterPatterns], ['archive-deletes', 'Creating', true, ['{"eventName":["REMOVE"]}']]);
    assert.deepEqual(mock.commandCalls(CreateEventSourceMappingCommand).map((c) => c.args[0].input), [{
      EventSourceArn: STREAM,
      FunctionName: FN,
      BatchSize: 100,
      StartingPosition: 'LATEST',
      MaximumBatchingWindowInSeconds: 0,
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] },
    }]);
  });

  it('a spec past Lambda\'s limits is refused before any call', async () => {
    await assert.rejects(service().create({ ...spec, batchSize: 0 }), /1 to 10,000/);
    assert.equal(mock.commandCalls(CreateEventSourceMappingCommand).length, 0);
  });

  it('Lambda\'s refusals reach the caller in Lambda\'s words', async () => {
    const words = 'The event source arn (" arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000 ") and function (" archive-deletes ") provided mapping already exists. Please update or delete the existing mapping with UUID 14e0db71-5d35-4eb5-b481-8945cf9d10c2';
    mock.on(CreateEventSourceMappingCommand).rejects(new ResourceConflictException({ message: words, $metadata: { httpStatusCode: 409 } }));
    await assert.rejects(service().create(spec), (err: Error) => err.name === 'ResourceConflictException' && err.message === words);
    const invalid = 'Cannot access stream arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.';
    mock.on(CreateEventSourceMappingCommand).rejects(new InvalidParameterValueException({ message: invalid, $metadata: { httpStatusCode: 400 } }));
    await assert.rejects(service().create(spec), (err: Error) => err.name === 'InvalidParameterValueException' && err.message === invalid);
  });

  it('UpdateEventSourceMapping sends the UUID and the new FilterCriteria only', async () => {
    mock.on(UpdateEventSourceMappingCommand).resolves(mapping({ State: 'Updating', FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } }));
    const trigger = await service().updateFilter('uuid-1', '{"eventName":["INSERT"]}');
    assert.equal(trigger.state, 'Updating');
    assert.deepEqual(mock.commandCalls(UpdateEventSourceMappingCommand).map((c) => c.args[0].input), [{ UUID: 'uuid-1', FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } }]);
  });

  it('DeleteEventSourceMapping by UUID; the answer is the mapping, Deleting', async () => {
    mock.on(DeleteEventSourceMappingCommand).resolves(mapping({ State: 'Deleting' }));
    assert.equal((await service().delete('uuid-1')).state, 'Deleting');
    assert.deepEqual(mock.commandCalls(DeleteEventSourceMappingCommand).map((c) => c.args[0].input), [{ UUID: 'uuid-1' }]);
  });

  it('ListFunctions: every page (Marker / NextMarker), sorted by name', async () => {
    mock
      .on(ListFunctionsCommand, { Marker: undefined })
      .resolves({ Functions: [{ FunctionName: 'zeta', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:zeta', Runtime: 'nodejs22.x' }], NextMarker: 'm2' })
      .on(ListFunctionsCommand, { Marker: 'm2' })
      .resolves({ Functions: [{ FunctionName: 'alpha', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:alpha', Runtime: 'python3.13' }] });
    assert.deepEqual((await service().listFunctions()).map((f) => [f.name, f.runtime]), [['alpha', 'python3.13'], ['zeta', 'nodejs22.x']]);
    assert.ok(mock.commandCalls(ListFunctionsCommand).every((c) => c.args[0].input.MaxItems === 50));
  });

  it('without a Lambda client (a local endpoint) the writes say why, asking nothing', async () => {
    const s = new LambdaTriggersService(undefined, undefined, 'Lambda triggers are not available for a local endpoint');
    await assert.rejects(s.create(spec), /not available for a local endpoint/);
    await assert.rejects(s.delete('uuid-1'), /not available for a local endpoint/);
    assert.equal(mock.commandCalls(CreateEventSourceMappingCommand).length, 0);
  });
});
