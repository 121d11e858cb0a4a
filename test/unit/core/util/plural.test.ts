import assert from 'node:assert/strict';
import { plural } from '../../../../src/core/util/plural';

describe('plural', () => {
  it('counts a noun, thousands separated', () => {
    assert.equal(plural(0, 'record'), '0 records');
    assert.equal(plural(1, 'record'), '1 record');
    assert.equal(plural(12_345, 'record'), '12,345 records');
    assert.equal(plural(1, 'retry', 'retries'), '1 retry');
    assert.equal(plural(3, 'retry', 'retries'), '3 retries');
  });
  it('reads anything that is not a number as 0 (webview messages are untrusted)', () => {
    assert.equal(plural(undefined as unknown as number, 'shard'), '0 shards');
    assert.equal(plural(NaN, 'shard'), '0 shards');
  });
});
