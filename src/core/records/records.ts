// Stream record → display model: event kind (with TTL expiry), keys, exact values as text, old/new image diff.
// Values are unmarshalled with numbers wrapped (unmarshall.ts), so a 38-digit number is shown exactly.
import { approximateCreationMs, type AttributeValue, type Item, type StreamRecord } from './model';
import { DiffEntry, EVENT_KIND_LABELS, EventKind, RecordDetail, RecordRow, ValueEntry } from './display';
import { isNumberValue, unmarshallValue, type NativeValue, type NumberValue } from './unmarshall';

/** Marks a value that could not be unmarshalled (malformed or unknown DynamoDB JSON). */
class Unreadable {
  constructor(readonly text: string) {}
}

type Value = NativeValue | Unreadable;

const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

// ---------------------------------------------------------------------------------------------------------------
// Event kind, keys, times

export function isTtlExpiry(record: StreamRecord): boolean {
  return record.eventName === 'REMOVE' && record.userIdentity?.Type === 'Service' && record.userIdentity?.PrincipalId === TTL_PRINCIPAL;
}

export function eventKindOf(record: StreamRecord): EventKind {
  switch (record.eventName) {
    case 'INSERT':
      return 'INSERT';
    case 'REMOVE':
      return isTtlExpiry(record) ? 'TTL' : 'REMOVE';
    default:
      return 'MODIFY';
  }
}

/** Label of a Kinesis record whose data is not a DynamoDB change record. */
export const RAW_DATA_LABEL = 'DATA (not a DynamoDB change)';
/** Label of a record that looks like a DynamoDB change but cannot be read. */
export const UNREADABLE_LABEL = 'UNREADABLE (a change that cannot be read)';

/**
 * INSERT, MODIFY, REMOVE, TTL expired; an unknown event name is shown as it came. A record read from Kinesis says
 * when it repeats one already shown (duplicate) or is older than one shown for its item (late).
 */
export function eventLabelOf(record: StreamRecord): string {
  const origin = record.kinesis;
  if (origin?.unreadable !== undefined) return UNREADABLE_LABEL;
  if (origin?.raw !== undefined) return RAW_DATA_LABEL;
  const name = record.eventName;
  const label = name === 'INSERT' || name === 'MODIFY' || name === 'REMOVE' ? EVENT_KIND_LABELS[eventKindOf(record)] : name ? String(name) : '(unknown event)';
  const marks = [origin?.duplicate && 'duplicate', origin?.late && 'late'].filter(Boolean);
  return marks.length > 0 ? `${label} (${marks.join(', ')})` : label;
}

/** `PK="ORDER#1001", SK=5` — key attributes sorted by name. */
export function keysText(keys: Item | undefined): string {
  if (!keys) return '';
  return sortedNames(keys)
    .map((name) => `${formatPathSegment(name, true)}=${formatAttributeValue(keys[name])}`)
    .join(', ');
}

export interface RowContext {
  id: number;
  shardId: string;
  arrivalMs: number;
}

export function toRecordRow(record: StreamRecord, ctx: RowContext): RecordRow {
  const d = record.dynamodb;
  return {
    id: ctx.id,
    kind: eventKindOf(record),
    eventName: eventLabelOf(record),
    keys: keysText(d?.Keys) || keysFromImages(record),
    sequenceNumber: d?.SequenceNumber ?? record.kinesis?.sequenceNumber ?? '',
    shardId: ctx.shardId,
    sizeBytes: typeof d?.SizeBytes === 'number' ? d.SizeBytes : undefined,
    approximateCreationMs: approximateCreationMs(record),
    arrivalMs: ctx.arrivalMs,
  };
}

function keysFromImages(record: StreamRecord): string {
  if (record.kinesis?.raw !== undefined) return `partition key ${JSON.stringify(record.kinesis.partitionKey)}`;
  return record.dynamodb?.NewImage || record.dynamodb?.OldImage ? '(no Keys in record)' : '';
}

// ---------------------------------------------------------------------------------------------------------------
// Unmarshalling and formatting

function toValue(value: AttributeValue | undefined): Value {
  try {
    return unmarshallValue(value as AttributeValue);
  } catch {
    let raw: string;
    try {
      raw = JSON.stringify(value) ?? String(value);
    } catch {
      raw = String(value);
    }
    return new Unreadable(`(unreadable value ${raw.length > 200 ? raw.slice(0, 200) + '…' : raw})`);
  }
}

/** Unmarshals an item attribute by attribute, so one malformed attribute does not hide the others. */
function itemToValues(item: Item): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const name of Object.keys(item)) out.set(name, toValue(item[name]));
  return out;
}

/** Display text of any DynamoDB JSON value. */
export function formatAttributeValue(value: AttributeValue | undefined): string {
  return formatValue(toValue(value), false);
}

/**
 * Display text of an unmarshalled value:
 *   string `"text"` (JSON-quoted), number `12.5` (exact), binary `base64:AQID`, null, true/false,
 *   string set `<<"a", "b">>`, number set `<<1, 2>>`, binary set `<<base64:AQ==>>` (set members sorted),
 *   list `[1, "a"]`, map `{"city": "Paris"}`. `canonical` sorts map keys (to compare values).
 */
