// A Kinesis data stream as a tail panel's record source: the Kinesis reader bound to one stream.
import { KINESIS_MAX_RETENTION_HOURS, toKinesisStart } from '../startPosition';
import type { RecordSource } from '../types';
import { tailKinesisStream } from './reader';
import type { KinesisApi, KinesisTailOptions } from './types';

export function kinesisRecordSource(api: KinesisApi, options: Pick<KinesisTailOptions, 'streamName' | 'loopback'>): RecordSource {
  return {
    read: (start, signal, onEvent) => tailKinesisStream(api, { ...options, ...toKinesisStart(start), signal }, onEvent),
    resume: ({ start, at, after }, signal, onEvent) => {
      const from = toKinesisStart(start);
      return tailKinesisStream(api, { ...options, start: from.start, checkpoints: { ...from.checkpoints, ...after }, resumeAt: at, signal }, onEvent);
    },
    // The stream's own retention (DescribeStreamSummary) is not read: a time is checked against Kinesis's maximum.
    startLimits: async (signal) => ({
      retentionHours: KINESIS_MAX_RETENTION_HOURS,
      retentionKnown: false,
      shardIds: (await api.listShards(options.streamName, signal)).flatMap((s) => (s.ShardId ? [s.ShardId] : [])),
    }),
  };
}
