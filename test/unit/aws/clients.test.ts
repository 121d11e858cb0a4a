import assert from 'node:assert/strict';
import { createClients } from '../../../src/aws/clients';
import { resolveConnection } from '../../../src/core/connection/connection';

describe('createClients', () => {
  it('every client logs nothing and has no logger.info, so the SDK never copies a response just to log it', () => {
    const clients = createClients(resolveConnection({ profile: '', region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' }, {}));
    try {
      for (const client of [clients.dynamodb, clients.streams, clients.kinesis]) {
        const logger = client.config.logger as unknown as Record<string, unknown>;
        assert.equal(logger.info, undefined, 'the SDK runs its sensitive-data filter over each response when info exists');
        for (const level of ['debug', 'warn', 'error']) assert.equal(typeof logger[level], 'function', level);
      }
    } finally {
      clients.destroy();
    }
  });
});
