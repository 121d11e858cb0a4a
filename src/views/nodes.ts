// Tree nodes. Each builds its own TreeItem; the provider loads children, the table service owns what tables are.
import * as vscode from 'vscode';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { FriendlyError } from '../core/connection/errors';
import type { ShardNode as LineageNode } from '../core/tail/lineage';
import { destinationDescription, destinationTooltip, type KinesisDestination } from '../core/table/kinesisDestination';
import { streamEnabled, streamSummary, tableDetailLines } from '../core/table/tableDetails';
import type { TableExtras } from '../core/table/tableTypes';
import type { TableState } from '../core/table/tableCache';
import { tableClassOf, TABLE_CLASS_LABELS } from '../core/table/tableSettings';
import { replicaDetailLines, replicaSummary, type Replica } from '../core/table/replicas';
import { lastResultFailed, prettyPattern, triggerDetailLines, triggerSummary, type LambdaTrigger } from '../core/lambda/lambdaTriggers';
import { COMMANDS, CONTEXT } from '../ids';
import { plural } from '../core/util/plural';

export class ConnectionNode {
  readonly kind = 'connection';
  constructor(public label: string, public filter: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'connection';
    item.iconPath = new vscode.ThemeIcon('plug');
    item.description = this.filter ? `filter: "${this.filter}"` : undefined;
    item.tooltip = `Connection: ${this.label}\nChange it with DynamoDB Streams: Connect…`;
    item.contextValue = CONTEXT.connection;
    return item;
  }
}

export class TableNode {
  readonly kind = 'table';

  /** `state`: what the table service knows about the table (read live: the service updates it). */
  constructor(readonly name: string, private readonly state: TableState<TableDescription>) {}

  get table(): TableDescription | undefined {
    return this.state.table;
  }

  get error(): FriendlyError | undefined {
    return this.state.error;
  }

  get extras(): TableExtras | undefined {
    return this.state.extras;
  }

  get busy(): string | undefined {
    return this.state.busy;
  }

  get streamOn(): boolean {
    return this.table !== undefined && streamEnabled(this.table);
  }

  get contextValue(): string {
    if (!this.table) return CONTEXT.tableUnknown;
    return this.streamOn ? CONTEXT.tableStreamOn : CONTEXT.tableStreamOff;
  }

  toTreeItem(): vscode.TreeItem {
    // Expandable once described: a table whose stream is off may still have previous streams (readable ~24 h).
    const collapsible = this.table || this.error ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(this.name, collapsible);
    item.id = `table:${this.name}`;
    item.contextValue = this.contextValue;
    item.iconPath = new vscode.ThemeIcon(this.error ? 'warning' : 'table');
    if (this.busy) item.description = this.busy;
    else if (this.error) item.description = this.error.message;
    else item.description = this.table ? this.summary(this.table) : '…';
    // Left undefined until TTL and PITR are known: VS Code then asks resolveTreeItem on hover, which reads them.
    item.tooltip = this.error || this.extras ? this.tooltip() : undefined;
    return item;
  }

  /** The stream state, and the table class when it is not the default (every tooltip names it). */
  private summary(table: TableDescription): string {
    const tableClass = tableClassOf(table);
    return tableClass === 'STANDARD' ? streamSummary(table) : `${streamSummary(table)} · ${TABLE_CLASS_LABELS[tableClass]}`;
  }

  tooltip(): vscode.MarkdownString | string {
    if (this.error) return `${this.error.message}\n${this.error.hint}`;
    if (!this.table) return this.name;
    return detailTooltip(tableDetailLines(this.table, this.extras));
  }
}

export class StreamNode {
  readonly kind = 'stream';
  constructor(
    readonly tableName: string,
    readonly streamArn: string,
    readonly label: string | undefined,
    readonly viewType: string | undefined,
    readonly current: boolean,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Stream ${this.label ?? this.streamArn.split('/').pop()}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `stream:${this.streamArn}`;
    item.contextValue = this.current ? CONTEXT.streamCurrent : CONTEXT.streamPrevious;
    item.iconPath = new vscode.ThemeIcon(this.current ? 'pulse' : 'history');
    item.description = this.current ? this.viewType : `disabled${this.viewType ? ` · ${this.viewType}` : ''}`;
    item.tooltip = `${this.current ? 'Current stream' : 'Previous stream (disabled, readable about 24 h)'}\nView type: ${this.viewType ?? '—'}\nLabel: ${this.label ?? '—'}\nARN: ${this.streamArn}`;
    return item;
  }
}

