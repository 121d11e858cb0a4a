// The `Local triggers` view (under the tables tree, shown only while there are local triggers) and a status bar item
// per running trigger. A row per trigger (state and counters; settings and checkpoint in its tooltip), its recent
// batches as children. A view over LocalTriggerManager: it draws what the manager reports.
import * as vscode from 'vscode';
import {
  batchDescription,
  batchDetailLines,
  batchLabel,
  checkpointLines,
  counterLines,
  progressSummary,
  statusBarText,
} from '../core/trigger/progress';
import { SETTING_FIELDS, settingValueText } from '../core/trigger/settingsForm';
import type { BatchOutcome, BatchReport } from '../core/trigger/types';
import { ChangeBatcher, TREE_CHANGE_GAP_MS } from '../core/util/changeBatcher';
import type { LocalTriggerEntry, LocalTriggerManager } from '../handlers/localTriggers';
import { COMMANDS, CONTEXT } from '../ids';

export const LOCAL_TRIGGERS_VIEW = 'dynamodbStreams.localTriggers';
/** The context key package.json's `when` clause reads: the view shows only while there are local triggers. */
export const HAS_LOCAL_TRIGGERS = 'dynamodbStreams.hasLocalTriggers';

export class LocalTriggerNode {
  readonly kind = 'localTrigger';
  constructor(readonly id: string) {}
}

export class LocalBatchNode {
  readonly kind = 'localBatch';
  constructor(readonly triggerId: string, readonly batch: BatchReport) {}
}

export type LocalTriggersViewNode = LocalTriggerNode | LocalBatchNode;

const OUTCOME_ICON: Record<BatchOutcome, [string, string?]> = {
  running: ['sync~spin'],
  success: ['pass', 'testing.iconPassed'],
  error: ['error', 'testing.iconFailed'],
  partial: ['warning', 'list.warningForeground'],
  bisected: ['split-horizontal', 'list.warningForeground'],
  'sent-to-destination': ['mail', 'list.warningForeground'],
  'dropped-by-age': ['trash', 'list.warningForeground'],
};

