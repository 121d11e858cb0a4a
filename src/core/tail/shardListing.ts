// Every shard of a stream: DescribeStream answers 100 shards a page (ExclusiveStartShardId / LastEvaluatedShardId).
// Used by the stream reader and by the tree (through the SDK adapter), so both page the same way.
import type { StreamPage } from './types';

/** Reads one page of DescribeStream, starting after `exclusiveStartShardId` (the first page when undefined). */
export type DescribePage = (exclusiveStartShardId: string | undefined) => Promise<StreamPage>;

/**
 * All pages merged into one: the first page's stream fields with every page's shards. Stops at a page token seen
 * before (an endpoint answering the same LastEvaluatedShardId again would otherwise be paged forever), and throws
 * the signal's reason between pages once it aborts.
 */
export async function listAllShards(describePage: DescribePage, signal?: AbortSignal): Promise<StreamPage> {
  const first = await describePage(undefined);
  const shards = [...(first.shards ?? [])];
  const seen = new Set<string>();
  let next = first.lastEvaluatedShardId;
  while (next && !seen.has(next)) {
    signal?.throwIfAborted();
    seen.add(next);
    const page = await describePage(next);
    shards.push(...(page.shards ?? []));
    next = page.lastEvaluatedShardId;
  }
  return { ...first, shards, lastEvaluatedShardId: undefined };
}
