// A record as one compact JSON line: how the panel host holds records (a third of the SDK object's memory) and one
// line of the NDJSON export; and back. Pure: no vscode, no SDK.
import type { AttributeValue, Item, StreamRecord } from './model';
import { fromBase64, toBase64 } from './records';

/**
 * The record as one line of JSON, shaped like the AWS CLI prints GetRecords: binary as base64 strings,
 * ApproximateCreationDateTime as epoch seconds, numbers as DynamoDB JSON strings. How the panel host holds records
 * (compactly), and one line of the NDJSON export.
 */
export function recordToJsonLine(record: StreamRecord): string {
  // This runs for every record on the tail's hot path: a plain JSON.stringify with the creation time swapped in,
  // and a replacer (much slower per key) only for the rare record that holds binary values.
  const d = record.dynamodb;
  if (!d) return JSON.stringify(record);
  if (hasBinary(d.Keys) || hasBinary(d.NewImage) || hasBinary(d.OldImage)) {
    return JSON.stringify(record, function (this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return raw.getTime() / 1000; // before Date.toJSON turned it into a string
      if (value instanceof Uint8Array) return toBase64(value);
      return value;
    });
  }
  const t = d.ApproximateCreationDateTime;
  // Spreading keeps every key in place, so both paths give the same text.
  return JSON.stringify(t instanceof Date ? { ...record, dynamodb: { ...d, ApproximateCreationDateTime: t.getTime() / 1000 } } : record);
}

/** Whether an item holds a binary value (B or BS, nested ones too). */
export function hasBinary(item: Item | undefined): boolean {
  if (!item) return false;
  for (const key in item) if (valueHasBinary(item[key])) return true;
  return false;
}

function valueHasBinary(value: AttributeValue): boolean {
  if (value.B !== undefined || value.BS !== undefined) return true;
  if (value.M) return hasBinary(value.M);
  if (value.L) return value.L.some(valueHasBinary);
  return false;
}

/** Inverse of recordToJsonLine: binary values back to bytes, the creation time back to a Date. */
export function recordFromJsonLine(line: string): StreamRecord {
  const record = JSON.parse(line) as StreamRecord;
  const d = record.dynamodb;
  if (d) {
    if (typeof d.ApproximateCreationDateTime === 'number') d.ApproximateCreationDateTime = new Date(d.ApproximateCreationDateTime * 1000);
    for (const item of [d.Keys, d.NewImage, d.OldImage]) if (item) reviveItem(item);
  }
  return record;
}

function reviveItem(item: Item): void {
  for (const value of Object.values(item)) reviveValue(value);
}

function reviveValue(value: AttributeValue): void {
  const raw = value as { B?: unknown; BS?: unknown };
  if (typeof raw.B === 'string') value.B = fromBase64(raw.B);
  if (Array.isArray(raw.BS)) value.BS = raw.BS.map((b) => (typeof b === 'string' ? fromBase64(b) : (b as Uint8Array)));
  if (value.M) reviveItem(value.M);
  if (value.L) value.L.forEach(reviveValue);
}
