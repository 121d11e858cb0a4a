// A table's Kinesis Data Streams destinations (DescribeKinesisStreamingDestination), as the tree and commands show them.
// Pure: works on the response's plain shape, so it needs no SDK import.

export const DESTINATION_STATUSES = ['ENABLING', 'ACTIVE', 'DISABLING', 'DISABLED', 'ENABLE_FAILED', 'UPDATING'] as const;
export type DestinationStatus = (typeof DESTINATION_STATUSES)[number];

export const TIME_PRECISIONS = ['MILLISECOND', 'MICROSECOND'] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

export interface KinesisDestination {
  streamArn: string;
  /** The data stream's name, from its ARN (arn:aws:kinesis:<region>:<account>:stream/<name>). */
  streamName: string;
  /** The data stream's region, from its ARN. */
  region?: string;
  status: string;
  statusDescription?: string;
  /** Absent in older responses: DynamoDB then writes milliseconds. */
  precision?: string;
}

/** The wire shape of one destination (KinesisDataStreamDestination). */
export interface DestinationShape {
  StreamArn?: string;
  DestinationStatus?: string;
  DestinationStatusDescription?: string;
  ApproximateCreationDateTimePrecision?: string;
}

const KINESIS_ARN = /^arn:aws[\w-]*:kinesis:([\w-]+):\d{12}:stream\/([\w.-]{1,128})$/;

/** Name and region of a Kinesis data stream ARN; undefined when it is not one. */
export function parseKinesisStreamArn(arn: string): { name: string; region: string } | undefined {
  const m = KINESIS_ARN.exec(arn.trim());
  return m ? { region: m[1], name: m[2] } : undefined;
}

export function toKinesisDestinations(shapes: readonly DestinationShape[] | undefined): KinesisDestination[] {
  const out: KinesisDestination[] = [];
  for (const d of shapes ?? []) {
    if (!d.StreamArn) continue;
    const parsed = parseKinesisStreamArn(d.StreamArn);
    out.push({
      streamArn: d.StreamArn,
      streamName: parsed?.name ?? d.StreamArn,
      region: parsed?.region,
      status: d.DestinationStatus ?? 'UNKNOWN',
      statusDescription: d.DestinationStatusDescription || undefined,
      precision: d.ApproximateCreationDateTimePrecision,
    });
  }
  return out;
}

/** Destinations still sending or about to: DISABLED ones stay listed by DynamoDB but carry no data. */
export function isLiveDestination(d: KinesisDestination): boolean {
  return d.status !== 'DISABLED' && d.status !== 'ENABLE_FAILED';
}

/** One line for the tree: "ACTIVE · MILLISECOND". */
export function destinationDescription(d: KinesisDestination): string {
  return [d.status, d.precision?.toLowerCase()].filter(Boolean).join(' · ');
}

/** A hover text: every field, and what a failure means. */
export function destinationTooltip(d: KinesisDestination): string {
  const lines = [
    `Kinesis data stream: ${d.streamName}`,
    `ARN: ${d.streamArn}`,
    `Status: ${d.status}`,
    `Time precision: ${d.precision ?? 'MILLISECOND (default)'}`,
  ];
  if (d.statusDescription) lines.push(`Status description: ${d.statusDescription}`);
  if (d.status === 'ENABLE_FAILED') lines.push('DynamoDB could not write to the stream: check that it exists, is ACTIVE, and its KMS key and permissions.');
  return lines.join('\n');
}

/** Why an ARN typed by the user is not a Kinesis data stream ARN, or undefined when it is one. */
export function validateKinesisStreamArn(text: string): string | undefined {
  if (!text.trim()) return 'Paste the ARN of a Kinesis data stream';
  if (!parseKinesisStreamArn(text)) return 'Expected arn:aws:kinesis:<region>:<12-digit account>:stream/<name>';
  return undefined;
}
