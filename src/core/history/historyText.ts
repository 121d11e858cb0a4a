// An item's history as a read-only text document: one section per change, oldest first (time, event, who, then the
// attributes that changed). Pure; the lines a section starts on carry the "Restore this version" CodeLens.
import { keysText } from '../records/records';
import type { Item } from '../records/model';
import type { ItemHistory } from './itemHistory';

export interface HistoryText {
  text: string;
  /** Per entry that can be restored (its version after the change is known): the line of its heading. */
  restorable: { line: number; entry: number }[];
}

const EVENT_NAMES: Record<string, string> = { INSERT: 'INSERT', MODIFY: 'MODIFY', REMOVE: 'REMOVE', TTL: 'REMOVE (TTL expired)' };

export function historyText(tableName: string, keys: Item, history: ItemHistory, source: string): HistoryText {
  const lines: string[] = [`# Item history: ${tableName} ${keysText(keys)}`, '', `From ${source}, oldest first.`, ''];
  const restorable: HistoryText['restorable'] = [];
  if (history.unavailable) {
    lines.push(history.unavailable, '');
    return { text: lines.join('\n'), restorable };
  }
  if (!history.entries.length) lines.push('No change of this item among these records.', '');
  history.entries.forEach((entry, i) => {
    const time = entry.timeMs !== undefined ? new Date(entry.timeMs).toISOString() : 'time unknown';
    if (entry.after || entry.kind === 'REMOVE' || entry.kind === 'TTL') restorable.push({ line: lines.length, entry: i });
    lines.push(`## ${i + 1}. ${time} · ${EVENT_NAMES[entry.kind] ?? entry.kind} · ${entry.who}`);
    const changed = entry.diff.filter((d) => d.change !== 'unchanged');
    if (entry.diffMissing) lines.push(`  ${entry.diffMissing}`);
    else if (!changed.length) lines.push('  (no attribute changed)');
    for (const d of changed) {
      if (d.change === 'added') lines.push(`  + ${d.path}: ${d.newText ?? ''}`);
      else if (d.change === 'removed') lines.push(`  - ${d.path}: ${d.oldText ?? ''}`);
      else lines.push(`  ~ ${d.path}: ${d.oldText ?? ''} → ${d.newText ?? ''}`);
    }
    lines.push('');
  });
  return { text: lines.join('\n'), restorable };
}
