// The records the Lambda benchmarks run on (lambdaFilter.mts, lambdaPanel.mts): ORDER items with nested values and a
// 38-digit number; 10% REMOVE (every other one a TTL deletion), ~30% INSERT, the rest MODIFY with both images.
import type { StreamRecord } from '../../src/core/records/model';

export function orderRecord(i: number): StreamRecord {
  const kind = i % 10 === 0 ? 'REMOVE' : i % 3 === 0 ? 'INSERT' : 'MODIFY';
  const image = (status: string) => ({
    PK: { S: `ORDER#${i}` },
    SK: { N: String(i % 50) },
    status: { S: status },
    customer: { M: { name: { S: `customer ${i % 97}` }, city: { S: 'Lyon' } } },
    tags: { L: [{ S: 'gift' }, { S: i % 7 === 0 ? 'urgent' : 'normal' }] },
    total: { N: '12345678901234567890.25' },
  });
  return {
    eventID: `e${i}`,
    eventName: kind,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(1722960000000 + i * 1000),
      Keys: { PK: { S: `ORDER#${i}` }, SK: { N: String(i % 50) } },
      ...(kind !== 'INSERT' ? { OldImage: image('pending') } : {}),
      ...(kind !== 'REMOVE' ? { NewImage: image(i % 4 === 0 ? 'shipped' : 'processing') } : {}),
      SequenceNumber: String(100000000000000000000n + BigInt(i)),
      SizeBytes: 200 + (i % 300),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(kind === 'REMOVE' && i % 20 === 0 ? { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}
