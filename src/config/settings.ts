// The extension's settings (dynamodbStreams.*): every read, every write and the change event go through here, so a
// setting's name, default and bounds are in one place.
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/connection/connection';
import { isJsonView, type JsonView } from '../core/panel/protocol';
import { clampMaxHeldMegabytes, clampMaxRecords } from '../core/panel/recordCap';
import type { StartPosition } from '../core/tail/types';

const SECTION = 'dynamodbStreams';

/** The settings' names under `dynamodbStreams.` (package.json's contributes.configuration). */
export const SETTING = {
  profile: 'profile',
  region: 'region',
  endpoint: 'endpoint',
  kinesisEndpoint: 'kinesisEndpoint',
  maxRecords: 'tail.maxRecords',
  maxHeldMegabytes: 'tail.maxHeldMegabytes',
  startPosition: 'tail.startPosition',
  jsonView: 'tail.jsonView',
  handlerTimeoutSeconds: 'handler.timeoutSeconds',
} as const;
export type SettingName = (typeof SETTING)[keyof typeof SETTING];

const CONNECTION_SETTINGS: readonly SettingName[] = [SETTING.profile, SETTING.region, SETTING.endpoint, SETTING.kinesisEndpoint];
export const DEFAULT_HANDLER_TIMEOUT_S = 30;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function connectionSettings(): ConnectionSettings {
  const c = config();
  return {
    profile: c.get<string>(SETTING.profile, ''),
    region: c.get<string>(SETTING.region, ''),
    endpoint: c.get<string>(SETTING.endpoint, ''),
    kinesisEndpoint: c.get<string>(SETTING.kinesisEndpoint, ''),
  };
}

/** What a new tail panel starts with. The record cap is clamped to the setting's bounds. */
export function tailSettings(): { maxRecords: number; startPosition: StartPosition } {
  const c = config();
  return {
    maxRecords: clampMaxRecords(c.get<unknown>(SETTING.maxRecords)),
    startPosition: c.get<string>(SETTING.startPosition) === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
  };
}

/** The byte budget of every tail panel's held records, in bytes (the setting is in megabytes, clamped to its bounds). */
export function heldByteBudget(): number {
  return clampMaxHeldMegabytes(config().get<unknown>(SETTING.maxHeldMegabytes)) * 1024 * 1024;
}

/** How every tail panel shows items (DynamoDB JSON or plain JSON). */
export function jsonViewSetting(): JsonView {
  const v = config().get<unknown>(SETTING.jsonView);
  return isJsonView(v) ? v : 'dynamodb';
}

/** Seconds a local handler (Invoke handler…) may run; at least 1. */
export function handlerTimeoutSeconds(): number {
  const s = config().get<unknown>(SETTING.handlerTimeoutSeconds);
  return typeof s === 'number' && Number.isFinite(s) ? Math.max(1, s) : DEFAULT_HANDLER_TIMEOUT_S;
}

/** Connect… writes the connection settings, each where the user keeps it (see saveSetting). */
export async function saveConnectionSettings(values: Partial<ConnectionSettings>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await saveSetting(key as keyof ConnectionSettings, value);
}

/** The panel's JSON view toggle: remembered for every panel, where the setting is kept. */
export async function saveJsonView(view: JsonView): Promise<void> {
  if (jsonViewSetting() !== view) await saveSetting(SETTING.jsonView, view);
}

/**
 * Writes a setting to the scope its value in force comes from (a workspace folder, the workspace, else user
 * settings): writing to user settings while the workspace sets it would change nothing the user sees.
 */
async function saveSetting(name: SettingName, value: unknown): Promise<void> {
  const c = config();
  const inspected = c.inspect(name);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(name, value, target);
}

/** Which of the extension's settings a configuration change touched. */
export interface SettingsChange {
  affects(name: SettingName): boolean;
  /** Profile, region or an endpoint: the connection is to be rebuilt. */
  readonly affectsConnection: boolean;
}

/** Fires when any dynamodbStreams.* setting changes (in any scope). */
export function onDidChangeSettings(listener: (change: SettingsChange) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    const affects = (name: SettingName) => e.affectsConfiguration(`${SECTION}.${name}`);
    listener({ affects, affectsConnection: CONNECTION_SETTINGS.some(affects) });
  });
}
