// What an item document's URI carries so VS Code can open it again after a window reload, when the provider's memory
// is gone: the connection it was read on, the table, its key schema, the JSON view and the item's key (none for a new
// item's document). Read back as untrusted text (a URI can be edited or come from an older version).
import type { Item } from '../records/model';
import { toBase64 } from '../records/records';
import type { DocumentView } from './itemDocument';
import { keyFromReference } from './itemKeys';
import { KEY_TYPES, type KeyAttribute } from '../table/createTable';

export interface ItemReopen {
  /** The connection's identity (no secrets), as the tail panels save it. */
  connection: string;
  tableName: string;
  keys: KeyAttribute[];
  view: DocumentView;
  /** The item's key; absent for a new item's document (Put item…), which reopens with its template. */
  key?: Item;
}

/** The URI query of an item document. */
export function reopenQuery(info: ItemReopen): string {
  let key: Record<string, unknown> | undefined;
  if (info.key) {
    key = {};
    for (const k of info.keys) {
      const v = info.key[k.name] as { S?: string; N?: string; B?: Uint8Array } | undefined;
      key[k.name] = v?.B instanceof Uint8Array ? { B: toBase64(v.B) } : v;
    }
  }
  return new URLSearchParams({ reopen: JSON.stringify({ c: info.connection, t: info.tableName, k: info.keys, v: info.view, key }) }).toString();
}

/** The reopen information in a URI query, or undefined when it is absent or not usable. */
export function parseReopenQuery(query: string): ItemReopen | undefined {
  const text = new URLSearchParams(query).get('reopen');
  if (!text || text.length > 8192) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = raw as { c?: unknown; t?: unknown; k?: unknown; v?: unknown; key?: unknown } | null;
  if (!r || typeof r.c !== 'string' || typeof r.t !== 'string' || (r.v !== 'plain' && r.v !== 'dynamodb')) return undefined;
  if (!Array.isArray(r.k) || r.k.length < 1 || r.k.length > 2) return undefined;
  const keys: KeyAttribute[] = [];
  for (const k of r.k as unknown[]) {
    const a = k as { name?: unknown; type?: unknown } | null;
    if (!a || typeof a.name !== 'string' || !KEY_TYPES.includes(a.type as KeyAttribute['type'])) return undefined;
    keys.push({ name: a.name, type: a.type as KeyAttribute['type'] });
  }
  if (r.key === undefined) return { connection: r.c, tableName: r.t, keys, view: r.v };
  if (typeof r.key !== 'object' || r.key === null) return undefined;
  const given = r.key as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const k of keys) {
    const v = Object.prototype.hasOwnProperty.call(given, k.name) ? (given[k.name] as Record<string, unknown> | null) : undefined;
    if (!v || typeof v[k.type] !== 'string' || Object.keys(v).length !== 1) return undefined;
    picked[k.name] = { [k.type]: v[k.type] };
  }
  return { connection: r.c, tableName: r.t, keys, view: r.v, key: keyFromReference(picked) };
}
