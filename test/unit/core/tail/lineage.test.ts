import assert from 'node:assert/strict';
import { buildLineage, lineageOrder } from '../../../../src/core/tail/lineage';
import { compareSequenceNumbers } from '../../../../src/core/records/model';

const shard = (id: string, start: string, parent?: string, end?: string) => ({
  ShardId: id,
  ParentShardId: parent,
  SequenceNumberRange: { StartingSequenceNumber: start, EndingSequenceNumber: end },
});

describe('shard lineage', () => {
  it('puts children under their parent and keeps parents first', () => {
    const shards = [
      shard('c2', '300', 'b1'),
      shard('b1', '200', 'a', '299'),
      shard('a', '100', undefined, '199'),
      shard('b2', '250', 'a'),
      shard('c1', '310', 'b1'),
    ];
    const roots = buildLineage(shards);
    assert.equal(roots.length, 1);
    assert.equal(roots[0].id, 'a');
    assert.equal(roots[0].closed, true);
    assert.deepEqual(roots[0].children.map((c) => c.id), ['b1', 'b2']);
    assert.deepEqual(roots[0].children[0].children.map((c) => c.id), ['c2', 'c1']);
    assert.deepEqual(lineageOrder(shards).map((n) => n.id), ['a', 'b1', 'c2', 'c1', 'b2']);
  });

  it('names a parent that is no longer listed (trimmed)', () => {
    const [root] = buildLineage([shard('x', '5', 'gone')]);
    assert.equal(root.missingParentId, 'gone');
    assert.equal(root.closed, false);
  });

  it('compares sequence numbers as decimal strings beyond 2^53', () => {
    assert.equal(compareSequenceNumbers('000000000000000000099', '100'), -1);
    assert.equal(compareSequenceNumbers('12345678901234567890123', '12345678901234567890124'), -1);
    assert.equal(compareSequenceNumbers('900', '1000'), -1);
    assert.equal(compareSequenceNumbers('42', '042'), 0);
  });
});