function formatValue(v: Value, canonical: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Unreadable) return v.text;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (isNumberValue(v)) return String(v.value);
  if (v instanceof Uint8Array) return 'base64:' + toBase64(v);
  if (v instanceof Set) return '<<' + sortSetMembers([...v]).map((m) => formatValue(m, canonical)).join(', ') + '>>';
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, canonical)).join(', ') + ']';
  if (typeof v === 'object') {
    const names = canonical ? Object.keys(v).sort() : Object.keys(v);
    return '{' + names.map((k) => `${JSON.stringify(k)}: ${formatValue((v as Record<string, Value>)[k], canonical)}`).join(', ') + '}';
  }
  return String(v);
}

function sortSetMembers(members: (string | NumberValue | Uint8Array)[]): (string | NumberValue | Uint8Array)[] {
  return members.sort((a, b) => {
    if (isNumberValue(a) && isNumberValue(b)) return compareDecimals(a.value, b.value);
    const x = a instanceof Uint8Array ? toBase64(a) : String(a);
    const y = b instanceof Uint8Array ? toBase64(b) : String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Compares decimal strings (DynamoDB numbers: sign, digits, optional fraction and exponent) without Number(). */
export function compareDecimals(a: string, b: string): number {
  const pa = parseDecimal(a);
  const pb = parseDecimal(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.zero && pb.zero) return 0;
  if (pa.negative !== pb.negative || pa.zero || pb.zero) {
    const sign = (p: typeof pa) => (p.zero ? 0 : p.negative ? -1 : 1);
    return Math.sign(sign(pa) - sign(pb));
  }
  let cmp: number;
  if (pa.exponent !== pb.exponent) cmp = pa.exponent < pb.exponent ? -1 : 1;
  else cmp = pa.digits < pb.digits ? -1 : pa.digits > pb.digits ? 1 : 0;
  return pa.negative ? -cmp : cmp;
}

/** value = 0.digits × 10^exponent, digits without leading/trailing zeros. */
function parseDecimal(s: string): { negative: boolean; digits: string; exponent: number; zero: boolean } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const intPart = m[2];
  const frac = m[3] ?? '';
  let digits = intPart + frac;
  let exponent = intPart.length + (m[4] ? parseInt(m[4], 10) : 0);
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  exponent -= lead;
  digits = digits.replace(/0+$/, '');
  return { negative: m[1] === '-', digits, exponent, zero: digits === '' };
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

const SIMPLE_NAME = /^[A-Za-z_$][\w$#@:-]*$/;

/** `name` when it reads unambiguously, otherwise `["odd.name"]` (JSON-quoted). */
function formatPathSegment(name: string, topLevel: boolean): string {
  if (SIMPLE_NAME.test(name)) return name;
  return topLevel ? JSON.stringify(name) : `[${JSON.stringify(name)}]`;
}

function childPath(parent: string, name: string): string {
  if (parent === '') return formatPathSegment(name, true);
  return SIMPLE_NAME.test(name) ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}

function sortedNames(item: object): string[] {
  return Object.keys(item).sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Diff

function isMap(v: Value | undefined): v is { [name: string]: NativeValue } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Set) &&
    !(v instanceof Uint8Array) &&
    !(v instanceof Unreadable) &&
    !isNumberValue(v)
  );
}

function sameValue(a: Value, b: Value): boolean {
  return formatValue(a, true) === formatValue(b, true);
}

function diffValues(path: string, oldV: Value | undefined, newV: Value | undefined, out: DiffEntry[]): void {
  if (oldV === undefined && newV === undefined) return;
  if (oldV === undefined) {
    out.push({ path, change: 'added', newText: formatValue(newV as Value, false) });
    return;
  }
  if (newV === undefined) {
    out.push({ path, change: 'removed', oldText: formatValue(oldV, false) });
    return;
  }
  if (sameValue(oldV, newV)) {
    const text = formatValue(newV, false);
    out.push({ path, change: 'unchanged', oldText: formatValue(oldV, false), newText: text });
    return;
  }
  if (isMap(oldV) && isMap(newV)) {
    const names = unionSorted(Object.keys(oldV), Object.keys(newV));
    for (const name of names) {
      diffValues(childPath(path, name), has(oldV, name) ? oldV[name] : undefined, has(newV, name) ? newV[name] : undefined, out);
    }
    return;
  }
  if (Array.isArray(oldV) && Array.isArray(newV)) {
    const n = Math.max(oldV.length, newV.length);
    for (let i = 0; i < n; i++) diffValues(`${path}[${i}]`, i < oldV.length ? oldV[i] : undefined, i < newV.length ? newV[i] : undefined, out);
    return;
  }
  out.push({ path, change: 'changed', oldText: formatValue(oldV, false), newText: formatValue(newV, false) });
}

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function unionSorted(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/**
 * Per attribute path: added / removed / changed / unchanged. Maps and lists that differ are descended into
 * (`address.city`, `items[2].qty`); a subtree that is equal is one `unchanged` entry. Key attributes come first,
 * then the others by name.
 */
export function diffImages(oldImage: Item | undefined, newImage: Item | undefined, keyNames: readonly string[] = []): DiffEntry[] {
  const oldValues = oldImage ? itemToValues(oldImage) : new Map<string, Value>();
  const newValues = newImage ? itemToValues(newImage) : new Map<string, Value>();
  const keys = [...keyNames].sort();
  const keySet = new Set(keys);
  const others = unionSorted([...oldValues.keys()], [...newValues.keys()]).filter((n) => !keySet.has(n));
  const out: DiffEntry[] = [];
  for (const name of [...keys, ...others]) diffValues(childPath('', name), oldValues.get(name), newValues.get(name), out);
  return out;
}

/** Top-level attributes of an item as text, key attributes first. */
export function itemValues(item: Item | undefined, keyNames: readonly string[] = []): ValueEntry[] {
  if (!item) return [];
  const keySet = new Set(keyNames);
  const names = [...keyNames.filter((k) => has(item, k)).sort(), ...sortedNames(item).filter((n) => !keySet.has(n))];
  return names.map((name) => ({ path: childPath('', name), text: formatAttributeValue(item[name]) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Detail (the expanded row)

const ENABLE_HINT = 'enable NEW_AND_OLD_IMAGES to see diffs';

/** Why a record carries no diff; undefined when it can show one. */
export function missingDiffReason(record: StreamRecord, streamViewType?: string): string | undefined {
  const kind = eventKindOf(record);
  const d = record.dynamodb;
  const needsOld = kind !== 'INSERT';
  const needsNew = kind === 'INSERT' || kind === 'MODIFY';
  const hasOld = !!d?.OldImage;
  const hasNew = !!d?.NewImage;
  if ((!needsOld || hasOld) && (!needsNew || hasNew)) return undefined;
  const viewType = d?.StreamViewType ?? streamViewType;
  switch (viewType) {
    case 'KEYS_ONLY':
      return `Stream view type KEYS_ONLY carries keys only — ${ENABLE_HINT}.`;
    case 'NEW_IMAGE':
      return needsOld && !needsNew
        ? `Stream view type NEW_IMAGE carries only the new image, and a removed item has none — enable NEW_AND_OLD_IMAGES to see the removed values.`
        : `Stream view type NEW_IMAGE carries only the new image — ${ENABLE_HINT}.`;
    case 'OLD_IMAGE':
      return needsNew && !needsOld
        ? `Stream view type OLD_IMAGE carries only the old image, and an inserted item has none — enable NEW_AND_OLD_IMAGES to see the inserted values.`
        : `Stream view type OLD_IMAGE carries only the old image — ${ENABLE_HINT}.`;
    default: {
      const missing = [needsOld && !hasOld ? 'old image' : '', needsNew && !hasNew ? 'new image' : ''].filter(Boolean).join(' and ');
      const vt = viewType ? `stream view type ${viewType}` : 'stream view type unknown';
      return `This record carries no ${missing} (${vt}), so there is nothing to compare.`;
    }
  }
}

export function toRecordDetail(record: StreamRecord, id: number, streamViewType?: string): RecordDetail {
  const d = record.dynamodb;
  const keyNames = d?.Keys ? Object.keys(d.Keys) : [];
  const reason = missingDiffReason(record, streamViewType);
  const base = {
    id,
    eventName: eventLabelOf(record),
    keys: itemValues(d?.Keys, keyNames),
    viewType: d?.StreamViewType ?? streamViewType,
    eventId: record.eventID,
  };
  const raw = record.kinesis?.raw;
  if (raw !== undefined) {
    const unreadable = record.kinesis?.unreadable;
    const note = unreadable
      ? `This Kinesis record is a DynamoDB change that cannot be read (${unreadable}): its data is shown as it came.`
      : 'This Kinesis record is not a DynamoDB change record: its data is shown as it came.';
    return { ...base, diffAvailable: false, diff: [], note, image: { label: 'Data', values: [{ path: 'data', text: raw }] } };
  }
  if (reason === undefined) {
    return { ...base, diffAvailable: true, diff: diffImages(d?.OldImage, d?.NewImage, keyNames) };
  }
  const image = d?.NewImage
    ? { label: 'New image', values: itemValues(d.NewImage, keyNames) }
    : d?.OldImage
      ? { label: 'Old image', values: itemValues(d.OldImage, keyNames) }
      : undefined;
  return { ...base, diffAvailable: false, diff: [], note: reason, image };
}

// ---------------------------------------------------------------------------------------------------------------
// Search text

/** Lower-cased text of keys and all values (both images), for the text filter. */
export function searchTextOf(record: StreamRecord): string {
  const d = record.dynamodb;
  const parts: string[] = [keysText(d?.Keys), record.kinesis?.raw ?? ''];
  for (const image of [d?.NewImage, d?.OldImage]) {
    if (!image) continue;
    for (const name of Object.keys(image)) parts.push(`${name}=${formatAttributeValue(image[name])}`);
  }
  return parts.join('\n').toLowerCase();
}
