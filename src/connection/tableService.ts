// One place that knows a connection's tables: their names, their descriptions (read, kept, reread when our own
// commands change a table, all forgotten on Refresh and on another connection) and their replicas. The tree shows what
// it knows; commands ask it for a fresh read before acting, so they never act on what the tree happened to cache.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { validateEndpoint, validateRegion } from '../core/connection/connection';
import { describeError, type ErrorContext, type FriendlyError } from '../core/connection/errors';
import { BoundedQueue } from '../core/util/boundedQueue';
import { TableCache, type TableState } from '../core/table/tableCache';
import type { Replica, ReplicaSource } from '../core/table/replicas';
import type { ConnectionManager } from './connectionManager';

/**
 * How many DescribeTable calls run at once while the shown rows get their stream state.
 *
 * Why all shown rows, in list order: VS Code asks getTreeItem for every child of an expanded node and never says which
 * rows are on screen, so the tree shows every name at once and asks here for their descriptions in list order: the
 * first screenful is read first, and the backend never sees more than this many DescribeTable calls at once. Each
 * table is read once per connection (until Refresh or one of our commands on it).
 */
export const DESCRIBE_CONCURRENCY = 4;

export type TableNames = { ok: true; names: string[] } | { ok: false; error: FriendlyError; key: string };

export type KnownTable = TableState<TableDescription>;

/** `undefined`: everything changed (Refresh, another connection); otherwise the tables whose state changed. */
export type TablesChange = readonly string[] | undefined;

export interface TableServiceOptions {
  /** Lists a table's replicas; by default the connection's DescribeGlobalTable reader. */
  replicas?: ReplicaSource;
}

export class TableService implements vscode.Disposable {
  private readonly cache = new TableCache<TableDescription>();
  private names?: Promise<TableNames>;
  /** TTL/PITR reads under way, per table state (a state forgotten by Refresh takes its read with it). */
  private readonly extrasReads = new WeakMap<KnownTable, Promise<void>>();
  private readonly changed = new vscode.EventEmitter<TablesChange>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Tables waiting for their first read, in the order they are shown. */
  readonly describeQueue = new BoundedQueue<string>(DESCRIBE_CONCURRENCY, (name) => this.readIfUnknown(name));

  constructor(
    private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel,
    private readonly options: TableServiceOptions = {},
  ) {
    this.subscription = connection.onDidChange(() => this.forgetAll());
  }

  /** Refresh: forgets every table and what the endpoint was found not to support, then tells the views. */
  refresh(): void {
    this.connection.forgetAnswers();
    this.forgetAll();
  }

  /** A table was created or deleted here: the names are listed again; what is known of the others stays. */
  namesChanged(name: string): void {
    this.names = undefined;
    this.cache.forget(name);
    this.changed.fire(undefined);
  }

  private forgetAll(): void {
    this.names = undefined;
    this.cache.clear();
    this.describeQueue.clear();
    this.changed.fire(undefined);
  }

  /** The table names (read once until Refresh), or why they cannot be listed. */
  listNames(): Promise<TableNames> {
    this.names ??= this.readNames();
    return this.names;
  }

  /** What is known about the table now (nothing is read). */
  known(name: string): KnownTable {
    return this.cache.state(name);
  }

  /** Reads, a few at a time and in this order, the tables not yet known; replaces what waited (no longer shown). */
  prefetch(names: readonly string[]): void {
    this.describeQueue.replace(names.filter((n) => this.cache.unknown(n)));
  }

  /** The table as known, reading it first when nothing is known yet (or the last read failed). */
  async get(name: string): Promise<KnownTable> {
    const state = this.cache.state(name);
    if (state.reading) await state.reading;
    else if (!state.table || state.error) await this.read(name);
    return this.cache.state(name);
  }

  /**
   * The table as it is now: always a new DescribeTable (commands act on this, never on a kept copy). The answer
   * replaces what was known; a failure throws its friendly form.
   */
  async fresh(name: string): Promise<TableDescription> {
    await this.read(name);
    const state = this.cache.state(name);
    if (state.error) throw new KnownTableError(state.error);
    if (!state.table) throw new Error(`No description for table ${name}`);
    return state.table;
  }

