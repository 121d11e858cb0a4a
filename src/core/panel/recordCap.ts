// The record cap of a tail panel (the tail.maxRecords setting): its default and bounds, and the one clamp applied to
// whatever the setting holds. The bounds are package.json's minimum and maximum for the setting (a unit test checks).

export const DEFAULT_MAX_RECORDS = 10_000;
/** Fewer held records than this would make a panel useless (a burst of writes evicts what the user is reading). */
export const MIN_MAX_RECORDS = 100;
/**
 * The setting's ceiling. A held record costs ~1.7 KB of heap, ~2.2 KB once the search index (searchIndex.ts) holds its
 * search text: measured 150,000 held and indexed → 329 MiB heap / 491 MiB RSS, 200,000 with search texts → 605 MiB
 * RSS, so 150,000 keeps the extension host near 500 MB (docs/BENCHMARKS.md, "Big panels").
 */
export const MAX_MAX_RECORDS = 150_000;

/** The cap a setting value stands for: a whole number within the bounds; anything not a number → the default. */
export function clampMaxRecords(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_MAX_RECORDS;
  return Math.min(MAX_MAX_RECORDS, Math.max(MIN_MAX_RECORDS, Math.floor(value)));
}

/**
 * The byte budget of a panel's held records (the tail.maxHeldMegabytes setting): 10,000 records of 400 KB items with
 * both images would otherwise take ~8 GB. Held bytes are counted as heldRecordBytes (heldRecords.ts) estimates them.
 */
export const DEFAULT_MAX_HELD_MEGABYTES = 256;
export const MIN_MAX_HELD_MEGABYTES = 16;
export const MAX_MAX_HELD_MEGABYTES = 4096;

/** The budget a setting value stands for, in megabytes: a whole number within the bounds; not a number → the default. */
export function clampMaxHeldMegabytes(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_MAX_HELD_MEGABYTES;
  return Math.min(MAX_MAX_HELD_MEGABYTES, Math.max(MIN_MAX_HELD_MEGABYTES, Math.floor(value)));
}
