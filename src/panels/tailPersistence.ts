// Keeps what a tail panel needs after a reload (core/panel/panelRestore.ts) in its webview's saved state, which VS Code
// keeps with the panel and hands to the serializer (src/commands/restoreTail.ts) after Reload Window or a restart.
import type * as vscode from 'vscode';
import { RESTORE_STATE_VERSION, type TailRestoreState } from '../core/panel/panelRestore';
import type { HostToWebview } from '../core/panel/protocol';
import type { TailSession } from '../core/panel/tailSession';

/** The connection a panel reads with, as saved: its identity (connectionIdOf) and its name without secrets. */
export interface PanelConnection {
  id: string;
  label: string;
}

/** How often a changed state is sent: a reload loses at most this much of it, and losing it only means re-reading more. */
export const PERSIST_INTERVAL_MS = 1000;

export class TailPersistence implements vscode.Disposable {
  private postedVersion = -1;
  private posted?: TailRestoreState;
  private readonly timer: ReturnType<typeof setInterval>;
  private savedConnection?: PanelConnection;
  /** When the reader started from LATEST (a restored panel: the saved time, kept); saved for a reload. */
  sinceMs?: number;

  constructor(
    private readonly session: TailSession,
    connection: PanelConnection | undefined,
    private readonly post: (message: HostToWebview) => void,
  ) {
    this.savedConnection = connection;
    this.timer = setInterval(() => this.save(), PERSIST_INTERVAL_MS);
  }

  /** The connection the saved state names (the reader's, or a restored panel's old one until it restarts). */
  set connection(connection: PanelConnection | undefined) {
    this.savedConnection = connection;
    this.postedVersion = -1;
  }

  /** The state as it is now; undefined without a known connection (a panel opened without one is not restored). */
  current(): TailRestoreState | undefined {
    const c = this.savedConnection;
    if (!c) return undefined;
    const { source, name, streamArn, viewType, onlyShardId, region, startPosition } = this.session.target;
    const target: TailRestoreState['target'] = { source, name, streamArn, startPosition };
    if (viewType !== undefined) target.viewType = viewType;
    if (onlyShardId !== undefined) target.onlyShardId = onlyShardId;
    if (region !== undefined) target.region = region;
    const { text, only } = this.session.lambdaState;
    const state: TailRestoreState = {
      version: RESTORE_STATE_VERSION,
      target,
      connectionId: c.id,
      connectionLabel: c.label,
      filter: this.session.currentFilter,
      lambda: { text, only },
      shards: this.session.shardPositions(),
      nextId: this.session.nextRecordId,
    };
    if (startPosition === 'LATEST' && this.sinceMs !== undefined) state.sinceMs = this.sinceMs;
    return state;
  }

  /** The state last sent to the webview: what a reload would restore. */
  get lastSaved(): TailRestoreState | undefined {
    return this.posted;
  }

  /** Sends the state to the webview when it changed since it was last sent; `force`: the webview (re)loaded. */
  save(force = false): void {
    if (!this.session.isWebviewReady) return;
    const version = this.session.savedStateVersion;
    if (!force && version === this.postedVersion) return;
    const state = this.current();
    if (!state) return;
    this.postedVersion = version;
    this.posted = state;
    this.post({ type: 'persist', state });
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}

/** The connection a saved state names. */
export function savedConnectionOf(state: TailRestoreState): PanelConnection {
  return { id: state.connectionId, label: state.connectionLabel };
}

/** A restored panel's filters and saved positions; returns the Lambda filter's refusal, if any (the rest still applies). */
export function applyRestoredState(session: TailSession, state: TailRestoreState): { error?: string } {
  session.setFilter(state.filter);
  const lambda = state.lambda.text ? session.setLambdaFilter(state.lambda.text) : undefined;
  session.setLambdaOnly(state.lambda.only && !lambda?.error);
  session.seedPositions(state.shards);
  return { error: lambda?.error };
}
