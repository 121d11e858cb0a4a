// Invoke handler…: picks a local handler (Node.js file + export, or Python file + function where python3 exists), its
// environment variables (remembered per workspace, as secrets) and runs it on a tail panel's records as one Lambda
// event, in a child process (runHandler.ts) under a progress notification with Cancel. The handler's AWS environment
// follows the panel's connection. Every run is tracked: Cancel, the panel's closing and the extension's deactivation
// kill it. Shows stdout/stderr/result/duration in the "DynamoDB Streams: handler" channel and a summary message.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { handlerEnvironment, type HandlerConnection } from '../core/lambda/handlerEnv';
import { envToText, eventSizeProblem, parseEnvText } from '../core/lambda/lambdaHandlerOutput';
import { handlerTimeoutSeconds } from '../config/settings';
import type { LambdaEvent } from '../core/lambda/lambdaPanel';
import { input, pick } from '../ui/prompts';
import { HandlerEnvStore } from './handlerEnvStore';
import { pythonAvailable, runHandler, runtimeOf, type HandlerRunResult, type HandlerRuntime } from './runHandler';
import { plural } from '../core/util/plural';

export type { HandlerConnection };

const LAST_HANDLER_KEY = 'dynamodbStreams.handler.last';
/** Most characters of a result written to the output channel (the rest is counted). */
const MAX_RESULT_SHOWN = 1_000_000;

/** A handler and how to run it; every field a caller leaves out is asked for (or remembered). */
export interface HandlerChoice {
  file: string;
  exportName?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Where a run comes from: the panel's connection (as it was opened), its region, and its lifetime. */
export interface HandlerRunContext {
  /** The panel's connection; the current one when not given. */
  connection?: HandlerConnection;
  /** Aborted when the panel closes: the run is killed. */
  signal?: AbortSignal;
}

export interface HandlerInvokerDeps {
  workspaceState: vscode.Memento;
  secrets: vscode.SecretStorage;
  extensionUri: vscode.Uri;
  /** The current connection: used when a run names none. */
  connection: () => HandlerConnection;
}

export class HandlerInvoker implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('DynamoDB Streams: handler');
  private python?: Promise<boolean>;
  private readonly envStore: HandlerEnvStore;
  /** The runs going on: each aborted on dispose (deactivation), so none outlives the extension host. */
  private readonly runs = new Set<AbortController>();
  private disposed = false;

  constructor(private readonly deps: HandlerInvokerDeps) {
    this.envStore = new HandlerEnvStore(deps.workspaceState, deps.secrets);
    // Values an earlier version kept in plain workspace state leave it now, not at the next run.
    this.envStore.migrate().then(undefined, (err: unknown) => this.output.appendLine(`Could not move the remembered environment to secret storage: ${String(err)}`));
  }

  /** How many runs are going on (for tests and diagnostics). */
  get runningCount(): number {
    return this.runs.size;
  }

