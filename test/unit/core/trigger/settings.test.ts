// A local trigger's settings: Lambda's defaults, limits (each bound and one past it), messages, and a deployed
// mapping's settings copied for `Run locally`.
import assert from 'node:assert/strict';
import { DEFAULT_TRIGGER_SETTINGS, settingsFromMapping, validateTriggerSettings } from '../../../../src/core/trigger/settings';
import { toLambdaTrigger } from '../../../../src/core/lambda/lambdaTriggers';
import type { TriggerSettings } from '../../../../src/core/trigger/types';

const valid = (over: Partial<TriggerSettings> = {}): TriggerSettings => ({ ...DEFAULT_TRIGGER_SETTINGS, filterPatterns: [], ...over });

describe('trigger settings', () => {
  it("defaults are Lambda's and valid", () => {
    assert.equal(DEFAULT_TRIGGER_SETTINGS.batchSize, 100);
    assert.equal(DEFAULT_TRIGGER_SETTINGS.batchingWindowSeconds, 0);
    assert.equal(DEFAULT_TRIGGER_SETTINGS.maximumRetryAttempts, -1);
    assert.equal(DEFAULT_TRIGGER_SETTINGS.maximumRecordAgeSeconds, -1);
    assert.equal(DEFAULT_TRIGGER_SETTINGS.parallelizationFactor, 1);
    assert.equal(DEFAULT_TRIGGER_SETTINGS.functionTimeoutSeconds, 3);
    assert.equal(validateTriggerSettings(valid()), undefined);
  });

  const bounds: [keyof TriggerSettings, number[], number[], RegExp][] = [
    ['batchSize', [1, 10_000], [0, 10_001, 1.5, NaN], /Batch size .* 1 to 10,000/],
    ['batchingWindowSeconds', [0, 300], [-1, 301, 0.5], /Batching window .* 0 to 300/],
    ['maximumRetryAttempts', [-1, 0, 10_000], [-2, 10_001, 2.5], /Maximum retry attempts must be -1 .* 0 to 10,000/],
    ['maximumRecordAgeSeconds', [-1, 60, 604_800], [0, 59, 604_801], /Maximum record age must be -1 .* 60 to 604,800/],
    ['parallelizationFactor', [1, 10], [0, 11], /Parallelization factor .* 1 to 10/],
    ['functionTimeoutSeconds', [1, 900], [0, 901], /Function timeout .* 1 to 900/],
  ];
  for (const [key, ok, bad, message] of bounds) {
    it(`${key}: accepts ${ok.join(', ')}; refuses ${bad.join(', ')} with the limit`, () => {
      for (const v of ok) assert.equal(validateTriggerSettings(valid({ [key]: v })), undefined, `${key}=${v}`);
      for (const v of bad) {
        const problem = validateTriggerSettings(valid({ [key]: v }));
        assert.match(problem ?? '', message, `${key}=${v}`);
        assert.match(problem ?? '', new RegExp(`not ${String(v)}`), `the message names the value ${v}`);
      }
    });
  }

  it('starting position: LATEST or TRIM_HORIZON only', () => {
    assert.equal(validateTriggerSettings(valid({ startingPosition: 'TRIM_HORIZON' })), undefined);
    assert.match(validateTriggerSettings(valid({ startingPosition: 'AT_TIMESTAMP' as 'LATEST' })) ?? '', /LATEST .* or TRIM_HORIZON/);
  });

  it('filter patterns: parsed by the Lambda filter matcher, at most five', () => {
    assert.equal(validateTriggerSettings(valid({ filterPatterns: ['{"eventName":["REMOVE"]}'] })), undefined);
    assert.match(validateTriggerSettings(valid({ filterPatterns: Array(6).fill('{"eventName":["REMOVE"]}') })) ?? '', /6 filter patterns; Lambda allows at most 5/);
    assert.match(validateTriggerSettings(valid({ filterPatterns: ['{"eventName":'] })) ?? '', /^Filter criteria: /);
    assert.match(validateTriggerSettings(valid({ filterPatterns: ['{"eventName":"REMOVE"}'] })) ?? '', /^Filter criteria: /);
  });

  it('an empty on-failure file is refused; absent is fine', () => {
    assert.match(validateTriggerSettings(valid({ onFailureFile: '  ' })) ?? '', /on-failure destination file is empty/);
    assert.equal(validateTriggerSettings(valid({ onFailureFile: '/tmp/failures.ndjson' })), undefined);
  });

  it("settingsFromMapping: a deployed mapping's settings, defaults where it is silent", () => {
    const full = toLambdaTrigger({
      UUID: 'u',
      FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:archive',
      BatchSize: 25,
      MaximumBatchingWindowInSeconds: 5,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 4,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["REMOVE"]}' }] },
    });
    assert.deepEqual(settingsFromMapping(full), {
      batchSize: 25,
      batchingWindowSeconds: 5,
      startingPosition: 'TRIM_HORIZON',
      filterPatterns: ['{"eventName":["REMOVE"]}'],
      maximumRetryAttempts: 3,
      maximumRecordAgeSeconds: 3600,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: true,
      parallelizationFactor: 4,
      functionTimeoutSeconds: 3,
    });
    const bare = settingsFromMapping(toLambdaTrigger({ UUID: 'v', StartingPosition: 'LATEST' }));
    assert.deepEqual(bare, { ...DEFAULT_TRIGGER_SETTINGS, filterPatterns: [] });
    assert.equal(validateTriggerSettings(bare), undefined);
  });
});
