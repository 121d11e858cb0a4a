// The panel's UI state that VS Code keeps while the webview is hidden (getState/setState). Pure: no DOM, so it is
// unit-tested in plain Node; messaging.ts connects it to the real VS Code API.
import { isStartKind, type StartKind } from '../core/panel/protocol';

export interface UiState {
  expanded: number[];
  selected?: number;
  /** The multi-selection (Ctrl/Cmd+click, Shift+click). */
  marked: number[];
  follow: boolean;
  scrollTop: number;
  showUnchanged: boolean;
  /** Chosen by the user; until then the restart picker shows the panel's own start position. */
  restartPosition?: StartKind;
  dismissed: number[];
  /** The user showed (true) or hid (false) the Lambda filter strip; until then it shows while a filter is in force. */
  lambdaStrip?: boolean;
  /** The host's state for bringing the panel back after a reload (core/panel/panelRestore.ts); opaque here. */
  restore?: object;
}

/** Most ids kept in a saved list (expanded rows, dismissed notices): saved state must stay small. */
export const MAX_SAVED_IDS = 1000;
/** Dismissed notice ids remembered (older notices have scrolled out of the host's list by then). */
export const MAX_DISMISSED = 200;
export const SAVE_DELAY_MS = 200;

/** Saved state is whatever an older version (or nothing) left: keep only well-formed fields, default the rest. */
export function readUiState(raw: unknown): UiState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<UiState>;
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((n): n is number => Number.isSafeInteger(n)).slice(0, MAX_SAVED_IDS) : []);
  return {
    expanded: ids(s.expanded),
    selected: Number.isSafeInteger(s.selected) ? s.selected : undefined,
    marked: ids(s.marked),
    follow: typeof s.follow === 'boolean' ? s.follow : true,
    scrollTop: typeof s.scrollTop === 'number' && Number.isFinite(s.scrollTop) ? s.scrollTop : 0,
    showUnchanged: s.showUnchanged === true,
    restartPosition: isStartKind(s.restartPosition) ? s.restartPosition : undefined,
    dismissed: ids(s.dismissed),
    lambdaStrip: typeof s.lambdaStrip === 'boolean' ? s.lambdaStrip : undefined,
    restore: typeof s.restore === 'object' && s.restore !== null ? s.restore : undefined,
  };
}

export function withDismissed(dismissed: readonly number[], id: number): number[] {
  return [...dismissed, id].slice(-MAX_DISMISSED);
}

export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * Writes the state at most once per `delayMs`: scrolling asks to save on every event. `snapshot` is read when the
 * write happens, so the latest state is what gets saved.
 */
export function createStateSaver(store: StateStore, snapshot: () => UiState, delayMs = SAVE_DELAY_MS): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      store.setState(snapshot());
    }, delayMs);
  };
}
