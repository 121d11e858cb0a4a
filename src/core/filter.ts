// Record filters: event kinds to show, and a text filter over keys and values.
// Text: whitespace-separated terms, all must occur (case-insensitive); "quoted phrase" keeps spaces;
// a leading - excludes (`-pending`). Pure, no imports beyond display types.
import { EVENT_KINDS, EventKind, isEventKind } from './display';

export interface RecordFilterSpec {
  /** Free text matched against keys and attribute values. */
  text: string;
  /** Event kinds shown; the other kinds are hidden. */
  kinds: EventKind[];
}

export const MAX_FILTER_TEXT = 1000;

export function defaultFilter(): RecordFilterSpec {
  return { text: '', kinds: [...EVENT_KINDS] };
}

export function isFilterActive(spec: RecordFilterSpec): boolean {
  return spec.text.trim() !== '' || EVENT_KINDS.some((k) => !spec.kinds.includes(k));
}

export interface FilterTerm {
  text: string;
  negate: boolean;
}

export function parseFilterText(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  const re = /(-?)(?:"([^"]*)"?|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const value = (m[2] ?? m[3] ?? '').toLowerCase();
    if (value === '') continue;
    terms.push({ text: value, negate: m[1] === '-' });
  }
  return terms;
}

/** `haystack` must already be lower-cased. */
export function matchesTerms(terms: readonly FilterTerm[], haystack: string): boolean {
  for (const t of terms) if (haystack.includes(t.text) === t.negate) return false;
  return true;
}

export type RecordMatcher = (kind: EventKind, searchText: () => string) => boolean;

/** Compiles a filter; the search text (lower-cased keys and values) is only asked for when the text filter is set. */
export function createMatcher(spec: RecordFilterSpec): RecordMatcher {
  const kinds = new Set(spec.kinds);
  const terms = parseFilterText(spec.text);
  return (kind, searchText) => kinds.has(kind) && (terms.length === 0 || matchesTerms(terms, searchText()));
}

/** Normalises untrusted input into a filter spec; undefined when it is not one. */
export function toFilterSpec(x: unknown): RecordFilterSpec | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { text, kinds } = x as { text?: unknown; kinds?: unknown };
  if (typeof text !== 'string' || text.length > MAX_FILTER_TEXT) return undefined;
  if (!Array.isArray(kinds) || kinds.length > EVENT_KINDS.length || !kinds.every(isEventKind)) return undefined;
  return { text, kinds: EVENT_KINDS.filter((k) => kinds.includes(k)) };
}
