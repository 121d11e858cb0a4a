// The AWS path of Kinesis destinations with documented response shapes — synthetic: no local backend has these calls
// (DynamoDB Local answers UnknownOperationException; the integration suite checks that answer for real).
import assert from 'node:assert/strict';
import {
  DescribeKinesisStreamingDestinationCommand,
  DisableKinesisStreamingDestinationCommand,
  DynamoDBClient,
  EnableKinesisStreamingDestinationCommand,
  UpdateKinesisStreamingDestinationCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { KinesisDestinationsService } from '../../../src/aws/kinesisDestinations';
import { useDynamoDbMock } from './mockDynamoDb';

const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-cdc';

describe('KinesisDestinationsService — synthetic AWS responses (documented shapes)', () => {
  const dynamoDb = useDynamoDbMock();

  it('lists the destinations of a table', async () => {
    dynamoDb().on(DescribeKinesisStreamingDestinationCommand, { TableName: 'Orders' }).resolves({
      TableName: 'Orders',
      KinesisDataStreamDestinations: [
        { StreamArn: ARN, DestinationStatus: 'ACTIVE', ApproximateCreationDateTimePrecision: 'MICROSECOND' },
        { StreamArn: ARN.replace('orders-cdc', 'old'), DestinationStatus: 'DISABLED', DestinationStatusDescription: 'Disabled by user' },
      ],
    });
    const listing = await new KinesisDestinationsService(new DynamoDBClient({ region: 'us-east-1' })).list('Orders');
    assert.equal(listing.supported, true);
    if (!listing.supported) return;
    assert.deepEqual(listing.destinations.map((d) => [d.streamName, d.status, d.precision]), [
      ['orders-cdc', 'ACTIVE', 'MICROSECOND'],
      ['old', 'DISABLED', undefined],
    ]);
  });

  it('sends enable, disable and precision changes in the documented request shapes', async () => {
    dynamoDb().on(EnableKinesisStreamingDestinationCommand).resolves({ TableName: 'Orders', StreamArn: ARN, DestinationStatus: 'ENABLING' });
    dynamoDb().on(DisableKinesisStreamingDestinationCommand).resolves({ TableName: 'Orders', StreamArn: ARN, DestinationStatus: 'DISABLING' });
    dynamoDb().on(UpdateKinesisStreamingDestinationCommand).resolves({ TableName: 'Orders', StreamArn: ARN, DestinationStatus: 'UPDATING' });
    const service = new KinesisDestinationsService(new DynamoDBClient({ region: 'us-east-1' }));
    assert.equal(await service.enable('Orders', ARN, 'MICROSECOND'), 'ENABLING');
    assert.equal(await service.changePrecision('Orders', ARN, 'MILLISECOND'), 'UPDATING');
    assert.equal(await service.disable('Orders', ARN), 'DISABLING');
    assert.deepEqual(dynamoDb().commandCalls(EnableKinesisStreamingDestinationCommand)[0].args[0].input, {
      TableName: 'Orders',
      StreamArn: ARN,
      EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: 'MICROSECOND' },
    });
    assert.deepEqual(dynamoDb().commandCalls(UpdateKinesisStreamingDestinationCommand)[0].args[0].input, {
      TableName: 'Orders',
      StreamArn: ARN,
      UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: 'MILLISECOND' },
    });
    assert.deepEqual(dynamoDb().commandCalls(DisableKinesisStreamingDestinationCommand)[0].args[0].input, { TableName: 'Orders', StreamArn: ARN });
  });

  it("passes AWS's own errors through unchanged (the command shows them as AWS words them)", async () => {
    dynamoDb().on(DescribeKinesisStreamingDestinationCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found: Table: Gone not found', $metadata: {} }));
    const service = new KinesisDestinationsService(new DynamoDBClient({ region: 'us-east-1' }));
    await assert.rejects(service.list('Gone'), { name: 'ResourceNotFoundException', message: /Table: Gone not found/ });
  });
});
