import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clampMaxHeldMegabytes,
  clampMaxRecords,
  DEFAULT_MAX_HELD_MEGABYTES,
  DEFAULT_MAX_RECORDS,
  MAX_MAX_HELD_MEGABYTES,
  MAX_MAX_RECORDS,
  MIN_MAX_HELD_MEGABYTES,
  MIN_MAX_RECORDS,
} from '../../../../src/core/panel/recordCap';

describe('record cap (tail.maxRecords)', () => {
  it("has package.json's default, minimum and maximum", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['dynamodbStreams.tail.maxRecords'];
    assert.deepEqual([setting.default, setting.minimum, setting.maximum], [DEFAULT_MAX_RECORDS, MIN_MAX_RECORDS, MAX_MAX_RECORDS]);
  });

  it('clamps a setting value to a whole number within the bounds; not a number → the default', () => {
    assert.equal(clampMaxRecords(0), 100);
    assert.equal(clampMaxRecords(99.9), 100);
    assert.equal(clampMaxRecords(250.7), 250);
    assert.equal(clampMaxRecords(1e9), 150_000);
    assert.equal(clampMaxRecords(NaN), 10_000);
    assert.equal(clampMaxRecords('5'), 10_000);
    assert.equal(clampMaxRecords(undefined), 10_000);
  });
});

describe('byte budget (tail.maxHeldMegabytes)', () => {
  it("has package.json's default, minimum and maximum", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['dynamodbStreams.tail.maxHeldMegabytes'];
    assert.deepEqual([setting.default, setting.minimum, setting.maximum], [DEFAULT_MAX_HELD_MEGABYTES, MIN_MAX_HELD_MEGABYTES, MAX_MAX_HELD_MEGABYTES]);
  });

  it('clamps a setting value to a whole number of megabytes within the bounds; not a number → the default', () => {
    assert.equal(clampMaxHeldMegabytes(1), 16);
    assert.equal(clampMaxHeldMegabytes(300.5), 300);
    assert.equal(clampMaxHeldMegabytes(1e9), 4096);
    assert.equal(clampMaxHeldMegabytes('64'), 256);
    assert.equal(clampMaxHeldMegabytes(undefined), 256);
  });
});