export class PreviousStreamsNode {
  readonly kind = 'previousStreams';
  constructor(readonly tableName: string, readonly streams: StreamNode[]) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Previous streams', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `previous:${this.tableName}`;
    item.contextValue = CONTEXT.previousStreams;
    item.iconPath = new vscode.ThemeIcon('history');
    item.description = String(this.streams.length);
    item.tooltip = 'Streams of this table that were disabled but are still readable (about 24 h)';
    return item;
  }
}

export class ShardTreeNode {
  readonly kind = 'shard';
  constructor(readonly stream: StreamNode, readonly lineage: LineageNode) {}

  get shardId(): string {
    return this.lineage.id;
  }

  toTreeItem(): vscode.TreeItem {
    const range = this.lineage.shard.SequenceNumberRange ?? {};
    const collapsible = this.lineage.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(this.shardId, collapsible);
    item.id = `shard:${this.stream.streamArn}:${this.shardId}`;
    item.contextValue = CONTEXT.shard;
    item.iconPath = new vscode.ThemeIcon(this.lineage.closed ? 'circle-outline' : 'circle-filled');
    const state = this.lineage.closed ? 'closed' : 'open';
    const seq = this.lineage.closed
      ? `${range.StartingSequenceNumber ?? '?'} – ${range.EndingSequenceNumber}`
      : `from ${range.StartingSequenceNumber ?? '?'}`;
    const parent = this.lineage.missingParentId ? ` · parent ${this.lineage.missingParentId} (trimmed)` : '';
    item.description = `${state} · ${seq}${parent}`;
    item.tooltip = [
      `Shard ${this.shardId} (${state})`,
      `Starting sequence number: ${range.StartingSequenceNumber ?? '—'}`,
      `Ending sequence number: ${range.EndingSequenceNumber ?? '— (open)'}`,
      `Parent: ${this.lineage.shard.ParentShardId ?? '— (root)'}`,
      `Children: ${this.lineage.children.map((c) => c.id).join(', ') || '—'}`,
    ].join('\n');
    return item;
  }
}

/** A table's Kinesis Data Streams destination: right-click to tail the data stream. */
export class KinesisDestinationNode {
  readonly kind = 'kinesisDestination';
  constructor(readonly tableName: string, readonly destination: KinesisDestination) {}

  toTreeItem(): vscode.TreeItem {
    const d = this.destination;
    const item = new vscode.TreeItem('Kinesis destination', vscode.TreeItemCollapsibleState.None);
    item.id = `kinesis:${this.tableName}:${d.streamArn}`;
    item.contextValue = CONTEXT.kinesisDestination;
    item.iconPath = new vscode.ThemeIcon(d.status === 'ENABLE_FAILED' ? 'warning' : 'arrow-swap');
    item.description = `${d.streamName} · ${destinationDescription(d)}`;
    item.tooltip = destinationTooltip(d);
    return item;
  }
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(readonly error: FriendlyError, readonly key: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.error.message, vscode.TreeItemCollapsibleState.None);
    item.id = `error:${this.key}`;
    item.contextValue = CONTEXT.error;
    item.iconPath = new vscode.ThemeIcon('error');
    item.description = this.error.hint;
    item.tooltip = `${this.error.message}\n${this.error.hint}`;
    if (this.error.next === 'connect') item.command = { command: COMMANDS.connect, title: 'Connect…' };
    else if (this.error.next === 'refresh' || this.error.next === 'login') item.command = { command: COMMANDS.refresh, title: 'Refresh' };
    return item;
  }
}

export class MessageNode {
  readonly kind = 'message';
  constructor(readonly text: string, readonly key: string, readonly icon = 'info', readonly description?: string, readonly tooltip?: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = `message:${this.key}`;
    item.contextValue = CONTEXT.message;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.tooltip = this.tooltip ?? (this.description ? `${this.text}\n${this.description}` : undefined);
    return item;
  }
}

