// The condition that writes an edited item only if the item is still what the editor opened.
//
// DynamoDB caps an expression at 4 KB and 300 operators, so an item of a few hundred attributes cannot be guarded by one
// equality per attribute. The writer therefore re-reads the item consistently and compares it in full first (which
// also catches attributes added meanwhile, which no equality on the old attributes would), and this condition guards
// the short window between that read and the write with as many attribute equalities as fit.
import type { Item } from '../records/model';

/** DynamoDB's limits on one expression: its length in bytes, and its operators (each AND and each = counts). */
export const MAX_EXPRESSION_BYTES = 4096;
export const MAX_EXPRESSION_OPERATORS = 300;
/** Equalities that fit within the operator limit: each adds an AND and an =, and attribute_exists counts too. */
const MAX_EQUALITIES = Math.floor((MAX_EXPRESSION_OPERATORS - 1) / 2);

export interface ItemCondition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Item;
  /** Non-key attributes compared by the condition, and those left out because the expression would be too long. */
  guarded: string[];
  unguarded: string[];
}

/** Only when no item has this key (a new item must not replace one written meanwhile). */
export function absentCondition(keyName: string): ItemCondition {
  return { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': keyName }, guarded: [], unguarded: [] };
}

/** Only when the item exists and each non-key attribute that fits in `maxBytes` still has its value in `asRead`. */
export function unchangedCondition(asRead: Item, keyNames: readonly string[], maxBytes = MAX_EXPRESSION_BYTES): ItemCondition {
  const names: Record<string, string> = { '#k': keyNames[0] };
  const values: Item = {};
  let expression = 'attribute_exists(#k)';
  const guarded: string[] = [];
  const unguarded: string[] = [];
  const attributes = Object.keys(asRead).filter((n) => !keyNames.includes(n));
  for (const name of attributes) {
    const i = guarded.length;
    const term = ` AND #a${i} = :v${i}`;
    if (guarded.length >= MAX_EQUALITIES || Buffer.byteLength(expression + term) > maxBytes) {
      unguarded.push(name);
      continue;
    }
    expression += term;
    names[`#a${i}`] = name;
    values[`:v${i}`] = asRead[name];
    guarded.push(name);
  }
  return { ConditionExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: guarded.length ? values : undefined, guarded, unguarded };
}
