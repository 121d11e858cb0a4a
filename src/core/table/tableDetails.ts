// A table's details as label/value lines, the facts people look up about a table next to its stream: name, ARN, keys,
// billing and class, TTL, point-in-time recovery, size, indexes, stream view type and label.
// Shapes mirror DescribeTable / DescribeTimeToLive / DescribeContinuousBackups outputs structurally.
import { formatBytes } from '../records/display';
import { tableClassLabel, ttlSummary } from './tableSettings';
import type { TableDescriptionLike, TableExtras } from './tableTypes';

export function streamEnabled(table: TableDescriptionLike): boolean {
  return table.StreamSpecification?.StreamEnabled === true;
}

/** "NEW_AND_OLD_IMAGES" or "stream off": what the tree shows next to a table. */
export function streamSummary(table: TableDescriptionLike): string {
  return streamEnabled(table) ? table.StreamSpecification?.StreamViewType ?? 'stream on' : 'stream off';
}

function keys(schema: TableDescriptionLike['KeySchema']): string {
  if (!schema?.length) return '—';
  return schema.map((k) => `${k.AttributeName} (${k.KeyType === 'HASH' ? 'partition' : k.KeyType === 'RANGE' ? 'sort' : k.KeyType})`).join(', ');
}

function tableClassText(table: TableDescriptionLike): string {
  const set = table.TableClassSummary?.TableClass;
  return set ? `${tableClassLabel(table)} (${set})` : `${tableClassLabel(table)} (the default)`;
}

/** Label/value lines describing a table, in the order people read them. */
export function tableDetailLines(table: TableDescriptionLike, extras: TableExtras = {}): [string, string][] {
  const billing = table.BillingModeSummary?.BillingMode
    ?? (table.ProvisionedThroughput?.ReadCapacityUnits ? 'PROVISIONED' : undefined);
  const throughput = billing === 'PROVISIONED' && table.ProvisionedThroughput
    ? ` (${table.ProvisionedThroughput.ReadCapacityUnits} RCU / ${table.ProvisionedThroughput.WriteCapacityUnits} WCU)`
    : '';
  const lines: [string, string][] = [
    ['Table name', table.TableName ?? '—'],
    ['Table ARN', table.TableArn ?? '—'],
    ['Status', table.TableStatus ?? '—'],
    ['Created', table.CreationDateTime ? new Date(table.CreationDateTime).toISOString() : '—'],
    ['Key schema', keys(table.KeySchema)],
    ['Attribute definitions', (table.AttributeDefinitions ?? []).map((a) => `${a.AttributeName}: ${a.AttributeType}`).join(', ') || '—'],
    ['Billing mode', (billing ?? 'PROVISIONED') + throughput],
    ['Table class', tableClassText(table)],
    ['Point-in-time recovery', extras.pitrStatus ?? 'unknown'],
    ['Deletion protection', table.DeletionProtectionEnabled ? 'enabled' : 'disabled'],
    ['TTL', ttlSummary(extras) ?? 'unknown'],
    ['Items (approx.)', table.ItemCount === undefined ? '—' : String(table.ItemCount)],
    ['Size (approx.)', formatBytes(table.TableSizeBytes)],
  ];
  for (const gsi of table.GlobalSecondaryIndexes ?? []) lines.push(['GSI', `${gsi.IndexName}: ${keys(gsi.KeySchema)}`]);
  for (const lsi of table.LocalSecondaryIndexes ?? []) lines.push(['LSI', `${lsi.IndexName}: ${keys(lsi.KeySchema)}`]);
  if (table.Replicas?.length) lines.push(['Replicas', table.Replicas.map((r) => `${r.RegionName} (${r.ReplicaStatus})`).join(', ')]);
  lines.push(['Stream', streamEnabled(table) ? 'enabled' : 'disabled']);
  if (streamEnabled(table)) {
    lines.push(['Stream view type', table.StreamSpecification?.StreamViewType ?? '—']);
    lines.push(['Stream label', table.LatestStreamLabel ?? '—']);
    lines.push(['Stream ARN', table.LatestStreamArn ?? '—']);
  }
  return lines;
}

/** The four view types, with what each record carries (shown in the Enable stream… pick). */
export const VIEW_TYPE_DESCRIPTIONS: Record<string, string> = {
  KEYS_ONLY: 'Only the key attributes of the changed item',
  NEW_IMAGE: 'The whole item as it is after the change',
  OLD_IMAGE: 'The whole item as it was before the change',
  NEW_AND_OLD_IMAGES: 'Both images: enables attribute-by-attribute diffs',
};

/** Case-insensitive substring filter for long table lists. */
export function filterTableNames(names: readonly string[], filter: string): string[] {
  const needle = filter.trim().toLowerCase();
  return needle ? names.filter((n) => n.toLowerCase().includes(needle)) : [...names];
}

/** Where a connection's credentials come from (src/aws/tables.ts finds out); never holds the secret. */
export type CredentialSource =
  | { kind: 'profile'; profile: string; accessKeyId?: string }
  | { kind: 'environment' | 'dummy' | 'chain'; accessKeyId?: string };

export function describeCredentialSource(source: CredentialSource): string {
  const key = source.accessKeyId ? `access key ${source.accessKeyId}` : 'no access key';
  switch (source.kind) {
    case 'profile':
      return `profile "${source.profile}" (${key})`;
    case 'environment':
      return `environment AWS_ACCESS_KEY_ID (${key})`;
    case 'dummy':
      return `the extension's dummy credentials (${key}; no AWS credentials were found)`;
    default:
      return `the default credential chain (${key})`;
  }
}

/**
 * What the tree says when a local endpoint lists no tables: DynamoDB Local keeps one database per access key id and
 * region unless started with -sharedDb, so tables another client created (e.g. the aws CLI with other keys) are
 * invisible here. Says which credentials and region are in use, and the remedies.
 */
export function emptyLocalEndpointMessage(source: CredentialSource, region: string | undefined): { title: string; detail: string; remedy: string } {
  return {
    title: `No tables for ${source.accessKeyId ? `access key ${source.accessKeyId}` : 'these credentials'} in ${region ?? 'this region'}`,
    detail: `Credentials: ${describeCredentialSource(source)} · region ${region ?? '(none)'}`,
    remedy:
      'DynamoDB Local keeps one database per access key and region: start it with -sharedDb to share tables between ' +
      'clients, or connect with the credentials and region that created the tables (NoSQL Workbench uses the region ' +
      '"localhost": Connect… → Custom endpoint lets you choose it)',
  };
}
