// An attribute named `__proto__` is item data like any other: every conversion keeps it as an own attribute (an
// assignment `obj['__proto__'] = v` would set the object's prototype instead and lose it).
import assert from 'node:assert/strict';
import { lambdaEventOf } from '../../../../src/core/lambda/lambdaPanel';
import { TailSession } from '../../../../src/core/panel/tailSession';
import { FakeTimers } from '../../fakeTimers';
import { itemToDynamoDbJson, itemToPlain, recordImagesAsPlainJson } from '../../../../src/core/records/plainJson';
import { recordFromJsonLine } from '../../../../src/core/records/recordJson';
import { diffImages, itemValues } from '../../../../src/core/records/records';

// Built from JSON text, not an object literal: in a literal, `__proto__:` would set the prototype.
function record() {
  const r = recordFromJsonLine(
    '{"eventID":"e1","eventName":"MODIFY","awsRegion":"ddblocal","dynamodb":{"Keys":{"PK":{"S":"K"}},' +
      '"OldImage":{"PK":{"S":"K"},"nested":{"M":{"__proto__":{"N":"1"}}}},' +
      '"NewImage":{"PK":{"S":"K"},"__proto__":{"M":{"polluted":{"BOOL":true}}},"nested":{"M":{"__proto__":{"N":"2"}}}},' +
      '"SequenceNumber":"100","SizeBytes":20}}',
  );
  assert.ok(Object.prototype.hasOwnProperty.call(r.dynamodb!.NewImage, '__proto__'), 'the test record holds the attribute');
  return r;
}

const own = (o: unknown, name: string) => typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, name);

describe('an attribute named __proto__', () => {
  it('survives plain JSON, at the top and nested, and nothing gains a prototype', () => {
    const plain = itemToPlain(record().dynamodb!.NewImage!);
    assert.ok(own(plain, '__proto__'));
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.equal((plain as { polluted?: unknown }).polluted, undefined, 'no prototype set from item data');
    assert.equal(
      JSON.stringify(plain),
      '{"PK":"K","__proto__":{"polluted":true},"nested":{"__proto__":2}}',
    );
    const images = recordImagesAsPlainJson(record());
    assert.equal(JSON.stringify(images.OldImage), '{"PK":"K","nested":{"__proto__":1}}');
  });

  it('survives DynamoDB JSON and Copy as Lambda event', () => {
    assert.ok(own(itemToDynamoDbJson(record().dynamodb!.NewImage!), '__proto__'));
    const event = lambdaEventOf([record()], { source: 'dynamodb', streamArn: 'arn:s', region: 'us-east-1' });
    const text = JSON.stringify(event);
    assert.match(text, /"NewImage":\{"PK":\{"S":"K"\},"__proto__":\{"M":\{"polluted":\{"BOOL":true\}\}\},"nested":\{"M":\{"__proto__":\{"N":"2"\}\}\}\}/);
  });

  it('is shown and diffed like any attribute', () => {
    const r = record();
    assert.deepEqual(itemValues(r.dynamodb!.NewImage, ['PK']).map((v) => `${v.path}=${v.text}`), ['PK="K"', '__proto__={"polluted": true}', 'nested={"__proto__": 2}']);
    const diff = diffImages(r.dynamodb!.OldImage, r.dynamodb!.NewImage, ['PK']).map((e) => `${e.path} ${e.change}`);
    assert.deepEqual(diff, ['PK unchanged', '__proto__ added', 'nested.__proto__ changed']);
  });

  it('survives the panel: Copy record in the plain view and Copy as Lambda event', () => {
    const session = new TailSession({
      target: { source: 'dynamodb', name: 'T', streamArn: 'arn:s', startPosition: 'LATEST', maxRecords: 10 },
      post: () => undefined,
      timers: new FakeTimers(), // never run: nothing here is batched
    });
    session.handleEvent({ type: 'records', shardId: 's', records: [record()] });
    session.setJsonView('plain');
    const copied = JSON.parse(session.recordJson(1)!);
    assert.deepEqual(Object.keys(copied.dynamodb.NewImage), ['PK', '__proto__', 'nested']);
    assert.equal(copied.dynamodb.NewImage.nested.__proto__, 2);
    const event = JSON.parse(JSON.stringify(session.lambdaEvent([1])));
    assert.deepEqual(Object.keys(event.Records[0].dynamodb.NewImage), ['PK', '__proto__', 'nested']);
    session.dispose();
  });
});
