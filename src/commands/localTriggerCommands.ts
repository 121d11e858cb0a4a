// Run handler as trigger… (a table or stream), Run locally (a Lambda trigger), and the `Local triggers` rows' Stop
// local trigger / Start local trigger again / Remove local trigger. The handler is chosen as Invoke handler… chooses
// it; the settings are Lambda's event source mapping settings (its defaults, or the mapping's), shown together in a
// quick pick to change any of them before Start; the filter starts from the stream's tail panel's Lambda filter.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { patternSources } from '../core/lambda/filter/lambdaFilterParse';
import type { LambdaTrigger } from '../core/lambda/lambdaTriggers';
import { validateTriggerFilter } from '../core/lambda/triggerRequests';
import { DEFAULT_TRIGGER_SETTINGS, settingsFromMapping, validateTriggerSettings } from '../core/trigger/settings';
import { parseSettingInput, SETTING_FIELDS, settingInputText, settingValueText, type SettingField } from '../core/trigger/settingsForm';
import type { TriggerSettings } from '../core/trigger/types';
import { progressSummary } from '../core/trigger/progress';
import { askHandlerChoice, handlerConnection, type HandlerChoice, type HandlerInvoker } from '../handlers/invokeHandler';
import type { LocalTriggerDefinition, LocalTriggerManager, TriggerConnection } from '../handlers/localTriggers';
import type { TailPanelManager } from '../panels/tailPanelManager';
import { confirm, input, notify, pick } from '../ui/prompts';
import type { LocalTriggersView } from '../views/localTriggersView';
import { CommandContext, requireTable, streamFor, type StreamRef } from './context';
import { panelFilter } from './lambdaTriggerCommands';

const RUN_TITLE = 'Run handler as trigger…';
const LOCAL_TITLE = 'Run locally';
export const START_LABEL = 'Start';

export interface LocalTriggerDeps {
  ctx: CommandContext;
  panels: TailPanelManager;
  handlers: HandlerInvoker;
  manager: LocalTriggerManager;
  view: LocalTriggersView;
}

/** What a caller (a test, another command) may give instead of answering: no dialog is shown for it. */
interface RunOptions {
  handler?: HandlerChoice;
  settings?: Partial<TriggerSettings>;
}

function runOptions(arg: unknown): RunOptions {
  const o = arg as RunOptions | undefined;
  return { handler: o?.handler, settings: o?.settings };
}

function triggerConnection(ctx: CommandContext): TriggerConnection {
  const c = ctx.connection.current;
  return { ...handlerConnection(c), label: c.label };
}

/** Run handler as trigger…: resolves to the new trigger's id, or undefined when cancelled. */
export async function runHandlerAsTrigger(deps: LocalTriggerDeps, arg?: unknown): Promise<string | undefined> {
  const stream = await streamFor(deps.ctx, arg, 'Run a handler as trigger on the stream of which table?');
  if (!stream) return undefined;
  const options = runOptions(arg);
  let settings: TriggerSettings = { ...DEFAULT_TRIGGER_SETTINGS };
  // The filter of the stream's tail panel, read by the same parser as the panel's (one it refuses is left out, said).
  const filter = panelFilter(deps.panels, stream.streamArn);
  if (filter) {
    const refused = validateTriggerFilter(filter);
    if (refused) notify('warning', `The tail panel's Lambda filter is not used: ${refused}`);
    else settings.filterPatterns = patternSources(filter);
  }
  settings = { ...settings, ...options.settings };
  return startLocal(deps, RUN_TITLE, stream, settings, options.handler);
}

/** Run locally: a Lambda trigger's event source mapping, run by a local handler instead of its function. */
export async function runTriggerLocally(deps: LocalTriggerDeps, arg?: unknown): Promise<string | undefined> {
  const node = arg as { stream?: { tableName?: unknown; streamArn?: unknown }; trigger?: LambdaTrigger } | undefined;
  const stream = node?.stream;
  if (!node?.trigger || typeof stream?.tableName !== 'string' || typeof stream.streamArn !== 'string') {
    throw new Error('Run this on a Lambda trigger in the tree: expand a stream\'s Lambda triggers and right-click one');
  }
  const settings = { ...settingsFromMapping(node.trigger), ...runOptions(arg).settings };
  return startLocal(deps, LOCAL_TITLE, { tableName: stream.tableName, streamArn: stream.streamArn }, settings, runOptions(arg).handler, node.trigger.functionName);
}

async function startLocal(deps: LocalTriggerDeps, title: string, stream: StreamRef, initial: TriggerSettings, preset?: HandlerChoice, functionName?: string): Promise<string | undefined> {
  const invalid = validateTriggerSettings(initial);
  const handler = await askHandlerChoice(deps.handlers.questions(title), preset);
  if (!handler) return undefined;
  if (invalid) notify('warning', `Change the settings before Start: ${invalid}`);
  const settings = await askSettings(title, initial);
  if (!settings) return undefined;
  // With concurrent batches, records of one partition key stay in one lane (the engine needs its name).
  const partitionKeyName = await requireTable(deps.ctx, stream.tableName).then((t) => t.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName, () => undefined);
  const id = randomUUID().slice(0, 8);
  const name = `${path.basename(handler.file)}#${handler.exportName}`;
  const definition: LocalTriggerDefinition = {
    id,
    label: functionName ? `${functionName} (local) on ${stream.tableName}` : `${name} on ${stream.tableName}`,
    connection: triggerConnection(deps.ctx),
    streamArn: stream.streamArn,
    tableName: stream.tableName,
    handler: { file: handler.file, exportName: handler.exportName, runtime: handler.runtime },
    settings,
    functionName,
    partitionKeyName,
  };
  await deps.manager.start(definition, handler.env);
  deps.ctx.log.info(`Local trigger ${id} started: ${definition.label} (${stream.streamArn})`);
  notify('info', `Local trigger started: ${definition.label}. Its batches show in Local triggers; the handler's output in "Local trigger: ${definition.label}".`);
  void deps.view.reveal(id, false).catch(() => undefined);
  return id;
}

