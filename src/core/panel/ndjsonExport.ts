// What Export writes and says: NDJSON in chunks (an export never becomes one string), and the texts that tell the user
// which records an export or a restart leaves out. Pure: no vscode.
import { plural } from '../util/plural';

/** Export chunk size, in UTF-16 code units of JSON text (about as many bytes: the lines are mostly ASCII). */
export const EXPORT_CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * NDJSON (each line followed by a newline) as UTF-8 chunks of about `chunkChars` each, produced as they are read:
 * an export never becomes one string (V8 caps a string at 2^29 characters; 1,000,000 records of 1.5 KB are
 * 1.5 GB). A line longer than a chunk makes a chunk of its own.
 */
export function* ndjsonChunks(lines: Iterable<string>, chunkChars = EXPORT_CHUNK_CHARS): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let parts: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size > 0 && size + line.length + 1 > chunkChars) {
      yield encoder.encode(parts.join(''));
      parts = [];
      size = 0;
    }
    parts.push(line, '\n');
    size += line.length + 1;
  }
  if (size > 0) yield encoder.encode(parts.join(''));
}

/** Chunks as one byte array, for a file system that takes a whole file at once (vscode.workspace.fs.writeFile). */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  const out = new Uint8Array(list.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of list) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** What an export says when older records were evicted before it: they are not in the file. */
export function evictedBeforeExportText(evicted: number): string | undefined {
  if (!(evicted > 0)) return undefined;
  return `${plural(evicted, 'older record')} ${evicted === 1 ? 'was' : 'were'} evicted before this export and ${evicted === 1 ? 'is' : 'are'} not in it.`;
}

/** The question Restart (or opening a stopped tail again) asks while records are held. */
export function restartClearsText(held: number): string {
  return `Restart clears the ${plural(held, 'record')} held. Export them first?`;
}
