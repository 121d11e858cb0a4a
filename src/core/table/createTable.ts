// Create table…: what the user chose, checked as DynamoDB checks it, and the CreateTable request built from it.
// Pure: the request is a plain object the SDK's CreateTableCommand takes as it is.
import type { StreamViewType } from '../records/model';
import type { TableClass } from './tableSettings';

export type KeyType = 'S' | 'N' | 'B';
export const KEY_TYPES: readonly KeyType[] = ['S', 'N', 'B'];
export const KEY_TYPE_LABELS: Record<KeyType, string> = { S: 'String', N: 'Number', B: 'Binary' };

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export type Billing = { mode: 'PAY_PER_REQUEST' } | { mode: 'PROVISIONED'; readUnits: number; writeUnits: number };

export interface NewTableSpec {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  billing: Billing;
  /** Undefined: no stream. */
  streamViewType?: StreamViewType;
  tableClass: TableClass;
  /** Set with UpdateTimeToLive once the table is ACTIVE (CreateTable has no TTL field). */
  ttlAttribute?: string;
  deletionProtection: boolean;
}

/** The CreateTable request (structurally the SDK's CreateTableCommandInput). */
export interface CreateTableRequest {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: KeyType }[];
  BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: StreamViewType };
  TableClass: TableClass;
  DeletionProtectionEnabled: boolean;
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;

/** Table names are 3–255 characters of a-z, A-Z, 0-9, underscore, dash and dot. */
export function validateTableName(name: string): string | undefined {
  if (name.length < 3 || name.length > 255) return `A table name is 3 to 255 characters long (this one has ${name.length})`;
  if (!TABLE_NAME.test(name)) {
    const bad = [...new Set([...name].filter((c) => !TABLE_NAME.test(c)))].map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
    return `A table name holds only letters, digits, "_", "-" and "." (not ${bad})`;
  }
  return undefined;
}

/** Key attribute names are 1 to 255 bytes of UTF-8. */
export function validateKeyName(name: string, otherKey?: string): string | undefined {
  if (name.length === 0) return 'Type the attribute name';
  if (new TextEncoder().encode(name).length > 255) return 'An attribute name is at most 255 bytes';
  if (otherKey !== undefined && name === otherKey) return `The sort key must differ from the partition key ("${otherKey}")`;
  return undefined;
}

/** Provisioned read or write capacity units: a whole number from 1. */
export function validateCapacityUnits(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return 'Type a whole number of capacity units, 1 or more';
  if (!Number.isSafeInteger(Number(t))) return 'That number is too large';
  return undefined;
}

export function createTableRequest(spec: NewTableSpec): CreateTableRequest {
  const keys = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
  return {
    TableName: spec.name,
    KeySchema: keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    // Only key attributes are declared: DynamoDB refuses definitions no key or index uses.
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    BillingMode: spec.billing.mode,
    ProvisionedThroughput:
      spec.billing.mode === 'PROVISIONED' ? { ReadCapacityUnits: spec.billing.readUnits, WriteCapacityUnits: spec.billing.writeUnits } : undefined,
    StreamSpecification: spec.streamViewType ? { StreamEnabled: true, StreamViewType: spec.streamViewType } : undefined,
    TableClass: spec.tableClass,
    DeletionProtectionEnabled: spec.deletionProtection,
  };
}

/** One line for the progress notification and the log: "PK (S), SK (N); on-demand; stream NEW_IMAGE; …". */
export function describeNewTable(spec: NewTableSpec): string {
  const keys = [spec.partitionKey, spec.sortKey].filter((k): k is KeyAttribute => !!k).map((k) => `${k.name} (${k.type})`).join(', ');
  const billing = spec.billing.mode === 'PAY_PER_REQUEST' ? 'on-demand' : `provisioned ${spec.billing.readUnits} RCU / ${spec.billing.writeUnits} WCU`;
  return [
    keys,
    billing,
    spec.streamViewType ? `stream ${spec.streamViewType}` : 'no stream',
    spec.tableClass === 'STANDARD' ? 'Standard' : 'Standard-IA',
    spec.ttlAttribute ? `TTL on ${spec.ttlAttribute}` : undefined,
    spec.deletionProtection ? 'deletion protection on' : undefined,
  ]
    .filter(Boolean)
    .join('; ');
}

/** DeleteTable's refusal for a table protected against deletion. */
export function isDeletionProtected(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return e?.name === 'ValidationException' && /protected against deletion|deletion protection/i.test(String(e.message ?? ''));
}
