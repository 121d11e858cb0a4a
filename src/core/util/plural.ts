// Counted nouns in messages: "1 record", "12,345 records".

/**
 * The count (thousands separated; 0 for anything that is not a number) and the noun in the right number; `many` for an
 * irregular plural: plural(2, 'retry', 'retries').
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  const count = typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : 0;
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
