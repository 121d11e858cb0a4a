// Reads the extension's settings (names fixed by the design: dynamodbStreams.*).
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/connection/connection';
import type { StartPosition } from '../core/tail/types';

export const SECTION = 'dynamodbStreams';

export function connectionSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    profile: config.get<string>('profile', ''),
    region: config.get<string>('region', ''),
    endpoint: config.get<string>('endpoint', ''),
    kinesisEndpoint: config.get<string>('kinesisEndpoint', ''),
  };
}

export function tailSettings(): { maxRecords: number; startPosition: StartPosition } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const max = config.get<number>('tail.maxRecords', 10000);
  const start = config.get<string>('tail.startPosition', 'LATEST');
  return {
    maxRecords: Number.isFinite(max) && max > 0 ? Math.floor(max) : 10000,
    startPosition: start === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
  };
}

/** Writes connection settings where the user keeps them: the workspace if it sets them, else user settings. */
export async function saveConnectionSettings(values: Partial<ConnectionSettings>): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  for (const [key, value] of Object.entries(values)) {
    const inspected = config.inspect(key);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }
}
