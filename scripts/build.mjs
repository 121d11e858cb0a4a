// Bundles the extension host code (node/cjs) and the webview (browser/esm) with esbuild.
// Usage: node scripts/build.mjs [--production] [--tests]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

const builds = [
  esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
];
if (existsSync('src/webview/main.ts')) {
  builds.push(
    esbuild.build({
      ...common,
      entryPoints: ['src/webview/main.ts'],
      outfile: 'media/dist/tail.js',
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
    }),
  );
}
if (withTests) {
  // Extension-host suites run inside VS Code: bundle each so they need no TS loader there.
  const dir = 'test/exthost';
  const entries = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
  builds.push(
    esbuild.build({
      ...common,
      sourcemap: true,
      entryPoints: entries,
      outdir: 'dist/test/exthost',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    }),
  );
}
await Promise.all(builds);
