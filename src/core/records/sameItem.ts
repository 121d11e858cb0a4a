// Whether two items (or attribute values) are equal as DynamoDB stores them. One definition for every "is the item
// still what we read?" check: the item editor, Restore this version and Undo changes all ask it.
import type { AttributeValue, Item } from './model';
import { compareDecimals } from './records';

const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Set members are unique, so equal sizes and every member of one found in the other make equal sets. */
function sameMembers<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => eq(x, y)));
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(b);
  return a.every((x) => members.has(x));
}

/** Equal as DynamoDB stores them: numbers by value (1.50 = 1.5), sets in any order, lists in order. */
export function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  if (a.S !== undefined || b.S !== undefined) return a.S === b.S;
  if (a.N !== undefined || b.N !== undefined) return a.N !== undefined && b.N !== undefined && (a.N === b.N || compareDecimals(a.N, b.N) === 0);
  if (a.BOOL !== undefined || b.BOOL !== undefined) return a.BOOL === b.BOOL;
  if (a.NULL !== undefined || b.NULL !== undefined) return a.NULL === b.NULL;
  if (a.B !== undefined || b.B !== undefined) return a.B !== undefined && b.B !== undefined && bytesEqual(a.B, b.B);
  if (a.SS || b.SS) return !!a.SS && !!b.SS && sameStrings(a.SS, b.SS);
  if (a.NS || b.NS) return !!a.NS && !!b.NS && sameMembers(a.NS, b.NS, (x, y) => x === y || compareDecimals(x, y) === 0);
  if (a.BS || b.BS) return !!a.BS && !!b.BS && sameMembers(a.BS, b.BS, bytesEqual);
  if (a.L || b.L) return !!a.L && !!b.L && a.L.length === b.L.length && a.L.every((x, i) => sameValue(x, b.L![i]));
  if (a.M || b.M) return !!a.M && !!b.M && sameItem(a.M, b.M);
  return false;
}

/** The same attributes (own names only) with equal values. */
export function sameItem(a: Item, b: Item): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => Object.hasOwn(b, n) && sameValue(a[n], b[n]));
}
