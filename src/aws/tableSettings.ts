// TTL and table class over an injected DynamoDBClient.
import { DynamoDBClient, ScanCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { Item } from '../core/records/model';
import type { TableClass } from '../core/table/tableSettings';

/** Items read to suggest a TTL attribute: enough to see the usual attributes, cheap on any table. */
const SAMPLE_ITEMS = 25;

export class TableSettingsService {
  constructor(private readonly client: DynamoDBClient) {}

  /** A few items (one Scan page), to offer the attributes of type N as TTL attribute. */
  async sampleItems(tableName: string): Promise<Item[]> {
    const out = await this.client.send(new ScanCommand({ TableName: tableName, Limit: SAMPLE_ITEMS }));
    return out.Items ?? [];
  }

  /** AWS refuses a second TTL change within about an hour (ValidationException): the caller shows it as worded. */
  async setTtl(tableName: string, enabled: boolean, attributeName: string): Promise<void> {
    await this.client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: enabled, AttributeName: attributeName } }));
  }

  async setTableClass(tableName: string, tableClass: TableClass): Promise<void> {
    await this.client.send(new UpdateTableCommand({ TableName: tableName, TableClass: tableClass }));
  }
}
