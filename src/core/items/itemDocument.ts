// An item as a JSON document to edit, and back: plain JSON or DynamoDB JSON (as the tail's JSON view).
//
// Plain JSON round-trips exactly:
// - a string, true/false and null are themselves; a map is an object, a list an array;
// - a number is written with all its digits (38-digit numbers too) and read back digit for digit, never as a double;
// - types JSON lacks are one-key objects ("markers"): {"$SS": ["a", "b"]}, {"$NS": [1, 2.5]}, {"$B": "<base64>"},
//   {"$BS": ["<base64>", …]}; a map whose only attribute is named like a marker is written {"$M": {…}}.
// DynamoDB JSON is the typed form ({"N": "42"}), binary as base64.
import { fromBase64, toBase64 } from '../records/records';
import type { AttributeValue, Item } from '../records/model';
import { errorAt, isJsonNumberText, type JsonNode, parseJson } from './jsonText';

export type DocumentView = 'plain' | 'dynamodb';

const MARKERS = ['$N', '$B', '$SS', '$NS', '$BS', '$M'] as const;
const isMarker = (name: string) => (MARKERS as readonly string[]).includes(name);

/** JSON to print: a number keeps its text (RawNumber), everything else is ordinary JSON. */
class RawNumber {
  constructor(readonly text: string) {}
}
type Out = null | boolean | string | RawNumber | Out[] | { [name: string]: Out };

// ---------------------------------------------------------------------------------------------------------------
// Item → document

const numberOut = (n: string): Out => (isJsonNumberText(n) ? new RawNumber(n) : n);

function plainValue(v: AttributeValue): Out {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return isJsonNumberText(v.N) ? new RawNumber(v.N) : { $N: v.N };
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.B !== undefined) return { $B: toBase64(v.B) };
  if (v.SS !== undefined) return { $SS: [...v.SS] };
  if (v.NS !== undefined) return { $NS: v.NS.map(numberOut) };
  if (v.BS !== undefined) return { $BS: v.BS.map(toBase64) };
  if (v.L !== undefined) return v.L.map(plainValue);
  if (v.M !== undefined) {
    const names = Object.keys(v.M);
    const map = plainMap(v.M, names);
    return names.length === 1 && isMarker(names[0]) ? { $M: map } : map;
  }
  throw new Error(`Unknown attribute value: ${JSON.stringify(v)}`);
}

function dynamoValue(v: AttributeValue): Out {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.B !== undefined) return { B: toBase64(v.B) };
  if (v.SS !== undefined) return { SS: [...v.SS] };
  if (v.NS !== undefined) return { NS: [...v.NS] };
  if (v.BS !== undefined) return { BS: v.BS.map(toBase64) };
  if (v.L !== undefined) return { L: v.L.map(dynamoValue) };
  if (v.M !== undefined) return { M: dynamoMap(v.M, Object.keys(v.M)) };
  throw new Error(`Unknown attribute value: ${JSON.stringify(v)}`);
}

function plainMap(item: Item, names: readonly string[]): { [name: string]: Out } {
  const out: { [name: string]: Out } = {};
  for (const n of names) out[n] = plainValue(item[n]);
  return out;
}

function dynamoMap(item: Item, names: readonly string[]): { [name: string]: Out } {
  const out: { [name: string]: Out } = {};
  for (const n of names) out[n] = dynamoValue(item[n]);
  return out;
}

function print(value: Out, indent: string): string {
  if (value instanceof RawNumber) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  const names = Object.keys(value);
  if (names.length === 0) return '{}';
  return `{\n${names.map((n) => `${inner}${JSON.stringify(n)}: ${print(value[n], inner)}`).join(',\n')}\n${indent}}`;
}

