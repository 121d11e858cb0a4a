// Import rules of src/, checked on every file's import statements (the two tsconfigs check which libraries each
// side may use; this checks which module may import which):
// - src/core imports nothing outside src/core: no vscode, no AWS SDK, no package (one documented exception).
// - src/webview imports only src/webview, the pure core modules in WEBVIEW_CORE, and its stylesheet; WEBVIEW_CORE
//   modules import only each other, so nothing else reaches the browser bundle.
// - Nothing outside src/webview imports src/webview.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

/** Core modules the webview may import (paths under src, no extension): the protocol and what it needs. */
const WEBVIEW_CORE = new Set(['core/protocol', 'core/display', 'core/filter', 'core/tail/types', 'core/model']);
/** Assets the webview bundle imports (esbuild bundles the stylesheet). */
const WEBVIEW_ASSETS = new Set(['../media/tail.css']);
/** records.ts unmarshals with @aws-sdk/util-dynamodb, a pure library (no client, no I/O): see its header. */
const CORE_PACKAGE_EXCEPTIONS: ReadonlyArray<[file: string, spec: string]> = [['core/records.ts', '@aws-sdk/util-dynamodb']];

interface SourceFile {
  /** Posix path under src, e.g. `webview/main.ts`. */
  path: string;
  text: string;
}

const IMPORT_RE = /(?:^|\n)[ \t]*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)[ \t]*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importSpecs(text: string): string[] {
  return [...text.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** A relative import as a path under src without its .ts extension (`core/protocol`, `../media/tail.css`). */
function target(from: string, spec: string): string {
  return posix.normalize(posix.join(posix.dirname(from), spec)).replace(/\.ts$/, '').replace(/\/index$/, '');
}

const area = (path: string) => path.split('/')[0];

function importViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const fromArea = area(file.path);
    for (const spec of importSpecs(file.text)) {
      const relativeSpec = spec.startsWith('.');
      const to = relativeSpec ? target(file.path, spec) : undefined;
      const bad = (why: string) => out.push(`${file.path} imports '${spec}': ${why}`);
      if (fromArea === 'core') {
        if (to !== undefined ? area(to) !== 'core' : !CORE_PACKAGE_EXCEPTIONS.some(([f, s]) => f === file.path && s === spec)) {
          bad('src/core imports only src/core (no vscode, no AWS SDK, no package)');
        }
        if (to !== undefined && WEBVIEW_CORE.has(file.path.replace(/\.ts$/, '')) && !WEBVIEW_CORE.has(to)) {
          bad('a core module the webview uses may import only the other webview-safe core modules');
        }
      } else if (fromArea === 'webview') {
        if (to === undefined) bad('the webview imports no package');
        else if (area(to) !== 'webview' && !WEBVIEW_CORE.has(to) && !WEBVIEW_ASSETS.has(to)) bad(`the webview may import only src/webview and ${[...WEBVIEW_CORE].join(', ')}`);
      }
      if (fromArea !== 'webview' && to !== undefined && area(to) === 'webview') bad('only src/webview imports src/webview');
    }
  }
  return out;
}

function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(name)) files.push({ path: relative(SRC, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(SRC);
  return files;
}

describe('architecture: import rules', () => {
  it('src/ follows the import rules', () => {
    const files = sourceFiles();
    assert.ok(files.filter((f) => f.path.startsWith('core/')).length > 10, 'core files found');
    assert.ok(files.filter((f) => f.path.startsWith('webview/')).length > 5, 'webview files found');
    assert.deepEqual(importViolations(files), []);
  });

  it('the allowed lists name files that exist', () => {
    for (const m of WEBVIEW_CORE) assert.ok(existsSync(join(SRC, `${m}.ts`)), m);
    for (const a of WEBVIEW_ASSETS) assert.ok(existsSync(join(SRC, a)), a);
    for (const [f] of CORE_PACKAGE_EXCEPTIONS) assert.ok(existsSync(join(SRC, f)), f);
  });

  it('finds every kind of import statement', () => {
    const text = [
      "import { a } from './a';",
      "import type {\n  B,\n  C,\n} from \"../b\";",
      "export * from './c';",
      "import './style.css';",
      "const d = require('d');",
      "const e = await import('./e');",
      "// import { no } from 'comment';",
      "const s = 'from here';",
    ].join('\n');
    assert.deepEqual(importSpecs(text), ['./a', '../b', './c', './style.css', 'd', './e']);
  });

  it('reports each kind of violation (synthetic files)', () => {
    const found = importViolations([
      { path: 'core/a.ts', text: "import * as vscode from 'vscode';\nimport { X } from '@aws-sdk/client-dynamodb';\nimport { y } from '../aws/clients';\nimport { z } from './b';" },
      { path: 'core/records.ts', text: "import { unmarshall } from '@aws-sdk/util-dynamodb';" },
      { path: 'core/other.ts', text: "import { unmarshall } from '@aws-sdk/util-dynamodb';" },
      { path: 'core/protocol.ts', text: "import { x } from './records';\nimport { y } from './display';" },
      { path: 'webview/main.ts', text: "import '../../media/tail.css';\nimport { p } from '../core/protocol';\nimport { r } from '../core/records';\nimport { s } from '../session';\nimport { l } from 'lodash';\nimport { v } from './view';" },
      { path: 'panels/tailPanel.ts', text: "import { t } from '../webview/toolbar';\nimport { p } from '../core/protocol';" },
    ]);
    assert.deepEqual(
      found.map((v) => v.split(':')[0]),
      [
        "core/a.ts imports 'vscode'",
        "core/a.ts imports '@aws-sdk/client-dynamodb'",
        "core/a.ts imports '../aws/clients'",
        "core/other.ts imports '@aws-sdk/util-dynamodb'",
        "core/protocol.ts imports './records'",
        "webview/main.ts imports '../core/records'",
        "webview/main.ts imports '../session'",
        "webview/main.ts imports 'lodash'",
        "panels/tailPanel.ts imports '../webview/toolbar'",
      ],
    );
  });
});
