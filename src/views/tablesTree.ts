// The "DynamoDB Streams" tree: connection → tables → current stream (+ previous streams) → shards in lineage.
import * as vscode from 'vscode';
import { validateEndpoint, validateRegion } from '../core/connection/connection';
import { describeError, ErrorContext } from '../core/connection/errors';
import { BoundedQueue } from '../core/util/boundedQueue';
import { buildLineage } from '../core/tail/lineage';
import { emptyLocalEndpointMessage, filterTableNames } from '../core/table/tableDetails';
import type { ConnectionManager } from '../connection/connectionManager';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { ReplicaSource } from '../core/table/replicas';
import type { Replica } from '../core/table/replicas';
import {
  ConnectionNode,
  ErrorNode,
  KinesisDestinationNode,
  LambdaTriggerNode,
  LambdaTriggersNode,
  MessageNode,
  PreviousStreamsNode,
  ReplicaNode,
  ReplicasNode,
  ShardTreeNode,
  StreamNode,
  TableNode,
  TreeNode,
} from './nodes';

/**
 * How many DescribeTable calls run at once while filling in the rows' stream state.
 *
 * Why all rows, in list order: VS Code asks getTreeItem for every child of an expanded node and never says which rows
 * are on screen, so the tree returns all table rows at once (names only, description "…") and reads their stream
 * state behind them through a small queue in list order: the first screenful is read first (measured with 1,000
 * tables on DynamoDB Local: names in 0.1–0.4 s, the first 30 rows' state in 0.3–0.8 s, all 1,000 in 3–12 s;
 * docs/BENCHMARKS.md, "Tree at scale"), and the backend never sees more than this many DescribeTable calls at once. Each table is read once per connection
 * (the nodes are the cache) until Refresh or a stream command on it; a filter change re-queues only the rows it shows.
 * TTL and point-in-time recovery, needed only by the tooltip, are read on hover (resolveTreeItem).
 */
export const DESCRIBE_CONCURRENCY = 4;

