// Create Lambda trigger… / Update trigger filter… (pure): Lambda's limits for a DynamoDB stream's event source mapping
// and the documented CreateEventSourceMapping / UpdateEventSourceMapping inputs.
import assert from 'node:assert/strict';
import {
  createMappingRequest,
  filterChange,
  filterCriteriaOf,
  filterDocument,
  updateFilterRequest,
  validateBatchingWindow,
  validateBatchSize,
  validateDestinationArn,
  validateFunctionRef,
  validateRetries,
  validateTriggerFilter,
  type NewTrigger,
} from '../../../../src/core/lambda/triggerRequests';

const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:archive-deletes';
const base: NewTrigger = { streamArn: STREAM, functionName: FN, batchSize: 100, startingPosition: 'LATEST', batchingWindowSeconds: 0, maximumRetryAttempts: -1, bisectOnError: false, reportBatchItemFailures: false };

describe('Lambda trigger requests (core, documented shapes)', () => {
  it('keeps Lambda\'s limits: batch 1–10,000, window 0–300, retries -1 or 0–10,000', () => {
    for (const ok of ['1', '100', '10000']) assert.equal(validateBatchSize(ok), undefined, ok);
    for (const bad of ['0', '10001', '1.5', 'x', '']) assert.match(validateBatchSize(bad) ?? '', /1 to 10,000/, bad);
    for (const ok of ['0', '300']) assert.equal(validateBatchingWindow(ok), undefined, ok);
    for (const bad of ['-1', '301']) assert.match(validateBatchingWindow(bad) ?? '', /0 to 300/, bad);
    for (const ok of ['-1', '0', '10000']) assert.equal(validateRetries(ok), undefined, ok);
    for (const bad of ['-2', '10001', 'many']) assert.match(validateRetries(bad) ?? '', /-1 .* or a whole number from 0 to 10,000/, bad);
  });

  it('accepts a function name, ARN (with alias or version) or partial ARN', () => {
    for (const ok of ['archive-deletes', 'fn_1:live', FN, `${FN}:7`, `${FN}:$LATEST`, '123456789012:function:archive-deletes']) assert.equal(validateFunctionRef(ok), undefined, ok);
    for (const bad of ['', 'has space', 'arn:aws:sqs:us-east-1:123456789012:queue', 'x'.repeat(65)]) assert.ok(validateFunctionRef(bad), bad);
  });

  it('accepts SQS, SNS and S3 on-failure destinations, or none', () => {
    for (const ok of ['', 'arn:aws:sqs:us-east-1:123456789012:dlq', 'arn:aws:sns:eu-west-1:123456789012:alerts', 'arn:aws:s3:::failed-batches']) assert.equal(validateDestinationArn(ok), undefined, ok);
    assert.match(validateDestinationArn('arn:aws:lambda:us-east-1:123456789012:function:x') ?? '', /SQS queue, SNS topic or S3 bucket/);
  });

  it('checks the filter with the tail panel\'s parser, in its words', () => {
    assert.equal(validateTriggerFilter(''), undefined);
    assert.equal(validateTriggerFilter('{"eventName":["REMOVE"]}'), undefined);
    assert.match(validateTriggerFilter('{"eventName":"REMOVE"}') ?? '', /eventName/);
    assert.match(validateTriggerFilter('{"eventName":') ?? '', /JSON/);
  });

  it('sends every pattern as Lambda keeps it, from any of the three forms', () => {
    const one = '{"eventName":["REMOVE"]}';
    assert.deepEqual(filterCriteriaOf(one), { Filters: [{ Pattern: one }] });
    assert.deepEqual(filterCriteriaOf(JSON.stringify({ Filters: [{ Pattern: one }, { Pattern: '{"eventName":["INSERT"]}' }] })), { Filters: [{ Pattern: one }, { Pattern: '{"eventName":["INSERT"]}' }] });
    assert.deepEqual(filterCriteriaOf(JSON.stringify([{ eventName: ['MODIFY'] }])), { Filters: [{ Pattern: '{"eventName":["MODIFY"]}' }] });
    assert.equal(filterCriteriaOf('  '), undefined);
  });

  it('builds CreateEventSourceMapping with the defaults and nothing optional', () => {
    assert.deepEqual(createMappingRequest(base), {
      EventSourceArn: STREAM,
      FunctionName: FN,
      BatchSize: 100,
      StartingPosition: 'LATEST',
      MaximumBatchingWindowInSeconds: 0,
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: false,
    });
  });

  it('builds CreateEventSourceMapping with every option', () => {
    const request = createMappingRequest({
      ...base,
      batchSize: 500,
      startingPosition: 'TRIM_HORIZON',
      batchingWindowSeconds: 30,
      maximumRetryAttempts: 3,
      bisectOnError: true,
      reportBatchItemFailures: true,
      onFailureDestination: ' arn:aws:sqs:us-east-1:123456789012:dlq ',
      filterText: '{"eventName":["REMOVE"]}',
    });
    assert.deepEqual(request, {
      EventSourceArn: STREAM,
      FunctionName: FN,
      BatchSize: 500,
      StartingPosition: 'TRIM_HORIZON',
      MaximumBatchingWindowInSeconds: 30,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] },
    });
  });

  it('refuses a spec past Lambda\'s limits before any call', () => {
    assert.throws(() => createMappingRequest({ ...base, batchSize: 20_000 }), /1 to 10,000/);
    assert.throws(() => createMappingRequest({ ...base, batchingWindowSeconds: 301 }), /0 to 300/);
    assert.throws(() => createMappingRequest({ ...base, filterText: '{"eventName":"REMOVE"}' }), /eventName/);
  });

  it('builds UpdateEventSourceMapping with the new filter (an empty FilterCriteria removes it)', () => {
    assert.deepEqual(updateFilterRequest('uuid-1', '{"eventName":["INSERT"]}'), { UUID: 'uuid-1', FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } });
    assert.deepEqual(updateFilterRequest('uuid-1', ''), { UUID: 'uuid-1', FilterCriteria: {} });
  });

  it('diffs the trigger\'s patterns against the panel\'s, ignoring spacing', () => {
    const same = filterChange(['{"eventName":["REMOVE"]}'], ['{ "eventName" : [ "REMOVE" ] }']);
    assert.equal(same.changed, false);
    const change = filterChange(['{"eventName":["REMOVE"]}', '{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"ORDER#"}]}}}}'], ['{"eventName":["REMOVE"]}', '{"eventName":["INSERT"]}']);
    assert.equal(change.changed, true);
    assert.deepEqual(change.lines.map((l) => l.slice(0, 2)), ['  ', '- ', '+ ']);
    assert.match(change.lines[2], /INSERT/);
    assert.deepEqual(JSON.parse(filterDocument(['{"eventName":["REMOVE"]}'])), { Filters: [{ Pattern: { eventName: ['REMOVE'] } }] });
  });
});
