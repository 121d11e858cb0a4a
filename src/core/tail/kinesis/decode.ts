// Kinesis record → the extension's StreamRecord, so rows, diffs, filters and export work unchanged.
//
// A DynamoDB Kinesis destination writes each change as JSON: {awsRegion, eventID, eventName, userIdentity,
// recordFormat: "application/json", tableName, dynamodb: {ApproximateCreationDateTime, Keys, NewImage, OldImage,
// SizeBytes, ApproximateCreationDateTimePrecision}, eventSource: "aws:dynamodb"}. Unlike DynamoDB Streams, the
// destination may deliver a change twice and out of order: KinesisDecoder marks repeats (`kinesis.duplicate`) and
// changes older than one already delivered for the same item (`kinesis.late`), and orders each batch per item.
// Anything else on the stream is kept as text (`kinesis.raw`). Pure: no `vscode`, no SDK.
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
  const creationMicros = creationTimeMicros(d.ApproximateCreationDateTime, d.ApproximateCreationDateTimePrecision);
  // The parsed JSON is the model's shape already: kept as is, but for binary values (base64 text in JSON → bytes).
  const keys = reviveItem(d.Keys) as Item;
  const table = typeof json.tableName === 'string' ? json.tableName : undefined;
  if (table !== undefined) origin.tableName = table;
  // Built field by field (no `undefined` members, no deletes) in the order the JSON-line form has always had.
  const change: NonNullable<StreamRecord['dynamodb']> = {};
  if (creationMicros !== undefined) change.ApproximateCreationDateTime = new Date(Math.floor(creationMicros / 1000));
  change.Keys = keys;
  const newImage = reviveItem(d.NewImage);
  if (newImage) change.NewImage = newImage;
  const oldImage = reviveItem(d.OldImage);
  if (oldImage) change.OldImage = oldImage;
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

/** Binary values arrive as base64 strings in JSON; the model holds bytes. */
function reviveItem(value: unknown): Item | undefined {
  if (!isObject(value)) return undefined;
  // for…in: no array per item (Object.values made one), several times cheaper on this hot path.
  for (const name in value) {
    const v = value[name];
    if (isObject(v)) reviveValue(v);
  }
  return value as Item;
}

function reviveValue(value: AttributeValue): void {
  const raw = value as { B?: unknown; BS?: unknown };
  if (typeof raw.B === 'string') value.B = new Uint8Array(Buffer.from(raw.B, 'base64'));
  if (Array.isArray(raw.BS)) value.BS = raw.BS.map((b) => (typeof b === 'string' ? new Uint8Array(Buffer.from(b, 'base64')) : (b as Uint8Array)));
  if (isObject(value.M)) reviveItem(value.M);
  if (Array.isArray(value.L)) for (const v of value.L) if (isObject(v)) reviveValue(v);
}

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