/** Every setting with its value; picking one changes it; Start once they are right. Undefined: cancelled. */
async function askSettings(title: string, initial: TriggerSettings): Promise<TriggerSettings | undefined> {
  let settings = initial;
  for (;;) {
    const problem = validateTriggerSettings(settings);
    const items = [
      { label: START_LABEL, description: problem ? `not yet: ${problem}` : 'run the handler on the stream with these settings', field: undefined as SettingField | undefined },
      ...SETTING_FIELDS.map((field) => ({ label: field.label, description: settingValueText(settings, field.key), detail: field.detail, field })),
    ];
    const chosen = await pick(items, { title: `${title}: settings (Lambda's; pick one to change it)`, placeHolder: 'Start, or a setting to change', matchOnDescription: true });
    if (!chosen) return undefined;
    if (!chosen.field) {
      if (!problem) return settings;
      notify('error', problem);
      continue;
    }
    const next = await editSetting(title, settings, chosen.field);
    if (next) settings = next;
  }
}

/** One setting changed (undefined: left as it was). */
async function editSetting(title: string, settings: TriggerSettings, field: SettingField): Promise<TriggerSettings | undefined> {
  if (field.kind === 'toggle') return { ...settings, [field.key]: !settings[field.key] };
  if (field.kind === 'choice') {
    const chosen = await pick((field.choices ?? []).map((label) => ({ label })), { title: `${title}: ${field.label}`, placeHolder: field.detail });
    return chosen ? parseOrUndefined(settings, field, chosen.label) : undefined;
  }
  if (field.kind === 'file') return editOnFailureFile(title, settings);
  const text = await input({
    title: `${title}: ${field.label}`,
    prompt: field.detail,
    value: settingInputText(settings, field.key),
    validateInput: (v) => {
      const parsed = parseSettingInput(settings, field.key, v);
      return parsed.ok ? validateTriggerSettings(parsed.settings) : parsed.error;
    },
  });
  return text === undefined ? undefined : parseOrUndefined(settings, field, text);
}

function parseOrUndefined(settings: TriggerSettings, field: SettingField, text: string): TriggerSettings | undefined {
  const parsed = parseSettingInput(settings, field.key, text);
  return parsed.ok ? parsed.settings : undefined;
}

async function editOnFailureFile(title: string, settings: TriggerSettings): Promise<TriggerSettings | undefined> {
  const none = 'None: given-up batches are dropped';
  const choose = 'Choose a file to append to…';
  const chosen = await pick([{ label: choose }, { label: none }], { title: `${title}: on-failure destination`, placeHolder: 'Where the invocation records of given-up batches go (NDJSON, appended)' });
  if (!chosen) return undefined;
  if (chosen.label === none) return { ...settings, onFailureFile: undefined };
  const uri = await vscode.window.showSaveDialog({ title: `${title}: the on-failure file (records are appended)`, saveLabel: 'Append here', filters: { 'NDJSON': ['ndjson', 'jsonl'] } });
  return uri ? { ...settings, onFailureFile: uri.fsPath } : undefined;
}

/** The trigger a row command acts on: the row's, an id, or one picked. */
async function localTriggerId(manager: LocalTriggerManager, arg: unknown, placeHolder: string): Promise<string | undefined> {
  const node = arg as { id?: unknown; triggerId?: unknown } | undefined;
  if (typeof arg === 'string') return arg;
  if (typeof node?.triggerId === 'string') return node.triggerId;
  if (typeof node?.id === 'string') return node.id;
  const entries = manager.list();
  if (entries.length === 0) {
    notify('info', 'There are no local triggers: start one with "Run handler as trigger…" on a table.');
    return undefined;
  }
  const chosen = await pick(entries.map((e) => ({ label: e.definition.label, description: progressSummary(e.progress), id: e.definition.id })), { placeHolder });
  return chosen?.id;
}

export async function stopLocalTrigger(manager: LocalTriggerManager, arg?: unknown): Promise<boolean> {
  const id = await localTriggerId(manager, arg, 'Stop which local trigger?');
  if (!id) return false;
  await manager.stop(id);
  return true;
}

export async function resumeLocalTrigger(manager: LocalTriggerManager, arg?: unknown): Promise<boolean> {
  const id = await localTriggerId(manager, arg, 'Start which local trigger again?');
  if (!id) return false;
  await manager.resume(id);
  return true;
}

export async function removeLocalTrigger(manager: LocalTriggerManager, arg?: unknown): Promise<boolean> {
  const id = await localTriggerId(manager, arg, 'Remove which local trigger?');
  const entry = id ? manager.get(id) : undefined;
  if (!id || !entry) return false;
  const ok = await confirm(
    `Remove the local trigger ${entry.definition.label}?`,
    `It stops (if it runs), and its settings, checkpoint and environment variables are forgotten: it cannot be started again. The handler file${entry.definition.settings.onFailureFile ? ' and the on-failure file are' : ' is'} kept.`,
    'Remove',
  );
  if (!ok) return false;
  await manager.remove(id);
  return true;
}

export async function showLocalTriggerOutput(manager: LocalTriggerManager, arg?: unknown): Promise<boolean> {
  const id = await localTriggerId(manager, arg, 'Show the output of which local trigger?');
  if (!id) return false;
  manager.showOutput(id);
  return true;
}
