// Demo tables and a trickle of changes for `npm start` (and the README screenshots).
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

const keySchema = (sort) => ({
  KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, ...(sort ? [{ AttributeName: 'SK', KeyType: 'RANGE' }] : [])],
  AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, ...(sort ? [{ AttributeName: 'SK', AttributeType: 'S' }] : [])],
  BillingMode: 'PAY_PER_REQUEST',
});

/** Orders (PK/SK, NEW_AND_OLD_IMAGES), Customers (no stream), Sessions (TTL on expiresAt, OLD_IMAGE stream). */
export async function createDemoTables(client) {
  await client.send(new CreateTableCommand({ TableName: 'Orders', ...keySchema(true), StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
  await client.send(new CreateTableCommand({ TableName: 'Customers', ...keySchema(false) }));
  await client.send(new CreateTableCommand({ TableName: 'Sessions', ...keySchema(false), StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' } }));
  await client.send(new UpdateTimeToLiveCommand({ TableName: 'Sessions', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
  for (const [id, name, city] of [['C#1', 'Ana Souza', 'Lisboa'], ['C#2', 'José Cueva', 'Lima'], ['C#3', 'Mia Chen', 'Seattle']]) {
    await client.send(new PutItemCommand({ TableName: 'Customers', Item: { PK: { S: id }, name: { S: name }, address: { M: { city: { S: city } } } } }));
  }
}

const statuses = ['pending', 'processing', 'shipped', 'delivered'];

/**
 * Keeps writing INSERT / MODIFY / REMOVE changes until the signal aborts. Every cycle replays the same order story:
 * ORDER#1001 is placed pending with 5 items, then becomes processing with 50.
 */
export async function runDemoTraffic(client, signal, log = () => {}) {
  const sleep = (ms) => new Promise((resolve) => {
    const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
  let n = 2000;
  const open = [];
  while (!signal.aborted) {
    try {
      await client.send(new PutItemCommand({ TableName: 'Orders', Item: {
        PK: { S: 'ORDER#1001' }, SK: { S: 'METADATA' }, status: { S: 'pending' }, totalItems: { N: '5' },
        customer: { S: 'C#1' }, total: { N: '129.90' }, tags: { SS: ['gift', 'express'] },
      } }));
      log('ORDER#1001 placed: pending, 5 items');
      await sleep(3000);
      await client.send(new UpdateItemCommand({
        TableName: 'Orders', Key: { PK: { S: 'ORDER#1001' }, SK: { S: 'METADATA' } },
        UpdateExpression: 'SET #s = :s, totalItems = :n', ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'processing' }, ':n': { N: '50' } },
      }));
      log('ORDER#1001 updated: processing, 50 items');
      for (let i = 0; i < 8 && !signal.aborted; i++) {
        await sleep(1500 + Math.random() * 1500);
        const roll = Math.random();
        if (roll < 0.4 || open.length === 0) {
          const id = `ORDER#${n++}`;
          open.push({ id, step: 0 });
          await client.send(new PutItemCommand({ TableName: 'Orders', Item: {
            PK: { S: id }, SK: { S: 'METADATA' }, status: { S: 'pending' }, totalItems: { N: String(1 + Math.floor(Math.random() * 9)) },
            total: { N: (Math.random() * 500).toFixed(2) }, lines: { L: [{ M: { sku: { S: 'SKU-1' }, qty: { N: '1' } } }] },
          } }));
        } else if (roll < 0.8) {
          const order = open[Math.floor(Math.random() * open.length)];
          order.step = Math.min(order.step + 1, statuses.length - 1);
          await client.send(new UpdateItemCommand({
            TableName: 'Orders', Key: { PK: { S: order.id }, SK: { S: 'METADATA' } },
            UpdateExpression: 'SET #s = :s, updatedAt = :t', ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': { S: statuses[order.step] }, ':t': { S: new Date().toISOString() } },
          }));
        } else {
          const [order] = open.splice(Math.floor(Math.random() * open.length), 1);
          await client.send(new DeleteItemCommand({ TableName: 'Orders', Key: { PK: { S: order.id }, SK: { S: 'METADATA' } } }));
        }
      }
      // A session that has already expired: DynamoDB's TTL deletes it (a REMOVE by the service, "TTL expired").
      await client.send(new PutItemCommand({ TableName: 'Sessions', Item: {
        PK: { S: `SESSION#${n}` }, user: { S: 'C#2' }, expiresAt: { N: String(Math.floor(Date.now() / 1000) - 60) },
      } }));
      await client.send(new DeleteItemCommand({ TableName: 'Orders', Key: { PK: { S: 'ORDER#1001' }, SK: { S: 'METADATA' } } }));
      await sleep(2000);
    } catch (err) {
      if (signal.aborted) break;
      log(`demo write failed: ${err.message}`);
      await sleep(2000);
    }
  }
}

export function localClient(endpoint) {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}
