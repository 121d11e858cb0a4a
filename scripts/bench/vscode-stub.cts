// The few `vscode` API pieces the tree provider and its nodes use, so benchmarks can drive the real provider in plain
// Node (scripts/bench/tables.mts installs it as the `vscode` module). Behaviour only as far as the tree needs it.
class EventEmitter<T> {
  private listeners = new Set<(e: T) => void>();
  event = (listener: (e: T) => void) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;

class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  contextValue?: string;
  iconPath?: unknown;
  command?: unknown;
  accessibilityInformation?: unknown;
  constructor(public label: string, public collapsibleState = TreeItemCollapsibleState.None) {}
}

class ThemeIcon {
  constructor(readonly id: string) {}
}

class MarkdownString {
  value = '';
  appendMarkdown(text: string) { this.value += text; return this; }
  appendText(text: string) { this.value += text.replace(/[\\`*_{}[\]()#+\-.!]/g, '\\$&'); return this; }
}

module.exports = { EventEmitter, TreeItem, TreeItemCollapsibleState, ThemeIcon, MarkdownString };