/** Label/value lines as a Markdown tooltip; values inserted as text (they come from AWS). */
function detailTooltip(lines: readonly [string, string][]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  for (const [label, value] of lines) {
    md.appendMarkdown(`**${label}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  return md;
}

/** `Replicas` under a global table: one child per region. */
export class ReplicasNode {
  readonly kind = 'replicas';
  constructor(readonly tableName: string, readonly replicas: ReplicaNode[]) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Replicas', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `replicas:${this.tableName}`;
    item.contextValue = CONTEXT.replicas;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.description = plural(this.replicas.length, 'region');
    item.tooltip = `Global table ${this.tableName}: replicas in ${this.replicas.map((r) => r.replica.region).join(', ')}.\nRight-click a region to tail its replica's stream.`;
    return item;
  }
}

/** One replica region; right-click Tail stream reads that region's stream. */
export class ReplicaNode {
  readonly kind = 'replica';
  /** `ownRegion`: the connection's region (its replica is the table itself). */
  constructor(readonly tableName: string, readonly replica: Replica, readonly ownRegion?: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.replica.region, vscode.TreeItemCollapsibleState.None);
    item.id = `replica:${this.tableName}:${this.replica.region}`;
    item.contextValue = CONTEXT.replica;
    const healthy = this.replica.status === 'ACTIVE' || this.replica.status === undefined;
    item.iconPath = new vscode.ThemeIcon(healthy ? 'globe' : 'warning');
    item.description = replicaSummary(this.replica, this.ownRegion);
    item.tooltip = detailTooltip(replicaDetailLines(this.replica));
    return item;
  }
}

/** `Lambda triggers` under a stream: its event source mappings, read on expand. */
export class LambdaTriggersNode {
  readonly kind = 'lambdaTriggers';
  /** `unavailable`: why the connection has no Lambda to ask (shown without expanding). */
  constructor(readonly stream: StreamNode, readonly unavailable?: string) {}

  toTreeItem(): vscode.TreeItem {
    const collapsible = this.unavailable ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem('Lambda triggers', collapsible);
    item.id = `lambdaTriggers:${this.stream.streamArn}`;
    item.contextValue = CONTEXT.lambdaTriggers;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    item.description = this.unavailable;
    item.tooltip = this.unavailable ?? 'Lambda functions this stream invokes (event source mappings)';
    return item;
  }
}

/** One event source mapping: function, state, batch size, filter count; patterns in the tooltip. */
export class LambdaTriggerNode {
  readonly kind = 'lambdaTrigger';
  constructor(readonly stream: StreamNode, readonly trigger: LambdaTrigger) {}

  toTreeItem(): vscode.TreeItem {
    const t = this.trigger;
    const item = new vscode.TreeItem(t.functionName, vscode.TreeItemCollapsibleState.None);
    item.id = `lambdaTrigger:${this.stream.streamArn}:${t.uuid || t.functionName}`;
    item.contextValue = t.filterPatterns.length ? CONTEXT.lambdaTriggerFiltered : CONTEXT.lambdaTrigger;
    const enabled = t.state === 'Enabled';
    item.iconPath = new vscode.ThemeIcon(lastResultFailed(t) ? 'warning' : enabled ? 'zap' : 'circle-slash');
    item.description = triggerSummary(t);
    const md = detailTooltip(triggerDetailLines(t));
    t.filterPatterns.forEach((pattern, i) => {
      md.appendMarkdown(`\n**Filter ${i + 1}:**\n`);
      md.appendCodeblock(prettyPattern(pattern), 'json');
    });
    item.tooltip = md;
    return item;
  }
}

export type TreeNode =
  | ConnectionNode
  | TableNode
  | StreamNode
  | PreviousStreamsNode
  | ShardTreeNode
  | KinesisDestinationNode
  | ErrorNode
  | MessageNode
  | ReplicasNode
  | ReplicaNode
  | LambdaTriggersNode
  | LambdaTriggerNode;
