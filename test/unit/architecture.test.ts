// Import rules of src/, checked on every file's import statements (the two tsconfigs check which libraries each
// side may use; this checks which module may import which):
// - src/core imports nothing outside src/core: no vscode, no AWS SDK, no package (one documented exception).
// - src/webview imports only src/webview, the pure core modules in WEBVIEW_CORE, and its stylesheet; WEBVIEW_CORE
//   modules import only each other, so nothing else reaches the browser bundle.
// - Nothing outside src/webview imports src/webview.
// - The host side is layered (LAYERS, top to bottom): a file imports its own area or an area below it, never one
//   beside it or above it.
// - No file cycle anywhere in src.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

/** Core modules the webview may import (paths under src, no extension): the protocol and what it needs. */
const WEBVIEW_CORE = new Set(['core/panel/protocol', 'core/records/display', 'core/panel/filter', 'core/tail/types', 'core/records/model', 'core/panel/recordContext', 'core/util/plural', 'core/panel/itemsProtocol']);
/** Assets the webview bundle imports (esbuild bundles the stylesheet). */
const WEBVIEW_ASSETS = new Set(['../media/tail.css']);
/** unmarshall.ts unmarshals with @aws-sdk/util-dynamodb, a pure library (no client, no I/O): see its header. */
const CORE_PACKAGE_EXCEPTIONS: ReadonlyArray<[file: string, spec: string]> = [['core/records/unmarshall.ts', '@aws-sdk/util-dynamodb']];
/** Host-side areas (the first folder under src, or the file's name without extension at src's top), top to bottom.
 * Areas on one row sit side by side and do not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['extension'],
  ['commands'],
  ['panels', 'views'],
  ['handlers'],
  ['ui'],
  ['ids'],
  ['connection'],
  ['config'],
  ['aws'],
  ['core'],
];
const layerOf = (areaName: string) => LAYERS.findIndex((row) => row.includes(areaName));

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

const area = (path: string) => path.split('/')[0].replace(/\.[a-z]+$/, '');

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
      // core and webview have their own (stricter) rules above.
      if (!['core', 'webview'].includes(fromArea) && to !== undefined && ![fromArea, 'webview'].includes(area(to)) && !to.startsWith('../')) {
        const [a, b] = [layerOf(fromArea), layerOf(area(to))];
        if (a < 0) bad(`'${fromArea}' has no place in the layer order (add it to LAYERS)`);
        else if (b <= a) bad(`'${fromArea}' may import only areas below it (${LAYERS.slice(a + 1).flat().join(', ')})`);
      }
    }
  }
  return out;
}

/** Every file cycle, each once, as the list of files around it (Tarjan's strongly connected components). */
function importCycles(files: readonly SourceFile[]): string[][] {
  const known = new Set(files.map((f) => f.path.replace(/\.[a-z]+$/, '')));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const from = file.path.replace(/\.[a-z]+$/, '');
    edges.set(from, importSpecs(file.text).filter((s) => s.startsWith('.')).map((s) => target(file.path, s)).filter((t) => known.has(t)));
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
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

  it("only config/settings.ts names the settings' section (every setting is read there)", () => {
    const section = /['"`]dynamodbStreams['"`]/;
    const naming = sourceFiles().filter((f) => section.test(f.text)).map((f) => f.path);
    assert.deepEqual(naming, ['config/settings.ts']);
  });

  it('src/ has no import cycle', () => {
    assert.deepEqual(importCycles(sourceFiles()), []);
  });

  it('finds cycles of any length, and no false ones (synthetic files)', () => {
    const found = importCycles([
      { path: 'core/a.ts', text: "import { b } from './b';" },
      { path: 'core/b.ts', text: "import { c } from './c';" },
      { path: 'core/c.ts', text: "import { a } from './a';" },
      { path: 'panels/x.ts', text: "import { y } from './y';" },
      { path: 'panels/y.ts', text: "export { x } from './x';" },
      { path: 'views/ok.ts', text: "import { a } from '../core/a';" },
    ]);
    assert.deepEqual(found.map((c) => c.join(' ')).sort(), ['core/a core/b core/c', 'panels/x panels/y']);
  });

  it('rejects imports against the layer order (synthetic files)', () => {
    const found = importViolations([
      { path: 'views/nodes.ts', text: "import { COMMANDS } from '../commands/ids';\nimport { CONTEXT } from '../ids';" },
      { path: 'views/tablesTree.ts', text: "import type { ReplicaSource } from '../aws/replicas';\nimport { x } from '../panels/tailPanel';" },
      { path: 'aws/tables.ts', text: "import { s } from '../config/settings';\nimport { m } from '../core/records/model';" },
      { path: 'commands/tail.ts', text: "import { p } from '../panels/tailPanel';\nimport { c } from '../connection/connectionManager';" },
      { path: 'extension.ts', text: "import { t } from './commands/tail';" },
      { path: 'elsewhere/x.ts', text: "import { c } from '../core/records/model';" },
    ]);
    assert.deepEqual(found.map((v) => v.split(':')[0]), [
      "views/nodes.ts imports '../commands/ids'",
      "views/tablesTree.ts imports '../panels/tailPanel'",
      "aws/tables.ts imports '../config/settings'",
      "elsewhere/x.ts imports '../core/records/model'",
    ]);
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
      { path: 'core/records/unmarshall.ts', text: "import { unmarshall } from '@aws-sdk/util-dynamodb';" },
      { path: 'core/other.ts', text: "import { unmarshall } from '@aws-sdk/util-dynamodb';" },
      { path: 'core/panel/protocol.ts', text: "import { x } from '../records/records';\nimport { y } from '../records/display';" },
      { path: 'webview/main.ts', text: "import '../../media/tail.css';\nimport { p } from '../core/panel/protocol';\nimport { r } from '../core/records/records';\nimport { s } from '../session';\nimport { l } from 'lodash';\nimport { v } from './view';" },
      { path: 'panels/tailPanel.ts', text: "import { t } from '../webview/toolbar';\nimport { p } from '../core/panel/protocol';" },
    ]);
    assert.deepEqual(
      found.map((v) => v.split(':')[0]),
      [
        "core/a.ts imports 'vscode'",
        "core/a.ts imports '@aws-sdk/client-dynamodb'",
        "core/a.ts imports '../aws/clients'",
        "core/other.ts imports '@aws-sdk/util-dynamodb'",
        "core/panel/protocol.ts imports '../records/records'",
        "webview/main.ts imports '../core/records/records'",
        "webview/main.ts imports '../session'",
        "webview/main.ts imports 'lodash'",
        "panels/tailPanel.ts imports '../webview/toolbar'",
      ],
    );
  });
});
