// Kinesis Data Streams behind the small KinesisApi interface the Kinesis reader and the stream picker use.
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-kinesis';
import type { KinesisApi, KinesisIteratorPosition, KinesisRecordsPage, KinesisShard } from '../core/tail/kinesis/types';
import { activePollDelayMs, createStreamRequest, type NewKinesisStream } from '../core/table/kinesisStream';

/** How long Create Kinesis data stream… waits for ACTIVE before giving up (AWS takes seconds to a few minutes). */
const ACTIVE_TIMEOUT_MS = 10 * 60_000;

export class SdkKinesisApi implements KinesisApi {
  constructor(private readonly client: KinesisClient) {}

  async listStreams(signal?: AbortSignal): Promise<{ name: string; arn?: string }[]> {
    const result: { name: string; arn?: string }[] = [];
    let nextToken: string | undefined;
    let exclusiveStart: string | undefined;
    for (;;) {
      // NextToken pages on AWS; older servers (kinesalite) page by ExclusiveStartStreamName and HasMoreStreams only.
      const out = await this.client.send(
        new ListStreamsCommand(nextToken ? { NextToken: nextToken } : { ExclusiveStartStreamName: exclusiveStart }),
        { abortSignal: signal },
      );
      const summaries = out.StreamSummaries ?? [];
      if (summaries.length > 0) {
        for (const s of summaries) if (s.StreamName) result.push({ name: s.StreamName, arn: s.StreamARN });
      } else {
        for (const name of out.StreamNames ?? []) result.push({ name });
      }
      const last = result[result.length - 1]?.name;
      if (!out.HasMoreStreams || last === undefined || last === exclusiveStart) return result;
      nextToken = out.NextToken;
      exclusiveStart = last;
    }
  }

  /** The ARN of a stream known by name (older servers list names only). */
  async streamArn(streamName: string): Promise<string | undefined> {
    const out = await this.client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    return out.StreamDescriptionSummary?.StreamARN;
  }

  /**
   * CreateStream, then DescribeStreamSummary with backoff until the stream is ACTIVE; resolves to its ARN. Kinesis's
   * refusals (a name in use, a shard quota) reach the caller as Kinesis words them.
   */
  async createStream(spec: NewKinesisStream, onStatus?: (status: string) => void, signal?: AbortSignal): Promise<string | undefined> {
    await this.client.send(new CreateStreamCommand(createStreamRequest(spec)), { abortSignal: signal });
    const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      const out = await this.client.send(new DescribeStreamSummaryCommand({ StreamName: spec.name }), { abortSignal: signal });
      const summary = out.StreamDescriptionSummary;
      const status = summary?.StreamStatus ?? 'UNKNOWN';
      onStatus?.(status);
      if (status === 'ACTIVE') return summary?.StreamARN;
      if (status === 'DELETING') throw new Error(`Stream ${spec.name} is being deleted`);
      if (Date.now() > deadline) throw new Error(`Stream ${spec.name} is still ${status} after ${ACTIVE_TIMEOUT_MS / 60_000} minutes`);
      await new Promise((resolve) => setTimeout(resolve, activePollDelayMs(attempt))); // Kinesis has no waiter event to listen for
    }
  }

  async listShards(streamName: string, signal?: AbortSignal): Promise<KinesisShard[]> {
    const shards: KinesisShard[] = [];
    // The first page names the stream; later pages carry only the NextToken (the API refuses both together).
    let out = await this.client.send(new ListShardsCommand({ StreamName: streamName }), { abortSignal: signal });
    shards.push(...((out.Shards ?? []) as KinesisShard[]));
    const seen = new Set<string>();
    while (out.NextToken && !seen.has(out.NextToken)) {
      seen.add(out.NextToken);
      out = await this.client.send(new ListShardsCommand({ NextToken: out.NextToken }), { abortSignal: signal });
      shards.push(...((out.Shards ?? []) as KinesisShard[]));
    }
    return shards;
  }

  async getShardIterator(streamName: string, shardId: string, position: KinesisIteratorPosition, signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ShardIteratorType: position.type,
        StartingSequenceNumber: position.sequenceNumber,
        Timestamp: position.timestampMs === undefined ? undefined : new Date(position.timestampMs),
      }),
      { abortSignal: signal },
    );
    return out.ShardIterator;
  }

  async getRecords(shardIterator: string, limit: number, signal?: AbortSignal): Promise<KinesisRecordsPage> {
    const out = await this.client.send(new GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit }), { abortSignal: signal });
    return {
      records: (out.Records ?? []).map((r) => ({
        sequenceNumber: r.SequenceNumber ?? '',
        partitionKey: r.PartitionKey ?? '',
        data: r.Data ?? new Uint8Array(),
        arrivalMs: r.ApproximateArrivalTimestamp?.getTime(),
      })),
      nextShardIterator: out.NextShardIterator,
      millisBehindLatest: out.MillisBehindLatest,
    };
  }
}
