import assert from 'node:assert/strict';
import {
  destinationDescription,
  destinationTooltip,
  isLiveDestination,
  parseKinesisStreamArn,
  toKinesisDestinations,
  validateKinesisStreamArn,
} from '../../../../src/core/table/kinesisDestination';

const ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-cdc';

describe('Kinesis destinations (core)', () => {
  it('reads name and region from a Kinesis data stream ARN, in every partition', () => {
    assert.deepEqual(parseKinesisStreamArn(ARN), { name: 'orders-cdc', region: 'eu-west-1' });
    assert.deepEqual(parseKinesisStreamArn('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b_c-d'), { name: 'a.b_c-d', region: 'cn-north-1' });
    assert.equal(parseKinesisStreamArn('arn:aws:dynamodb:us-east-1:123456789012:table/Orders'), undefined);
    assert.equal(parseKinesisStreamArn('arn:aws:kinesis:us-east-1:123:stream/short-account'), undefined);
  });

  it('turns DescribeKinesisStreamingDestination shapes into destinations, skipping entries without an ARN', () => {
    const list = toKinesisDestinations([
      { StreamArn: ARN, DestinationStatus: 'ACTIVE', ApproximateCreationDateTimePrecision: 'MICROSECOND' },
      { DestinationStatus: 'ACTIVE' },
      { StreamArn: 'not-an-arn', DestinationStatus: 'ENABLE_FAILED', DestinationStatusDescription: 'User does not have a permission' },
    ]);
    assert.equal(list.length, 2);
    assert.deepEqual(list[0], { streamArn: ARN, streamName: 'orders-cdc', region: 'eu-west-1', status: 'ACTIVE', statusDescription: undefined, precision: 'MICROSECOND' });
    assert.equal(list[1].streamName, 'not-an-arn', 'an unparsable ARN is shown as it is');
    assert.equal(list[1].statusDescription, 'User does not have a permission');
    assert.deepEqual(toKinesisDestinations(undefined), []);
  });

  it('describes a destination in one line and explains a failed one in its tooltip', () => {
    const [active, failed] = toKinesisDestinations([
      { StreamArn: ARN, DestinationStatus: 'ACTIVE', ApproximateCreationDateTimePrecision: 'MILLISECOND' },
      { StreamArn: ARN, DestinationStatus: 'ENABLE_FAILED', DestinationStatusDescription: 'Stream not found' },
    ]);
    assert.equal(destinationDescription(active), 'ACTIVE · millisecond');
    assert.equal(destinationDescription(failed), 'ENABLE_FAILED');
    assert.match(destinationTooltip(failed), /Status description: Stream not found/);
    assert.match(destinationTooltip(failed), /could not write to the stream/);
    assert.match(destinationTooltip(active), /Time precision: MILLISECOND/);
    assert.equal(isLiveDestination(active), true);
    assert.equal(isLiveDestination(failed), false);
    assert.equal(isLiveDestination({ ...active, status: 'DISABLED' }), false);
  });

  it('validates a pasted ARN with a message saying what is expected', () => {
    assert.equal(validateKinesisStreamArn(ARN), undefined);
    assert.match(String(validateKinesisStreamArn('')), /Paste the ARN/);
    assert.match(String(validateKinesisStreamArn('orders-cdc')), /arn:aws:kinesis:<region>/);
  });
});
