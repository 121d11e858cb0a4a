// Kinesis record → the extension's StreamRecord, so rows, diffs, filters and export work unchanged.
//
// A DynamoDB Kinesis destination writes each change as JSON: {awsRegion, eventID, eventName, userIdentity,
// recordFormat: "application/json", tableName, dynamodb: {ApproximateCreationDateTime, Keys, NewImage, OldImage,
// SizeBytes, ApproximateCreationDateTimePrecision}, eventSource: "aws:dynamodb"}. Unlike DynamoDB Streams, the
// destination may deliver a change twice and out of order: KinesisDecoder marks repeats (`kinesis.duplicate`) and
// changes older than one already delivered for the same item (`kinesis.late`), and orders each batch per item.
// Anything else on the stream is kept as text (`kinesis.raw`). Pure: no `vscode`, no SDK.
import type { AttributeValue, Item, StreamRecord } from '../model';
import { toBase64 } from '../records';
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
  const origin = { shardId, sequenceNumber: source.sequenceNumber, partitionKey: source.partitionKey, arrivalMs: source.arrivalMs };
  let text: string;
  try {
    text = utf8.decode(source.data);
  } catch {
    return { record: { kinesis: { ...origin, raw: `(binary data, base64) ${toBase64(source.data)}` } } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { record: { kinesis: { ...origin, raw: text } } };
  }
  if (!isChangeRecord(json)) return { record: { kinesis: { ...origin, raw: JSON.stringify(json, null, 2) } } };
  const d = json.dynamodb;
  const creationMicros = creationTimeMicros(d.ApproximateCreationDateTime, d.ApproximateCreationDateTimePrecision);
  const keys = reviveItem(d.Keys) as Item;
  const record: StreamRecord = {
    eventID: typeof json.eventID === 'string' ? json.eventID : undefined,
    eventName: json.eventName,
    eventSource: typeof json.eventSource === 'string' ? json.eventSource : undefined,
    awsRegion: typeof json.awsRegion === 'string' ? json.awsRegion : undefined,
    dynamodb: {
      ApproximateCreationDateTime: creationMicros === undefined ? undefined : new Date(Math.floor(creationMicros / 1000)),
      Keys: keys,
      NewImage: reviveItem(d.NewImage),
      OldImage: reviveItem(d.OldImage),
      SizeBytes: typeof d.SizeBytes === 'number' ? d.SizeBytes : undefined,
    },
    userIdentity: identityOf(json.userIdentity),
    kinesis: typeof json.tableName === 'string' ? { ...origin, tableName: json.tableName } : origin,
  };
  dropUndefined(record as Record<string, unknown>);
  dropUndefined(record.dynamodb as Record<string, unknown>);
  const table = typeof json.tableName === 'string' ? json.tableName : '';
  return { record, creationMicros, itemKey: itemKeyOf(table, keys) };
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
  const item = value as Item;
  for (const v of Object.values(item)) if (isObject(v)) reviveValue(v);
  return item;
}

function reviveValue(value: AttributeValue): void {
  const raw = value as { B?: unknown; BS?: unknown };
  if (typeof raw.B === 'string') value.B = new Uint8Array(Buffer.from(raw.B, 'base64'));
  if (Array.isArray(raw.BS)) value.BS = raw.BS.map((b) => (typeof b === 'string' ? new Uint8Array(Buffer.from(b, 'base64')) : (b as Uint8Array)));
  if (isObject(value.M)) reviveItem(value.M);
  if (Array.isArray(value.L)) for (const v of value.L) if (isObject(v)) reviveValue(v);
}

/** Table and keys, with key names sorted: the same item gives the same text whatever the JSON's key order. */
function itemKeyOf(table: string, keys: Item): string {
  const names = Object.keys(keys).sort();
  return JSON.stringify([table, ...names.map((n) => [n, keys[n]])]);
}

function dropUndefined(o: Record<string, unknown>): void {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
}

/** A map that forgets its least recently touched entries beyond `limit`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
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
    for (const { record, creationMicros, itemKey } of decoded) {
      const kinesis = record.kinesis!;
      if (record.eventID !== undefined) {
        if (this.seenEvents.get(record.eventID)) kinesis.duplicate = true;
        else this.seenEvents.set(record.eventID, true);
      }
      if (itemKey === undefined || creationMicros === undefined) continue;
      const newest = this.newestPerItem.get(itemKey);
      if (newest !== undefined && creationMicros < newest) kinesis.late = true;
      else this.newestPerItem.set(itemKey, creationMicros);
    }
    return decoded.map((d) => d.record);
  }
}

function orderPerItem(decoded: DecodedRecord[]): DecodedRecord[] {
  const slots = new Map<string, number[]>();
  decoded.forEach((d, i) => {
    if (d.itemKey === undefined || d.creationMicros === undefined) return;
    const list = slots.get(d.itemKey);
    if (list) list.push(i);
    else slots.set(d.itemKey, [i]);
  });
  const out = decoded.slice();
  for (const indexes of slots.values()) {
    if (indexes.length < 2) continue;
    // Array.prototype.sort is stable: equal times keep their arrival order.
    const sorted = indexes.map((i) => decoded[i]).sort((a, b) => a.creationMicros! - b.creationMicros!);
    indexes.forEach((slot, k) => (out[slot] = sorted[k]));
  }
  return out;
}