/** The item as a document, key attributes first, indented by two spaces, ending with a newline. */
export function itemToDocument(item: Item, view: DocumentView, keyNames: readonly string[] = []): string {
  const names = [...keyNames.filter((k) => k in item), ...Object.keys(item).filter((n) => !keyNames.includes(n))];
  return `${print(view === 'plain' ? plainMap(item, names) : dynamoMap(item, names), '')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Document → item

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a document as an item; a JsonDocumentError names the line and column of what is wrong. */
export function documentToItem(text: string, view: DocumentView): Item {
  return nodeToItem(text, parseJson(text), view);
}

/** The same for a value already parsed out of `text` (an element of a file of items); errors name its position. */
export function nodeToItem(text: string, root: JsonNode, view: DocumentView): Item {
  const fail = (node: JsonNode, reason: string): never => {
    throw errorAt(text, node.at, reason);
  };
  if (root.kind !== 'object') fail(root, 'an item is one JSON object: {"attribute": value, …}');
  const binary = (node: JsonNode): Uint8Array => {
    if (node.kind !== 'string' || !BASE64.test(node.value)) fail(node, 'binary is written as a base64 string');
    return fromBase64((node as { value: string }).value);
  };
  const numberText = (node: JsonNode): string => {
    const t = node.kind === 'number' ? node.text : node.kind === 'string' ? node.value : fail(node, 'expected a number');
    if (!DECIMAL.test(t)) fail(node, `"${t}" is not a number`);
    return t;
  };
  const list = (node: JsonNode, what: string): JsonNode[] => {
    if (node.kind !== 'array') fail(node, `${what} is written as an array`);
    return (node as { items: JsonNode[] }).items;
  };
  const set = <T>(node: JsonNode, what: string, read: (n: JsonNode) => T): T[] => {
    const items = list(node, what);
    if (items.length === 0) fail(node, `${what} cannot be empty (DynamoDB has no empty sets; remove the attribute instead)`);
    return items.map(read);
  };
  const string = (node: JsonNode): string => (node.kind === 'string' ? node.value : fail(node, 'expected a string'));

  const plain = (node: JsonNode): AttributeValue => {
    switch (node.kind) {
      case 'string':
        return { S: node.value };
      case 'number':
        return { N: node.text };
      case 'boolean':
        return { BOOL: node.value };
      case 'null':
        return { NULL: true };
      case 'array':
        return { L: node.items.map(plain) };
      case 'object': {
        const [only] = node.entries;
        if (node.entries.length === 1 && isMarker(only.name)) {
          const v = only.value;
          switch (only.name) {
            case '$N':
              return { N: numberText(v) };
            case '$B':
              return { B: binary(v) };
            case '$SS':
              return { SS: set(v, 'a string set ($SS)', string) };
            case '$NS':
              return { NS: set(v, 'a number set ($NS)', numberText) };
            case '$BS':
              return { BS: set(v, 'a binary set ($BS)', binary) };
            default:
              if (v.kind !== 'object') fail(v, '"$M" holds a map: {"$M": {…}}');
              return { M: plainItem(v) };
          }
        }
        return { M: plainItem(node) };
      }
    }
  };
  const plainItem = (node: JsonNode): Item => {
    const out: Item = {};
    for (const e of (node as { entries: { name: string; value: JsonNode }[] }).entries) out[e.name] = plain(e.value);
    return out;
  };

  const typed = (node: JsonNode): AttributeValue => {
    const typeHint = 'a DynamoDB JSON value is one-key object such as {"S": "text"} or {"N": "42"}';
    if (node.kind !== 'object' || node.entries.length !== 1) return fail(node, typeHint);
    const [{ name, value }] = node.entries;
    switch (name) {
      case 'S':
        return { S: string(value) };
      case 'N':
        return { N: numberText(value) };
      case 'B':
        return { B: binary(value) };
      case 'BOOL':
        return value.kind === 'boolean' ? { BOOL: value.value } : fail(value, 'BOOL holds true or false');
      case 'NULL':
        return value.kind === 'boolean' && value.value ? { NULL: true } : fail(value, 'NULL holds true');
      case 'SS':
        return { SS: set(value, 'a string set (SS)', string) };
      case 'NS':
        return { NS: set(value, 'a number set (NS)', numberText) };
      case 'BS':
        return { BS: set(value, 'a binary set (BS)', binary) };
      case 'L':
        return { L: list(value, 'a list (L)').map(typed) };
      case 'M':
        return value.kind === 'object' ? { M: typedItem(value) } : fail(value, 'M holds an object of attributes');
      default:
        return fail(node, `unknown type "${name}": ${typeHint}`);
    }
  };
  const typedItem = (node: JsonNode): Item => {
    const out: Item = {};
    for (const e of (node as { entries: { name: string; value: JsonNode }[] }).entries) out[e.name] = typed(e.value);
    return out;
  };

  return view === 'plain' ? plainItem(root) : typedItem(root);
}
