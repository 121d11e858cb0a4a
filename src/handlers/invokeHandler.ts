// Invoke handler…: picks a local handler (Node.js file + export, or Python file + function where python3 exists), its
// environment variables (remembered per workspace) and runs it on a tail panel's records as one Lambda event, in a
// child process (runHandler.ts). Shows stdout/stderr/result/duration in the "DynamoDB Streams: handler" channel and a
// summary message. vscode glue.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { handlerTimeoutSeconds } from '../config/settings';
import { envToText, parseEnvText } from '../core/lambda/lambdaHandlerOutput';
import type { LambdaEvent } from '../core/lambda/lambdaPanel';
import { input, pick } from '../ui/prompts';
import { pythonAvailable, runHandler, runtimeOf, type HandlerRunResult } from './runHandler';
import { plural } from '../core/util/plural';

const LAST_HANDLER_KEY = 'dynamodbStreams.handler.last';
const ENV_KEY = 'dynamodbStreams.handler.env';

/** A handler and how to run it; every field a caller leaves out is asked for (or remembered). */
export interface HandlerChoice {
  file: string;
  exportName?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** What the connection gives the handler: the endpoint of a local DynamoDB and the region. */
export interface HandlerConnection {
  region?: string;
  endpoint?: string;
  loopback: boolean;
}

export interface HandlerInvokerDeps {
  workspaceState: vscode.Memento;
  extensionUri: vscode.Uri;
  connection: () => HandlerConnection;
}

export class HandlerInvoker implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('DynamoDB Streams: handler');
  private python?: boolean;

  constructor(private readonly deps: HandlerInvokerDeps) {}

