// Create Kinesis data stream… (palette, and the first entry of Enable Kinesis destination…'s stream pick): a name,
// on-demand or a shard count, progress until ACTIVE.
import * as vscode from 'vscode';
import { describeNewStream, validateKinesisStreamName, validateShardCount, type NewKinesisStream } from '../core/table/kinesisStream';
import { input, pick } from '../ui/prompts';
import { CommandContext, ServiceFailure } from './context';

const TITLE = 'Create Kinesis data stream';

async function askNewStream(): Promise<NewKinesisStream | undefined> {
  const name = await input({ title: `${TITLE}: name`, prompt: 'Stream name: 1–128 characters of a-z, A-Z, 0-9, "_", "-", "."', placeHolder: 'orders-changes', validateInput: validateKinesisStreamName });
  if (!name) return undefined;
  const mode = await pick(
    [
      { label: 'On-demand', description: 'ON_DEMAND', detail: 'Kinesis scales the shards with the traffic' },
      { label: 'Provisioned', description: 'PROVISIONED', detail: 'A fixed number of shards (1 MB/s or 1,000 records/s of writes each)' },
    ],
    { title: `${TITLE}: capacity mode`, placeHolder: 'Capacity mode' },
  );
  if (!mode) return undefined;
  if (mode.label === 'On-demand') return { name, mode: 'ON_DEMAND' };
  const shards = await input({ title: `${TITLE}: shards`, prompt: 'Number of shards', value: '1', validateInput: validateShardCount });
  if (shards === undefined) return undefined;
  return { name, mode: 'PROVISIONED', shardCount: Number(shards.trim()) };
}

/** Resolves to the new stream (name and ARN) once it is ACTIVE; undefined when the user cancelled or Kinesis refused. */
export async function createKinesisStream(ctx: CommandContext): Promise<{ name: string; arn?: string } | undefined> {
  const spec = await askNewStream();
  if (!spec) return undefined;
  const endpoint = ctx.connection.current.kinesisEndpoint;
  let arn: string | undefined;
  try {
    const kinesis = await ctx.connection.kinesisServices();
    arn = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Creating Kinesis data stream ${spec.name} (${describeNewStream(spec)})` }, (progress) =>
      kinesis.createStream(spec, (status) => progress.report({ message: `${status}…` })),
    );
  } catch (err) {
    const cause = err as { name?: string; message?: string };
    if (cause?.name === 'ResourceInUseException' || cause?.name === 'LimitExceededException') {
      // Kinesis's own words name the problem (the name is taken, a shard quota): shown as they are, with the next step.
      ctx.log.warn(`Create Kinesis data stream ${spec.name}: ${cause.name}: ${cause.message}`);
      const next = cause.name === 'ResourceInUseException' ? 'choose another name' : 'use fewer shards or on-demand, or ask for a higher quota';
      void vscode.window.showErrorMessage(`Create Kinesis data stream ${spec.name}: ${cause.message} — ${next}.`);
      return undefined;
    }
    throw new ServiceFailure(err, { endpoint, action: 'kinesis:CreateStream' });
  }
  ctx.log.info(`Created Kinesis data stream ${spec.name} (${describeNewStream(spec)}): ${arn ?? 'no ARN reported'}`);
  void vscode.window.showInformationMessage(`Kinesis data stream ${spec.name} is ACTIVE (${describeNewStream(spec)}).`);
  return { name: spec.name, arn };
}
