// Search retained stream: every shard of a DynamoDB stream read from TRIM_HORIZON (the stream reader, shards in
// parallel within its per-shard call ceiling) until each has reached the present, keeping only one item's changes.
// "The present" per shard: a page without records on an open shard, or the end of a closed one. Pure: the Streams
// API is injected.
import type { StreamRecord } from '../records/model';
import { readStream } from '../tail/dynamodb/reader';
import type { StreamsApi, TailEvent } from '../tail/types';
import { itemIdentity } from './itemHistory';
import type { Item } from '../records/model';

export interface RetainedSearchProgress {
  scanned: number;
  found: number;
  shardsAtPresent: number;
  shardsListed: number;
}

export interface RetainedSearchOptions {
  streamArn: string;
  keys: Item;
  loopback?: boolean;
  signal: AbortSignal;
  /** This item's changes, as they are read (per page). */
  onFound(records: StreamRecord[]): void;
  onProgress?(progress: RetainedSearchProgress): void;
}

export interface RetainedSearchResult extends RetainedSearchProgress {
  /** Every shard reached the present (false: cancelled or failed, see `error`). */
  complete: boolean;
  error?: string;
}

export async function searchRetainedStream(api: StreamsApi, options: RetainedSearchOptions): Promise<RetainedSearchResult> {
  const identity = itemIdentity(options.keys);
  const listed = new Set<string>();
  const atPresent = new Set<string>();
  const shardOf = new Map<string, string>();
  const stop = new AbortController();
  const cancel = () => stop.abort();
  options.signal.addEventListener('abort', cancel, { once: true });
  if (options.signal.aborted) cancel();
  const state: RetainedSearchResult = { scanned: 0, found: 0, shardsAtPresent: 0, shardsListed: 0, complete: false };
  const report = () => {
    state.shardsAtPresent = atPresent.size;
    state.shardsListed = listed.size;
    options.onProgress?.({ scanned: state.scanned, found: state.found, shardsAtPresent: state.shardsAtPresent, shardsListed: state.shardsListed });
  };
  const checkDone = () => {
    if (listed.size && [...listed].every((id) => atPresent.has(id)) && !stop.signal.aborted) {
      state.complete = true;
      stop.abort();
    }
  };
  const watched: StreamsApi = {
    describeStream: async (arn, from, signal) => {
      const page = await api.describeStream(arn, from, signal);
      for (const s of page.shards) if (s.ShardId) listed.add(s.ShardId);
      return page;
    },
    getShardIterator: async (arn, shardId, type, seq, signal) => {
      const iterator = await api.getShardIterator(arn, shardId, type, seq, signal);
      if (iterator) shardOf.set(iterator, shardId);
      return iterator;
    },
    getRecords: async (iterator, limit, signal) => {
      const page = await api.getRecords(iterator, limit, signal);
      const shardId = shardOf.get(iterator);
      shardOf.delete(iterator);
      if (shardId) {
        if (page.nextShardIterator) shardOf.set(page.nextShardIterator, shardId);
        if (!page.records.length || !page.nextShardIterator) atPresent.add(shardId);
        // After the reader has delivered this page's records (it does so before asking again).
        setTimeout(checkDone, 0);
      }
      return page;
    },
  };
  const onEvent = (event: TailEvent) => {
    if (event.type === 'records') {
      state.scanned += event.records.length;
      const mine = event.records.filter((r) => r.dynamodb?.Keys && itemIdentity(r.dynamodb.Keys) === identity);
      state.found += mine.length;
      if (mine.length) options.onFound(mine);
      report();
    } else if (event.type === 'error' && event.fatal) {
      state.error = event.message;
    }
  };
  try {
    await readStream(watched, { streamArn: options.streamArn, start: 'TRIM_HORIZON', loopback: options.loopback, signal: stop.signal }, onEvent);
  } finally {
    options.signal.removeEventListener('abort', cancel);
  }
  // A disabled stream's reader stops by itself once every shard is read to its end, before the deferred check runs.
  if (!options.signal.aborted && !state.error) checkDone();
  report();
  return state;
}
