// The local trigger's settings as `Run handler as trigger…` shows them in its quick pick (pure): one row per setting
// with its value in Lambda's words, and the text a user types for one, read back into the setting. Limits are checked
// on the whole settings by core/trigger/settings.ts (validateTriggerSettings), as Lambda would.
import { patternSources } from '../lambda/filter/lambdaFilterParse';
import { validateTriggerFilter } from '../lambda/triggerRequests';
import type { TriggerSettings } from './types';

export type SettingKey = keyof TriggerSettings;

/** How a setting is edited: typed (a number or a filter), picked from choices, flipped, or a file chosen. */
export type SettingKind = 'integer' | 'choice' | 'toggle' | 'filter' | 'file';

export interface SettingField {
  key: SettingKey;
  /** Lambda's name for it (the event source mapping's parameter). */
  label: string;
  kind: SettingKind;
  /** What it does and its range, shown under the row and as the input's prompt. */
  detail: string;
  choices?: readonly string[];
}

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'batchSize', label: 'Batch size', kind: 'integer', detail: 'Most records per invocation (1–10,000)' },
  { key: 'batchingWindowSeconds', label: 'Batching window', kind: 'integer', detail: 'Seconds to gather records before invoking (0–300)' },
  { key: 'startingPosition', label: 'Starting position', kind: 'choice', choices: ['LATEST', 'TRIM_HORIZON'], detail: 'LATEST: changes made after the start; TRIM_HORIZON: everything still in the stream' },
  { key: 'filterPatterns', label: 'Filter', kind: 'filter', detail: 'FilterCriteria or one pattern, e.g. {"eventName":["REMOVE"]}; empty: every record invokes the handler' },
  { key: 'maximumRetryAttempts', label: 'Maximum retry attempts', kind: 'integer', detail: '-1: until the record expires; or 0–10,000' },
  { key: 'maximumRecordAgeSeconds', label: 'Maximum record age', kind: 'integer', detail: '-1: no limit; or 60–604,800 seconds' },
  { key: 'bisectBatchOnFunctionError', label: 'Split batch on error', kind: 'toggle', detail: 'A failed batch is split in two and each half retried' },
  { key: 'reportBatchItemFailures', label: 'Report batch item failures', kind: 'toggle', detail: 'The handler returns {"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}' },
  { key: 'parallelizationFactor', label: 'Parallelization factor', kind: 'integer', detail: 'Concurrent batches per shard, 1–10; records of one partition key stay in order' },
  { key: 'functionTimeoutSeconds', label: 'Function timeout', kind: 'integer', detail: 'The handler\'s timeout in seconds (1–900)' },
  { key: 'onFailureFile', label: 'On-failure destination', kind: 'file', detail: 'A file the invocation records of given-up batches are appended to (NDJSON); none: they are dropped' },
];

/** The filter patterns as one text the Lambda filter parser reads back: a lone pattern as it is, several as FilterCriteria. */
export function filterTextOf(patterns: readonly string[]): string {
  if (patterns.length === 0) return '';
  if (patterns.length === 1) return patterns[0];
  return JSON.stringify({ Filters: patterns.map((Pattern) => ({ Pattern })) });
}

/** A setting's value as its row shows it. */
export function settingValueText(settings: TriggerSettings, key: SettingKey): string {
  switch (key) {
    case 'batchingWindowSeconds':
    case 'functionTimeoutSeconds':
      return `${settings[key]} s`;
    case 'maximumRetryAttempts':
      return settings.maximumRetryAttempts === -1 ? '-1 (until the record expires)' : String(settings.maximumRetryAttempts);
    case 'maximumRecordAgeSeconds':
      return settings.maximumRecordAgeSeconds === -1 ? '-1 (no limit)' : `${settings.maximumRecordAgeSeconds} s`;
    case 'bisectBatchOnFunctionError':
    case 'reportBatchItemFailures':
      return settings[key] ? 'yes' : 'no';
    case 'filterPatterns':
      return settings.filterPatterns.length ? filterTextOf(settings.filterPatterns) : 'none (every record)';
    case 'onFailureFile':
      return settings.onFailureFile ?? 'none (records dropped)';
    default:
      return String(settings[key]);
  }
}

/** The text an input box starts from when the setting is edited. */
export function settingInputText(settings: TriggerSettings, key: SettingKey): string {
  if (key === 'filterPatterns') return filterTextOf(settings.filterPatterns);
  if (key === 'onFailureFile') return settings.onFailureFile ?? '';
  return String(settings[key]);
}

export type ParsedSetting = { ok: true; settings: TriggerSettings } | { ok: false; error: string };

/** The settings with `key` set from typed text; a text that is not such a value says why (limits are not checked here). */
export function parseSettingInput(settings: TriggerSettings, key: SettingKey, text: string): ParsedSetting {
  const trimmed = text.trim();
  const field = SETTING_FIELDS.find((f) => f.key === key);
  if (!field) return { ok: false, error: `Unknown setting ${key}` };
  switch (field.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(trimmed)) return { ok: false, error: `${field.label}: a whole number (${field.detail})` };
      return { ok: true, settings: { ...settings, [key]: Number(trimmed) } };
    }
    case 'choice': {
      const choice = field.choices?.find((c) => c === trimmed.toUpperCase());
      if (!choice) return { ok: false, error: `${field.label}: one of ${field.choices?.join(', ')}` };
      return { ok: true, settings: { ...settings, [key]: choice } };
    }
    case 'toggle': {
      const yes = /^(yes|true|on)$/i.test(trimmed);
      if (!yes && !/^(no|false|off)$/i.test(trimmed)) return { ok: false, error: `${field.label}: yes or no` };
      return { ok: true, settings: { ...settings, [key]: yes } };
    }
    case 'filter': {
      if (trimmed === '') return { ok: true, settings: { ...settings, filterPatterns: [] } };
      const refused = validateTriggerFilter(trimmed);
      if (refused) return { ok: false, error: refused };
      return { ok: true, settings: { ...settings, filterPatterns: patternSources(trimmed) } };
    }
    case 'file':
      return { ok: true, settings: { ...settings, onFailureFile: trimmed || undefined } };
  }
}
