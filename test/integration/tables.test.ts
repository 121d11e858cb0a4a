// Tables and stream settings against a real DynamoDB Local.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from '../../src/aws/clients';
import { createServices } from '../../src/aws/services';
import { TablesService } from '../../src/aws/tables';
import { resolveConnection, validateEndpoint } from '../../src/core/connection/connection';
import { describeError } from '../../src/core/connection/errors';
import { buildLineage } from '../../src/core/tail/lineage';
import { ttlSummary, ttlUnreadable } from '../../src/core/table/tableSettings';
import { localEndpoint } from './setup';
// @ts-expect-error plain ESM helper shared with the scripts
import { startDynamoDbLocal } from '../../scripts/lib/dynamodb-local.mjs';

const local = () => createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint: localEndpoint() }, {}));

async function createTable(client: DynamoDBClient, name: string, stream?: string) {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: stream ? { StreamEnabled: true, StreamViewType: stream as 'NEW_IMAGE' } : undefined,
  }));
}

describe('TablesService on DynamoDB Local', function () {
  this.timeout(180_000);
  let services: ReturnType<typeof local>;
  let ddb: DynamoDBClient;
  before(() => {
    services = local();
    ddb = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  after(() => { services.dispose(); ddb.destroy(); });

  it('lists every table across ListTables pages (more than 100), sorted', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `page-test-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((n) => createTable(ddb, n)));
    try {
      const listed = await services.tables.listTableNames();
      const ours = listed.filter((n) => n.startsWith('page-test-'));
      assert.equal(ours.length, 130);
      assert.deepEqual(ours, [...names].sort());
    } finally {
      for (let i = 0; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((n) => ddb.send(new DeleteTableCommand({ TableName: n }))));
    }
  });

  it('enables, changes and disables a stream; DescribeTable and ListStreams agree', async () => {
    const name = `stream-ctl-${Date.now()}`;
    await createTable(ddb, name);
    let table = await services.tables.describeTable(name);
    assert.notEqual(table.StreamSpecification?.StreamEnabled, true);

    table = await services.tables.enableStream(name, 'NEW_AND_OLD_IMAGES');
    assert.equal(table.TableStatus, 'ACTIVE');
    assert.equal(table.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    const firstArn = table.LatestStreamArn!;
    assert.ok(firstArn.includes(`table/${name}/stream/`));

    await assert.rejects(services.tables.enableStream(name, 'KEYS_ONLY'), (err: Error) => {
      assert.equal(err.name, 'ValidationException');
      assert.match(describeError(err).message, /already has an enabled stream/i);
      return true;
    });

    table = await services.tables.changeViewType(name, 'KEYS_ONLY');
    assert.equal(table.StreamSpecification?.StreamViewType, 'KEYS_ONLY');
    assert.notEqual(table.LatestStreamArn, firstArn, 'a view-type change makes a new stream');
    const streams = await services.streams.listStreams(name);
    assert.deepEqual(new Set(streams.map((s) => s.streamArn)), new Set([firstArn, table.LatestStreamArn]));

    table = await services.tables.disableStream(name);
    assert.notEqual(table.StreamSpecification?.StreamEnabled, true);
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });

  it('Change stream view type whose enable fails (synthetic failure) says the stream is now OFF, and it is', async () => {
    const name = `leftoff-${Date.now()}`;
    await createTable(ddb, name, 'NEW_IMAGE');
    // DynamoDB Local never refuses the enable: this client refuses the first UpdateTable that enables a stream.
    const client = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    let refused = 0;
    client.middlewareStack.add((next, context) => async (args) => {
      const input = args.input as { StreamSpecification?: { StreamEnabled?: boolean } };
      if (context.commandName === 'UpdateTableCommand' && input.StreamSpecification?.StreamEnabled && refused++ === 0) {
        throw Object.assign(new Error('User is not authorized to perform: dynamodb:UpdateTable (injected)'), { name: 'AccessDeniedException' });
      }
      return next(args);
    }, { step: 'initialize' });
    const tables = new TablesService(client);
    await assert.rejects(tables.changeViewType(name, 'KEYS_ONLY'), (err: Error) => {
      assert.equal(err.name, 'StreamLeftOffError');
      assert.match(err.message, /^the stream is now OFF: the old stream was disabled and enabling KEYS_ONLY failed: AccessDeniedException: User is not authorized/);
      return true;
    });
    assert.notEqual((await tables.describeTable(name)).StreamSpecification?.StreamEnabled, true, 'the table really has no stream');
    const again = await tables.enableStream(name, 'KEYS_ONLY');
    assert.equal(again.StreamSpecification?.StreamViewType, 'KEYS_ONLY', 'enabling again (the message\'s button) works');
    client.destroy();
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });

  it('reads shard lineage from a real DescribeStream', async () => {
    const name = `lineage-${Date.now()}`;
    await createTable(ddb, name, 'NEW_IMAGE');
    await ddb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    const table = await services.tables.describeTable(name);
    const description = await services.streams.describeAllShards(table.LatestStreamArn!);
    assert.equal(description.status, 'ENABLED');
    assert.equal(description.tableName, name);
    const roots = buildLineage(description.shards);
    assert.ok(roots.length >= 1);
    assert.ok(roots[0].id.startsWith('shardId-'));
    assert.ok(roots[0].shard.SequenceNumberRange?.StartingSequenceNumber);
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });

  it('reports TTL status in the table extras', async () => {
    const name = `ttl-${Date.now()}`;
    await createTable(ddb, name);
    const { UpdateTimeToLiveCommand } = await import('@aws-sdk/client-dynamodb');
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    const extras = await services.tables.describeExtras(name);
    assert.equal(extras.ttlStatus, 'ENABLED');
    assert.equal(extras.ttlAttribute, 'expiresAt');
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });

  it('a DescribeTimeToLive that fails (synthetic throttling) is reported as unreadable, never as TTL off', async () => {
    const name = `ttl-fail-${Date.now()}`;
    await createTable(ddb, name);
    // DynamoDB Local never throttles nor denies: this client fails DescribeTimeToLive as AWS would.
    const client = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'DescribeTimeToLiveCommand') throw Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), { name: 'ThrottlingException' });
      return next(args);
    }, { step: 'initialize' });
    const extras = await new TablesService(client).describeExtras(name);
    assert.equal(extras.ttlStatus, undefined);
    assert.match(extras.ttlError ?? '', /^ThrottlingException: Rate of requests exceeds/);
    assert.equal(ttlSummary(extras), 'could not read TTL: ThrottlingException: Rate of requests exceeds the allowed throughput (injected)');
    assert.match(ttlUnreadable(name, extras) ?? '', /Could not read the TTL of .*ThrottlingException.*nothing was changed/);
    client.destroy();
    await ddb.send(new DeleteTableCommand({ TableName: name }));
  });
});

describe('Bad input gives a clear error', function () {
  this.timeout(60_000);

  it('missing table → "Table … not found"', async () => {
    const services = local();
    await assert.rejects(services.tables.describeTable('no-such-table'), (err) => {
      const f = describeError(err, { table: 'no-such-table' });
      assert.equal(f.message, 'Table "no-such-table" not found');
      assert.equal(f.next, 'refresh');
      return true;
    });
    services.dispose();
  });

  it('unreachable endpoint → "Cannot reach <url>" and Connect…', async () => {
    const endpoint = 'http://127.0.0.1:9'; // discard port: nothing listens
    const services = createServices(resolveConnection({ profile: '', region: 'us-east-1', endpoint }, {}));
    await assert.rejects(services.tables.listTableNames(), (err) => {
      const f = describeError(err, { endpoint });
      assert.equal(f.message, `Cannot reach ${endpoint}`);
      assert.equal(f.next, 'connect');
      return true;
    });
    services.dispose();
  });

  it('malformed endpoint is refused before use', () => {
    assert.match(validateEndpoint('localhost:8000')!, /http:\/\/ or https:\/\//);
    assert.match(validateEndpoint('not a url')!, /is not a URL/);
    assert.equal(validateEndpoint('http://localhost:8000'), undefined);
  });

  it('unknown profile → "Profile … not found" with Connect…', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-config-'));
    const config = join(dir, 'config');
    writeFileSync(config, '[default]\nregion = us-east-1\n');
    const saved = { c: process.env.AWS_CONFIG_FILE, s: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    try {
      const services = createServices(resolveConnection({ profile: 'nope-profile', region: 'us-east-1', endpoint: localEndpoint() }, {}));
      await assert.rejects(services.tables.listTableNames(), (err) => {
        const f = describeError(err, { profile: 'nope-profile' });
        assert.match(f.message, /Profile "nope-profile" not found|No credentials for profile "nope-profile"/);
        assert.equal(f.next, 'connect');
        return true;
      });
      services.dispose();
    } finally {
      process.env.AWS_CONFIG_FILE = saved.c;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.s;
      if (saved.c === undefined) delete process.env.AWS_CONFIG_FILE;
      if (saved.s === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    }
  });
});

describe("DynamoDB Local's per-credential databases", function () {
  this.timeout(120_000);
  const keyA = { accessKeyId: 'writerkey', secretAccessKey: 'writer-secret' };
  const keyB = { accessKeyId: 'readerkey', secretAccessKey: 'reader-secret' };
  const clientFor = (endpoint: string, credentials: typeof keyA, region: string) => new DynamoDBClient({ endpoint, region, credentials });

  it('without -sharedDb, a table written with one access key is invisible to another', async () => {
    const name = `per-key-${Date.now()}`;
    const writer = clientFor(localEndpoint(), keyA, 'us-east-1');
    const reader = new TablesService(clientFor(localEndpoint(), keyB, 'us-east-1'));
    await createTable(writer, name);
    try {
      assert.ok((await new TablesService(writer).listTableNames()).includes(name));
      assert.ok(!(await reader.listTableNames()).includes(name));
    } finally {
      await writer.send(new DeleteTableCommand({ TableName: name }));
    }
  });

  it('with -sharedDb, every access key and region sees the same tables (as npm start runs it)', async () => {
    const shared = await startDynamoDbLocal({ sharedDb: true });
    const writer = clientFor(shared.endpoint, keyA, 'us-east-1');
    const reader = clientFor(shared.endpoint, keyB, 'eu-west-1');
    try {
      await createTable(writer, 'shared-demo');
      assert.deepEqual(await new TablesService(reader).listTableNames(), ['shared-demo']);
    } finally {
      writer.destroy();
      reader.destroy();
      await shared.stop();
    }
  });

  it('names the credential source and access key id, never the secret', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'readerkey' };
    const service = new TablesService(clientFor(localEndpoint(), keyB, 'us-east-1'));
    const fromEnv = await service.credentialSource(undefined, env);
    assert.deepEqual(fromEnv, { kind: 'environment', accessKeyId: 'readerkey' });
    assert.deepEqual(await service.credentialSource('work', env), { kind: 'profile', profile: 'work', accessKeyId: 'readerkey' });
    assert.deepEqual(await service.credentialSource(undefined, {}), { kind: 'chain', accessKeyId: 'readerkey' });
    const dummy = new TablesService(clientFor(localEndpoint(), { ...LOCAL_CREDENTIALS }, 'us-east-1'));
    assert.deepEqual(await dummy.credentialSource(undefined, {}), { kind: 'dummy', accessKeyId: LOCAL_CREDENTIALS.accessKeyId });
    assert.doesNotMatch(JSON.stringify(fromEnv), /secret/);
  });
});
