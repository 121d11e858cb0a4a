// DynamoDB JSON → JavaScript values with @aws-sdk/util-dynamodb, the one place in src/core allowed to use it (a pure
// library: no client, no I/O). Numbers stay wrapped (NumberValue keeps the decimal string), so a 38-digit number is
// never turned into a JS number. Used by the display model (records.ts) and plain JSON (plainJson.ts).
import { NumberValueImpl, unmarshall, type NumberValue } from '@aws-sdk/util-dynamodb';
import { setOwn } from '../util/ownProperty';
import type { AttributeValue, Item } from './model';

export type { NumberValue };

/** A DynamoDB value unmarshalled with wrapNumbers. */
export type NativeValue =
  | null
  | boolean
  | string
  | NumberValue
  | Uint8Array
  | Set<string | NumberValue | Uint8Array>
  | NativeValue[]
  | { [name: string]: NativeValue };

const UNMARSHALL_OPTIONS = { wrapNumbers: true, convertWithoutMapWrapper: true } as const;

/**
 * One DynamoDB JSON value; throws on a malformed or unknown one. Maps and lists are walked here and only their members
 * are given to util-dynamodb: it fills maps by assignment, which drops an attribute named `__proto__`.
 */
export function unmarshallValue(value: AttributeValue): NativeValue {
  if (value === null || typeof value !== 'object') throw new Error('not an attribute value');
  // The type util-dynamodb would pick: the first one present (a loop, not Object.entries: this runs per value).
  for (const type in value) {
    const inner: unknown = value[type as keyof AttributeValue];
    if (inner === undefined) continue;
    if (type === 'M') return unmarshallItem(inner as Item);
    if (type === 'L') {
      if (!Array.isArray(inner)) throw new Error('L is not a list');
      return inner.map((v: AttributeValue) => unmarshallValue(v));
    }
    break;
  }
  return unmarshall(value as never, UNMARSHALL_OPTIONS) as NativeValue;
}

/** A map (or an item) of DynamoDB JSON values; throws on a malformed member. */
export function unmarshallItem(item: Item): { [name: string]: NativeValue } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new Error('M is not a map');
  const out: { [name: string]: NativeValue } = {};
  for (const name of Object.keys(item)) setOwn(out, name, unmarshallValue(item[name]));
  return out;
}

export function isNumberValue(v: unknown): v is NumberValue {
  return v instanceof NumberValueImpl || (typeof v === 'object' && v !== null && v.constructor?.name === 'NumberValue' && typeof (v as NumberValue).value === 'string');
}
