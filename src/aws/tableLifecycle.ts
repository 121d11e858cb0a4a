// Creating and deleting tables over an injected DynamoDBClient. AWS's refusals (a name in use, a protected table)
// reach the caller as AWS words them.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { createTableRequest, type NewTableSpec } from '../core/table/createTable';
import type { ModelCreateTableRequest } from '../core/table/workbenchModel';
import { TablesService } from './tables';

export class TableLifecycleService {
  private readonly tables: TablesService;

  constructor(private readonly client: DynamoDBClient) {
    this.tables = new TablesService(client);
  }

  /** CreateTable, then waits until ACTIVE and sets TTL (only possible on an ACTIVE table). */
  async create(spec: NewTableSpec, onStep?: (step: string) => void): Promise<TableDescription> {
    onStep?.('creating…');
    await this.client.send(new CreateTableCommand(createTableRequest(spec)));
    onStep?.('waiting until ACTIVE…');
    let table = await this.tables.waitUntilActive(spec.name);
    if (spec.ttlAttribute) {
      onStep?.(`enabling TTL on ${spec.ttlAttribute}…`);
      await this.client.send(new UpdateTimeToLiveCommand({ TableName: spec.name, TimeToLiveSpecification: { Enabled: true, AttributeName: spec.ttlAttribute } }));
      table = await this.tables.describeTable(spec.name);
    }
    return table;
  }

  /** CreateTable from a request built elsewhere (a NoSQL Workbench model's, with its indexes), then waits until ACTIVE. */
  async createFromRequest(request: ModelCreateTableRequest): Promise<TableDescription> {
    await this.client.send(new CreateTableCommand(request));
    return this.tables.waitUntilActive(request.TableName);
  }

  /** DeleteTable, then waits until the table is gone. A protected table is refused (ValidationException). */
  async delete(tableName: string, onStep?: (step: string) => void): Promise<void> {
    onStep?.('deleting…');
    await this.client.send(new DeleteTableCommand({ TableName: tableName }));
    onStep?.('waiting until deleted…');
    await this.waitUntilDeleted(tableName);
  }

  /** DeleteTable without waiting: the table is DELETING when it resolves. */
  async startDelete(tableName: string): Promise<void> {
    await this.client.send(new DeleteTableCommand({ TableName: tableName }));
  }

  async waitUntilDeleted(tableName: string): Promise<void> {
    await waitUntilTableNotExists({ client: this.client, maxWaitTime: 600, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
  }

  /** Turns deletion protection off (or on); resolves once the table is ACTIVE again. */
  async setDeletionProtection(tableName: string, enabled: boolean): Promise<TableDescription> {
    await this.client.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: enabled }));
    return this.tables.waitUntilActive(tableName);
  }
}
