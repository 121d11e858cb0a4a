// DynamoDB Streams behind the small StreamsApi interface the reader and the tree use.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { listAllShards } from '../core/tail/shardListing';
import type { IteratorType, RecordsPage, StreamPage, StreamsApi } from '../core/tail/types';

export class SdkStreamsApi implements StreamsApi {
  constructor(private readonly client: DynamoDBStreamsClient) {}

  async describeStream(streamArn: string, exclusiveStartShardId?: string, signal?: AbortSignal): Promise<StreamPage> {
    const out = await this.client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }), {
      abortSignal: signal,
    });
    const d = out.StreamDescription ?? {};
    return {
      shards: d.Shards ?? [],
      lastEvaluatedShardId: d.LastEvaluatedShardId,
      status: d.StreamStatus,
      viewType: d.StreamViewType,
      tableName: d.TableName,
      streamLabel: d.StreamLabel,
    };
  }

  async getShardIterator(streamArn: string, shardId: string, type: IteratorType, sequenceNumber?: string, signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.client.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber }),
      { abortSignal: signal },
    );
    return out.ShardIterator;
  }

  async getRecords(shardIterator: string, limit: number, signal?: AbortSignal): Promise<RecordsPage> {
    // The signal aborts the HTTP request itself (the socket is destroyed), not only the wait for it.
    const out = await this.client.send(new GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit }), { abortSignal: signal });
    return { records: out.Records ?? [], nextShardIterator: out.NextShardIterator };
  }

  /** All shards of a stream, every DescribeStream page. */
  describeAllShards(streamArn: string, signal?: AbortSignal): Promise<StreamPage> {
    return listAllShards((from) => this.describeStream(streamArn, from, signal), signal);
  }

  /** Every stream of a table still readable (current and disabled ones within 24 h). */
  async listStreams(tableName: string): Promise<{ streamArn: string; streamLabel?: string }[]> {
    const result: { streamArn: string; streamLabel?: string }[] = [];
    let start: string | undefined;
    do {
      const out = await this.client.send(new ListStreamsCommand({ TableName: tableName, ExclusiveStartStreamArn: start }));
      for (const s of out.Streams ?? []) if (s.StreamArn) result.push({ streamArn: s.StreamArn, streamLabel: s.StreamLabel });
      start = out.LastEvaluatedStreamArn;
    } while (start);
    return result;
  }
}
