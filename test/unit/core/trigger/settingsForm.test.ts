// Run handler as trigger…'s settings rows (pure): each setting's value in Lambda's words, and typed text read back.
import assert from 'node:assert/strict';
import { filterTextOf, parseSettingInput, SETTING_FIELDS, settingInputText, settingValueText } from '../../../../src/core/trigger/settingsForm';
import type { TriggerSettings } from '../../../../src/core/trigger/types';

const TTL = '{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}';
const REMOVE = '{"eventName":["REMOVE"]}';
const SETTINGS: TriggerSettings = {
  batchSize: 100,
  batchingWindowSeconds: 0,
  startingPosition: 'LATEST',
  filterPatterns: [],
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: false,
  reportBatchItemFailures: false,
  parallelizationFactor: 1,
  functionTimeoutSeconds: 3,
};

describe('local trigger settings form', () => {
  it('has a row for every setting', () => {
    assert.deepEqual(new Set(SETTING_FIELDS.map((f) => f.key)), new Set([...Object.keys(SETTINGS), 'onFailureFile']));
  });

  it('shows values in Lambda\'s words', () => {
    assert.equal(settingValueText(SETTINGS, 'maximumRetryAttempts'), '-1 (until the record expires)');
    assert.equal(settingValueText(SETTINGS, 'maximumRecordAgeSeconds'), '-1 (no limit)');
    assert.equal(settingValueText(SETTINGS, 'batchingWindowSeconds'), '0 s');
    assert.equal(settingValueText(SETTINGS, 'bisectBatchOnFunctionError'), 'no');
    assert.equal(settingValueText(SETTINGS, 'filterPatterns'), 'none (every record)');
    assert.equal(settingValueText(SETTINGS, 'onFailureFile'), 'none (records dropped)');
    assert.equal(settingValueText({ ...SETTINGS, filterPatterns: [TTL] }, 'filterPatterns'), TTL);
  });

  it('reads typed numbers, choices and yes/no; refuses what is not one', () => {
    const n = parseSettingInput(SETTINGS, 'batchSize', ' 25 ');
    assert.ok(n.ok && n.settings.batchSize === 25);
    assert.deepEqual(parseSettingInput(SETTINGS, 'batchSize', '2.5'), { ok: false, error: 'Batch size: a whole number (Most records per invocation (1–10,000))' });
    const pos = parseSettingInput(SETTINGS, 'startingPosition', 'trim_horizon');
    assert.ok(pos.ok && pos.settings.startingPosition === 'TRIM_HORIZON');
    assert.equal(parseSettingInput(SETTINGS, 'startingPosition', 'AT_TIMESTAMP').ok, false);
    const yes = parseSettingInput(SETTINGS, 'reportBatchItemFailures', 'Yes');
    assert.ok(yes.ok && yes.settings.reportBatchItemFailures === true);
    assert.equal(parseSettingInput(SETTINGS, 'reportBatchItemFailures', 'maybe').ok, false);
    // Limits are not this module's: -5 is a number (validateTriggerSettings refuses it).
    assert.equal(parseSettingInput(SETTINGS, 'maximumRetryAttempts', '-5').ok, true);
  });

  it('reads a filter with the Lambda filter parser: one pattern, FilterCriteria, empty; refuses a bad one', () => {
    const one = parseSettingInput(SETTINGS, 'filterPatterns', TTL);
    assert.ok(one.ok);
    assert.deepEqual(one.settings.filterPatterns, [TTL]);
    const two = parseSettingInput(SETTINGS, 'filterPatterns', filterTextOf([TTL, REMOVE]));
    assert.ok(two.ok);
    assert.deepEqual(two.settings.filterPatterns, [TTL, REMOVE]);
    const none = parseSettingInput({ ...SETTINGS, filterPatterns: [TTL] }, 'filterPatterns', '  ');
    assert.ok(none.ok && none.settings.filterPatterns.length === 0);
    const bad = parseSettingInput(SETTINGS, 'filterPatterns', '{"eventName":"REMOVE"}');
    assert.equal(bad.ok, false);
    assert.equal(settingInputText({ ...SETTINGS, filterPatterns: [TTL] }, 'filterPatterns'), TTL);
  });

  it('the on-failure file: a path, or none when empty', () => {
    const set = parseSettingInput(SETTINGS, 'onFailureFile', '/tmp/failed.ndjson');
    assert.ok(set.ok && set.settings.onFailureFile === '/tmp/failed.ndjson');
    const cleared = parseSettingInput({ ...SETTINGS, onFailureFile: '/tmp/x' }, 'onFailureFile', '');
    assert.ok(cleared.ok && cleared.settings.onFailureFile === undefined);
  });
});
