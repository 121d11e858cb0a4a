import assert from 'node:assert/strict';
import { filterTableNames, streamSummary, tableDetailLines } from '../../../../src/core/table/tableDetails';
import { formatBytes } from '../../../../src/core/records/display';

const table = {
  TableName: 'Orders',
  TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
  TableStatus: 'ACTIVE',
  CreationDateTime: new Date('2024-08-06T12:12:35Z'),
  KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
  TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
  DeletionProtectionEnabled: true,
  ItemCount: 42,
  TableSizeBytes: 2048,
  GlobalSecondaryIndexes: [{ IndexName: 'GSI1', KeySchema: [{ AttributeName: 'GSI1-PK', KeyType: 'HASH' }] }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  LatestStreamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-08-06T12:12:35.000',
  LatestStreamLabel: '2024-08-06T12:12:35.000',
};

describe('table details', () => {
  it('lists the table\'s facts: name, keys, billing, class, TTL, recovery, size, indexes and stream', () => {
    const lines = Object.fromEntries(tableDetailLines(table, { ttlStatus: 'ENABLED', ttlAttribute: 'expiresAt', pitrStatus: 'DISABLED' }));
    assert.equal(lines['Table name'], 'Orders');
    assert.equal(lines['Table ARN'], table.TableArn);
    assert.equal(lines['Created'], '2024-08-06T12:12:35.000Z');
    assert.equal(lines['Key schema'], 'PK (partition), SK (sort)');
    assert.equal(lines['Attribute definitions'], 'PK: S, SK: S');
    assert.equal(lines['Billing mode'], 'PAY_PER_REQUEST');
    assert.equal(lines['Table class'], 'Standard-IA (STANDARD_INFREQUENT_ACCESS)');
    assert.equal(lines['Point-in-time recovery'], 'DISABLED');
    assert.equal(lines['Deletion protection'], 'enabled');
    assert.equal(lines['TTL'], 'TTL on expiresAt');
    assert.equal(lines['Items (approx.)'], '42');
    assert.equal(lines['Size (approx.)'], '2.0 KB');
    assert.equal(lines['GSI'], 'GSI1: GSI1-PK (partition)');
    assert.equal(lines['Stream view type'], 'NEW_AND_OLD_IMAGES');
    assert.equal(lines['Stream label'], table.LatestStreamLabel);
  });

  it('summarises the stream for the tree', () => {
    assert.equal(streamSummary(table), 'NEW_AND_OLD_IMAGES');
    assert.equal(streamSummary({ ...table, StreamSpecification: undefined }), 'stream off');
    assert.equal(streamSummary({ ...table, StreamSpecification: { StreamEnabled: false } }), 'stream off');
  });

  it('unknown extras say so; provisioned throughput shown', () => {
    const lines = Object.fromEntries(tableDetailLines({ TableName: 'x', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 } }));
    assert.equal(lines['TTL'], 'unknown');
    assert.equal(lines['Table class'], 'Standard (the default)');
    assert.equal(lines['Billing mode'], 'PROVISIONED (5 RCU / 3 WCU)');
    assert.equal(lines['Stream'], 'disabled');
  });

  it('formats sizes and filters names', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
    assert.deepEqual(filterTableNames(['Orders', 'orders-archive', 'Users'], 'ORD'), ['Orders', 'orders-archive']);
    assert.deepEqual(filterTableNames(['b', 'a'], '  '), ['b', 'a']);
  });
});
