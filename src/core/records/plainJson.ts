// A record's images as plain JSON (what a handler holds after unmarshalling) and as DynamoDB JSON that JSON.stringify
// prints faithfully (binary as base64). Plain JSON is the unmarshalled value (unmarshall.ts) with numbers kept exact:
// a JSON number only when the double is the very same decimal and a safe integer, otherwise the decimal string
// (38-digit numbers, 2^53 + 1, long decimals); sets as arrays, binary as base64.
import { setOwn } from '../util/ownProperty';
import type { AttributeValue, Item, StreamRecord } from './model';
import { compareDecimals, toBase64 } from './records';
import { hasBinary } from './recordJson';
import { isNumberValue, unmarshallValue, type NativeValue } from './unmarshall';

export type PlainJson = null | boolean | number | string | PlainJson[] | { [name: string]: PlainJson };

/** DynamoDB JSON as JSON text carries it: binary values as base64 strings. */
export interface DynamoDbJsonValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: DynamoDbJsonItem;
  L?: DynamoDbJsonValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export type DynamoDbJsonItem = Record<string, DynamoDbJsonValue>;

/** Binary as the SDK gives it (bytes) or as JSON carries it (already base64). */
type Binary = Uint8Array | string;

export function binaryToBase64(value: Binary): string {
  return typeof value === 'string' ? value : toBase64(value);
}

/** An N value as a JSON number when that number prints back as the same decimal and is a safe integer if whole. */
export function plainNumber(text: string): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return text;
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return text;
  return compareDecimals(text, String(n)) === 0 ? n : text;
}

/** One attribute value as plain JSON: sets as arrays, binary as base64, NULL as null. */
export function attributeToPlain(value: AttributeValue): PlainJson {
  if (value === null || typeof value !== 'object') return null;
  let native: NativeValue;
  try {
    native = unmarshallValue(value);
  } catch {
    return attributeToDynamoDbJson(value) as PlainJson; // not a value we know: shown as it came
  }
  return nativeToPlain(native);
}

function nativeToPlain(v: NativeValue): PlainJson {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (isNumberValue(v)) return plainNumber(v.value);
  if (v instanceof Uint8Array) return toBase64(v);
  if (v instanceof Set) return [...v].map(nativeToPlain);
  if (Array.isArray(v)) return v.map(nativeToPlain);
  const out: { [name: string]: PlainJson } = {};
  for (const name of Object.keys(v)) setOwn(out, name, nativeToPlain(v[name]));
  return out;
}

export function itemToPlain(item: Item): { [name: string]: PlainJson } {
  const out: { [name: string]: PlainJson } = {};
  for (const name of Object.keys(item)) setOwn(out, name, attributeToPlain(item[name]));
  return out;
}

/** A copy of one value in DynamoDB JSON with binary (B, BS, nested) as base64. */
export function attributeToDynamoDbJson(value: AttributeValue): DynamoDbJsonValue {
  const v = value as AttributeValue & { B?: Binary; BS?: Binary[] };
  if (v.B !== undefined) return { B: binaryToBase64(v.B) };
  if (v.BS !== undefined) return { BS: v.BS.map(binaryToBase64) };
  if (v.M !== undefined) return { M: itemToDynamoDbJson(v.M) };
  if (v.L !== undefined) return { L: v.L.map(attributeToDynamoDbJson) };
  if (v.SS !== undefined) return { SS: [...v.SS] };
  if (v.NS !== undefined) return { NS: [...v.NS] };
  return { ...(v as DynamoDbJsonValue) };
}

export function itemToDynamoDbJson(item: Item): DynamoDbJsonItem {
  const out: DynamoDbJsonItem = {};
  for (const name of Object.keys(item)) setOwn(out, name, attributeToDynamoDbJson(item[name]));
  return out;
}

/**
 * The item as DynamoDB JSON for reading or printing, not for changing: the item itself when it holds no binary value
 * (it already is DynamoDB JSON), otherwise a copy with binary as base64. Building a Lambda event copied every attribute of
 * every image, a third of the local trigger's own cost per record.
 */
export function itemAsDynamoDbJson(item: Item): Readonly<DynamoDbJsonItem> {
  return hasBinary(item) ? itemToDynamoDbJson(item) : (item as DynamoDbJsonItem);
}

export interface RecordImages<T> {
  Keys?: T;
  NewImage?: T;
  OldImage?: T;
}

/** A record's keys and images as plain JSON; absent images stay absent. */
export function recordImagesAsPlainJson(record: StreamRecord): RecordImages<{ [name: string]: PlainJson }> {
  return mapImages(record, itemToPlain);
}

/** A record's keys and images as DynamoDB JSON, binary as base64. */
export function recordImagesAsDynamoDbJson(record: StreamRecord): RecordImages<DynamoDbJsonItem> {
  return mapImages(record, itemToDynamoDbJson);
}

function mapImages<T>(record: StreamRecord, convert: (item: Item) => T): RecordImages<T> {
  const d = record.dynamodb;
  const out: RecordImages<T> = {};
  if (d?.Keys) out.Keys = convert(d.Keys);
  if (d?.NewImage) out.NewImage = convert(d.NewImage);
  if (d?.OldImage) out.OldImage = convert(d.OldImage);
  return out;
}
