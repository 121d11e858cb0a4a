// A table's Kinesis Data Streams destinations over an injected DynamoDBClient. DynamoDB Local has none of these calls
// (UnknownOperationException): the first such answer is remembered for the connection, so the tree asks once, not per
// table and per refresh.
import {
  DescribeKinesisStreamingDestinationCommand,
  DisableKinesisStreamingDestinationCommand,
  DynamoDBClient,
  EnableKinesisStreamingDestinationCommand,
  UpdateKinesisStreamingDestinationCommand,
} from '@aws-sdk/client-dynamodb';
import { readAwsError } from '../core/connection/awsError';
import { toKinesisDestinations, type KinesisDestination, type TimePrecision } from '../core/table/kinesisDestination';

export type DestinationListing = { supported: true; destinations: KinesisDestination[] } | { supported: false; reason: string };

export const UNSUPPORTED_REASON = 'This endpoint has no Kinesis streaming destinations (DynamoDB Local has none)';

export class KinesisDestinationsService {
  private unsupported = false;

  constructor(private readonly client: DynamoDBClient) {}

  /** Asks again from now on (Refresh). */
  forgetAnswers(): void {
    this.unsupported = false;
  }

  async list(tableName: string): Promise<DestinationListing> {
    if (this.unsupported) return { supported: false, reason: UNSUPPORTED_REASON };
    try {
      const out = await this.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: tableName }));
      return { supported: true, destinations: toKinesisDestinations(out.KinesisDataStreamDestinations) };
    } catch (err) {
      if (readAwsError(err).kind !== 'unsupported') throw err;
      this.unsupported = true;
      return { supported: false, reason: UNSUPPORTED_REASON };
    }
  }

  /** Starts streaming the table's changes to the data stream; the destination is ENABLING until DynamoDB confirms. */
  async enable(tableName: string, streamArn: string, precision: TimePrecision): Promise<string | undefined> {
    const out = await this.client.send(
      new EnableKinesisStreamingDestinationCommand({
        TableName: tableName,
        StreamArn: streamArn,
        EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision },
      }),
    );
    return out.DestinationStatus;
  }

  async disable(tableName: string, streamArn: string): Promise<string | undefined> {
    const out = await this.client.send(new DisableKinesisStreamingDestinationCommand({ TableName: tableName, StreamArn: streamArn }));
    return out.DestinationStatus;
  }

  async changePrecision(tableName: string, streamArn: string, precision: TimePrecision): Promise<string | undefined> {
    const out = await this.client.send(
      new UpdateKinesisStreamingDestinationCommand({
        TableName: tableName,
        StreamArn: streamArn,
        UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision },
      }),
    );
    return out.DestinationStatus;
  }
}
