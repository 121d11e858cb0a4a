// SdkKinesisApi.createStream on-demand with documented CreateStream / DescribeStreamSummary shapes — synthetic:
// kinesalite refuses on-demand streams (shard counts are tested on kinesalite in test/integration/kinesisCreate).
import assert from 'node:assert/strict';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { SdkKinesisApi } from '../../../src/aws/kinesisApi';

describe('Create Kinesis data stream on-demand — synthetic (documented shapes; kinesalite refuses ON_DEMAND)', () => {
  it('sends StreamModeDetails ON_DEMAND without ShardCount and waits through CREATING', async () => {
    const mock = mockClient(KinesisClient);
    try {
      const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders-od';
      mock.on(CreateStreamCommand).resolves({});
      mock.on(DescribeStreamSummaryCommand)
        .resolvesOnce({ StreamDescriptionSummary: { StreamName: 'orders-od', StreamARN: arn, StreamStatus: 'CREATING', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 24, StreamCreationTimestamp: new Date(), EnhancedMonitoring: [], OpenShardCount: 0 } })
        .resolves({ StreamDescriptionSummary: { StreamName: 'orders-od', StreamARN: arn, StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 24, StreamCreationTimestamp: new Date(), EnhancedMonitoring: [], OpenShardCount: 4 } });
      const statuses: string[] = [];
      const got = await new SdkKinesisApi(new KinesisClient({ region: 'us-east-1' })).createStream({ name: 'orders-od', mode: 'ON_DEMAND' }, (s) => statuses.push(s));
      assert.equal(got, arn);
      assert.deepEqual(statuses, ['CREATING', 'ACTIVE']);
      assert.deepEqual(mock.commandCalls(CreateStreamCommand).map((c) => c.args[0].input), [{ StreamName: 'orders-od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }]);
    } finally {
      mock.restore();
    }
  });
});
