// A held record as the panel shows it on demand: its detail (diff and values, cut) and its JSON in the panel's JSON
// view (DynamoDB JSON as received, or plain JSON). Pure: TailSession sends what these build.
import type { StreamRecord } from '../records/model';
import { recordImagesAsPlainJson } from '../records/plainJson';
import { toRecordDetail } from '../records/records';
import type { JsonView, RecordDetail, RecordJsonText } from './protocol';

/** Longest value text sent to the webview in a diff cell; the full value is in Copy record / Export. */
export const MAX_DETAIL_TEXT = 4000;
/** Longest JSON (or raw data) block sent to the webview in a detail; Copy record has all of it. */
export const MAX_DETAIL_JSON = 64 * 1024;

export function clip(text: string | undefined, max = MAX_DETAIL_TEXT): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters: use Copy record or Export for the full value)`;
}

/** The record's detail, every value cut to MAX_DETAIL_TEXT. */
export function clippedDetail(record: StreamRecord, id: number, viewType: string | undefined): RecordDetail {
  const detail = toRecordDetail(record, id, viewType);
  detail.diff = detail.diff.map((e) => ({ ...e, oldText: clip(e.oldText), newText: clip(e.newText) }));
  detail.keys = detail.keys.map((v) => ({ ...v, text: clip(v.text) ?? '' }));
  if (detail.image) detail.image = { ...detail.image, values: detail.image.values.map((v) => ({ ...v, text: clip(v.text) ?? '' })) };
  return detail;
}

/** The record held as `json` in the JSON view: items unmarshalled in the plain view (exact numbers kept as strings). */
export function recordInView(json: string, view: JsonView): unknown {
  const record = JSON.parse(json) as StreamRecord;
  if (view === 'dynamodb' || !record.dynamodb) return record;
  return { ...record, dynamodb: { ...record.dynamodb, ...recordImagesAsPlainJson(record) } };
}

/** The record's keys and images in the JSON view, for its detail. */
export function recordJsonText(json: string, view: JsonView): RecordJsonText {
  const record = recordInView(json, view) as StreamRecord;
  const d = record.dynamodb ?? {};
  const images = { Keys: d.Keys, OldImage: d.OldImage, NewImage: d.NewImage };
  // A big record is shown compact, cut: pretty-printing it would build megabytes only to cut them.
  const text = record.kinesis?.raw ?? (json.length > MAX_DETAIL_JSON ? JSON.stringify(images) : JSON.stringify(images, null, 2));
  return { view, text: clip(text, MAX_DETAIL_JSON) ?? '' };
}