  /**
   * Runs a handler on `event` (titled `what` in the output). Returns the run, or undefined when the user cancelled
   * before it started. `choice` skips the questions it answers (the remembered environment applies when it has no `env`).
   */
  async invoke(event: LambdaEvent, what: string, choice?: HandlerChoice, context: HandlerRunContext = {}): Promise<HandlerRunResult | undefined> {
    const eventJson = JSON.stringify(event);
    const tooLarge = eventSizeProblem(eventJson);
    if (tooLarge) throw new Error(tooLarge);
    const chosen = await askHandlerChoice(this.questions('Invoke handler…'), choice);
    if (!chosen) return undefined;
    const { runtime, exportName, env } = chosen;
    await this.envStore.set(env);
    const timeoutMs = choice?.timeoutMs ?? this.timeoutMs();
    const n = event.Records.length;
    const name = `${path.basename(chosen.file)}#${exportName}`;
    this.output.appendLine(`── ${new Date().toISOString()} ${name} on ${plural(n, 'record')} of ${what} (timeout ${timeoutMs / 1000} s)`);
    const connectionEnv = handlerEnvironment(context.connection ?? this.deps.connection(), process.env);
    const run = new AbortController();
    const onPanelClosed = () => run.abort();
    context.signal?.addEventListener('abort', onPanelClosed, { once: true });
    this.runs.add(run);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Running ${name} on ${plural(n, 'record')}…`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => run.abort());
          return runHandler({
            runtime,
            runnersDir: vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'runners').fsPath,
            file: chosen.file,
            exportName,
            event,
            env: { ...connectionEnv.env, ...env },
            removeEnv: connectionEnv.remove.filter((k) => !Object.hasOwn(env, k)),
            timeoutMs,
            signal: run.signal,
          });
        },
      );
      this.report(result);
      return result;
    } finally {
      this.runs.delete(run);
      context.signal?.removeEventListener('abort', onPanelClosed);
    }
  }

  private report(r: HandlerRunResult): void {
    if (this.disposed) return; // deactivated: the run was stopped, and there is no one to tell
    const o = this.output;
    if (r.stdout) o.appendLine(`stdout:\n${r.stdout}`);
    if (r.stderr) o.appendLine(`stderr:\n${r.stderr}`);
    let summary: string;
    if (r.cancelled) summary = `Handler cancelled after ${r.durationMs} ms; it and what it started were stopped.`;
    else if (r.timedOut) summary = `Handler timed out after ${r.durationMs} ms and was stopped.`;
    else if (r.outcome.kind === 'result') {
      o.appendLine(`result:\n${shownResult(r.outcome.value)}`);
      summary = `Handler returned in ${r.durationMs} ms.`;
    } else if (r.outcome.kind === 'error') {
      const e = r.outcome.error;
      o.appendLine(`error: ${e.errorType}: ${e.errorMessage}${e.stack ? `\n${e.stack.join('\n')}` : ''}`);
      summary = `Handler failed in ${r.durationMs} ms: ${e.errorType}: ${e.errorMessage}`;
    } else summary = `Handler process ended without a result (exit code ${r.exitCode ?? r.signal}) after ${r.durationMs} ms.`;
    o.appendLine(summary);
    const show = 'Show output';
    const message = r.outcome.kind === 'result' && !r.timedOut && !r.cancelled ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void message(summary, show).then((a) => (a === show ? o.show(true) : undefined));
  }

  /** The questions of Invoke handler… (and of commands that pick a handler the same way), titled `title`. */
  questions(title: string): HandlerQuestions {
    return { title, workspaceState: this.deps.workspaceState, hasPython: () => this.hasPython(), rememberedEnv: () => this.envStore.get() };
  }

  /** The remembered variables of this workspace. */
  rememberedEnv(): Promise<Record<string, string>> {
    return this.envStore.get();
  }

  private timeoutMs(): number {
    return handlerTimeoutSeconds() * 1000;
  }

  /** Asked once, without blocking the extension host. */
  private hasPython(): Promise<boolean> {
    return (this.python ??= pythonAvailable());
  }

  /** Kills every run going on (deactivation). */
  dispose(): void {
    this.disposed = true;
    for (const run of this.runs) run.abort();
    this.runs.clear();
    this.output.dispose();
  }
}

/** What choosing a handler needs: where the last choice is remembered, whether Python runs here, the variables to offer. */
export interface HandlerQuestions {
  /** The command's title, e.g. "Invoke handler…": each question's title starts with it. */
  title: string;
  workspaceState: vscode.Memento;
  hasPython: () => Promise<boolean>;
  /** The variables offered (prefilled) when they are asked. */
  rememberedEnv: () => Promise<Record<string, string>>;
}

/** A handler chosen: file, runtime, the function to call and its environment variables. */
export interface ChosenHandler {
  file: string;
  runtime: HandlerRuntime;
  exportName: string;
  env: Record<string, string>;
}

/**
 * Picks a handler as Invoke handler… does: the last one again or a file (Node.js; Python where python3 runs), the
 * function to call, the environment variables. What `preset` gives is not asked; with a preset and no `env`, the
 * remembered variables apply without asking. Undefined when the user cancelled; throws for a file it cannot run.
 */
export async function askHandlerChoice(q: HandlerQuestions, preset?: HandlerChoice): Promise<ChosenHandler | undefined> {
  const chosen = preset ?? (await askHandlerFile(q));
  if (!chosen) return undefined;
  const runtime = runtimeOf(chosen.file);
  if (!runtime) throw new Error(`${path.basename(chosen.file)} is not a Node.js (.js, .mjs, .cjs) or Python (.py) file.`);
  if (runtime === 'python' && !(await q.hasPython())) throw new Error('python3 was not found on the PATH: install Python 3 to run a Python handler.');
  const exportName = chosen.exportName ?? (await askExportName(q.title, runtime === 'python' ? 'lambda_handler' : 'handler'));
  if (!exportName) return undefined;
  const env = chosen.env ?? (preset ? await q.rememberedEnv() : await askEnv(q.title, await q.rememberedEnv()));
  if (!env) return undefined;
  await q.workspaceState.update(LAST_HANDLER_KEY, { file: chosen.file, exportName });
  return { file: chosen.file, runtime, exportName, env };
}

async function askHandlerFile(q: HandlerQuestions): Promise<HandlerChoice | undefined> {
  const last = q.workspaceState.get<{ file?: string; exportName?: string }>(LAST_HANDLER_KEY);
  const chooseLabel = 'Choose a handler file…';
  if (last?.file) {
    const again = `${path.basename(last.file)}#${last.exportName ?? 'handler'}`;
    const picked = await pick([{ label: again, description: last.file }, { label: chooseLabel }], { title: `${q.title}: which handler?` });
    if (!picked) return undefined;
    if (picked.label === again) return { file: last.file, exportName: last.exportName };
  }
  const filters: Record<string, string[]> = { 'Node.js handler': ['js', 'mjs', 'cjs'] };
  if (await q.hasPython()) filters['Python handler'] = ['py'];
  const uris = await vscode.window.showOpenDialog({ title: `${q.title}: the handler file`, canSelectMany: false, openLabel: 'Use this handler', filters });
  return uris?.[0] ? { file: uris[0].fsPath } : undefined;
}