export class TablesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private root: ConnectionNode;
  private tableNames?: Promise<string[] | ErrorNode>;
  private tables = new Map<string, TableNode>();
  private filter = '';
  private generation = 0;
  private readonly subscription: vscode.Disposable;
  /** Rows waiting for their DescribeTable, in list order. */
  readonly describeQueue = new BoundedQueue<TableNode>(DESCRIBE_CONCURRENCY, (node) => this.describeIfUnknown(node));
  /** Replaces the connection's replica listing (extension-host tests: DynamoDB Local has no global tables). */
  replicaSource?: ReplicaSource;

  constructor(private readonly connection: ConnectionManager, private readonly log: vscode.LogOutputChannel) {
    this.root = new ConnectionNode(connection.current.label, '');
    this.subscription = connection.onDidChange(() => this.refresh());
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.toTreeItem();
    // Screen readers would otherwise read a plain tooltip instead of what the row shows.
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    item.accessibilityInformation = { label: [label, item.description].filter(Boolean).join(', ') };
    return item;
  }

  /** Called on hover while a table row has no tooltip yet: reads TTL and point-in-time recovery for it. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (!(node instanceof TableNode)) return item;
    if (!node.table && !node.error) await this.describe(node);
    if (node.table && !node.extras) await this.loadExtras(node).catch((err) => this.log.warn(`TTL/PITR of ${node.name}: ${String(err)}`));
    item.tooltip = node.tooltip();
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return [this.root];
    if (node instanceof ConnectionNode) return this.tableChildren();
    if (node instanceof TableNode) return [...(await this.streamChildren(node)), ...(await this.replicaChildren(node))];
    if (node instanceof PreviousStreamsNode) return node.streams;
    if (node instanceof StreamNode) return [await this.lambdaTriggersNode(node), ...(await this.shardChildren(node))];
    if (node instanceof ReplicasNode) return node.replicas;
    if (node instanceof LambdaTriggersNode) return this.triggerChildren(node);
    if (node instanceof ShardTreeNode) return node.lineage.children.map((child) => new ShardTreeNode(node.stream, child));
    return [];
  }

  /** Re-reads everything (connection changed, or the user asked). */
  refresh(): void {
    this.generation++;
    this.tableNames = undefined;
    this.tables.clear();
    this.describeQueue.clear();
    this.root = new ConnectionNode(this.connection.current.label, this.filter);
    this.changed.fire(undefined);
  }

  /** Re-reads one table (after a command on it) without touching the others. */
  async refreshTable(name: string): Promise<TableNode | undefined> {
    const node = this.tables.get(name);
    if (!node) {
      this.refresh();
      return undefined;
    }
    await this.describe(node, { force: true });
    return node;
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    this.root.filter = this.filter;
    this.changed.fire(undefined);
  }

  getFilter(): string {
    return this.filter;
  }

  /** Marks a table as busy (e.g. "enabling stream…") in its description. */
  setBusy(name: string, busy: string | undefined): void {
    const node = this.tables.get(name);
    if (!node) return;
    node.busy = busy;
    this.changed.fire(node);
  }

  /** Table names of the current connection (for palette quick picks). */
  async listTableNames(): Promise<string[]> {
    const names = await this.loadNames();
    if (names instanceof ErrorNode) throw new Error(`${names.error.message} — ${names.error.hint}`);
    return names;
  }

  getTableNode(name: string): TableNode | undefined {
    return this.tables.get(name);
  }

  /** The table's description as the tree knows it, reading it when the tree has not yet. */
  async getTable(name: string): Promise<TableNode> {
    const node = this.tables.get(name) ?? new TableNode(name);
    if (!node.table || node.error) await this.describe(node, { force: !!node.error });
    return node;
  }

  private errorContext(extra: ErrorContext = {}): ErrorContext {
    const c = this.connection.current;
    return { endpoint: c.dynamodbEndpoint, region: c.region, profile: c.profile, ...extra };
  }

  private loadNames(): Promise<string[] | ErrorNode> {
    if (!this.tableNames) {
      this.tableNames = (async () => {
        const { region, dynamodbEndpoint, streamsEndpoint } = this.connection.current;
        const badRegion = region && !dynamodbEndpoint ? validateRegion(region) : undefined;
        if (badRegion) return new ErrorNode({ message: badRegion, hint: 'Connect… to choose a region, or fix dynamodbStreams.region.', next: 'connect' }, 'region');
        const badEndpoint = [dynamodbEndpoint, streamsEndpoint].map((e) => e && validateEndpoint(e)).find(Boolean);
        if (badEndpoint) return new ErrorNode({ message: badEndpoint, hint: 'Connect… to enter the endpoint again, or fix dynamodbStreams.endpoint.', next: 'connect' }, 'endpoint');
        try {
          const services = await this.connection.getServices();
          if (this.root.label !== this.connection.current.label) {
            // The profile's region is known only once its config is read: show it.
            this.root.label = this.connection.current.label;
            setTimeout(() => this.changed.fire(this.root), 0);
          }
          return await services.tables.listTableNames();
        } catch (err) {
          this.log.error(`ListTables failed: ${String(err)}`);
          return new ErrorNode(describeError(err, this.errorContext({ action: 'dynamodb:ListTables' })), 'list-tables');
        }
      })();
    }
    return this.tableNames;
  }

  private async tableChildren(): Promise<TreeNode[]> {
    const generation = this.generation;
    const names = await this.loadNames();
    // Refreshed while listing: these names belong to the previous read.
    if (generation !== this.generation) return this.tableChildren();
    if (names instanceof ErrorNode) return [names];
    if (names.length === 0) return this.connection.current.loopback ? this.emptyLocalEndpoint() : [new MessageNode('No tables in this account and region', 'no-tables')];
    const shown = filterTableNames(names, this.filter);
    if (shown.length === 0) return [new MessageNode(`No table matches "${this.filter}"`, 'no-match', 'filter')];
    const nodes = shown.map((name) => {
      let node = this.tables.get(name);
      if (!node) {
        node = new TableNode(name);
        this.tables.set(name, node);
      }
      return node;
    });
    this.describeQueue.replace(nodes.filter((n) => !n.table && !n.error && !n.describing));
    return nodes;
  }

  /** A loopback endpoint with no tables: most often DynamoDB Local's per-credential databases (see the message). */
  private async emptyLocalEndpoint(): Promise<TreeNode[]> {
    const connection = this.connection.current;
    let source;
    try {
      source = await (await this.connection.getServices()).tables.credentialSource(connection.profile);
    } catch {
      source = { kind: 'chain' as const };
    }
    const m = emptyLocalEndpointMessage(source, connection.region);
    return [
      new MessageNode(m.title, 'no-tables', 'info', m.detail, `${m.title}\n${m.detail}\n${m.remedy}`),
      new MessageNode('Start DynamoDB Local with -sharedDb to see every client\'s tables', 'no-tables-remedy', 'lightbulb', undefined, m.remedy),
    ];
  }

  /** The queue's work: another listing may have queued the row too, so each table is read once. */
  private describeIfUnknown(node: TableNode): Promise<void> {
    if (node.table || node.error || this.tables.get(node.name) !== node) return Promise.resolve();
    return this.describe(node);
  }

  private loadExtras(node: TableNode): Promise<void> {
    node.loadingExtras ??= (async () => {
      try {
        const { tables } = await this.connection.getServices();
        node.extras = await tables.describeExtras(node.name);
      } finally {
        node.loadingExtras = undefined;
      }
    })();
    return node.loadingExtras;
  }

  /**
   * Reads a table's description. A read already under way is shared unless `force` (after a command changed the
   * table): then a new one starts and only the newest result is kept.
   */
  private describe(node: TableNode, { fire = true, force = false } = {}): Promise<void> {
    if (node.describing && !force) return node.describing;
    const seq = ++node.describeSeq;
    const done = (async () => {
      try {
        const { tables } = await this.connection.getServices();
        const table = await tables.describeTable(node.name);
        if (seq !== node.describeSeq) return;
        node.table = table;
        if (force) node.extras = undefined; // read again on the next hover
        node.error = undefined;
      } catch (err) {
        if (seq !== node.describeSeq) return;
        this.log.warn(`DescribeTable ${node.name} failed: ${String(err)}`);
        node.error = describeError(err, this.errorContext({ table: node.name, action: 'dynamodb:DescribeTable' }));
      } finally {
        if (seq === node.describeSeq) node.describing = undefined;
      }
      if (fire && this.tables.get(node.name) === node) this.changed.fire(node);
    })();
    node.describing = done;
    return done;
  }

  private async streamChildren(node: TableNode): Promise<TreeNode[]> {
    if (node.error) return [new ErrorNode(node.error, `table:${node.name}`)];
    if (!node.table) await this.describe(node, { fire: false });
    const table = node.table;
    if (!table) return [];
    const children: TreeNode[] = [];
    const currentArn = node.streamOn ? table.LatestStreamArn : undefined;
    if (currentArn) {
      children.push(new StreamNode(node.name, currentArn, table.LatestStreamLabel, table.StreamSpecification?.StreamViewType, true));
    }
    try {
      const { streams } = await this.connection.getServices();
      const previous = (await streams.listStreams(node.name)).filter((s) => s.streamArn !== currentArn);
      if (previous.length) {
        const nodes = previous.map((s) => new StreamNode(node.name, s.streamArn, s.streamLabel, undefined, false));
        children.push(new PreviousStreamsNode(node.name, nodes));
      }
    } catch (err) {
      children.push(new ErrorNode(describeError(err, this.errorContext({ action: 'dynamodb:ListStreams' })), `streams:${node.name}`));
    }
    if (children.length === 0) children.push(new MessageNode('Stream off — right-click the table to enable one', `off:${node.name}`));
    children.push(...(await this.destinationChildren(node)));
    return children;
  }

  /** The table's Kinesis destinations; an endpoint without them (DynamoDB Local) says so once, quietly. */
  private async destinationChildren(node: TableNode): Promise<TreeNode[]> {
    try {
      const listing = await (await this.connection.getServices()).kinesisDestinations.list(node.name);
      if (!listing.supported) return [new MessageNode('Kinesis destinations: not supported by this endpoint', `kinesis-none:${node.name}`, 'circle-slash', undefined, listing.reason)];
      return listing.destinations.map((d) => new KinesisDestinationNode(node.name, d));
    } catch (err) {
      return [new ErrorNode(describeError(err, this.errorContext({ action: 'dynamodb:DescribeKinesisStreamingDestination', table: node.name })), `kinesis:${node.name}`)];
    }
  }

  private async shardChildren(node: StreamNode): Promise<TreeNode[]> {
    try {
      const { streams } = await this.connection.getServices();
      const description = await streams.describeAllShards(node.streamArn);
      const roots = buildLineage(description.shards);
      if (roots.length === 0) return [new MessageNode('No shards yet', `no-shards:${node.streamArn}`)];
      return roots.map((root) => new ShardTreeNode(node, root));
    } catch (err) {
      return [new ErrorNode(describeError(err, this.errorContext({ action: 'dynamodb:DescribeStream' })), `shards:${node.streamArn}`)];
    }
  }

  /** A table's global-table replicas (none for other tables). */
  async listReplicas(table: TableDescription): Promise<Replica[]> {
    const source = this.replicaSource ?? (await this.connection.getServices()).replicas;
    return source.list(table);
  }

  /** `Replicas` when the table is a global table (either version); nothing otherwise. */
  private async replicaChildren(node: TableNode): Promise<TreeNode[]> {
    const table = node.table;
    if (!table || node.error) return [];
    try {
      const replicas = await this.listReplicas(table);
      if (replicas.length === 0) return [];
      const region = this.connection.current.region;
      return [new ReplicasNode(node.name, replicas.map((r) => new ReplicaNode(node.name, r, region)))];
    } catch (err) {
      this.log.warn(`Replicas of ${node.name}: ${String(err)}`);
      return [new ErrorNode(describeError(err, this.errorContext({ table: node.name, action: 'dynamodb:DescribeGlobalTable' })), `replicas:${node.name}`)];
    }
  }

  /** The stream's `Lambda triggers` row: says at once when the connection has no Lambda to ask. */
  private async lambdaTriggersNode(stream: StreamNode): Promise<LambdaTriggersNode> {
    const { lambdaTriggers } = await this.connection.getServices();
    return new LambdaTriggersNode(stream, lambdaTriggers.unavailableReason);
  }

  private async triggerChildren(node: LambdaTriggersNode): Promise<TreeNode[]> {
    const key = `triggers:${node.stream.streamArn}`;
    try {
      const { lambdaTriggers } = await this.connection.getServices();
      const listing = await lambdaTriggers.list(node.stream.streamArn);
      if (!listing.available) return [new MessageNode(listing.reason, key)];
      if (listing.triggers.length === 0) return [new MessageNode('No Lambda function reads this stream', key)];
      return listing.triggers.map((t) => new LambdaTriggerNode(node.stream, t));
    } catch (err) {
      this.log.warn(`ListEventSourceMappings ${node.stream.streamArn}: ${String(err)}`);
      return [new ErrorNode(describeError(err, this.errorContext({ action: 'lambda:ListEventSourceMappings' })), key)];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
