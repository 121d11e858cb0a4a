// Kinesis record → the extension's StreamRecord, so rows, diffs, filters and export work unchanged.
//
// A DynamoDB Kinesis destination writes each change as JSON: {awsRegion, eventID, eventName, userIdentity,
// recordFormat: "application/json", tableName, dynamodb: {ApproximateCreationDateTime, Keys, NewImage, OldImage,
// SizeBytes, ApproximateCreationDateTimePrecision}, eventSource: "aws:dynamodb"}. Unlike DynamoDB Streams, the
// destination may deliver a change twice and out of order: KinesisDecoder marks repeats (`kinesis.duplicate`) and
// changes older than one already delivered for the same item (`kinesis.late`), and orders each batch per item.
// Anything else on the stream is kept as text (`kinesis.raw`); a change record that is not made of attribute values
// is kept as it came and marked `kinesis.unreadable`, with what is wrong. Pure: no `vscode`, no SDK.
import type { AttributeValue, Item, KinesisOrigin, StreamRecord } from '../../records/model';
import { toBase64 } from '../../records/records';
import type { KinesisRecord } from './types';

/** How many eventIDs (for duplicates) and items (for late changes) a decoder remembers. */
export const DECODER_MEMORY = 10_000;

/** A decoded record, with what ordering needs: creation time in µs and the item's identity (table + keys). */
export interface DecodedRecord {
  record: StreamRecord;
  creationMicros?: number;
  itemKey?: string;
}

