// Attribute names that Object.prototype also has (`__proto__`, `constructor`) survive every conversion of a record:
// plain JSON, DynamoDB JSON, and the Lambda event of Copy as Lambda event / Invoke handler….
import assert from 'node:assert/strict';
import type { Item, StreamRecord } from '../../../../src/core/records/model';
import { itemToDynamoDbJson, itemToPlain } from '../../../../src/core/records/plainJson';
import { lambdaEventOf } from '../../../../src/core/lambda/lambdaPanel';

/** An item as the SDK would give it from the wire: JSON.parse makes `__proto__` an own property. */
function hostileItem(): Item {
  return JSON.parse('{"__proto__":{"S":"p"},"constructor":{"M":{"__proto__":{"N":"1"}}},"toString":{"L":[{"S":"t"}]}}') as Item;
}

describe('Lambda event and plain JSON: attribute names of Object.prototype', () => {
  it('itemToPlain keeps __proto__ as an attribute (nested too) and does not change the prototype', () => {
    const plain = itemToPlain(hostileItem());
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.equal(JSON.stringify(plain), '{"__proto__":"p","constructor":{"__proto__":1},"toString":["t"]}');
  });

  it('itemToDynamoDbJson keeps __proto__ as an attribute', () => {
    const json = itemToDynamoDbJson(hostileItem());
    assert.equal(JSON.stringify(json), '{"__proto__":{"S":"p"},"constructor":{"M":{"__proto__":{"N":"1"}}},"toString":{"L":[{"S":"t"}]}}');
  });

  it('the Lambda event of a record holds every attribute', () => {
    const record: StreamRecord = { eventID: '1', eventName: 'INSERT', dynamodb: { Keys: hostileItem(), NewImage: hostileItem() } };
    const event = lambdaEventOf([record], { source: 'dynamodb', streamArn: 'arn:x', region: 'us-east-1' });
    const text = JSON.stringify(event);
    assert.equal((text.match(/"__proto__":\{"S":"p"\}/g) ?? []).length, 2, text);
  });
});
