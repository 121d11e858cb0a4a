// Reading and writing single items over an injected DynamoDBClient, with the "only if unchanged" save of the item
// editor. AWS's refusals (item too large, empty key, wrong type) reach the caller as AWS words them.
import { type AttributeValue, BatchWriteItemCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Item } from '../core/records/model';
import { absentCondition, unchangedCondition, type ItemCondition } from '../core/items/conditions';
import { sameItem } from '../core/records/sameItem';
import type { BrowseRequest } from '../core/items/browseRequest';
import type { BrowsePage } from '../core/items/browseSession';

/** The save did not happen because the item is no longer what was read: `current` is what it is now (undefined: gone). */
export interface SaveConflict {
  conflict: true;
  current: Item | undefined;
}

export interface SaveResult {
  conflict: false;
  /** Attributes the write's condition could not compare (4 KB expression limit); the full re-read compared them. */
  unguarded: string[];
}

/** Core's item shape is the SDK's union written as one interface: the same values, typed for the SDK. */
const sdk = (item: Item | undefined) => item as Record<string, AttributeValue> | undefined;

function isConditionFailure(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'ConditionalCheckFailedException';
}

export class ItemsService {
  constructor(private readonly client: DynamoDBClient) {}

  /**
   * One page of Browse items: a Scan or Query of the table or an index, at most `limit` items, from after `startKey`.
   * One request per page (not the SDK's paginator): the panel loads the next page only when asked.
   */
  async browsePage(tableName: string, request: BrowseRequest, limit: number, startKey?: Item): Promise<BrowsePage> {
    const common = { TableName: tableName, IndexName: request.IndexName, Limit: limit, ExclusiveStartKey: sdk(startKey) };
    const out =
      request.operation === 'Query'
        ? await this.client.send(
            new QueryCommand({
              ...common,
              KeyConditionExpression: request.KeyConditionExpression,
              ExpressionAttributeNames: request.ExpressionAttributeNames,
              ExpressionAttributeValues: sdk(request.ExpressionAttributeValues),
            }),
          )
        : await this.client.send(new ScanCommand(common));
    return { items: out.Items ?? [], lastEvaluatedKey: out.LastEvaluatedKey as Item | undefined, scannedCount: out.ScannedCount };
  }

  /** The item now (a consistent read: what was last written, not an eventually consistent copy). */
  async getItem(tableName: string, key: Item): Promise<Item | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: tableName, Key: sdk(key), ConsistentRead: true }));
    return out.Item;
  }

  async putItem(tableName: string, item: Item, condition?: ItemCondition): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: sdk(item),
        ConditionExpression: condition?.ConditionExpression,
        ExpressionAttributeNames: condition?.ExpressionAttributeNames,
        ExpressionAttributeValues: sdk(condition?.ExpressionAttributeValues),
      }),
    );
  }

  /** One BatchWriteItem of puts (at most 25 items); resolves to the items DynamoDB left unprocessed, to send again. */
  async batchPut(tableName: string, items: Item[]): Promise<Item[]> {
    const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: items.map((item) => ({ PutRequest: { Item: sdk(item) } })) } }));
    return (out.UnprocessedItems?.[tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [r.PutRequest.Item as Item] : []));
  }

  async deleteItem(tableName: string, key: Item, condition?: ItemCondition): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: sdk(key),
        ConditionExpression: condition?.ConditionExpression,
        ExpressionAttributeNames: condition?.ExpressionAttributeNames,
        ExpressionAttributeValues: sdk(condition?.ExpressionAttributeValues),
      }),
    );
  }

  /** Deletes the item only if it is still `asRead`: compared in full after a consistent read, then a conditional delete
   * on what fits in an expression (as saveIfUnchanged). An item already gone is a conflict too (nothing to delete). */
  async deleteIfUnchanged(tableName: string, asRead: Item, key: Item, keyNames: readonly string[]): Promise<SaveConflict | SaveResult> {
    const current = await this.getItem(tableName, key);
    if (current === undefined || !sameItem(current, asRead)) return { conflict: true, current };
    const condition = unchangedCondition(asRead, keyNames);
    try {
      await this.deleteItem(tableName, key, condition);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { conflict: true, current: await this.getItem(tableName, key) };
    }
    return { conflict: false, unguarded: condition.unguarded };
  }

  /**
   * Writes `item` only if the item under its key is still `asRead` (undefined: no item had this key). The item is
   * re-read consistently and compared in full, then written with a condition on what of it fits in an expression (see
   * unchangedCondition), so a change made between the read and the write is caught too.
   */
  async saveIfUnchanged(tableName: string, item: Item, asRead: Item | undefined, key: Item, keyNames: readonly string[]): Promise<SaveConflict | SaveResult> {
    const current = await this.getItem(tableName, key);
    const unchanged = asRead === undefined ? current === undefined : current !== undefined && sameItem(current, asRead);
    if (!unchanged) return { conflict: true, current };
    const condition = asRead === undefined ? absentCondition(keyNames[0]) : unchangedCondition(asRead, keyNames);
    try {
      await this.putItem(tableName, item, condition);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { conflict: true, current: await this.getItem(tableName, key) };
    }
    return { conflict: false, unguarded: condition.unguarded };
  }
}
