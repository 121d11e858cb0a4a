// A record the panel could not convert (to its JSON line, its row, its Lambda verdict): held in its place as an
// unreadable record whose data is the original's text, cut, so the rest of its batch is still delivered.
import type { StreamRecord } from '../records/model';
import { toBase64 } from '../records/records';

/** Longest text kept of a record that could not be converted. */
export const MAX_UNREADABLE_TEXT = 4096;

/** Text of any value, whatever it holds (BigInt, cycles, bytes, getters that throw), cut to `max` characters. */
export function rawTextOf(value: unknown, max = MAX_UNREADABLE_TEXT): string {
  let text: string;
  try {
    const ancestors: object[] = [];
    text =
      JSON.stringify(value, function (this: unknown, _key, v: unknown) {
        if (typeof v === 'bigint') return `${v.toString()}n`;
        if (v instanceof Uint8Array) return `base64:${toBase64(v)}`;
        if (typeof v !== 'object' || v === null) return v;
        // `this` is the object holding v: drop ancestors that are not on v's path, then refuse v if it is one of them.
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(v)) return '[Circular]';
        ancestors.push(v);
        return v;
      }) ?? String(value);
  } catch (err) {
    text = `(${err instanceof Error ? err.message : String(err)})`;
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Why converting failed, in a few words. */
export function failureText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The stand-in held for `record`: marked unreadable with `reason`, its data the record's text. */
export function unreadableStandIn(record: unknown, shardId: string, reason: string): StreamRecord {
  let sequenceNumber = '';
  try {
    const r = record as StreamRecord;
    const s = r?.dynamodb?.SequenceNumber ?? r?.kinesis?.sequenceNumber;
    if (typeof s === 'string') sequenceNumber = s;
  } catch {
    // a getter that throws: no sequence number
  }
  return { kinesis: { shardId, sequenceNumber, partitionKey: '', raw: rawTextOf(record), unreadable: reason } };
}