  /**
   * Runs a handler on `event` (titled `what` in the output). Returns the run, or undefined when the user cancelled.
   * `choice` skips the questions it answers (the remembered environment still applies when it has no `env`).
   */
  async invoke(event: LambdaEvent, what: string, choice?: HandlerChoice): Promise<HandlerRunResult | undefined> {
    const chosen = choice ?? (await this.askHandler());
    if (!chosen) return undefined;
    const runtime = runtimeOf(chosen.file);
    if (!runtime) throw new Error(`${path.basename(chosen.file)} is not a Node.js (.js, .mjs, .cjs) or Python (.py) file.`);
    if (runtime === 'python' && !this.hasPython()) throw new Error('python3 was not found on the PATH: install Python 3 to run a Python handler.');
    const exportName = chosen.exportName ?? (await this.askExportName(runtime === 'python' ? 'lambda_handler' : 'handler'));
    if (!exportName) return undefined;
    const env = chosen.env ?? (choice ? this.rememberedEnv() : await this.askEnv());
    if (!env) return undefined;
    await this.deps.workspaceState.update(LAST_HANDLER_KEY, { file: chosen.file, exportName });
    await this.deps.workspaceState.update(ENV_KEY, env);
    const timeoutMs = chosen.timeoutMs ?? this.timeoutMs();
    const n = event.Records.length;
    this.output.appendLine(`── ${new Date().toISOString()} ${path.basename(chosen.file)}#${exportName} on ${plural(n, 'record')} of ${what} (timeout ${timeoutMs / 1000} s)`);
    const result = await runHandler({
      runtime,
      runnersDir: vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'runners').fsPath,
      file: chosen.file,
      exportName,
      event,
      env: { ...this.connectionEnv(), ...env },
      timeoutMs,
    });
    this.report(result);
    return result;
  }

  /** Region, endpoint and (for a local endpoint) dummy credentials, as the AWS SDKs read them. */
  connectionEnv(): Record<string, string> {
    const c = this.deps.connection();
    const env: Record<string, string> = {};
    if (c.region) Object.assign(env, { AWS_REGION: c.region, AWS_DEFAULT_REGION: c.region });
    if (c.endpoint && c.loopback) {
      env.AWS_ENDPOINT_URL_DYNAMODB = c.endpoint;
      // DynamoDB Local keeps one database per access key: the extension's own dummy key, unless the user has one.
      if (!process.env.AWS_ACCESS_KEY_ID) Object.assign(env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    }
    return env;
  }

  private report(r: HandlerRunResult): void {
    const o = this.output;
    if (r.stdout) o.appendLine(`stdout:\n${r.stdout}`);
    if (r.stderr) o.appendLine(`stderr:\n${r.stderr}`);
    let summary: string;
    if (r.timedOut) summary = `Handler timed out after ${r.durationMs} ms and was stopped.`;
    else if (r.outcome.kind === 'result') {
      o.appendLine(`result:\n${JSON.stringify(r.outcome.value, null, 2)}`);
      summary = `Handler returned in ${r.durationMs} ms.`;
    } else if (r.outcome.kind === 'error') {
      const e = r.outcome.error;
      o.appendLine(`error: ${e.errorType}: ${e.errorMessage}${e.stack ? `\n${e.stack.join('\n')}` : ''}`);
      summary = `Handler failed in ${r.durationMs} ms: ${e.errorType}: ${e.errorMessage}`;
    } else summary = `Handler process ended without a result (exit code ${r.exitCode ?? r.signal}) after ${r.durationMs} ms.`;
    o.appendLine(summary);
    const show = 'Show output';
    const message = r.outcome.kind === 'result' && !r.timedOut ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void message(summary, show).then((a) => (a === show ? o.show(true) : undefined));
  }

  private async askHandler(): Promise<HandlerChoice | undefined> {
    const last = this.deps.workspaceState.get<{ file?: string; exportName?: string }>(LAST_HANDLER_KEY);
    const chooseLabel = 'Choose a handler file…';
    if (last?.file) {
      const again = `${path.basename(last.file)}#${last.exportName ?? 'handler'}`;
      const picked = await pick([{ label: again, description: last.file }, { label: chooseLabel }], { title: 'Invoke handler…: which handler?' });
      if (!picked) return undefined;
      if (picked.label === again) return { file: last.file, exportName: last.exportName };
    }
    const filters: Record<string, string[]> = { 'Node.js handler': ['js', 'mjs', 'cjs'] };
    if (this.hasPython()) filters['Python handler'] = ['py'];
    const uris = await vscode.window.showOpenDialog({ title: 'Invoke handler…: the handler file', canSelectMany: false, openLabel: 'Use this handler', filters });
    return uris?.[0] ? { file: uris[0].fsPath } : undefined;
  }

  private askExportName(fallback: string): Promise<string | undefined> {
    return input({
      title: 'Invoke handler…: the function to call',
      value: fallback,
      prompt: 'Export name (Node.js) or function name (Python)',
      validateInput: (v) => (/^[A-Za-z_$][\w$]*$/.test(v.trim()) ? undefined : 'A name of letters, digits, _ or $'),
    }).then((v) => v?.trim());
  }

  private async askEnv(): Promise<Record<string, string> | undefined> {
    const text = await input({
      title: 'Invoke handler…: environment variables (remembered for this workspace)',
      value: envToText(this.rememberedEnv()),
      prompt: 'KEY=value pairs separated by ; e.g. TABLE_NAME=Archive. The connection\'s region and local endpoint are added.',
      validateInput: (v) => {
        const parsed = parseEnvText(v);
        return parsed.ok ? undefined : parsed.error;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseEnvText(text);
    return parsed.ok ? parsed.env : undefined;
  }

  rememberedEnv(): Record<string, string> {
    return this.deps.workspaceState.get<Record<string, string>>(ENV_KEY) ?? {};
  }

  private timeoutMs(): number {
    return handlerTimeoutSeconds() * 1000;
  }

  private hasPython(): boolean {
    return (this.python ??= pythonAvailable());
  }

  dispose(): void {
    this.output.dispose();
  }
}

/** What a handler needs of the resolved connection. */
export function handlerConnection(c: { region?: string; dynamodbEndpoint?: string; loopback: boolean }): HandlerConnection {
  return { region: c.region, endpoint: c.dynamodbEndpoint, loopback: c.loopback };
}
