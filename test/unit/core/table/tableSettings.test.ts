import assert from 'node:assert/strict';
import { isNothingToUpdate, numberAttributeNames, tableClassLabel, tableClassOf, ttlEnabled, ttlSummary, ttlUnreadable, validateAttributeName } from '../../../../src/core/table/tableSettings';
import type { Item } from '../../../../src/core/records/model';

describe('table settings (TTL, table class)', () => {
  it('table class: Standard when DescribeTable has no TableClassSummary', () => {
    assert.equal(tableClassOf({}), 'STANDARD');
    assert.equal(tableClassLabel({}), 'Standard');
    assert.equal(tableClassOf({ TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' } }), 'STANDARD_INFREQUENT_ACCESS');
    assert.equal(tableClassLabel({ TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' } }), 'Standard-IA');
  });

  it('TTL summary per status', () => {
    assert.equal(ttlSummary(undefined), undefined);
    assert.equal(ttlSummary({ ttlStatus: 'ENABLED', ttlAttribute: 'ExpirationTime' }), 'TTL on ExpirationTime');
    assert.equal(ttlSummary({ ttlStatus: 'DISABLED' }), 'TTL off');
    assert.equal(ttlSummary({ ttlStatus: 'ENABLING', ttlAttribute: 'exp' }), 'TTL enabling (exp)');
    assert.equal(ttlSummary({ ttlStatus: 'DISABLING' }), 'TTL disabling');
    assert.equal(ttlSummary({ ttlError: 'AccessDeniedException: not authorized' }), 'could not read TTL: AccessDeniedException: not authorized');
    assert.match(ttlUnreadable('T', { ttlError: 'AccessDeniedException: not authorized' }) ?? '', /Could not read the TTL of T \(AccessDeniedException: not authorized\).*nothing was changed/);
    assert.equal(ttlUnreadable('T', { ttlStatus: 'DISABLED' }), undefined);
    assert.equal(ttlEnabled({ ttlStatus: 'ENABLING' }), true);
    assert.equal(ttlEnabled({ ttlStatus: 'DISABLED' }), false);
  });

  it('offers N attributes of a sample, epoch-seconds-looking and frequent ones first; other types never', () => {
    const now = String(Math.floor(Date.UTC(2024, 7, 6) / 1000));
    const items: Item[] = [
      { PK: { S: 'a' }, CreationTime: { N: now }, ExpirationTime: { N: now }, count: { N: '3' } },
      { PK: { S: 'b' }, CreationTime: { N: now }, ExpirationTime: { N: now }, count: { N: '5' }, millis: { N: '1722902400000' } },
      { PK: { S: 'c' }, ExpirationTime: { S: 'tomorrow' }, count: { N: '1' } },
    ];
    assert.deepEqual(numberAttributeNames(items), [
      { name: 'CreationTime', count: 2, looksLikeEpoch: true },
      { name: 'ExpirationTime', count: 2, looksLikeEpoch: true },
      { name: 'count', count: 3, looksLikeEpoch: false },
      { name: 'millis', count: 1, looksLikeEpoch: false },
    ]);
    assert.deepEqual(numberAttributeNames([]), []);
  });

  it('validates a typed attribute name', () => {
    assert.equal(validateAttributeName('ExpirationTime'), undefined);
    assert.match(String(validateAttributeName('')), /expiry time/);
    assert.match(String(validateAttributeName('é'.repeat(128))), /255 bytes/);
  });

  it('recognises DynamoDB Local ignoring a class change', () => {
    assert.equal(isNothingToUpdate({ name: 'ValidationException', message: 'Nothing to update' }), true);
    assert.equal(isNothingToUpdate({ name: 'ValidationException', message: 'Subscriber limit exceeded' }), false);
    assert.equal(isNothingToUpdate(new Error('Nothing to update')), false);
  });
});
