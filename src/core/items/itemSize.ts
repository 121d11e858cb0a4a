// An item's size as DynamoDB counts it for the 400 KB limit: attribute names and values in UTF-8 bytes, numbers about
// one byte per two significant digits plus one, binary by length, and a few bytes for each list, map and element.
// Close enough to refuse an item that cannot be written before the first write, not a billing figure.
import type { AttributeValue, Item } from '../records/model';

export const MAX_ITEM_BYTES = 400 * 1024;

const encoder = new TextEncoder();
const utf8Length = (s: string) => (/^[\x00-\x7f]*$/.test(s) ? s.length : encoder.encode(s).length);

function numberSize(n: string): number {
  const digits = n.replace(/^[+-]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8Length(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((sum, s) => sum + utf8Length(s), 0);
  if (v.NS) return v.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (v.BS) return v.BS.reduce((sum, b) => sum + b.length, 0);
  if (v.L) return 3 + v.L.reduce((sum, x) => sum + 1 + valueSize(x), 0);
  if (v.M) return 3 + itemSize(v.M) + Object.keys(v.M).length;
  return 0;
}

export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name]);
  return size;
}
