// The real product in a browser, shared by the browser benchmarks: the packaged VSIX installed into a fresh
// code-server user folder, and a polling wait for states the page cannot signal.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, installVsix } from '../lib/code-server.mjs';
import { sleep } from './common.mts';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface Workbench {
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
}

/**
 * Empties `work`, packages the extension and installs the VSIX into code-server folders under `work`. With
 * `--no-package` dist/dynamodb-streams.vsix is reused; `--vsix <file>` installs that one (e.g. another commit's build).
 */
export function installPackagedVsix(work: string, log: (msg: string) => void): Workbench {
  const vsixBuilt = join(root, 'dist', 'dynamodb-streams.vsix');
  const vsix = join(work, 'dynamodb-streams.vsix');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const given = process.argv.indexOf('--vsix') > 0 ? resolve(process.argv[process.argv.indexOf('--vsix') + 1]) : undefined;
  if (!given && !process.argv.includes('--no-package')) {
    log('npm run package …');
    execFileSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const source = given ?? vsixBuilt;
  if (!existsSync(source)) throw new Error(`${source} does not exist (npm run package failed?)`);
  copyFileSync(source, vsix); // our own copy: other runs may rebuild dist/ meanwhile
  ensureCodeServer();
  const bench = { userDataDir: join(work, 'user-data'), extensionsDir: join(work, 'extensions'), workspace: join(work, 'workspace') };
  mkdirSync(bench.workspace, { recursive: true });
  installVsix({ vsix, extensionsDir: bench.extensionsDir, userDataDir: bench.userDataDir });
  return bench;
}

/** Polls `probe` until it gives a value, or fails naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`);
    await sleep(intervalMs);
  }
}
