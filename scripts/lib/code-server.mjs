// code-server (VS Code 1.100.3 server + web workbench) for the extension-host and end-to-end tests.
// Desktop VS Code cannot be downloaded on the test machines, so we install code-server from npm into the same
// cache folder as DynamoDB Local (outside the repo: it builds native modules).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync, openSync, closeSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cacheRoot, freePort } from './dynamodb-local.mjs';

export { cacheRoot };
export const CODE_SERVER_VERSION = '4.100.3'; // newest that accepts Node 20
const installDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const marker = join(installDir, '.installed');
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

// @vscode/ripgrep 1.15.11 (a code-server dependency) downloads rg from GitHub, which is unreachable here.
// It first looks for this tarball in $TMPDIR/vscode-ripgrep-cache-1.15.11/, so we put Debian's rg there.
const RG_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RG_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function isCodeServerInstalled() {
  return existsSync(codeServerEntry) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
}

/** Installs code-server@4.100.3 into the cache once (about a minute); later calls return at once. */
export function ensureCodeServer() {
  if (isCodeServerInstalled()) return codeServerEntry;
  const rg = which('rg');
  if (!rg) throw new Error('code-server needs ripgrep: sudo apt-get install ripgrep (also libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev g++ make python3)');
  const target = RG_TARGETS[arch()];
  if (!target) throw new Error(`no ripgrep target known for arch ${arch()}`);

  const started = Date.now();
  // Private TMPDIR for the install: holds the rg tarball and keeps npm's scratch files together.
  const tmp = join(tmpdir(), `code-server-install-${process.pid}`);
  const rgCache = join(tmp, RG_CACHE);
  mkdirSync(rgCache, { recursive: true });
  execFileSync('tar', ['-czf', join(rgCache, `ripgrep-v13.0.0-10-${target}.tar.gz`), '-C', dirname(rg), 'rg']);

  // Install into a staging folder and rename it at the end, so an interrupted install never looks complete.
  const staging = `${installDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_yes: 'true', // node-pty's post-install runs `npx node-gyp`, which otherwise asks and cancels
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  // node-gyp would download Node's headers (no internet): use the installed ones when present.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;

  const logFile = join(cacheRoot, `code-server-install.log`);
  mkdirSync(cacheRoot, { recursive: true });
  console.error(`[code-server] installing code-server@${CODE_SERVER_VERSION} into ${installDir} (once, ~1 min; log: ${logFile}) …`);
  const log = openSync(logFile, 'w');
  try {
    execFileSync('npm', ['install', '--unsafe-perm', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: staging,
      env,
      stdio: ['ignore', log, log],
    });
  } catch (err) {
    closeSync(log);
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`code-server install failed (${err.message.split('\n')[0]}); last lines of ${logFile}:\n${tail}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  closeSync(log);
  if (!existsSync(join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) {
    throw new Error(`code-server install finished but its entry point is missing; see ${logFile}`);
  }
  writeFileSync(join(staging, '.installed'), CODE_SERVER_VERSION + '\n');
  rmSync(installDir, { recursive: true, force: true });
  renameSync(staging, installDir);
  console.error(`[code-server] installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerEntry;
}

/** Runs the code-server CLI (not the server) and returns its stdout. */
function codeServerCli(args) {
  return execFileSync(process.execPath, [ensureCodeServer(), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Installs a VSIX into the given extensions folder. */
export function installVsix({ vsix, extensionsDir, userDataDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  return codeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force']);
}

/** Settings for a clean window: no walkthrough tab, no trust prompt, no Git-extension error toasts. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
};

/**
 * Starts code-server without auth on a free port; resolves once it answers HTTP.
 * @param {{userDataDir: string, extensionsDir: string, folder?: string, env?: object, settings?: object, logFile?: string}} options
 *   env: overrides for process.env (a value of undefined removes the variable)
 * @returns {Promise<{url: string, port: number, pid: number, logFile: string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ userDataDir, extensionsDir, folder, env = {}, settings = {}, logFile }) {
  const entry = ensureCodeServer();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');

  const port = await freePort();
  logFile ??= join(userDataDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (folder) args.push(folder);
  // detached: own process group, so stop() can kill code-server, its extension hosts and their children at once.
  const childEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined));
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  const killGroup = (signal) => { try { process.kill(-child.pid, signal); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL'); // never leave a server behind if the runner dies
  process.on('exit', onExit);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${url}/healthz`))) {
    if (exited || Date.now() > deadline) {
      killGroup('SIGKILL');
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
      throw new Error(`code-server ${exited ? 'exited' : 'did not answer within 60 s'}; log ${logFile}:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    pid: child.pid,
    logFile,
    stop: async () => {
      process.off('exit', onExit);
      killGroup('SIGTERM');
      const t = setTimeout(() => killGroup('SIGKILL'), 5000);
      if (!exited) await exitPromise;
      clearTimeout(t);
      killGroup('SIGKILL'); // stragglers (extension host children) that ignored SIGTERM
    },
  };
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

// `node scripts/lib/code-server.mjs ensure`: install (CI set-up); prints the entry point.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'ensure') console.log(ensureCodeServer());
  else console.error('usage: node scripts/lib/code-server.mjs ensure');
}
