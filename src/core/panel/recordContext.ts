// The context of VS Code's right-click menu on a tail panel's row (webview/context): what the webview puts in a row's
// data-vscode-context and the panel's page puts on its body, and how the record commands read it back. VS Code hands
// the commands the merged object (plus `webview`, the panel's view type); package.json's menus test `webviewSection`.

/** `webviewSection` of a record row: the record commands' menu entries show only there. */
export const RECORD_SECTION = 'record';

/** What a row says: its record, and the records the menu's commands act on (the selection it is part of). */
export interface RecordContext {
  webviewSection: typeof RECORD_SECTION;
  recordId: number;
  recordIds: number[];
  /** No Cut/Copy/Paste on a row: its commands copy records. */
  preventDefaultContextMenuItems: true;
}

export function toRecordContext(recordId: number, recordIds: readonly number[]): RecordContext {
  return { webviewSection: RECORD_SECTION, recordId, recordIds: recordIds.includes(recordId) ? [...recordIds] : [recordId], preventDefaultContextMenuItems: true };
}

/** What the page says on its body, so a command finds the panel the menu was opened in. */
export interface PanelContext {
  tailPanel: string;
}

/** What a record command is asked to act on; a field it could not read is left out (e.g. run from a keybinding). */
export interface RecordCommandTarget {
  panelKey?: string;
  recordId?: number;
  /** The records to act on, oldest first; empty when the context named none. */
  recordIds: number[];
}

const isId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** Reads a command's argument (the menu's context, or anything a keybinding or another extension passes). */
export function readRecordContext(arg: unknown): RecordCommandTarget {
  const o = (typeof arg === 'object' && arg !== null ? arg : {}) as Partial<Record<keyof RecordContext | keyof PanelContext, unknown>>;
  const recordId = isId(o.recordId) ? o.recordId : undefined;
  const listed = Array.isArray(o.recordIds) ? [...new Set(o.recordIds.filter(isId))].sort((a, b) => a - b) : [];
  return {
    panelKey: typeof o.tailPanel === 'string' && o.tailPanel !== '' ? o.tailPanel : undefined,
    recordId,
    recordIds: listed.length > 0 ? listed : recordId !== undefined ? [recordId] : [],
  };
}
