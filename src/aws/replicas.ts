// A table's global-table replicas over an injected DynamoDBClient: version 2019.11.21 from the description the tree
// already has (no call), version 2017.11.29 from DescribeGlobalTable. DynamoDB Local has no global tables and answers
// that call with UnknownOperationException: remembered for the connection, so it is asked once, not per table.
import { DescribeGlobalTableCommand, DynamoDBClient, UpdateTableCommand, type TableDescription } from '@aws-sdk/client-dynamodb';
import { readAwsError } from '../core/connection/awsError';
import { isNothingToUpdate, REPLICAS_UNSUPPORTED, replicaUpdateRequest, type ReplicaAction } from '../core/table/replicaUpdates';
import { isGlobalTableV2019, mayBeGlobalTableV2017, replicasFromGlobalTable, replicasFromTable, type Replica, type ReplicaSource } from '../core/table/replicas';

export class ReplicasService implements ReplicaSource {
  /** Why DescribeGlobalTable is no longer asked on this connection (unknown operation, or not allowed). */
  skipGlobalTables?: string;

  constructor(private readonly client: DynamoDBClient) {}

  /** Asks again from now on (Refresh: the permission may have been granted meanwhile). */
  forgetAnswers(): void {
    this.skipGlobalTables = undefined;
  }

  async list(table: TableDescription): Promise<Replica[]> {
    if (isGlobalTableV2019(table)) return replicasFromTable(table);
    if (!table.TableName || !mayBeGlobalTableV2017(table) || this.skipGlobalTables) return [];
    try {
      const out = await this.client.send(new DescribeGlobalTableCommand({ GlobalTableName: table.TableName }));
      return replicasFromGlobalTable(out.GlobalTableDescription);
    } catch (err) {
      const info = readAwsError(err);
      if (/GlobalTableNotFound/.test(info.text)) return [];
      if (info.kind === 'unsupported') this.skipGlobalTables = 'this endpoint has no global tables';
      else if (info.kind === 'access-denied') this.skipGlobalTables = 'dynamodb:DescribeGlobalTable is not allowed';
      else throw err;
      return [];
    }
  }

  /**
   * Adds (Create) or removes (Delete) the table's replica in `region` (UpdateTable ReplicaUpdates, version
   * 2019.11.21); resolves once DynamoDB accepted it (the replica then changes for a while). DynamoDB Local's "Nothing
   * to update" becomes ReplicasUnsupportedError; AWS's refusals reach the caller as AWS words them.
   */
  async update(tableName: string, region: string, action: ReplicaAction): Promise<TableDescription | undefined> {
    try {
      const out = await this.client.send(new UpdateTableCommand(replicaUpdateRequest(tableName, region, action)));
      return out.TableDescription;
    } catch (err) {
      if (isNothingToUpdate(err)) throw new ReplicasUnsupportedError(err);
      throw err;
    }
  }
}

/** The endpoint has no global-table replicas (DynamoDB Local). */
export class ReplicasUnsupportedError extends Error {
  constructor(cause: unknown) {
    super(REPLICAS_UNSUPPORTED, { cause });
    this.name = 'ReplicasUnsupportedError';
  }
}