function icon([id, color]: [string, string?]): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** Label/value lines as Markdown; values inserted as text (a handler's message is untrusted). */
function linesTooltip(md: vscode.MarkdownString, lines: readonly [string, string][]): vscode.MarkdownString {
  for (const [label, value] of lines) {
    md.appendMarkdown(`**${label}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  return md;
}

export class LocalTriggersView implements vscode.TreeDataProvider<LocalTriggersViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LocalTriggersViewNode | LocalTriggersViewNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly batcher = new ChangeBatcher<string>(TREE_CHANGE_GAP_MS, () => this.redraw());
  /** One node object per trigger, so reveal and refresh find the row VS Code has. */
  private readonly nodes = new Map<string, LocalTriggerNode>();
  private readonly statusItems = new Map<string, vscode.StatusBarItem>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What the context key says now (set only when it changes). */
  private hasTriggers?: boolean;
  readonly treeView: vscode.TreeView<LocalTriggersViewNode>;

  constructor(private readonly manager: LocalTriggerManager) {
    this.treeView = vscode.window.createTreeView(LOCAL_TRIGGERS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(this.treeView, manager.onDidChange((id) => this.batcher.add(id ?? '')));
    this.redraw();
  }

  private redraw(): void {
    const entries = this.manager.list();
    for (const id of [...this.nodes.keys()]) if (!entries.some((e) => e.definition.id === id)) this.nodes.delete(id);
    if (this.hasTriggers !== entries.length > 0) {
      this.hasTriggers = entries.length > 0;
      void vscode.commands.executeCommand('setContext', HAS_LOCAL_TRIGGERS, this.hasTriggers);
    }
    this.updateStatusItems(entries);
    this.changed.fire(undefined);
  }

  private node(id: string): LocalTriggerNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = new LocalTriggerNode(id);
      this.nodes.set(id, node);
    }
    return node;
  }

  getChildren(node?: LocalTriggersViewNode): LocalTriggersViewNode[] {
    if (!node) return this.manager.list().map((e) => this.node(e.definition.id));
    if (node instanceof LocalTriggerNode) return (this.manager.get(node.id)?.progress.batches ?? []).map((b) => new LocalBatchNode(node.id, b));
    return [];
  }

  getParent(node: LocalTriggersViewNode): LocalTriggersViewNode | undefined {
    return node instanceof LocalBatchNode ? this.node(node.triggerId) : undefined;
  }

  getTreeItem(node: LocalTriggersViewNode): vscode.TreeItem {
    const item = node instanceof LocalTriggerNode ? this.triggerItem(node) : this.batchItem(node);
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    item.accessibilityInformation = { label: [label, item.description].filter(Boolean).join(', ') };
    return item;
  }

  private triggerItem(node: LocalTriggerNode): vscode.TreeItem {
    const entry = this.manager.get(node.id);
    const item = new vscode.TreeItem(entry?.definition.label ?? node.id, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `localTrigger:${node.id}`;
    if (!entry) return item;
    const { progress } = entry;
    item.contextValue = entry.active ? CONTEXT.localTriggerRunning : CONTEXT.localTriggerStopped;
    const failing = progress.batches[0] && ['error', 'partial', 'bisected'].includes(progress.batches[0].outcome);
    item.iconPath = !entry.active ? icon(['debug-stop']) : progress.state === 'running' ? icon(failing ? ['zap', 'list.warningForeground'] : ['zap']) : icon(['sync~spin']);
    item.description = progressSummary(progress);
    item.tooltip = triggerTooltip(entry);
    return item;
  }

  private batchItem(node: LocalBatchNode): vscode.TreeItem {
    const b = node.batch;
    const item = new vscode.TreeItem(batchLabel(b), vscode.TreeItemCollapsibleState.None);
    item.id = `localBatch:${node.triggerId}:${b.id}`;
    item.contextValue = CONTEXT.localTriggerBatch;
    item.iconPath = icon(OUTCOME_ICON[b.outcome]);
    item.description = batchDescription(b);
    item.tooltip = linesTooltip(new vscode.MarkdownString(), batchDetailLines(b));
    return item;
  }

  /** Reveals a trigger's row (its status bar item's click; `focus` false: a new trigger shown, the focus left). */
  async reveal(id: string, focus = true): Promise<void> {
    if (!this.manager.get(id)) return;
    await this.treeView.reveal(this.node(id), { select: focus, focus, expand: true });
  }

  private updateStatusItems(entries: LocalTriggerEntry[]): void {
    const active = new Map(entries.filter((e) => e.active).map((e) => [e.definition.id, e]));
    for (const [id, item] of this.statusItems) {
      if (active.has(id)) continue;
      item.dispose();
      this.statusItems.delete(id);
    }
    for (const [id, entry] of active) {
      let item = this.statusItems.get(id);
      if (!item) {
        item = vscode.window.createStatusBarItem(`dynamodbStreams.localTrigger.${id}`, vscode.StatusBarAlignment.Left, 9);
        item.name = `Local trigger: ${entry.definition.label}`;
        item.command = { command: COMMANDS.revealLocalTrigger, title: 'Show in Local triggers', arguments: [id] };
        this.statusItems.set(id, item);
      }
      const failing = entry.progress.counters.failures > 0;
      item.text = `$(${entry.progress.state === 'running' ? 'zap' : 'sync~spin'}) ${statusBarText(entry.definition.label, entry.progress)}`;
      item.tooltip = `Local trigger ${entry.definition.label}: ${progressSummary(entry.progress)}\nClick to show it in Local triggers`;
      item.backgroundColor = failing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.accessibilityInformation = { label: `Local trigger ${entry.definition.label}: ${progressSummary(entry.progress)}` };
      item.show();
    }
  }

  dispose(): void {
    this.batcher.dispose();
    for (const item of this.statusItems.values()) item.dispose();
    this.statusItems.clear();
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

/** The trigger's tooltip: where it reads, what it runs, its counters, settings and checkpoint. */
function triggerTooltip(entry: LocalTriggerEntry): vscode.MarkdownString {
  const d = entry.definition;
  const lines: [string, string][] = [
    ['Table', d.tableName],
    ['Stream', d.streamArn],
    ['Connection', d.connection.label],
    ['Handler', `${d.handler.file}#${d.handler.exportName} (${d.handler.runtime === 'python' ? 'Python' : 'Node.js'})`],
  ];
  if (d.functionName) lines.push(['Runs locally for', d.functionName]);
  lines.push(...counterLines(entry.progress));
  lines.push(...SETTING_FIELDS.map((f): [string, string] => [f.label, settingValueText(d.settings, f.key)]));
  lines.push(...checkpointLines(entry.progress.checkpoints, entry.progress.checkpointAtMs));
  return linesTooltip(new vscode.MarkdownString(), lines);
}
