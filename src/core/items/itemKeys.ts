// An item's key: the table's key schema read from its description, the key of an item, the template of a new item,
// and the checks made before a document is written (the key is there, has its type, and did not change).
import type { AttributeValue, Item } from '../records/model';
import { fromBase64 } from '../records/records';
import type { KeyAttribute, KeyType } from '../table/createTable';

export interface KeySchemaLike {
  KeySchema?: { AttributeName?: string; KeyType?: string }[];
  AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[];
}

/** The partition key, then the sort key if any, with their types. */
export function keyAttributesOf(table: KeySchemaLike): KeyAttribute[] {
  const typeOf = (name: string) => table.AttributeDefinitions?.find((d) => d.AttributeName === name)?.AttributeType as KeyType | undefined;
  const ordered = [...(table.KeySchema ?? [])].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0));
  return ordered.filter((k) => k.AttributeName).map((k) => ({ name: k.AttributeName!, type: typeOf(k.AttributeName!) ?? 'S' }));
}

export function keyOf(item: Item, keys: readonly KeyAttribute[]): Item {
  const out: Item = {};
  for (const k of keys) if (item[k.name] !== undefined) out[k.name] = item[k.name];
  return out;
}

const TEMPLATE_VALUES: Record<KeyType, AttributeValue> = { S: { S: '' }, N: { N: '0' }, B: { B: new Uint8Array() } };

/** A new item holding only its key attributes, each an empty value of its type, for the user to fill in. */
export function newItemTemplate(keys: readonly KeyAttribute[]): Item {
  const out: Item = {};
  for (const k of keys) out[k.name] = TEMPLATE_VALUES[k.type];
  return out;
}

const typeOfValue = (v: AttributeValue): string => Object.keys(v).find((t) => (v as Record<string, unknown>)[t] !== undefined) ?? '?';

/** What keeps the item from being written under this key schema, or undefined. */
export function keyProblem(item: Item, keys: readonly KeyAttribute[]): string | undefined {
  for (const k of keys) {
    const v = item[k.name];
    if (v === undefined) return `The key attribute "${k.name}" is missing: every item has its key (${keys.map((x) => `${x.name} (${x.type})`).join(', ')})`;
    const type = typeOfValue(v);
    if (type !== k.type) return `The key attribute "${k.name}" is of type ${k.type} in this table, not ${type}`;
  }
  return undefined;
}

/** The key attributes whose value differs between two items. */
export function changedKeyNames(before: Item, after: Item, keys: readonly KeyAttribute[], same: (a: AttributeValue, b: AttributeValue) => boolean): string[] {
  return keys.filter((k) => !before[k.name] || !after[k.name] || !same(before[k.name], after[k.name])).map((k) => k.name);
}

/** A key as a reference from outside (a tail record, a command argument): binary may come base64-encoded. */
export function keyFromReference(keys: Record<string, unknown>): Item {
  const out: Item = {};
  for (const [name, raw] of Object.entries(keys)) {
    const v = raw as AttributeValue & { B?: unknown };
    out[name] = typeof v?.B === 'string' ? { B: fromBase64(v.B) } : v;
  }
  return out;
}

/** Reads a typed key value the user typed: a number must be one, binary is base64. */
export function keyValueFromText(type: KeyType, text: string): AttributeValue {
  return type === 'N' ? { N: text.trim() } : type === 'B' ? { B: fromBase64(text.trim()) } : { S: text };
}

export function validateKeyValue(type: KeyType, text: string): string | undefined {
  if (text.length === 0) return 'A key value cannot be empty';
  if (type === 'N' && !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text.trim())) return 'Type a number';
  if (type === 'B' && !/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim())) return 'Type the binary value as base64';
  return undefined;
}
