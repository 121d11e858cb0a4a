// Load items from file…: a file of items read and checked before anything is written. Accepted, detected per file:
// - a JSON array of items (also the AWS CLI's scan output, {"Items": [...]}), or NDJSON (one item per line);
// - items in DynamoDB JSON ({"N": "42"}; also S3 export lines {"Item": {...}}) or plain JSON (as the item editor
//   writes them, with $SS/$NS/$BS/$B markers and exact numbers);
// - stream records, as this extension's tail exports them: the file is replayed, so each key gets its newest image
//   (NewImage of its last INSERT/MODIFY) and a REMOVE drops the key (its earlier images are skipped, nothing deleted).
// Every line is checked (JSON, the table's key attributes with their types, the 400 KB item limit) and what is wrong
// is listed by line number; an item appearing twice is loaded once, its last version (one BatchWriteItem request
// cannot hold the same key twice, and parallel requests would race).
import type { Item } from '../records/model';
import type { KeyAttribute } from '../table/createTable';
import { nodeToItem, type DocumentView } from './itemDocument';
import { keyOf, keyProblem } from './itemKeys';
import { JsonDocumentError, parseJson, type JsonNode } from './jsonText';
import { itemSize, MAX_ITEM_BYTES } from './itemSize';

export type FileShape = 'JSON array' | 'NDJSON';
export type FileContent = 'DynamoDB JSON' | 'plain JSON' | 'stream records';

export interface LineItem {
  line: number;
  item: Item;
}

export interface LineNote {
  line: number;
  reason: string;
}

export interface LoadPlan {
  shape: FileShape;
  content: FileContent;
  /** What will be written, in file order. */
  items: LineItem[];
  /** Lines that cannot be written: listed for the user, who decides whether to go on without them. */
  problems: LineNote[];
  /** Lines left out on purpose (a REMOVE record, an older version of an item appearing later): counted as skipped. */
  skipped: LineNote[];
}

const TYPE_NAMES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M']);

type Entries = { name: string; value: JsonNode }[];
const entriesOf = (node: JsonNode): Entries | undefined => (node.kind === 'object' ? node.entries : undefined);
const field = (node: JsonNode, name: string): JsonNode | undefined => entriesOf(node)?.find((e) => e.name === name)?.value;

function isTypedValue(node: JsonNode): boolean {
  const entries = entriesOf(node);
  return !!entries && entries.length === 1 && TYPE_NAMES.has(entries[0].name);
}

/** Every attribute is a one-key type object: DynamoDB JSON (an empty item says nothing). */
const looksTyped = (node: JsonNode) => (entriesOf(node) ?? []).every((e) => isTypedValue(e.value));

function isStreamRecord(node: JsonNode): boolean {
  return field(node, 'eventName')?.kind === 'string' && field(node, 'dynamodb')?.kind === 'object';
}

/** An S3 export line {"Item": {...typed...}}: the item inside. */
function unwrapExportLine(node: JsonNode): JsonNode {
  const entries = entriesOf(node);
  if (entries?.length === 1 && entries[0].name === 'Item' && entries[0].value.kind === 'object' && looksTyped(entries[0].value)) return entries[0].value;
  return node;
}

interface Element {
  line: number;
  /** The text the node's positions refer to. */
  text: string;
  node?: JsonNode;
  /** Set when the element is not JSON. */
  error?: string;
}

