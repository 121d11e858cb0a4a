// A stream's Lambda triggers (pure): documented EventSourceMappingConfiguration shapes, the tree's wording, the filter
// handed to the tail panel, and where the Lambda API is asked.
import assert from 'node:assert/strict';
import {
  filterCriteriaText,
  functionNameFromArn,
  lambdaEndpointFor,
  lastResultFailed,
  LOCAL_LAMBDA_UNAVAILABLE,
  prettyPattern,
  toLambdaTrigger,
  toLambdaTriggers,
  triggerDetailLines,
  triggerSummary,
} from '../../../../src/core/lambda/lambdaTriggers';
import { lambdaFilterMatches, parseLambdaFilter } from '../../../../src/core/lambda/filter/lambdaFilter';

const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000';
const REMOVE_PATTERN = '{"eventName":["REMOVE"]}';
const TTL_PATTERN = '{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}';

const FILTERED = {
  UUID: '14e0db71-5d35-4eb5-b481-8945cf9d10c2',
  FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:archive-deletes',
  EventSourceArn: STREAM,
  State: 'Enabled',
  StateTransitionReason: 'USER_INITIATED',
  BatchSize: 100,
  MaximumBatchingWindowInSeconds: 5,
  StartingPosition: 'TRIM_HORIZON',
  LastProcessingResult: 'OK',
  MaximumRetryAttempts: -1,
  MaximumRecordAgeInSeconds: -1,
  BisectBatchOnFunctionError: false,
  ParallelizationFactor: 1,
  FunctionResponseTypes: ['ReportBatchItemFailures'],
  FilterCriteria: { Filters: [{ Pattern: REMOVE_PATTERN }, { Pattern: TTL_PATTERN }] },
};
const FAILING = {
  UUID: 'a1b2c3d4-0000-4000-8000-000000000001',
  FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:index-orders:live',
  EventSourceArn: STREAM,
  State: 'Enabled',
  BatchSize: 10,
  StartingPosition: 'LATEST',
  LastProcessingResult: 'PROBLEM: Function call failed',
  MaximumRetryAttempts: 2,
  MaximumRecordAgeInSeconds: 3600,
  BisectBatchOnFunctionError: true,
  DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
};

describe('lambdaTriggers: event source mappings as tree rows', () => {
  it('takes the function name from its ARN, with an alias or version when the mapping names one', () => {
    assert.equal(functionNameFromArn(FILTERED.FunctionArn), 'archive-deletes');
    assert.equal(functionNameFromArn(FAILING.FunctionArn), 'index-orders:live');
    assert.equal(functionNameFromArn('arn:aws:lambda:us-east-1:123456789012:function:f:7'), 'f:7');
    assert.equal(functionNameFromArn('not-an-arn'), 'not-an-arn');
    assert.equal(functionNameFromArn(undefined), '(unknown function)');
  });

  it('summarises state, batch size and filter count; marks a failed last batch', () => {
    const [filtered, failing] = toLambdaTriggers([[FILTERED], [FAILING]]);
    assert.equal(triggerSummary(filtered), 'Enabled · batch 100 · 2 filters');
    assert.equal(triggerSummary(failing), 'Enabled · batch 10 · no filter · last batch failed');
    assert.equal(lastResultFailed(filtered), false);
    assert.equal(lastResultFailed(failing), true);
    assert.equal(triggerSummary(toLambdaTrigger({ UUID: 'x', FilterCriteria: { Filters: [{ Pattern: REMOVE_PATTERN }] } })), 'state unknown · 1 filter');
  });

  it('details retries, bisect, on-failure destination and starting position in the tooltip', () => {
    const lines = new Map(triggerDetailLines(toLambdaTrigger(FAILING)));
    assert.equal(lines.get('Retries'), '2 retries, records older than 3600 s skipped');
    assert.equal(lines.get('Split batch on error'), 'yes');
    assert.equal(lines.get('On failure'), 'arn:aws:sqs:us-east-1:123456789012:orders-dlq');
    assert.equal(lines.get('Starting position'), 'LATEST');
    assert.equal(lines.get('Last processing result'), 'PROBLEM: Function call failed');
    assert.equal(lines.get('Filters'), 'none: every record invokes the function');
    const filtered = new Map(triggerDetailLines(toLambdaTrigger(FILTERED)));
    assert.equal(filtered.get('Retries'), 'until the record expires');
    assert.equal(filtered.get('On failure'), 'records dropped after the retries');
    assert.equal(filtered.get('Filters'), '2 patterns');
    assert.equal(filtered.get('Batching window'), '5 s');
    assert.equal(filtered.get('Batch item failures'), 'reported by the function');
    assert.equal(filtered.get('State'), 'Enabled (USER_INITIATED)');
  });

  it('hands the panel a FilterCriteria JSON its Lambda filter parses, matching what the trigger would receive', () => {
    const text = filterCriteriaText(toLambdaTrigger(FILTERED));
    assert.deepEqual(JSON.parse(text), { Filters: [{ Pattern: REMOVE_PATTERN }, { Pattern: TTL_PATTERN }] });
    const parsed = parseLambdaFilter(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    const record = (eventName: string) => ({ eventName, eventSource: 'aws:dynamodb', dynamodb: { Keys: { PK: { S: '1' } } } });
    assert.equal(lambdaFilterMatches(parsed.filter, record('REMOVE')), true);
    assert.equal(lambdaFilterMatches(parsed.filter, record('INSERT')), false);
  });

  it('pretty-prints JSON patterns and leaves anything else as it is', () => {
    assert.equal(prettyPattern(REMOVE_PATTERN), '{\n  "eventName": [\n    "REMOVE"\n  ]\n}');
    assert.equal(prettyPattern('{broken'), '{broken');
  });
});

describe('lambdaTriggers: where Lambda is asked', () => {
  it('AWS by default, AWS_ENDPOINT_URL_LAMBDA (then AWS_ENDPOINT_URL) when set, nothing for a local DynamoDB without one', () => {
    assert.deepEqual(lambdaEndpointFor(false, {}), { available: true, endpoint: undefined, loopback: false });
    assert.deepEqual(lambdaEndpointFor(true, {}), { available: false, reason: LOCAL_LAMBDA_UNAVAILABLE });
    assert.deepEqual(lambdaEndpointFor(true, { AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9001' }), { available: true, endpoint: 'http://127.0.0.1:9001', loopback: true });
    assert.deepEqual(lambdaEndpointFor(false, { AWS_ENDPOINT_URL: 'https://lambda.example.com' }), { available: true, endpoint: 'https://lambda.example.com', loopback: false });
    assert.equal(LOCAL_LAMBDA_UNAVAILABLE, 'Lambda triggers are not available for a local endpoint');
  });
});
