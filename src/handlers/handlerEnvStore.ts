// Invoke handler…'s remembered environment variables: they may hold secrets (API keys, passwords), so they live in
// VS Code's SecretStorage, one entry per workspace (named by a random id kept in workspace state). Values that an
// earlier version kept in workspace state are moved once. Structural types only (no vscode import): unit-tested.
import { randomUUID } from 'node:crypto';

/** The parts of vscode.Memento and vscode.SecretStorage used here. */
export interface WorkspaceStateLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}
export interface SecretsLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
}

/** Where earlier versions kept the variables, in plain workspace state. */
export const LEGACY_ENV_KEY = 'dynamodbStreams.handler.env';
const WORKSPACE_ID_KEY = 'dynamodbStreams.handler.envSecretId';

export class HandlerEnvStore {
  private migrated?: Promise<void>;

  constructor(
    private readonly workspaceState: WorkspaceStateLike,
    private readonly secrets: SecretsLike,
  ) {}

  async get(): Promise<Record<string, string>> {
    await this.migrate();
    return parseStoredEnv(await this.secrets.get(await this.secretKey()));
  }

  async set(env: Readonly<Record<string, string>>): Promise<void> {
    await this.migrate();
    await this.secrets.store(await this.secretKey(), JSON.stringify(env));
  }

  /** Moves variables kept in workspace state by an earlier version into the secret store, once. */
  migrate(): Promise<void> {
    return (this.migrated ??= (async () => {
      const legacy = this.workspaceState.get<unknown>(LEGACY_ENV_KEY);
      if (legacy === undefined) return;
      await this.secrets.store(await this.secretKey(), JSON.stringify(parseStoredEnv(JSON.stringify(legacy))));
      await this.workspaceState.update(LEGACY_ENV_KEY, undefined);
    })());
  }

  private async secretKey(): Promise<string> {
    let id = this.workspaceState.get<string>(WORKSPACE_ID_KEY);
    if (typeof id !== 'string' || id === '') {
      id = randomUUID();
      await this.workspaceState.update(WORKSPACE_ID_KEY, id);
    }
    return `${LEGACY_ENV_KEY}.${id}`;
  }
}

/** Stored text back to variables: only string values of an object; anything else is no variables. */
function parseStoredEnv(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
