// The "DynamoDB Streams" tree: connection → tables → current stream (+ previous streams) → shards in lineage.
// A view: what is known about the tables (names, descriptions, replicas) belongs to the table service, which the
// commands use too; the tree lists rows over it, asks it to read the shown rows first, and redraws what it reports.
import * as vscode from 'vscode';
import { describeError, ErrorContext } from '../core/connection/errors';
import { ChangeBatcher, TREE_CHANGE_GAP_MS } from '../core/util/changeBatcher';
import { buildLineage } from '../core/tail/lineage';
import { emptyLocalEndpointMessage, filterTableNames } from '../core/table/tableDetails';
import type { ConnectionManager } from '../connection/connectionManager';
import type { TablesChange, TableService } from '../connection/tableService';
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

export class TablesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Changes reach VS Code in batches spaced past its debounce, so rows update while others are still read. */
  private readonly batcher = new ChangeBatcher<TreeNode>(TREE_CHANGE_GAP_MS, (nodes) => this.changed.fire(nodes));
  private root: ConnectionNode;
  /** The rows of the current listing (a view over the table service's states). */
  private rows = new Map<string, TableNode>();
  private filter = '';
  private readonly subscription: vscode.Disposable;

  constructor(private readonly tables: TableService, private readonly connection: ConnectionManager, private readonly log: vscode.LogOutputChannel) {
    this.root = new ConnectionNode(connection.current.label, '');
    this.subscription = tables.onDidChange((change) => this.follow(change));
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
    if (!node.table && !node.error) await this.tables.get(node.name);
    if (node.table && !node.extras) await this.tables.extras(node.name).catch((err) => this.log.warn(`TTL/PITR of ${node.name}: ${String(err)}`));
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

  /** Re-reads everything (the user asked): the table service forgets what it knew and the rows follow. */
  refresh(): void {
    this.tables.refresh();
  }

  /** Re-reads one table without touching the others. */
  async refreshTable(name: string): Promise<TableNode | undefined> {
    await this.tables.reread(name);
    return this.rows.get(name);
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    this.root.filter = this.filter;
    this.batcher.add(undefined);
  }

  getFilter(): string {
    return this.filter;
  }

  getTableNode(name: string): TableNode | undefined {
    return this.rows.get(name);
  }

  /** The table's row, once something is known about the table (read now when nothing is). */
  async getTable(name: string): Promise<TableNode> {
    await this.tables.get(name);
    return this.rows.get(name) ?? new TableNode(name, this.tables.known(name));
  }

  /** The service's news, as row changes: everything (a new listing) or the rows of the tables named. */
  private follow(change: TablesChange): void {
    if (change === undefined) {
      this.rows = new Map();
      this.root = new ConnectionNode(this.connection.current.label, this.filter);
      this.batcher.add(undefined);
      return;
    }
    for (const name of change) {
      const row = this.rows.get(name);
      if (row) this.batcher.add(row);
    }
  }

  private errorContext(extra: ErrorContext = {}): ErrorContext {
    return this.tables.errorContext(extra);
  }

  private async tableChildren(): Promise<TreeNode[]> {
    const root = this.root;
    const listing = await this.tables.listNames();
    // Refreshed while listing: these names belong to the previous read.
    if (root !== this.root) return this.tableChildren();
    if (root.label !== this.connection.current.label) {
      // The profile's region is known only once its config is read: show it.
      root.label = this.connection.current.label;
      this.batcher.add(root);
    }
    if (!listing.ok) return [new ErrorNode(listing.error, listing.key)];
    const names = listing.names;
    if (names.length === 0) return this.connection.current.loopback ? this.emptyLocalEndpoint() : [new MessageNode('No tables in this account and region', 'no-tables')];
    const shown = filterTableNames(names, this.filter);
    if (shown.length === 0) return [new MessageNode(`No table matches "${this.filter}"`, 'no-match', 'filter')];
    const nodes = shown.map((name) => {
      let node = this.rows.get(name);
      if (!node) {
        node = new TableNode(name, this.tables.known(name));
        this.rows.set(name, node);
      }
      return node;
    });
    this.tables.prefetch(shown);
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

  private async streamChildren(node: TableNode): Promise<TreeNode[]> {
    if (!node.table && !node.error) await this.tables.get(node.name);
    if (node.error) return [new ErrorNode(node.error, `table:${node.name}`)];
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

  /** `Replicas` when the table is a global table (either version); nothing otherwise. */
  private async replicaChildren(node: TableNode): Promise<TreeNode[]> {
    const table = node.table;
    if (!table || node.error) return [];
    try {
      const replicas = await this.tables.listReplicas(table);
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
    this.batcher.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