  /**
   * Reads the table again after one of our commands changed it (the newest read wins); its TTL may have changed with
   * the same description, so the tooltip is read again on the next hover.
   */
  reread(name: string): Promise<void> {
    this.cache.state(name).extras = undefined;
    return this.read(name, true);
  }

  /** TTL and point-in-time recovery (the tooltip's), read once per description (hovers meanwhile share the read). */
  extras(name: string): Promise<void> {
    const state = this.cache.state(name);
    if (!state.table || state.extras) return Promise.resolve();
    let reading = this.extrasReads.get(state);
    if (!reading) {
      reading = (async () => {
        const { tables } = await this.connection.getServices();
        state.extras = await tables.describeExtras(name);
      })().finally(() => this.extrasReads.delete(state));
      this.extrasReads.set(state, reading);
    }
    return reading;
  }

  /** Marks a table as being changed by one of our commands (undefined: done). */
  setBusy(name: string, busy: string | undefined): void {
    this.cache.state(name).busy = busy;
    this.changed.fire([name]);
  }

  /** A table's global-table replicas (none for other tables). */
  async listReplicas(table: TableDescription): Promise<Replica[]> {
    const source = this.options.replicas ?? (await this.connection.getServices()).replicas;
    return source.list(table);
  }

  errorContext(extra: ErrorContext = {}): ErrorContext {
    const c = this.connection.current;
    return { endpoint: c.dynamodbEndpoint, region: c.region, profile: c.profile, ...extra };
  }

  private readIfUnknown(name: string): Promise<void> {
    return this.cache.unknown(name) ? this.read(name) : Promise.resolve();
  }

  /**
   * One DescribeTable; only the newest read of a table (since the last Refresh) is kept. The views hear of it when it
   * changed what is known (or `announce`): redrawing a right-clicked row closed the quick pick its command had just
   * opened (seen in the end-to-end run, after the fresh read every command now makes).
   */
  private read(name: string, announce = false): Promise<void> {
    const ticket = this.cache.begin(name);
    const state = this.cache.state(name);
    const done = (async () => {
      let outcome: 'stale' | 'same' | 'changed';
      try {
        const { tables } = await this.connection.getServices();
        outcome = this.cache.finish(ticket, { table: await tables.describeTable(name) });
      } catch (err) {
        if (this.cache.isNewest(ticket)) this.log.warn(`DescribeTable ${name} failed: ${String(err)}`);
        outcome = this.cache.finish(ticket, { error: describeError(err, this.errorContext({ table: name, action: 'dynamodb:DescribeTable' })) });
      }
      if (outcome === 'stale') {
        // A newer read replaced this one: whoever waits for this one gets that one's answer.
        await this.cache.peek(name)?.reading;
        return;
      }
      state.reading = undefined;
      if (outcome === 'changed' || announce) this.changed.fire([name]);
    })();
    state.reading = done;
    return done;
  }

  private async readNames(): Promise<TableNames> {
    const { region, dynamodbEndpoint, streamsEndpoint } = this.connection.current;
    const badRegion = region && !dynamodbEndpoint ? validateRegion(region) : undefined;
    if (badRegion) return { ok: false, key: 'region', error: { message: badRegion, hint: 'Connect… to choose a region, or fix dynamodbStreams.region.', next: 'connect' } };
    const badEndpoint = [dynamodbEndpoint, streamsEndpoint].map((e) => e && validateEndpoint(e)).find(Boolean);
    if (badEndpoint) return { ok: false, key: 'endpoint', error: { message: badEndpoint, hint: 'Connect… to enter the endpoint again, or fix dynamodbStreams.endpoint.', next: 'connect' } };
    try {
      const services = await this.connection.getServices();
      return { ok: true, names: await services.tables.listTableNames() };
    } catch (err) {
      this.log.error(`ListTables failed: ${String(err)}`);
      return { ok: false, key: 'list-tables', error: describeError(err, this.errorContext({ action: 'dynamodb:ListTables' })) };
    }
  }

  dispose(): void {
    this.describeQueue.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A failed read, already in its friendly form (commands show it as it is). */
export class KnownTableError extends Error {
  constructor(readonly friendly: FriendlyError) {
    super(friendly.message);
    this.name = 'KnownTableError';
  }
}
