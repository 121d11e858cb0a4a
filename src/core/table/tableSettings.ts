// Table settings around the stream: TTL (expired items leave the table as REMOVE records by dynamodb.amazonaws.com) and the table class
// (Standard or Standard-IA). Pure: plain response shapes in, text and decisions out.
import type { Item } from '../records/model';
import type { TableDescriptionLike, TableExtras } from './tableTypes';

export const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] as const;
export type TableClass = (typeof TABLE_CLASSES)[number];

export const TABLE_CLASS_LABELS: Record<TableClass, string> = { STANDARD: 'Standard', STANDARD_INFREQUENT_ACCESS: 'Standard-IA' };

export const TABLE_CLASS_DESCRIPTIONS: Record<TableClass, string> = {
  STANDARD: 'The default: lower throughput cost, for tables read and written often',
  STANDARD_INFREQUENT_ACCESS: 'Lower storage cost per GB, higher cost per request: for data read rarely (archives)',
};

/** DescribeTable has no TableClassSummary for a table that was never changed from the default. */
export function tableClassOf(table: TableDescriptionLike): TableClass {
  return table.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD';
}

export function tableClassLabel(table: TableDescriptionLike): string {
  return TABLE_CLASS_LABELS[tableClassOf(table)];
}

/** "TTL on expiresAt", "TTL off", "TTL enabling (expiresAt)", "could not read TTL: why"; undefined while unknown. */
export function ttlSummary(extras: TableExtras | undefined): string | undefined {
  if (extras?.ttlError) return `could not read TTL: ${extras.ttlError}`;
  const status = extras?.ttlStatus;
  if (status === undefined) return undefined;
  if (status === 'ENABLED') return `TTL on ${extras?.ttlAttribute ?? '?'}`;
  if (status === 'DISABLED') return 'TTL off';
  return `TTL ${status.toLowerCase()}${extras?.ttlAttribute ? ` (${extras.ttlAttribute})` : ''}`;
}

/** Why Enable TTL… / Disable TTL cannot go on: the TTL could not be read (so it is not known to be off or on). */
export function ttlUnreadable(tableName: string, extras: TableExtras): string | undefined {
  if (!extras.ttlError) return undefined;
  return `Could not read the TTL of ${tableName} (${extras.ttlError}), so it is not known whether TTL is on: nothing was changed. Try again, or check your access to dynamodb:DescribeTimeToLive.`;
}

export function ttlEnabled(extras: TableExtras | undefined): boolean {
  return extras?.ttlStatus === 'ENABLED' || extras?.ttlStatus === 'ENABLING';
}

/** Attribute names are 1 to 255 bytes of UTF-8. */
export function validateAttributeName(name: string): string | undefined {
  if (name.length === 0) return 'Type the name of the attribute holding the expiry time (epoch seconds, type N)';
  if (new TextEncoder().encode(name).length > 255) return 'An attribute name is at most 255 bytes';
  return undefined;
}

/**
 * Names of the attributes of type N in a sample of items, most frequent first: TTL reads only an N attribute holding
 * epoch seconds (items whose attribute has another type are never expired).
 */
export function numberAttributeNames(items: readonly Item[]): { name: string; count: number; looksLikeEpoch: boolean }[] {
  const counts = new Map<string, { count: number; epoch: number }>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (typeof value?.N !== 'string') continue;
      const entry = counts.get(name) ?? { count: 0, epoch: 0 };
      entry.count++;
      if (looksLikeEpochSeconds(value.N)) entry.epoch++;
      counts.set(name, entry);
    }
  }
  return [...counts.entries()]
    .map(([name, e]) => ({ name, count: e.count, looksLikeEpoch: e.epoch === e.count }))
    .sort((a, b) => Number(b.looksLikeEpoch) - Number(a.looksLikeEpoch) || b.count - a.count || a.name.localeCompare(b.name));
}

/** Between 2000 and 2100 in epoch seconds: what a TTL attribute should hold (not milliseconds). */
function looksLikeEpochSeconds(n: string): boolean {
  if (!/^\d{9,10}$/.test(n)) return false;
  const v = Number(n);
  return v >= 946_684_800 && v < 4_102_444_800;
}

/** DynamoDB Local ignores table classes and answers a class-only UpdateTable with "Nothing to update". */
export function isNothingToUpdate(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return e?.name === 'ValidationException' && /nothing to update/i.test(String(e.message ?? ''));
}
