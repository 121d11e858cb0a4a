import assert from 'node:assert/strict';
import {
  dynamoDbFilterInput,
  kinesisLambdaFilterInput,
  toLambdaDynamoDbEvent,
  toLambdaDynamoDbRecord,
  toLambdaKinesisEvent,
  toLambdaKinesisRecord,
} from '../../../../src/core/lambda/lambdaEvent';
import { parseLambdaFilter, type LambdaFilter } from '../../../../src/core/lambda/filter/lambdaFilter';
import type { StreamRecord } from '../../../../src/core/records/model';

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Sessions/stream/2024-08-06T12:00:00.000';
const context = { awsRegion: 'us-east-1', eventSourceARN: STREAM_ARN };

/** A MODIFY as the SDK's GetRecords gives it: a Date, binary as bytes, no userIdentity. */
function sdkModify(): StreamRecord {
  return {
    eventID: '7de3041dd709b024af6f29e4fa13d34c',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2024-08-06T16:07:24Z'),
      Keys: { PK: { S: 'ORDER#1001' } },
      OldImage: { PK: { S: 'ORDER#1001' }, status: { S: 'pending' }, total: { N: '12345678901234567890123456789012345678' } },
      NewImage: { PK: { S: 'ORDER#1001' }, status: { S: 'shipped' }, total: { N: '12345678901234567890123456789012345678' } },
      SequenceNumber: '000000000000000000042',
      SizeBytes: 123,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** A TTL expiry as the SDK gives it (a TTL-archiving table): REMOVE with userIdentity Type/PrincipalId. */
function sdkTtlRemove(): StreamRecord {
  return {
    eventID: 'a1',
    eventName: 'REMOVE',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2024-08-06T16:08:00Z'),
      Keys: { PK: { S: 'a2b1' } },
      OldImage: { PK: { S: 'a2b1' }, ExpirationTime: { N: '1722960444' }, SessionInfo: { M: { UserName: { S: 'user7' } } } },
      SequenceNumber: '000000000000000000043',
      SizeBytes: 80,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
  };
}

function filter(text: string): LambdaFilter {
  const r = parseLambdaFilter(text);
  if (!r.ok) assert.fail(r.error);
  return r.filter;
}

describe('lambdaEvent: DynamoDB-stream event, field by field', () => {
  it('the top-level fields and their order are those of the Lambda event', () => {
    const r = toLambdaDynamoDbRecord(sdkModify(), context);
    assert.deepEqual(Object.keys(r), ['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    assert.equal(r.eventID, '7de3041dd709b024af6f29e4fa13d34c');
    assert.equal(r.eventName, 'MODIFY');
    assert.equal(r.eventVersion, '1.1');
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.awsRegion, 'us-east-1');
    assert.equal(r.eventSourceARN, STREAM_ARN);
  });
  it('dynamodb: time as epoch seconds (a number), keys, images, sequence number, size, view type', () => {
    const d = toLambdaDynamoDbRecord(sdkModify(), context).dynamodb;
    assert.deepEqual(Object.keys(d), ['ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
    assert.equal(d.ApproximateCreationDateTime, 1722960444);
    assert.deepEqual(d.Keys, { PK: { S: 'ORDER#1001' } });
    assert.deepEqual(d.NewImage, sdkModify().dynamodb!.NewImage);
    assert.deepEqual(d.OldImage, sdkModify().dynamodb!.OldImage);
    assert.equal(d.SequenceNumber, '000000000000000000042');
    assert.equal(d.SizeBytes, 123);
    assert.equal(d.StreamViewType, 'NEW_AND_OLD_IMAGES');
  });
  it('N values stay DynamoDB JSON strings, exact at 38 digits', () => {
    const d = toLambdaDynamoDbRecord(sdkModify(), context).dynamodb;
    assert.deepEqual(d.NewImage!.total, { N: '12345678901234567890123456789012345678' });
  });
  it('a TTL delete carries userIdentity with lower-case type and principalId, and no NewImage', () => {
    const r = toLambdaDynamoDbRecord(sdkTtlRemove(), context);
    assert.deepEqual(r.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    assert.equal(Object.keys(r).at(-1), 'userIdentity');
    assert.equal('NewImage' in r.dynamodb, false);
    assert.deepEqual(r.dynamodb.OldImage!.SessionInfo, { M: { UserName: { S: 'user7' } } });
  });
  it('a record without userIdentity has none (not an empty one)', () => {
    assert.equal('userIdentity' in toLambdaDynamoDbRecord(sdkModify(), context), false);
  });
  it('binary B and BS, also nested, become base64 strings', () => {
    const rec = sdkModify();
    rec.dynamodb!.NewImage = {
      PK: { S: 'ORDER#1001' },
      blob: { B: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
      blobs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
      meta: { M: { thumb: { B: new Uint8Array([255, 0]) } } },
    };
    rec.dynamodb!.Keys = { PK: { S: 'ORDER#1001' }, SK: { B: new Uint8Array([9]) } };
    const d = toLambdaDynamoDbRecord(rec, context).dynamodb;
    assert.deepEqual(d.NewImage!.blob, { B: '3q2+7w==' });
    assert.deepEqual(d.NewImage!.blobs, { BS: ['AQ==', 'AgM='] });
    assert.deepEqual(d.NewImage!.meta, { M: { thumb: { B: '/wA=' } } });
    assert.deepEqual(d.Keys!.SK, { B: 'CQ==' });
  });
  it('the event is plain JSON: it survives JSON.stringify / JSON.parse unchanged', () => {
    const event = toLambdaDynamoDbEvent([sdkModify(), sdkTtlRemove()], context);
    assert.deepEqual(JSON.parse(JSON.stringify(event)), event);
  });
  it('the event wraps the records in Records, in order', () => {
    const event = toLambdaDynamoDbEvent([sdkModify(), sdkTtlRemove()], context);
    assert.deepEqual(Object.keys(event), ['Records']);
    assert.deepEqual(event.Records.map((r) => r.eventName), ['MODIFY', 'REMOVE']);
  });
  it('ApproximateCreationDateTime given as epoch seconds, a numeric string or an ISO string reads the same', () => {
    for (const t of [1722960444, '1722960444', '2024-08-06T16:07:24Z']) {
      const rec = sdkModify();
      (rec.dynamodb as { ApproximateCreationDateTime?: unknown }).ApproximateCreationDateTime = t;
      assert.equal(toLambdaDynamoDbRecord(rec, context).dynamodb.ApproximateCreationDateTime, 1722960444, String(t));
    }
  });
  it('missing time, sequence number and size are left out, not null', () => {
    const d = toLambdaDynamoDbRecord({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'x' } } } }, context).dynamodb;
    assert.deepEqual(d, { Keys: { PK: { S: 'x' } } });
  });
  it('the record\'s own region wins (DynamoDB Local says "ddblocal"); the context fills a missing one', () => {
    assert.equal(toLambdaDynamoDbRecord({ ...sdkModify(), awsRegion: 'ddblocal' }, context).awsRegion, 'ddblocal');
    assert.equal(toLambdaDynamoDbRecord({ ...sdkModify(), awsRegion: undefined }, context).awsRegion, 'us-east-1');
  });
  it('the input record is not changed', () => {
    const rec = sdkTtlRemove();
    toLambdaDynamoDbRecord(rec, context);
    assert.deepEqual(rec, sdkTtlRemove());
  });
});

describe('lambdaEvent: the filter sees exactly what Lambda evaluates', () => {
  const ttlFilter = filter('{"userIdentity":{"type":["Service"],"principalId":["dynamodb.amazonaws.com"]}}');
  it('the filter input of a DynamoDB event record is the record itself', () => {
    const r = toLambdaDynamoDbRecord(sdkModify(), context);
    assert.equal(dynamoDbFilterInput(r), r);
  });
  it('the TTL filter passes the converted TTL delete, and not the raw Streams API record (Type/PrincipalId)', () => {
    assert.equal(ttlFilter.matches(dynamoDbFilterInput(toLambdaDynamoDbRecord(sdkTtlRemove(), context))), true);
    assert.equal(ttlFilter.matches(sdkTtlRemove()), false);
  });
  it('the archiving filter {"eventName":["REMOVE"]} passes the TTL delete and drops the MODIFY', () => {
    const f = filter('{"eventName":["REMOVE"]}');
    const [modify, remove] = toLambdaDynamoDbEvent([sdkModify(), sdkTtlRemove()], context).Records;
    assert.deepEqual([f.matches(modify), f.matches(remove)], [false, true]);
  });
  it('numeric works on SizeBytes and the time (numbers in the event), not on N attributes', () => {
    const r = toLambdaDynamoDbRecord(sdkModify(), context);
    assert.equal(filter('{"dynamodb":{"SizeBytes":[{"numeric":[">",100]}]}}').matches(r), true);
    assert.equal(filter('{"dynamodb":{"ApproximateCreationDateTime":[{"numeric":["=",1722960444]}]}}').matches(r), true);
    assert.equal(filter('{"dynamodb":{"NewImage":{"total":{"N":[{"numeric":[">",0]}]}}}}').matches(r), false);
  });
  it('a filter on a binary attribute compares its base64 text', () => {
    const rec = sdkModify();
    rec.dynamodb!.NewImage!.blob = { B: new Uint8Array([104, 105]) };
    assert.equal(filter('{"dynamodb":{"NewImage":{"blob":{"B":["aGk="]}}}}').matches(toLambdaDynamoDbRecord(rec, context)), true);
  });
});

describe('lambdaEvent: Kinesis-source event', () => {
  const kinesisContext = {
    shardId: 'shardId-000000000006',
    awsRegion: 'us-east-2',
    eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
  };
  const sdkKinesis = () => ({
    SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
    ApproximateArrivalTimestamp: new Date(1545084650987),
    Data: new TextEncoder().encode('Hello, this is a test.'),
    PartitionKey: '1',
  });
  it('the record has the sample event\'s fields, in order', () => {
    const r = toLambdaKinesisRecord(sdkKinesis(), kinesisContext);
    assert.deepEqual(Object.keys(r), ['kinesis', 'eventSource', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'awsRegion', 'eventSourceARN']);
    assert.equal(r.eventSource, 'aws:kinesis');
    assert.equal(r.eventVersion, '1.0');
    assert.equal(r.eventID, 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898');
    assert.equal(r.eventName, 'aws:kinesis:record');
    assert.equal(r.invokeIdentityArn, 'arn:aws:iam::123456789012:role/lambda-role');
    assert.equal(r.awsRegion, 'us-east-2');
    assert.equal(r.eventSourceARN, 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream');
  });
  it('kinesis: schema version, partition key, sequence number, data as base64, arrival time in seconds with ms', () => {
    assert.deepEqual(toLambdaKinesisRecord(sdkKinesis(), kinesisContext).kinesis, {
      kinesisSchemaVersion: '1.0',
      partitionKey: '1',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      data: 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==',
      approximateArrivalTimestamp: 1545084650.987,
    });
  });
  it('invokeIdentityArn is left out when unknown', () => {
    const { invokeIdentityArn: _omit, ...noRole } = kinesisContext;
    assert.equal('invokeIdentityArn' in toLambdaKinesisRecord(sdkKinesis(), noRole), false);
  });
  it('the event wraps the records and is plain JSON', () => {
    const event = toLambdaKinesisEvent([sdkKinesis(), sdkKinesis()], kinesisContext);
    assert.equal(event.Records.length, 2);
    assert.deepEqual(JSON.parse(JSON.stringify(event)), event);
  });
  it('a DynamoDB change through a Kinesis destination: the filter sees data decoded, under data', () => {
    const change = { eventName: 'REMOVE', userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }, dynamodb: { Keys: { PK: { S: 'a' } } } };
    const r = toLambdaKinesisRecord({ ...sdkKinesis(), Data: new TextEncoder().encode(JSON.stringify(change)) }, kinesisContext);
    const input = kinesisLambdaFilterInput(r) as { data: unknown; partitionKey: string };
    assert.deepEqual(input.data, change);
    assert.equal(input.partitionKey, '1');
    assert.equal(filter('{"data":{"userIdentity":{"type":["Service"]}}}').matchesKinesis(r), true);
    assert.equal(filter('{"data":{"eventName":["INSERT"]}}').matchesKinesis(r), false);
  });
});
