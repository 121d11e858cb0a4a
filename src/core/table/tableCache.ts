// What is known about a connection's tables, and the rules for keeping it true: a description read is kept only if
// it is the newest read started for that table since the cache was last cleared (a slow read never overwrites a newer
// one, nor one made after Refresh). Pure: the reads themselves are made by the table service.
import type { FriendlyError } from '../connection/errors';
import type { TableExtras } from './tableTypes';

/** One table as known now. */
export interface TableState<T> {
  readonly name: string;
  table?: T;
  /** The last read failed (shown instead of the state); cleared by the next successful read. */
  error?: FriendlyError;
  /** TTL and point-in-time recovery: read only when asked (the tooltip), forgotten when the table is read again. */
  extras?: TableExtras;
  /** What one of our commands is doing to the table now ("enabling stream…"). */
  busy?: string;
  /** The read under way, shared by whoever asks meanwhile. */
  reading?: Promise<void>;
}

/** A read started by `begin`; `finish` keeps its result only while it is the newest. */
export interface ReadTicket {
  readonly name: string;
  readonly seq: number;
  readonly generation: number;
}

export class TableCache<T> {
  private states = new Map<string, TableState<T>>();
  private seqs = new Map<string, number>();
  private generation = 0;

  /** The table's state, created empty on first ask. */
  state(name: string): TableState<T> {
    let state = this.states.get(name);
    if (!state) {
      state = { name };
      this.states.set(name, state);
    }
    return state;
  }

  /** The state if anything asked for the table since the last clear. */
  peek(name: string): TableState<T> | undefined {
    return this.states.get(name);
  }

  /** Neither known nor being read: worth a read when shown. */
  unknown(name: string): boolean {
    const s = this.states.get(name);
    return !s || (!s.table && !s.error && !s.reading);
  }

  begin(name: string): ReadTicket {
    const seq = (this.seqs.get(name) ?? 0) + 1;
    this.seqs.set(name, seq);
    return { name, seq, generation: this.generation };
  }

  isNewest(ticket: ReadTicket): boolean {
    return ticket.generation === this.generation && this.seqs.get(ticket.name) === ticket.seq;
  }

  /**
   * Keeps a read's result when it is the newest. Says what became of it: `stale` (dropped), `same` (what was known
   * already: nothing to redraw) or `changed`.
   */
  finish(ticket: ReadTicket, result: { table: T } | { error: FriendlyError }): 'stale' | 'same' | 'changed' {
    if (!this.isNewest(ticket)) return 'stale';
    const state = this.state(ticket.name);
    const before = JSON.stringify([state.table, state.error]);
    if ('table' in result) {
      state.table = result.table;
      state.error = undefined;
    } else {
      state.error = result.error;
    }
    if (JSON.stringify([state.table, state.error]) === before) return 'same';
    state.extras = undefined; // read again on the next hover
    return 'changed';
  }

  /** Forgets one table (created or deleted here): a read of it still under way is dropped when it finishes. */
  forget(name: string): void {
    this.states.delete(name);
    this.seqs.set(name, (this.seqs.get(name) ?? 0) + 1);
  }

  /** Forgets everything (Refresh, another connection): reads still under way are dropped when they finish. */
  clear(): void {
    this.generation++;
    this.states = new Map();
    this.seqs = new Map();
  }
}
