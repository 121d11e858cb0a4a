// Record filters: event kinds to show, and a text filter over keys and values.
// Text: whitespace-separated terms, all must occur (case-insensitive); "quoted phrase" keeps spaces;
// a leading - excludes (`-pending`). Pure, no imports beyond display types.
import { EVENT_KINDS, EventKind, isEventKind } from '../records/display';

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

/**
 * `searchText`: the record's lower-cased keys and values, asked for only when the text filter is set (it may be dear to
 * build). `cheapText`: optional text the matcher's pre-check (see createMatcher) knows how to test.
 */
export type RecordMatcher = (kind: EventKind, searchText: () => string, cheapText?: string) => boolean;

/**
 * For a (lower-cased) term, a test on a record's cheap text that is true whenever the record's search text holds the
 * term (it may be true otherwise too); undefined when the term has no such exact test.
 */
export type TermPrecheck = (term: string) => ((cheapText: string) => boolean) | undefined;

/**
 * Compiles a filter. With `precheck` and a cheap text, terms are decided without the search text when they can: a
 * positive term whose test fails rejects the record, a negated one is satisfied. Only undecided terms need the full
 * check, whose answer is the same as without the pre-check.
 */
export function createMatcher(spec: RecordFilterSpec, precheck?: TermPrecheck): RecordMatcher {
  const kinds = new Set(spec.kinds);
  const terms = parseFilterText(spec.text);
  const prechecks = precheck ? terms.map((term) => ({ term, mayHold: precheck(term.text) })) : undefined;
  return (kind, searchText, cheapText) => {
    if (!kinds.has(kind)) return false;
    if (terms.length === 0) return true;
    if (prechecks && cheapText !== undefined) {
      let undecided = false;
      for (const { term, mayHold } of prechecks) {
        if (mayHold && !mayHold(cheapText)) {
          if (!term.negate) return false;
        } else undecided = true;
      }
      if (!undecided) return true;
    }
    return matchesTerms(terms, searchText());
  };
}

/** Normalises untrusted input into a filter spec; undefined when it is not one. */
export function toFilterSpec(x: unknown): RecordFilterSpec | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { text, kinds } = x as { text?: unknown; kinds?: unknown };
  if (typeof text !== 'string' || text.length > MAX_FILTER_TEXT) return undefined;
  if (!Array.isArray(kinds) || kinds.length > EVENT_KINDS.length || !kinds.every(isEventKind)) return undefined;
  return { text, kinds: EVENT_KINDS.filter((k) => kinds.includes(k)) };
}
