import assert from 'node:assert/strict';
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRate, formatTime } from '../../../../src/core/records/display';

describe('display formatting', () => {
  it('formatTime: local HH:MM:SS.mmm, a dash without a time', () => {
    assert.equal(formatTime(new Date(2024, 0, 2, 3, 4, 5, 6).getTime()), '03:04:05.006');
    for (const x of [undefined, NaN, Infinity]) assert.equal(formatTime(x), '—');
  });

  it('formatDateTime: ISO in UTC, empty without a time', () => {
    assert.equal(formatDateTime(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), '2024-01-02T03:04:05.006Z');
    assert.equal(formatDateTime(undefined), '');
  });

  it('formatCount: rounded, with separators; 0 for non-numbers', () => {
    assert.equal(formatCount(1234567.4), '1,234,567');
    for (const x of [undefined, '12', NaN, null]) assert.equal(formatCount(x), '0');
  });

  it('formatDuration: ms, s, min s, h', () => {
    assert.deepEqual([-5, 999.4, 1500, 61_000, 3_600_000 * 2.25].map(formatDuration), ['0 ms', '999 ms', '1.5 s', '1 min 1 s', '2.3 h']);
    assert.equal(formatDuration(undefined), '—');
  });

  it('formatRate: one decimal below 100', () => {
    assert.deepEqual([0, 12.345, 99.94, 150.6].map(formatRate), ['0.0', '12.3', '99.9', '151']);
    assert.equal(formatRate(undefined), '0');
  });

  it('formatBytes: binary units, one decimal above bytes', () => {
    assert.deepEqual([0, 1023, 1536, 5 * 1024 * 1024].map((n) => formatBytes(n)), ['0 B', '1023 B', '1.5 KB', '5.0 MB']);
    assert.equal(formatBytes(undefined), '—');
  });
});
