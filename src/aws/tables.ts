// Tables and their stream settings, over an injected DynamoDBClient.
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  paginateListTables,
  TableDescription,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { StreamViewType } from '../core/records/model';
import type { CredentialSource } from '../core/table/tableDetails';
import type { TableExtras } from '../core/table/tableTypes';
import { LOCAL_CREDENTIALS } from './clients';
import { errorText } from '../core/connection/awsError';

/** Change stream view type… failed after it disabled the old stream: the table has no stream now. */
export class StreamLeftOffError extends Error {
  constructor(readonly tableName: string, readonly viewType: StreamViewType, readonly error: unknown) {
    super(`the stream is now OFF: the old stream was disabled and enabling ${viewType} failed: ${errorText(error)}`, { cause: error });
    this.name = 'StreamLeftOffError';
  }
}

export class TablesService {
  constructor(private readonly client: DynamoDBClient) {}

  /** Every table name (ListTables pages 100 at a time), sorted. */
  async listTableNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const page of paginateListTables({ client: this.client, pageSize: 100 }, {})) names.push(...(page.TableNames ?? []));
    return names.sort((a, b) => a.localeCompare(b));
  }

  /**
   * Where the client's credentials come from and their access key id (never the secret): DynamoDB Local keeps one
   * database per access key id and region, so this is what decides which tables a local endpoint shows.
   */
  async credentialSource(profile: string | undefined, env: Record<string, string | undefined> = process.env): Promise<CredentialSource> {
    let accessKeyId: string | undefined;
    try {
      accessKeyId = (await this.client.config.credentials()).accessKeyId;
    } catch {
      accessKeyId = undefined;
    }
    if (profile) return { kind: 'profile', profile, accessKeyId };
    if (accessKeyId && env.AWS_ACCESS_KEY_ID === accessKeyId) return { kind: 'environment', accessKeyId };
    if (accessKeyId === LOCAL_CREDENTIALS.accessKeyId) return { kind: 'dummy', accessKeyId };
    return { kind: 'chain', accessKeyId };
  }

  async describeTable(tableName: string): Promise<TableDescription> {
    const out = await this.client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!out.Table) throw Object.assign(new Error(`Table "${tableName}" not found`), { name: 'ResourceNotFoundException' });
    return out.Table;
  }

  /** TTL and point-in-time recovery; each left unknown when the caller may not read it (or the backend lacks it). */
  async describeExtras(tableName: string): Promise<TableExtras> {
    const [ttl, backups] = await Promise.allSettled([
      this.client.send(new DescribeTimeToLiveCommand({ TableName: tableName })),
      this.client.send(new DescribeContinuousBackupsCommand({ TableName: tableName })),
    ]);
    const extras: TableExtras = {};
    if (ttl.status === 'fulfilled') {
      extras.ttlStatus = ttl.value.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED';
      extras.ttlAttribute = ttl.value.TimeToLiveDescription?.AttributeName;
    } else {
      extras.ttlError = errorText(ttl.reason);
    }
    if (backups.status === 'fulfilled') {
      extras.pitrStatus = backups.value.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
    }
    return extras;
  }

  /** Enables a stream; DynamoDB refuses when one is already enabled. Resolves once the table is ACTIVE again. */
  async enableStream(tableName: string, viewType: StreamViewType): Promise<TableDescription> {
    await this.client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } }));
    return this.waitUntilActive(tableName);
  }

  /** Disables the stream; its records stay readable for about 24 h under the old ARN. */
  async disableStream(tableName: string): Promise<TableDescription> {
    await this.client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    return this.waitUntilActive(tableName);
  }

  /** The view type cannot change in place: disable, wait, enable (a new stream with a new ARN). */
  async changeViewType(tableName: string, viewType: StreamViewType, onStep?: (step: string) => void): Promise<TableDescription> {
    onStep?.('Disabling the current stream…');
    await this.disableStream(tableName);
    onStep?.(`Enabling a ${viewType} stream…`);
    try {
      return await this.enableStream(tableName, viewType);
    } catch (err) {
      throw new StreamLeftOffError(tableName, viewType, err);
    }
  }

  async waitUntilActive(tableName: string): Promise<TableDescription> {
    const table = await this.describeTable(tableName);
    if (table.TableStatus === 'ACTIVE') return table;
    await waitUntilTableExists({ client: this.client, maxWaitTime: 600, minDelay: 1, maxDelay: 5 }, { TableName: tableName });
    return this.describeTable(tableName);
  }
}
