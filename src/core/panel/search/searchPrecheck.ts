// The text filter's cheap pre-check on a held record's JSON line (recordToJsonLine), exact with respect to the search
// text (searchTextOf in records.ts, whose format the rules below follow: change them together).

/** Characters searchTextOf writes between the names and values it copies: separators, quotes, brackets, "…". */
const SEARCH_GLUE = /[\s=,"<>[\]{}:()…]/;
/** Words searchTextOf writes itself: "base64:", "(unreadable value …)", String() of a malformed number object. */
const SEARCH_WORDS = ['base64', 'unreadable', 'value', 'object'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A cheap, exact pre-check of the text filter on the held JSON line (recordToJsonLine), lower-cased: strings of which
 * at least one occurs in it whenever searchTextOf(record) holds `term` (lower-cased); undefined when no such test is
 * known. Why it is exact: a term with none of the separators above, no sigma (whose lower case depends on the letters
 * around it) and no lone surrogate lies, in the search text, inside one name or value, which the JSON line holds too:
 * values JSON-escaped in both, top-level attribute names raw in the search text but JSON-escaped in the line (hence the
 * term both as is and escaped). The one exception: a value that cannot be unmarshalled is shown as JSON text in which
 * binary values read back as byte objects ({"0":1,…}): a term of digits only may then sit there, so such a term also
 * counts as maybe present whenever the line holds binary.
 */
export function jsonLineNeedles(term: string): string[] | undefined {
  if (term === '' || SEARCH_GLUE.test(term) || /[σς]/.test(term) || LONE_SURROGATE.test(term)) return undefined;
  if (SEARCH_WORDS.some((word) => word.includes(term))) return undefined;
  const escaped = JSON.stringify(term).slice(1, -1);
  const needles = escaped === term ? [term] : [term, escaped];
  if (/^[0-9]+$/.test(term)) needles.push('"b":', '"bs":');
  return needles;
}

/** The two characters outside ASCII whose lower case holds an ASCII letter: K KELVIN SIGN (k) and İ (i + dot). */
const LOWERS_TO_ASCII = /[\u0130\u212A]/;

/**
 * jsonLineNeedles as a test on the held JSON line itself (not lower-cased: no copy of every line per filter pass).
 * For ASCII needles a case-insensitive RegExp (ASCII case folding only, without the u flag) finds exactly what
 * lower-casing the line and searching would, unless the line holds one of LOWERS_TO_ASCII: then it is lower-cased.
 */
export function jsonLinePrecheck(term: string): ((line: string) => boolean) | undefined {
  const needles = jsonLineNeedles(term);
  if (!needles) return undefined;
  const lowered = (line: string) => {
    const lower = line.toLowerCase();
    return needles.some((n) => lower.includes(n));
  };
  if (!needles.every((n) => /^[\x00-\x7f]*$/.test(n))) return lowered;
  const pattern = new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  return (line) => (LOWERS_TO_ASCII.test(line) ? lowered(line) : pattern.test(line));
}