interface ChangeJson {
  awsRegion?: unknown;
  eventID?: unknown;
  eventName?: unknown;
  eventSource?: unknown;
  tableName?: unknown;
  userIdentity?: unknown;
  dynamodb?: {
    ApproximateCreationDateTime?: unknown;
    ApproximateCreationDateTimePrecision?: unknown;
    Keys?: unknown;
    NewImage?: unknown;
    OldImage?: unknown;
    SizeBytes?: unknown;
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes one Kinesis record on its own (no duplicate / late marks: see KinesisDecoder). */
export function decodeKinesisRecord(shardId: string, source: KinesisRecord): DecodedRecord {
  const origin: KinesisOrigin = { shardId, sequenceNumber: source.sequenceNumber, partitionKey: source.partitionKey, arrivalMs: source.arrivalMs };
  let text: string;
  try {
    text = utf8.decode(source.data);
  } catch {
    origin.raw = `(binary data, base64) ${toBase64(source.data)}`;
    return { record: { kinesis: origin } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    origin.raw = text;
    return { record: { kinesis: origin } };
  }
  if (!isChangeRecord(json)) {
    origin.raw = JSON.stringify(json, null, 2);
    return { record: { kinesis: origin } };
  }
  const d = json.dynamodb;
  // Checked (and binary revived) before anything else reads them: a change that is not made of attribute values is
  // kept as it came, marked unreadable, instead of failing its whole batch further on.
  const problem = reviveItem(d.Keys, 'Keys') ?? reviveOptionalItem(d.NewImage, 'NewImage') ?? reviveOptionalItem(d.OldImage, 'OldImage');
  if (problem !== undefined) {
    origin.raw = text;
    origin.unreadable = problem;
    return { record: { kinesis: origin } };
  }
  const creationMicros = creationTimeMicros(d.ApproximateCreationDateTime, d.ApproximateCreationDateTimePrecision);
  const keys = d.Keys as Item;
  const table = typeof json.tableName === 'string' ? json.tableName : undefined;
  if (table !== undefined) origin.tableName = table;
  // Built field by field (no `undefined` members, no deletes) in the order the JSON-line form has always had.
  const change: NonNullable<StreamRecord['dynamodb']> = {};
  if (creationMicros !== undefined) change.ApproximateCreationDateTime = new Date(Math.floor(creationMicros / 1000));
  change.Keys = keys;
  if (isObject(d.NewImage)) change.NewImage = d.NewImage as Item;
  if (isObject(d.OldImage)) change.OldImage = d.OldImage as Item;
  if (typeof d.SizeBytes === 'number') change.SizeBytes = d.SizeBytes;
  const record: StreamRecord = {};
  if (typeof json.eventID === 'string') record.eventID = json.eventID;
  record.eventName = json.eventName;
  if (typeof json.eventSource === 'string') record.eventSource = json.eventSource;
  if (typeof json.awsRegion === 'string') record.awsRegion = json.awsRegion;
  record.dynamodb = change;
  const identity = identityOf(json.userIdentity);
  if (identity) record.userIdentity = identity;
  record.kinesis = origin;
  return { record, creationMicros, itemKey: itemKeyOf(table ?? '', keys) };
}

function isChangeRecord(json: unknown): json is ChangeJson & { eventName: string; dynamodb: NonNullable<ChangeJson['dynamodb']> } {
  if (!isObject(json)) return false;
  const j = json as ChangeJson;
  return typeof j.eventName === 'string' && isObject(j.dynamodb) && isObject(j.dynamodb.Keys);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * ApproximateCreationDateTime in µs. The destination writes ms or µs as its precision field says; without the field,
 * the magnitude decides (µs from 1e14 on, which in ms would be the year 5138; seconds below 1e11, as Streams has it).
 */
export function creationTimeMicros(value: unknown, precision: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (precision === 'MICROSECOND') return n;
  if (precision === 'MILLISECOND') return n * 1000;
  if (n >= 1e14) return n;
  if (n >= 1e11) return n * 1000;
  return n * 1_000_000;
}

/** The JSON form writes `type`/`principalId` (as Lambda events do); the Streams model has `Type`/`PrincipalId`. */
function identityOf(value: unknown): StreamRecord['userIdentity'] {
  if (!isObject(value)) return undefined;
  const type = value.type ?? value.Type;
  const principal = value.principalId ?? value.PrincipalId;
  const identity: { Type?: string; PrincipalId?: string } = {};
  if (typeof type === 'string') identity.Type = type;
  if (typeof principal === 'string') identity.PrincipalId = principal;
  return identity.Type === undefined && identity.PrincipalId === undefined ? undefined : identity;
}

/** DynamoDB nests maps and lists at most 32 levels deep: deeper data is no item (and walking it would cost stack). */
const MAX_NESTING = 32;

/**
 * Checks that `value` is an item (a map of attribute values, each of one known type with a value of that type) and
 * turns binary values, base64 text in JSON, into the bytes the model holds. Returns what is wrong, or undefined. The
 * path of a problem is built only on the way out, so a good item costs no strings.
 */
function reviveItem(value: unknown, path: string, depth = 0): string | undefined {
  if (!isObject(value)) return `${path} is ${describe(value)}, not a map of attributes`;
  // for…in: no array per item (Object.values made one), several times cheaper on this hot path. JSON.parse makes
  // plain objects, so every name met is the object's own.
  for (const name in value) {
    const problem = reviveValue(value[name], depth);
    if (problem !== undefined) return `${path}.${name}${problem}`;
  }
  return undefined;
}

function reviveOptionalItem(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : reviveItem(value, path);
}

/** One attribute value (see reviveItem); a problem is returned as the rest of its path and what is wrong there. */
function reviveValue(value: unknown, depth: number): string | undefined {
  if (!isObject(value)) return ` is ${describe(value)}, not an attribute value`;
  let type: string | undefined;
  for (const name in value) {
    if (type !== undefined) return ' has more than one type';
    type = name;
  }
  if (type === undefined) return ' has no type';
  const v = value[type];
  switch (type) {
    case 'S':
    case 'N':
      return typeof v === 'string' ? undefined : holds(type, v);
    case 'BOOL':
      return typeof v === 'boolean' ? undefined : holds(type, v);
    case 'NULL':
      return v === true ? undefined : holds(type, v);
    case 'B':
      if (typeof v !== 'string') return holds(type, v);
      value.B = fromBase64(v);
      return undefined;
    case 'SS':
    case 'NS':
    case 'BS':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return holds(type, v);
      if (type === 'BS') value.BS = v.map(fromBase64);
      return undefined;
    case 'M':
      if (depth >= MAX_NESTING) return ` nests deeper than ${MAX_NESTING} levels`;
      return isObject(v) ? reviveItem(v, '', depth + 1) : holds(type, v);
    case 'L': {
      if (!Array.isArray(v)) return holds(type, v);
      if (depth >= MAX_NESTING) return ` nests deeper than ${MAX_NESTING} levels`;
      for (let i = 0; i < v.length; i++) {
        const problem = reviveValue(v[i], depth + 1);
        if (problem !== undefined) return `[${i}]${problem}`;
      }
      return undefined;
    }
    default:
      return ` has an unknown type ${JSON.stringify(type.length > 20 ? type.slice(0, 20) + '…' : type)}`;
  }
}

/** What is wrong with a value of a known type (a function, not a closure per value: this runs for every attribute). */
function holds(type: string, v: unknown): string {
  return ` (${type}) holds ${describe(v)}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * The item's identity: table and keys, key names sorted (the same item gives the same text whatever the JSON's key
 * order). Each part is written as `<length>:<text>`, so no two different items share a text. Key values are
 * `{S|N|B: value}`; anything else (or bytes) is written as JSON.
 */
function itemKeyOf(table: string, keys: Item): string {
  const names = Object.keys(keys);
  if (names.length > 1) names.sort();
  let key = part(table);
  for (const name of names) key += part(name) + attributeKey(keys[name]);
  return key;
}

function attributeKey(value: AttributeValue): string {
  const types = Object.keys(value);
  if (types.length === 1) {
    const v = (value as Record<string, unknown>)[types[0]];
    if (typeof v === 'string') return part(types[0]) + part(v);
  }
  return '!' + part(JSON.stringify(value));
}

const part = (text: string) => `${text.length}:${text}`;

/** A map that forgets its least recently touched entries beyond `limit` (at least one is kept). */
class Lru<V> {
  private readonly map = new Map<string, V>();
  /** One live iterator for evicting: it stays past the entries it already removed, whereas a fresh `keys()` would
   * step over every hole those removals left at the front of the table (µs per eviction at 10,000 entries). */
  private readonly oldest = this.map.keys();
  constructor(private readonly limit: number) {}

  /** Removes `key` and returns its value; `put` it back to keep it, as the most recently touched. */
  take(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) this.map.delete(key);
    return value;
  }

  put(key: string, value: V): void {
    if (this.map.size >= this.limit && this.map.size > 0) this.map.delete(this.oldest.next().value as string);
    this.map.set(key, value);
  }
}

/**
 * Decodes batches for one tail. Remembers the last DECODER_MEMORY eventIDs and items: a repeat of a remembered
 * eventID is marked `duplicate`; a change created before the newest one delivered for its item is marked `late`.
 * Within a batch, each item's changes are put in creation-time order (in the slots that item had; other items keep
 * their places).
 */
export class KinesisDecoder {
  private readonly seenEvents: Lru<true>;
  private readonly newestPerItem: Lru<number>;

  constructor(memory = DECODER_MEMORY) {
    this.seenEvents = new Lru(memory);
    this.newestPerItem = new Lru(memory);
  }

  decodeBatch(shardId: string, batch: readonly KinesisRecord[]): StreamRecord[] {
    const decoded = orderPerItem(batch.map((r) => decodeKinesisRecord(shardId, r)));
    const records = new Array<StreamRecord>(decoded.length);
    for (let i = 0; i < decoded.length; i++) {
      const { record, creationMicros, itemKey } = decoded[i];
      records[i] = record;
      const kinesis = record.kinesis!;
      const eventID = record.eventID;
      if (eventID !== undefined) {
        if (this.seenEvents.take(eventID)) kinesis.duplicate = true;
        this.seenEvents.put(eventID, true);
      }
      if (itemKey === undefined || creationMicros === undefined) continue;
      const newest = this.newestPerItem.take(itemKey);
      const late = newest !== undefined && creationMicros < newest;
      if (late) kinesis.late = true;
      this.newestPerItem.put(itemKey, late ? newest : creationMicros);
    }
    return records;
  }
}

/** Each item's changes in creation-time order, in the slots that item had in the batch. */
function orderPerItem(decoded: DecodedRecord[]): DecodedRecord[] {
  // Most batches hold each item once: look for repeats first, and only then gather slots per repeated item.
  const firstSlot = new Map<string, number>();
  let repeated: Map<string, number[]> | undefined;
  for (let i = 0; i < decoded.length; i++) {
    const { itemKey, creationMicros } = decoded[i];
    if (itemKey === undefined || creationMicros === undefined) continue;
    const first = firstSlot.get(itemKey);
    if (first === undefined) firstSlot.set(itemKey, i);
    else {
      repeated ??= new Map();
      const slots = repeated.get(itemKey);
      if (slots) slots.push(i);
      else repeated.set(itemKey, [first, i]);
    }
  }
  if (!repeated) return decoded;
  const out = decoded.slice();
  for (const slots of repeated.values()) {
    // Array.prototype.sort is stable: equal times keep their arrival order.
    const sorted = slots.map((i) => decoded[i]).sort((a, b) => a.creationMicros! - b.creationMicros!);
    slots.forEach((slot, k) => (out[slot] = sorted[k]));
  }
  return out;
}
