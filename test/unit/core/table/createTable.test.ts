import assert from 'node:assert/strict';
import {
  createTableRequest,
  describeNewTable,
  isDeletionProtected,
  validateCapacityUnits,
  validateKeyName,
  validateTableName,
  type NewTableSpec,
} from '../../../../src/core/table/createTable';

const base: NewTableSpec = {
  name: 'Orders',
  partitionKey: { name: 'PK', type: 'S' },
  billing: { mode: 'PAY_PER_REQUEST' },
  tableClass: 'STANDARD',
  deletionProtection: false,
};

describe('Create table (request and validation)', () => {
  it('table names: 3–255 of a-z A-Z 0-9 _ - . as DynamoDB checks them', () => {
    assert.equal(validateTableName('abc'), undefined);
    assert.equal(validateTableName('My_Table-1.v2'), undefined);
    assert.equal(validateTableName('x'.repeat(255)), undefined);
    assert.match(validateTableName('ab') ?? '', /3 to 255 characters.*has 2/);
    assert.match(validateTableName('x'.repeat(256)) ?? '', /has 256/);
    assert.match(validateTableName('my table/1') ?? '', /not space, "\/"/);
    assert.match(validateTableName('tablé') ?? '', /"é"/);
  });

  it('key names: 1–255 bytes, the sort key differs from the partition key', () => {
    assert.equal(validateKeyName('PK'), undefined);
    assert.match(validateKeyName('') ?? '', /Type/);
    assert.match(validateKeyName('é'.repeat(128)) ?? '', /255 bytes/);
    assert.match(validateKeyName('PK', 'PK') ?? '', /must differ/);
    assert.equal(validateKeyName('SK', 'PK'), undefined);
  });

  it('capacity units: whole numbers from 1', () => {
    assert.equal(validateCapacityUnits('5'), undefined);
    for (const bad of ['0', '-1', '1.5', 'five', '']) assert.ok(validateCapacityUnits(bad), bad);
  });

  it('on-demand, partition key only, no stream: only the key is declared and no throughput is sent', () => {
    assert.deepEqual(createTableRequest(base), {
      TableName: 'Orders',
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ProvisionedThroughput: undefined,
      StreamSpecification: undefined,
      TableClass: 'STANDARD',
      DeletionProtectionEnabled: false,
    });
  });

  it('provisioned with a sort key, stream, class and protection', () => {
    const spec: NewTableSpec = {
      ...base,
      sortKey: { name: 'SK', type: 'N' },
      billing: { mode: 'PROVISIONED', readUnits: 3, writeUnits: 4 },
      streamViewType: 'NEW_AND_OLD_IMAGES',
      tableClass: 'STANDARD_INFREQUENT_ACCESS',
      ttlAttribute: 'expiresAt',
      deletionProtection: true,
    };
    const req = createTableRequest(spec);
    assert.deepEqual(req.KeySchema, [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }]);
    assert.deepEqual(req.AttributeDefinitions, [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'N' }]);
    assert.deepEqual(req.ProvisionedThroughput, { ReadCapacityUnits: 3, WriteCapacityUnits: 4 });
    assert.deepEqual(req.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    assert.equal(req.TableClass, 'STANDARD_INFREQUENT_ACCESS');
    assert.equal(req.DeletionProtectionEnabled, true);
    assert.equal('TimeToLiveSpecification' in req, false, 'TTL is set after ACTIVE, not in CreateTable');
    assert.equal(describeNewTable(spec), 'PK (S), SK (N); provisioned 3 RCU / 4 WCU; stream NEW_AND_OLD_IMAGES; Standard-IA; TTL on expiresAt; deletion protection on');
  });

  it('recognises the deletion-protection refusal as DynamoDB words it', () => {
    const err = Object.assign(new Error('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.'), { name: 'ValidationException' });
    assert.equal(isDeletionProtected(err), true);
    assert.equal(isDeletionProtected(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' })), false);
  });
});
