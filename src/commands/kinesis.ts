// Tail Kinesis data stream… (palette, any stream at the Kinesis endpoint) and Tail Kinesis stream (a table's Kinesis
// destination in the tree): a `Kinesis: <stream>` panel showing the same rows as a DynamoDB stream tail.
import { parseKinesisStreamArn } from '../core/table/kinesisDestination';
import { kinesisRecordSource } from '../core/tail/kinesis/source';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { tailSettings } from '../config/settings';
import { input, pick } from '../ui/prompts';
import { CommandContext, ServiceFailure } from './context';

interface KinesisStreamRef {
  name: string;
  arn?: string;
}

/** Kinesis stream names: 1-128 of letters, digits, `_`, `.`, `-`. */
const STREAM_NAME = /^[\w.-]{1,128}$/;

/** A stream named by the argument: a Kinesis destination (tree node or plain object with its ARN), or a name. */
export function kinesisStreamOf(arg: unknown): KinesisStreamRef | undefined {
  const arn = arg && typeof arg === 'object' ? ((arg as { destination?: { streamArn?: unknown } }).destination?.streamArn ?? (arg as { streamArn?: unknown }).streamArn) : undefined;
  if (typeof arn === 'string') {
    const parsed = parseKinesisStreamArn(arn);
    if (parsed) return { name: parsed.name, arn };
  }
  if (typeof arg === 'string') return streamRefFromText(arg);
  return undefined;
}

function streamRefFromText(text: string): KinesisStreamRef | undefined {
  const value = text.trim();
  const parsed = parseKinesisStreamArn(value);
  if (parsed) return { name: parsed.name, arn: value };
  return STREAM_NAME.test(value) ? { name: value } : undefined;
}

async function pickStream(ctx: CommandContext): Promise<KinesisStreamRef | undefined> {
  const c = ctx.connection.current;
  const listed = ctx.connection.kinesis.listStreams().catch((err: unknown) => {
    throw new ServiceFailure(err, { endpoint: c.kinesisEndpoint, action: 'kinesis:ListStreams' });
  });
  const manual = { label: '$(edit) Enter a stream name or ARN…', alwaysShow: true };
  const items = listed.then((streams) => [...streams.map((s) => ({ label: s.name, description: s.arn, stream: s })), manual]);
  const chosen = await pick(items, { placeHolder: 'Tail which Kinesis data stream?', matchOnDescription: true });
  if (!chosen) return undefined;
  if ('stream' in chosen) return chosen.stream;
  const text = await input({
    prompt: 'Kinesis data stream name or ARN',
    placeHolder: 'orders-changes or arn:aws:kinesis:us-east-1:123456789012:stream/orders-changes',
    validateInput: (value) => (streamRefFromText(value) ? undefined : 'A stream name (letters, digits, _ . -) or a Kinesis stream ARN'),
  });
  return text === undefined ? undefined : streamRefFromText(text);
}

/** Opens (or reveals) the Kinesis tail panel; returns it, or undefined when cancelled. */
export async function tailKinesisStream(ctx: CommandContext, panels: TailPanelManager, arg?: unknown): Promise<TailPanel | undefined> {
  const stream = kinesisStreamOf(arg) ?? (await pickStream(ctx));
  if (!stream) return undefined;
  const reader = kinesisRecordSource(ctx.connection.kinesis, { streamName: stream.name, loopback: ctx.connection.current.kinesisLoopback });
  return panels.open({ source: 'kinesis', name: stream.name, streamArn: stream.arn ?? stream.name, ...tailSettings(), reader, log: ctx.log });
}
