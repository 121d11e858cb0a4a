// Brings tail panels back after Reload Window or a restart of VS Code: VS Code keeps each panel's webview state (which
// the panel keeps current: panels/tailPersistence.ts) and hands it here. The panel re-reads what it held and goes on
// (core/panel/panelRestore.ts says why re-reading, not a copy on disk).
import * as vscode from 'vscode';
import { tailSettings } from '../config/settings';
import { connectionChangedText, connectionIdOf, connectionLabelOf, parseRestoreState, type TailRestoreState } from '../core/panel/panelRestore';
import { streamRecordSource } from '../core/tail/dynamodb/reader';
import { kinesisRecordSource } from '../core/tail/kinesis/source';
import type { RecordSource } from '../core/tail/types';
import { errorText } from '../core/connection/awsError';
import type { TailPanel } from '../panels/tailPanel';
import type { TailPanelManager } from '../panels/tailPanelManager';
import type { CommandContext } from './context';
import { streamsInRegion } from './replicas';

/** The reader of a saved target, through the current connection (as the Tail commands build it). */
function readerFor(ctx: CommandContext, target: TailRestoreState['target']): RecordSource {
  const c = ctx.connection.current;
  if (target.source === 'kinesis') return kinesisRecordSource(ctx.connection.kinesis, { streamName: target.name, loopback: c.kinesisLoopback });
  const streams = target.region && target.region !== c.region ? streamsInRegion(ctx.connection, target.region) : ctx.connection.streams;
  return streamRecordSource(streams, { streamArn: target.streamArn, onlyShardId: target.onlyShardId, loopback: c.loopback });
}

/**
 * Restores one panel from its saved webview state into `webviewPanel`; a state that is missing or unusable (an older
 * version's) closes the panel with a log line. Returns the panel, or undefined.
 */
export function restoreTailPanel(ctx: CommandContext, panels: TailPanelManager, webviewPanel: vscode.WebviewPanel, webviewState: unknown): TailPanel | undefined {
  const raw = typeof webviewState === 'object' && webviewState !== null ? (webviewState as { restore?: unknown }).restore : undefined;
  const state = parseRestoreState(raw);
  if (!state) {
    ctx.log.warn(`A tail panel (${webviewPanel.title}) was not restored after the reload: it saved no usable state. Open the tail again.`);
    webviewPanel.dispose();
    return undefined;
  }
  const c = ctx.connection.current;
  const connection = { id: connectionIdOf(c, state.target.source), label: connectionLabelOf(c, state.target.source) };
  const stoppedReason = connection.id === state.connectionId ? undefined : connectionChangedText(state.connectionLabel, connection.label);
  const target = { ...tailSettings(), ...state.target };
  return panels.restore(webviewPanel, { ...target, reader: readerFor(ctx, state.target), log: ctx.log, connection, restored: { state, stoppedReason } });
}

/** Registered for the tail panels' view type (package.json activates on onWebviewPanel:<viewType>). */
export class TailPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(
    private readonly ctx: CommandContext,
    private readonly panels: TailPanelManager,
  ) {}

  deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    try {
      restoreTailPanel(this.ctx, this.panels, webviewPanel, state);
    } catch (err) {
      this.ctx.log.error(`Restoring a tail panel after the reload failed: ${errorText(err)}`);
      webviewPanel.dispose();
    }
    return Promise.resolve();
  }
}
