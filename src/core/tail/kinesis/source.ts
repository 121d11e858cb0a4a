// A Kinesis data stream as a tail panel's record source: the Kinesis reader bound to one stream.
import { toKinesisStart } from '../startPosition';
import type { RecordSource } from '../types';
import { tailKinesisStream } from './reader';
import type { KinesisApi, KinesisTailOptions } from './types';

export function kinesisRecordSource(api: KinesisApi, options: Pick<KinesisTailOptions, 'streamName' | 'loopback'>): RecordSource {
  return { read: (start, signal, onEvent) => tailKinesisStream(api, { ...options, ...toKinesisStart(start), signal }, onEvent) };
}
