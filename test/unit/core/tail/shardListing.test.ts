import assert from 'node:assert/strict';
import { listAllShards } from '../../../../src/core/tail/shardListing';
import type { StreamPage } from '../../../../src/core/tail/types';

const shard = (id: string) => ({ ShardId: id, SequenceNumberRange: { StartingSequenceNumber: id.replace(/\D/g, '') } });

/** A DescribeStream that answers the given pages in turn, recording the start id it was asked for. */
function pages(list: StreamPage[]) {
  const asked: (string | undefined)[] = [];
  const describe = async (from: string | undefined) => {
    asked.push(from);
    const page = list[asked.length - 1];
    if (!page) throw new Error(`no page ${asked.length}`);
    return page;
  };
  return { asked, describe };
}

describe('listAllShards', () => {
  it('pages by LastEvaluatedShardId and keeps the first page\'s stream fields', async () => {
    const p = pages([
      { shards: [shard('s1'), shard('s2')], lastEvaluatedShardId: 's2', status: 'ENABLED', viewType: 'NEW_IMAGE', tableName: 'T' },
      { shards: [shard('s3')], lastEvaluatedShardId: 's3' },
      { shards: [shard('s4')] },
    ]);
    const all = await listAllShards(p.describe);
    assert.deepEqual(p.asked, [undefined, 's2', 's3']);
    assert.deepEqual(all.shards.map((s) => s.ShardId), ['s1', 's2', 's3', 's4']);
    assert.equal(all.status, 'ENABLED');
    assert.equal(all.tableName, 'T');
    assert.equal(all.lastEvaluatedShardId, undefined);
  });

  it('stops at a page token it has already followed', async () => {
    const looping = { shards: [shard('s2')], lastEvaluatedShardId: 's1' };
    const p = pages([{ shards: [shard('s1')], lastEvaluatedShardId: 's1' }, looping, looping, looping]);
    const all = await listAllShards(p.describe);
    assert.deepEqual(p.asked, [undefined, 's1']);
    assert.deepEqual(all.shards.map((s) => s.ShardId), ['s1', 's2']);
  });

  it('throws between pages once the signal aborts', async () => {
    const ctl = new AbortController();
    const p = pages([{ shards: [shard('s1')], lastEvaluatedShardId: 's1' }, { shards: [shard('s2')] }]);
    const describe = async (from: string | undefined) => {
      const page = await p.describe(from);
      ctl.abort(new Error('stopped'));
      return page;
    };
    await assert.rejects(listAllShards(describe, ctl.signal), /stopped/);
    assert.deepEqual(p.asked, [undefined]);
  });
});
