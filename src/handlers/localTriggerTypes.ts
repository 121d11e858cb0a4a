// A local trigger as it is kept: its definition (where it reads, what it runs, with which settings), what workspace
// state holds of it, and the small structural types the manager uses (so tests give it plain objects).
import * as path from 'node:path';
import type { HandlerConnection } from '../core/lambda/handlerEnv';
import type { TriggerProgress } from '../core/trigger/progress';
import type { TriggerCheckpoints, TriggerInvoker, TriggerSettings } from '../core/trigger/types';
import type { StreamsApi } from '../core/tail/types';
import type { HandlerRuntime } from './runHandler';
import type { WarmRunnerOptions } from './warmRunner';

/** Where the definitions and checkpoints are kept (workspace state). */
export const LOCAL_TRIGGERS_KEY = 'dynamodbStreams.localTriggers';
/** A trigger's environment variables (secret storage). */
export const localTriggerEnvKey = (id: string) => `dynamodbStreams.localTrigger.${id}.env`;

/** The connection a trigger reads through, as the extension identifies one (label for messages). */
export interface TriggerConnection extends HandlerConnection {
  label: string;
}

export interface LocalTriggerDefinition {
  id: string;
  label: string;
  connection: TriggerConnection;
  streamArn: string;
  tableName: string;
  handler: { file: string; exportName: string; runtime: HandlerRuntime };
  settings: TriggerSettings;
  /** Run locally: the Lambda function whose event source mapping it follows. */
  functionName?: string;
  /** The table's partition key: with concurrent batches, one key's records stay in order. */
  partitionKeyName?: string;
}

/** What workspace state keeps of a trigger. */
export interface SavedTrigger {
  definition: LocalTriggerDefinition;
  /** True while it runs, and kept true across a reload (deactivation): the next activation resumes it. */
  running: boolean;
  checkpoints?: TriggerCheckpoints;
  stoppedReason?: string;
}

export interface LocalTriggerEntry {
  definition: LocalTriggerDefinition;
  progress: TriggerProgress;
  /** Its engine runs now. */
  active: boolean;
}

/** The parts of vscode.Memento, vscode.SecretStorage and an output channel used here. */
export interface StateLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}
export interface SecretStoreLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}
export interface OutputLike {
  append(text: string): void;
  appendLine(text: string): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

export interface LocalTriggerManagerDeps {
  workspaceState: StateLike;
  secrets: SecretStoreLike;
  /** DynamoDB Streams through the current connection. */
  streams: StreamsApi;
  /** The current connection: a trigger saved for another one is not resumed. */
  connection: () => TriggerConnection;
  /** The folder of the warm runner scripts (the extension's media/runners). */
  runnersDir: string;
  createInvoker?: (options: WarmRunnerOptions) => TriggerInvoker;
  createOutput?: (name: string) => OutputLike;
}

/**
 * Two connections are the same when they read the same endpoints with the same profile and region. A region not known
 * yet (a profile's own region is read on first use) matches any.
 */
export function sameConnection(a: HandlerConnection, b: HandlerConnection): boolean {
  const key = (c: HandlerConnection) => JSON.stringify([c.profile ?? '', c.dynamodbEndpoint ?? '', c.streamsEndpoint ?? '']);
  return key(a) === key(b) && (a.region === undefined || b.region === undefined || a.region === b.region);
}

/** A stand-in function ARN for the events' context and the on-failure records. */
export function localFunctionArn(definition: LocalTriggerDefinition): string {
  const base = definition.functionName ?? `${path.basename(definition.handler.file).replace(/\.[^.]+$/, '')}-${definition.handler.exportName}`;
  const name = `local-${base}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return `arn:aws:lambda:${definition.connection.region ?? 'us-east-1'}:000000000000:function:${name}`;
}
