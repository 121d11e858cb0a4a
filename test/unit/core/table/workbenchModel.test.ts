import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeModelTable, modelTableRequest, parseWorkbenchModel } from '../../../../src/core/table/workbenchModel';

const fixture = readFileSync(path.join(__dirname, '../../../fixtures/workbench-model.json'), 'utf8');

describe('NoSQL Workbench model files', () => {
  it('reads tables, keys, indexes, billing and items (exact numbers, sets, binary)', () => {
    const model = parseWorkbenchModel(fixture);
    assert.equal(model.name, 'Orders sample');
    assert.deepEqual(model.tables.map((t) => t.name), ['WbOrders', 'WbSessions']);
    const [orders, sessions] = model.tables;
    assert.deepEqual(orders.keys, [{ name: 'PK', type: 'S' }, { name: 'SK', type: 'S' }]);
    assert.deepEqual(orders.billing, { mode: 'PROVISIONED', readUnits: 5, writeUnits: 5 });
    assert.equal(orders.items.length, 3);
    assert.deepEqual(orders.items[0].total, { N: '12345678901234567890123456789012345678' });
    assert.deepEqual(orders.items[0].tags, { SS: ['gift', 'express'] });
    assert.ok(orders.items[2].photo.B instanceof Uint8Array);
    assert.deepEqual(sessions.keys, [{ name: 'id', type: 'N' }]);
    assert.deepEqual(sessions.billing, { mode: 'PAY_PER_REQUEST' });
    assert.equal(describeModelTable(orders), 'WbOrders: PK (S), SK (S); 1 index (ByStatus); 3 items; provisioned 5/5');
    assert.equal(describeModelTable(sessions), 'WbSessions: id (N); no index; 2 items; on-demand');
  });

  it('builds CreateTable with definitions for key and index key attributes only, and the GSIs', () => {
    const [orders, sessions] = parseWorkbenchModel(fixture).tables;
    const request = modelTableRequest(orders);
    assert.deepEqual(request.AttributeDefinitions, [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'N' },
    ]);
    assert.deepEqual(request.GlobalSecondaryIndexes, [
      {
        IndexName: 'ByStatus',
        KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }, { AttributeName: 'GSI1SK', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'total'] },
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      },
    ]);
    const plain = modelTableRequest(sessions);
    assert.equal(plain.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(plain.GlobalSecondaryIndexes, undefined);
    assert.deepEqual(plain.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  it('refuses what is not a model, with where and what', () => {
    assert.throws(() => parseWorkbenchModel('{"DataModel": ['), /not JSON: Line 1/);
    assert.throws(() => parseWorkbenchModel('{"TableName": "x"}'), /no "DataModel" list/);
    assert.throws(() => parseWorkbenchModel('{"DataModel": [{"TableName": "ok-name"}]}'), /Table ok-name: KeyAttributes.PartitionKey is missing/);
    assert.throws(() => parseWorkbenchModel('{"DataModel": [{"TableName": "a b"}]}'), /Table a b: A table name holds only/);
    const badItem = '{"DataModel": [{"TableName": "T1x", "KeyAttributes": {"PartitionKey": {"AttributeName": "id", "AttributeType": "N"}}, "TableData": [{"id": {"S": "1"}}]}]}';
    assert.throws(() => parseWorkbenchModel(badItem), /Table T1x, TableData\[0\]: The key attribute "id" is of type N/);
    const clash = '{"DataModel": [{"TableName": "T2x", "KeyAttributes": {"PartitionKey": {"AttributeName": "id", "AttributeType": "N"}}, "GlobalSecondaryIndexes": [{"IndexName": "I", "KeyAttributes": {"PartitionKey": {"AttributeName": "id", "AttributeType": "S"}}}]}]}';
    assert.throws(() => modelTableRequest(parseWorkbenchModel(clash).tables[0]), /id is of type N and, in index I, of type S/);
  });
});
