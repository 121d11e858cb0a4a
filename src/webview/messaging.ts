// The webview's side of the host connection: VS Code's API object (one per page), typed messages both ways, and
// the saved UI state. Messages from the host are shape-checked by the protocol before anything reads them.
import { isHostMessage, type HostToWebview, type WebviewToHost } from '../core/panel/protocol';
import type { StateStore } from './state';

interface VsCodeApi extends StateStore {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  send(message: WebviewToHost): void;
  /** getState/setState of the webview (kept while the panel is hidden). */
  readonly store: StateStore;
}

/** Connects to the host; `onMessage` receives only messages that pass the protocol's check. */
export function connectToHost(onMessage: (message: HostToWebview) => void): HostChannel {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (ev: MessageEvent) => {
    if (isHostMessage(ev.data)) onMessage(ev.data);
  });
  return { send: (message) => api.postMessage(message), store: api };
}
