// Enable Kinesis destination…, Disable Kinesis destination, Change Kinesis time precision…: a table's changes streamed
// to a Kinesis data stream. On an endpoint without these calls (DynamoDB Local) the commands say so and stop.
import * as vscode from 'vscode';
import { TIME_PRECISIONS, isLiveDestination, validateKinesisStreamArn, type KinesisDestination, type TimePrecision } from '../core/table/kinesisDestination';
import type { AwsServices } from '../aws/services';
import { input, pick } from '../ui/prompts';
import { CommandContext, onTable, ServiceFailure, withTableProgress } from './context';
import { createKinesisStream } from './kinesisStreams';

const PASTE_ARN = '$(edit) Paste a stream ARN…';
/** The pick's first entry: a new data stream becomes the destination once it is ACTIVE. */
export const CREATE_STREAM = '$(add) Create Kinesis data stream…';

const PRECISION_DETAILS: Record<TimePrecision, string> = {
  MILLISECOND: 'ApproximateCreationDateTime in milliseconds (the default)',
  MICROSECOND: 'ApproximateCreationDateTime in microseconds: orders changes made within the same millisecond',
};

/** The destinations of a table, or undefined (after saying why) when the endpoint has none. */
async function destinationsOf(services: AwsServices, tableName: string): Promise<KinesisDestination[] | undefined> {
  const listing = await services.kinesisDestinations.list(tableName);
  if (listing.supported) return listing.destinations;
  void vscode.window.showInformationMessage(`${listing.reason}.`);
  return undefined;
}

/** The destination a command acts on: the right-clicked one, the only live one, or one picked. */
async function pickDestination(arg: unknown, destinations: KinesisDestination[], title: string): Promise<KinesisDestination | undefined> {
  const clicked = (arg as { destination?: KinesisDestination } | undefined)?.destination;
  if (clicked) return destinations.find((d) => d.streamArn === clicked.streamArn) ?? clicked;
  const live = destinations.filter(isLiveDestination);
  if (live.length <= 1) return live[0];
  const chosen = await pick(live.map((d) => ({ label: d.streamName, description: d.status, detail: d.streamArn, destination: d })), { title, placeHolder: 'Kinesis destination' });
  return chosen?.destination;
}

async function pickPrecision(title: string, current?: string): Promise<TimePrecision | undefined> {
  const items = TIME_PRECISIONS.map((p) => ({ label: p, description: p === current ? 'current' : undefined, detail: PRECISION_DETAILS[p] }));
  return (await pick(items, { title, placeHolder: 'Precision of ApproximateCreationDateTime' }))?.label;
}

/** A stream of the Kinesis endpoint (its ARN), or one pasted. */
async function pickStreamArn(ctx: CommandContext, services: AwsServices, tableName: string): Promise<string | undefined> {
  const c = ctx.connection.current;
  const listed = ctx.connection.kinesis.listStreams().catch((err: unknown) => {
    throw new ServiceFailure(err, { endpoint: c.kinesisEndpoint, action: 'kinesis:ListStreams' });
  });
  const create = { label: CREATE_STREAM, arn: undefined, alwaysShow: true };
  const items = listed.then((streams) => [create, ...streams.map((s) => ({ label: s.name, description: s.arn, arn: s.arn })), { label: PASTE_ARN, arn: undefined }]);
  const chosen = await pick(items, { title: `Kinesis destination for ${tableName}`, placeHolder: 'Kinesis data stream to receive the changes', matchOnDescription: true });
  if (!chosen) return undefined;
  if (chosen.label === CREATE_STREAM) {
    const created = await createKinesisStream(ctx);
    return created && (created.arn ?? (await services.kinesis.streamArn(created.name)));
  }
  if (chosen.label !== PASTE_ARN) return chosen.arn ?? (await services.kinesis.streamArn(chosen.label));
  const arn = await input({ title: `Kinesis destination for ${tableName}`, prompt: 'ARN of the Kinesis data stream', placeHolder: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-changes', validateInput: validateKinesisStreamArn });
  return arn?.trim();
}

export function enableKinesisDestination(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Stream the changes of which table to Kinesis?', async (tableName) => {
    const services = await ctx.connection.getServices();
    if (!(await destinationsOf(services, tableName))) return false;
    const streamArn = await pickStreamArn(ctx, services, tableName);
    if (!streamArn) return false;
    const precision = await pickPrecision(`Time precision for ${tableName} → Kinesis`);
    if (!precision) return false;
    const status = await withTableProgress(ctx, tableName, 'enabling Kinesis destination…', () => services.kinesisDestinations.enable(tableName, streamArn, precision));
    ctx.log.info(`Kinesis destination ${streamArn} for ${tableName}: ${status ?? 'requested'} (${precision})`);
    return true;
  });
}

export function disableKinesisDestination(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Stop streaming which table to Kinesis?', async (tableName) => {
    const services = await ctx.connection.getServices();
    const destinations = await destinationsOf(services, tableName);
    if (!destinations) return false;
    const destination = await pickDestination(arg, destinations, `Disable a Kinesis destination of ${tableName}`);
    if (!destination) {
      void vscode.window.showInformationMessage(`${tableName} streams to no Kinesis data stream.`);
      return false;
    }
    await withTableProgress(ctx, tableName, 'disabling Kinesis destination…', () => services.kinesisDestinations.disable(tableName, destination.streamArn));
    ctx.log.info(`Disabled the Kinesis destination ${destination.streamArn} of ${tableName}`);
    return true;
  });
}

export function changeKinesisPrecision(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  return onTable(ctx, arg, 'Change the Kinesis time precision of which table?', async (tableName) => {
    const services = await ctx.connection.getServices();
    const destinations = await destinationsOf(services, tableName);
    if (!destinations) return false;
    const destination = await pickDestination(arg, destinations, `Kinesis destination of ${tableName}`);
    if (!destination) return false;
    const precision = await pickPrecision(`Time precision for ${tableName} → ${destination.streamName}`, destination.precision ?? 'MILLISECOND');
    if (!precision || precision === (destination.precision ?? 'MILLISECOND')) return false;
    await withTableProgress(ctx, tableName, 'updating Kinesis destination…', () => services.kinesisDestinations.changePrecision(tableName, destination.streamArn, precision));
    return true;
  });
}
