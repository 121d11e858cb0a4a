// Browse items: what the query bar's input means for a table. The table and its indexes as the pick list offers
// them, and a Scan or Query request (KeyConditionExpression with #name/:value placeholders) built from the typed
// values, or a message saying what is wrong and what to do instead. Pure: the SDK call is in src/aws/items.ts.
import type { IndexChoice, ItemsQuerySpec, KeyField, SortOperator } from '../panel/itemsProtocol';
import type { AttributeValue, Item } from '../records/model';
import { compareDecimals } from '../records/records';
import type { TableDescriptionLike } from '../table/tableTypes';
import { keyValueFromText } from './itemKeys';

type KeySchema = { AttributeName?: string; KeyType?: string }[] | undefined;

function keyFields(table: TableDescriptionLike, schema: KeySchema): { partitionKey: KeyField; sortKey?: KeyField } | undefined {
  const typeOf = (name: string) => table.AttributeDefinitions?.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
  const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) return undefined;
  return { partitionKey: { name: hash, type: typeOf(hash) }, ...(range ? { sortKey: { name: range, type: typeOf(range) } } : {}) };
}

/** The table first, then its GSIs and LSIs, each with its key attributes and their types. */
export function indexChoicesOf(table: TableDescriptionLike): IndexChoice[] {
  const out: IndexChoice[] = [];
  const own = keyFields(table, table.KeySchema);
  if (own) out.push({ name: '', kind: 'table', ...own });
  for (const [kind, list] of [['GSI', table.GlobalSecondaryIndexes], ['LSI', table.LocalSecondaryIndexes]] as const) {
    for (const index of list ?? []) {
      const keys = keyFields(table, index.KeySchema);
      if (index.IndexName && keys) out.push({ name: index.IndexName, kind, ...keys });
    }
  }
  return out;
}

/** How the pick list names a choice: `table (PK, SK)`, `GSI byStatus (status, createdAt)`. */
export function indexLabel(choice: IndexChoice): string {
  const keys = [choice.partitionKey.name, choice.sortKey?.name].filter(Boolean).join(', ');
  return choice.kind === 'table' ? `table (${keys})` : `${choice.kind} ${choice.name} (${keys})`;
}

/** A Scan or Query of the table or an index, without paging (Limit and ExclusiveStartKey are added per page). */
export interface BrowseRequest {
  operation: 'Scan' | 'Query';
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export type BrowseRequestResult = { ok: true; request: BrowseRequest; description: string } | { ok: false; error: string };

const TYPE_NAMES: Record<string, string> = { S: 'String', N: 'Number', B: 'Binary' };
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function describeKey(k: KeyField): string {
  return `${k.name} (${TYPE_NAMES[k.type] ?? k.type})`;
}

/** The typed text as a value of the key's type, or what is wrong with it. */
function keyValue(k: KeyField, text: string, what: string): { value: AttributeValue } | { error: string } {
  if (text === '') return { error: `Type ${what} (${describeKey(k)}).` };
  if (k.type === 'N' && !NUMBER.test(text.trim())) return { error: `${k.name} is a Number key: "${text}" is not a number (e.g. 42, -1.5, 1e3).` };
  if (k.type === 'B' && !BASE64.test(text.trim())) return { error: `${k.name} is a Binary key: type its value as base64 (e.g. AQID).` };
  return { value: keyValueFromText(k.type === 'N' || k.type === 'B' ? k.type : 'S', text) };
}

/** DynamoDB orders strings and binary by their bytes (UTF-8 for strings), numbers by value. */
export function compareKeyValues(type: string, a: AttributeValue, b: AttributeValue): number {
  if (type === 'N') return compareDecimals(a.N ?? '', b.N ?? '');
  const bytes = (v: AttributeValue) => (type === 'B' ? (v.B ?? new Uint8Array()) : new TextEncoder().encode(v.S ?? ''));
  const x = bytes(a);
  const y = bytes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function sortCondition(op: SortOperator): string {
  if (op === 'begins_with') return 'begins_with(#sk, :sk)';
  if (op === 'between') return '#sk BETWEEN :sk AND :sk2';
  return `#sk ${op} :sk`;
}

function whereText(choice: IndexChoice): string {
  return choice.kind === 'table' ? 'the table' : `${choice.kind} ${choice.name}`;
}

/** The request for what the query bar says, checked against the table's and the index's keys. */
export function buildBrowseRequest(spec: ItemsQuerySpec, choices: readonly IndexChoice[]): BrowseRequestResult {
  const choice = choices.find((c) => c.name === spec.index);
  if (!choice) {
    const names = choices.filter((c) => c.kind !== 'table').map((c) => c.name);
    return { ok: false, error: `The table has no index "${spec.index}" (deleted since?). Pick the table${names.length ? ` or one of ${names.join(', ')}` : ''}.` };
  }
  const IndexName = choice.kind === 'table' ? undefined : choice.name;
  if (spec.mode === 'scan') return { ok: true, request: { operation: 'Scan', IndexName }, description: `Scan of ${whereText(choice)}` };

  const pk = keyValue(choice.partitionKey, spec.partitionValue, 'the partition key value to Query');
  if ('error' in pk) return { ok: false, error: pk.error };
  const names: Record<string, string> = { '#pk': choice.partitionKey.name };
  const values: Item = { ':pk': pk.value };
  let expression = '#pk = :pk';
  const op = spec.sortOperator;
  if (op !== '') {
    const sk = choice.sortKey;
    if (!sk) return { ok: false, error: `${whereText(choice)} has no sort key, so a sort-key condition cannot apply: clear the condition, or pick an index with a sort key.` };
    if (op === 'begins_with' && sk.type === 'N') return { ok: false, error: `begins_with works on String and Binary sort keys; ${describeKey(sk)} is a Number: use between instead.` };
    const low = keyValue(sk, spec.sortValue, op === 'between' ? `the low end of between` : `the sort key value for ${op}`);
    if ('error' in low) return { ok: false, error: low.error };
    names['#sk'] = sk.name;
    values[':sk'] = low.value;
    if (op === 'between') {
      const high = keyValue(sk, spec.sortValue2, 'the high end of between');
      if ('error' in high) return { ok: false, error: high.error };
      if (compareKeyValues(sk.type, low.value, high.value) > 0) {
        return { ok: false, error: `between needs the low end first: "${spec.sortValue}" sorts after "${spec.sortValue2}" for ${describeKey(sk)}. Swap them.` };
      }
      values[':sk2'] = high.value;
    }
    expression += ` AND ${sortCondition(op)}`;
  }
  const condition = op === '' ? '' : op === 'between' ? ` and ${choice.sortKey!.name} between "${spec.sortValue}" and "${spec.sortValue2}"` : ` and ${choice.sortKey!.name} ${op} "${spec.sortValue}"`;
  return {
    ok: true,
    request: { operation: 'Query', IndexName, KeyConditionExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values },
    description: `Query of ${whereText(choice)}: ${choice.partitionKey.name} = "${spec.partitionValue}"${condition}`,
  };
}
