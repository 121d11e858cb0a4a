// A Kinesis data stream as a tail panel's record source: the Kinesis reader bound to one stream.
import type { RecordSource, StartPosition } from '../tail/types';
import { tailKinesisStream } from './reader';
import type { KinesisApi, KinesisStart, KinesisTailOptions } from './types';

/** The panel's start position as a Kinesis iterator start. */
export function kinesisStartOf(start: StartPosition): KinesisStart {
  return start === 'TRIM_HORIZON' ? { type: 'TRIM_HORIZON' } : { type: 'LATEST' };
}

export function kinesisRecordSource(api: KinesisApi, options: Pick<KinesisTailOptions, 'streamName' | 'loopback'>): RecordSource {
  return { read: (start, signal, onEvent) => tailKinesisStream(api, { ...options, start: kinesisStartOf(start), signal }, onEvent) };
}