function askExportName(title: string, fallback: string): Promise<string | undefined> {
  return input({
    title: `${title}: the function to call`,
    value: fallback,
    prompt: 'Export name (Node.js) or function name (Python)',
    validateInput: (v) => (/^[A-Za-z_$][\w$]*$/.test(v.trim()) ? undefined : 'A name of letters, digits, _ or $'),
  }).then((v) => v?.trim());
}

async function askEnv(title: string, current: Record<string, string>): Promise<Record<string, string> | undefined> {
  const text = await input({
    title: `${title}: environment variables (remembered for this workspace, as secrets)`,
    value: envToText(current),
    prompt: 'KEY=value pairs separated by ; e.g. TABLE_NAME=Archive. The connection\'s profile, region and endpoint are added.',
    validateInput: (v) => {
      const parsed = parseEnvText(v);
      return parsed.ok ? undefined : parsed.error;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseEnvText(text);
  return parsed.ok ? parsed.env : undefined;
}

/** A result as the output channel shows it: pretty JSON, cut to MAX_RESULT_SHOWN characters. */
function shownResult(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return text.length <= MAX_RESULT_SHOWN ? text : `${text.slice(0, MAX_RESULT_SHOWN)}\n… ${text.length - MAX_RESULT_SHOWN} more characters not shown`;
}

/** What a handler needs of the resolved connection. */
export function handlerConnection(c: { profile?: string; region?: string; dynamodbEndpoint?: string; streamsEndpoint?: string; kinesisEndpoint?: string; loopback: boolean }): HandlerConnection {
  return { profile: c.profile, region: c.region, dynamodbEndpoint: c.dynamodbEndpoint, streamsEndpoint: c.streamsEndpoint, kinesisEndpoint: c.kinesisEndpoint, loopback: c.loopback };
}