/** Start offsets of lines, to turn an offset into a line number by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function reasonOf(err: unknown): string {
  return err instanceof JsonDocumentError ? err.reason : err instanceof Error ? err.message : String(err);
}

/** The file's elements: one per array element, or one per non-empty line. */
function elementsOf(text: string): { shape: FileShape; elements: Element[] } {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '[' || (first === '{' && /^\s*\{\s*"Items"\s*:\s*\[/.test(body))) {
    let root: JsonNode;
    try {
      root = parseJson(body);
    } catch (err) {
      // One broken bracket makes the whole array unreadable: one problem, at its place.
      const line = err instanceof JsonDocumentError ? err.line : 1;
      return { shape: 'JSON array', elements: [{ line, text: body, error: reasonOf(err) }] };
    }
    const list = root.kind === 'array' ? root : field(root, 'Items');
    if (list?.kind === 'array') {
      const starts = lineStarts(body);
      return { shape: 'JSON array', elements: list.items.map((node) => ({ line: lineAt(starts, node.at), text: body, node })) };
    }
    if (root.kind === 'object') return { shape: 'NDJSON', elements: [{ line: 1, text: body, node: root }] };
  }
  const elements: Element[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineText = lines[i].replace(/\r$/, '');
    if (lineText.trim() === '') continue;
    try {
      elements.push({ line: i + 1, text: lineText, node: parseJson(lineText) });
    } catch (err) {
      const column = err instanceof JsonDocumentError ? `column ${err.column}: ` : '';
      elements.push({ line: i + 1, text: lineText, error: `not JSON (${column}${reasonOf(err)})` });
    }
  }
  return { shape: 'NDJSON', elements };
}

function contentOf(elements: Element[]): FileContent {
  const objects = elements.map((e) => e.node).filter((n): n is JsonNode => n?.kind === 'object');
  if (objects.length > 0 && objects.every(isStreamRecord)) return 'stream records';
  const items = objects.filter((n) => !isStreamRecord(n)).map(unwrapExportLine);
  return items.some((n) => (entriesOf(n) ?? []).length > 0) && items.every(looksTyped) ? 'DynamoDB JSON' : 'plain JSON';
}

/** A number as digits and exponent, so that 1, 1.0 and 10e-1 (one key to DynamoDB) read the same. */
export function canonicalNumber(n: string): string {
  const m = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(n.trim());
  if (!m) return n;
  // value = digits × 10^(exponent − fraction length); leading zeros change nothing, trailing ones move the exponent.
  const digits = `${m[2]}${m[3]}`.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  if (trimmed === '') return '0';
  const exponent = Number(m[4] ?? 0) - m[3].length + (digits.length - trimmed.length);
  return `${m[1] === '-' ? '-' : ''}${trimmed}e${exponent}`;
}

/** A stable text for an item's key, to find the same item twice. */
function keyText(item: Item, keys: readonly KeyAttribute[]): string {
  const key = keyOf(item, keys);
  return JSON.stringify(keys.map((k) => {
    const v = key[k.name];
    return v?.B ? Array.from(v.B) : v?.N !== undefined ? { N: canonicalNumber(v.N) } : v;
  }));
}

/** Reads and checks a whole file against the table's key schema; writes nothing. */
export function planLoad(text: string, keys: readonly KeyAttribute[]): LoadPlan {
  const { shape, elements } = elementsOf(text);
  const content = contentOf(elements);
  const view: DocumentView = content === 'plain JSON' ? 'plain' : 'dynamodb';
  const problems: LineNote[] = [];
  const skipped: LineNote[] = [];
  // The last line seen for each key: an item (to write) or a REMOVE (nothing to write).
  const latest = new Map<string, LineItem | { line: number; removed: true }>();
  const accepted: LineItem[] = [];

  for (const el of elements) {
    if (el.error || !el.node) {
      problems.push({ line: el.line, reason: el.error ?? 'not JSON' });
      continue;
    }
    let node = el.node;
    let removed = false;
    if (content === 'stream records') {
      const eventName = field(node, 'eventName');
      const change = field(node, 'dynamodb')!;
      removed = eventName?.kind === 'string' && eventName.value === 'REMOVE';
      const image = removed ? field(change, 'Keys') : field(change, 'NewImage');
      if (!image) {
        problems.push({ line: el.line, reason: removed ? 'a REMOVE record without Keys' : 'a record without NewImage (its stream does not keep new images: KEYS_ONLY or OLD_IMAGE)' });
        continue;
      }
      node = image;
    } else {
      node = unwrapExportLine(node);
    }
    if (node.kind !== 'object') {
      problems.push({ line: el.line, reason: `an item is a JSON object, not ${node.kind === 'array' ? 'an array' : `a ${node.kind}`}` });
      continue;
    }
    let item: Item;
    try {
      item = nodeToItem(el.text, node, view);
    } catch (err) {
      problems.push({ line: el.line, reason: reasonOf(err) });
      continue;
    }
    const keyIssue = keyProblem(item, keys) ?? emptyKeyProblem(item, keys);
    if (keyIssue) {
      problems.push({ line: el.line, reason: keyIssue });
      continue;
    }
    if (!removed) {
      const size = itemSize(item);
      if (size > MAX_ITEM_BYTES) {
        problems.push({ line: el.line, reason: `the item is ${Math.ceil(size / 1024)} KB; DynamoDB items are at most 400 KB` });
        continue;
      }
    }
    const k = keyText(item, keys);
    const before = latest.get(k);
    if (before) skipped.push({ line: before.line, reason: removed ? `deleted later in the file (line ${el.line})` : `a newer version of this item is on line ${el.line}` });
    if (removed) {
      skipped.push({ line: el.line, reason: 'a REMOVE record: the item is not loaded (nothing is deleted)' });
      latest.set(k, { line: el.line, removed: true });
    } else {
      const entry = { line: el.line, item };
      latest.set(k, entry);
      accepted.push(entry);
    }
  }
  const items = accepted.filter((entry) => latest.get(keyText(entry.item, keys)) === entry);
  skipped.sort((a, b) => a.line - b.line);
  return { shape, content, items, problems, skipped };
}

function emptyKeyProblem(item: Item, keys: readonly KeyAttribute[]): string | undefined {
  for (const k of keys) {
    const v = item[k.name];
    if ((v?.S !== undefined && v.S === '') || (v?.B !== undefined && v.B.length === 0)) return `The key attribute "${k.name}" is empty: DynamoDB refuses empty key values`;
  }
  return undefined;
}

/** "12 items (NDJSON, stream records)". */
export function describePlan(plan: LoadPlan): string {
  return `${plan.items.length} item${plan.items.length === 1 ? '' : 's'} (${plan.shape}, ${plan.content})`;
}

/** The problems as a text to show: one line each, "Line 12: reason". */
export function problemsReport(fileName: string, tableName: string, plan: LoadPlan): string {
  const lines = [
    `Load items from ${fileName} into ${tableName}: ${plan.problems.length} line${plan.problems.length === 1 ? '' : 's'} cannot be loaded (${plan.shape}, ${plan.content}).`,
    '',
    ...plan.problems.map((p) => `Line ${p.line}: ${p.reason}`),
  ];
  if (plan.skipped.length) lines.push('', `Skipped on purpose (${plan.skipped.length}):`, ...plan.skipped.map((s) => `Line ${s.line}: ${s.reason}`));
  return `${lines.join('\n')}\n`;
}
