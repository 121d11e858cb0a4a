// Entry point called inside the extension host, by @vscode/test-electron (desktop) and by code-server through its
// `extensionTestsPath` payload (scripts/run-exthost-tests.mjs). Runs every bundled dist/test/exthost/*.test.js with
// mocha (BDD) and writes a JSON result file that the outer runner waits for, since the host's console is not ours.
import * as fs from 'fs';
import * as path from 'path';

// mocha 12 is an ES module whose CommonJS build is lib/mocha.cjs; requiring that file directly works in every
// extension host (older Electron Node versions cannot require() ES modules). `mocha` is external to the bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof import('mocha') = require('mocha/lib/mocha.cjs');

export interface ExtHostTestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  duration?: number;
  error?: { message: string; stack?: string };
}

export interface ExtHostResult {
  status: 'passed' | 'failed';
  stats: { tests: number; passes: number; failures: number; pending: number; duration: number };
  files: string[];
  tests: ExtHostTestResult[];
}

/** Where the result goes: the runner passes a path; otherwise test-results/ at the repo root. */
export function resultPath(): string {
  return process.env.DDB_STREAMS_EXTHOST_RESULT || path.resolve(__dirname, '..', '..', '..', 'test-results', 'exthost-result.json');
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: Number(process.env.DDB_STREAMS_EXTHOST_TIMEOUT) || 60_000, color: false });
  const grep = process.env.DDB_STREAMS_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(__dirname, f));
  // DDB_STREAMS_EXTHOST_ORDER=reverse runs the files last to first: a check that no suite depends on what an earlier
  // one left (each sets its own connection and restores it).
  if (process.env.DDB_STREAMS_EXTHOST_ORDER === 'reverse') files.reverse();
  files.forEach((f) => mocha.addFile(f));

  const tests: ExtHostTestResult[] = [];
  const started = Date.now();
  const toResult = (t: Mocha.Runnable, state: ExtHostTestResult['state'], err?: Error): ExtHostTestResult => ({
    title: t.title,
    fullTitle: t.fullTitle(),
    file: t.file && path.basename(t.file),
    state,
    duration: t.duration,
    error: err && { message: String(err.message ?? err), stack: err.stack },
  });

  return new Promise((resolve, reject) => {
    const write = (failures: number) => {
      const passes = tests.filter((t) => t.state === 'passed').length;
      const pending = tests.filter((t) => t.state === 'pending').length;
      const result: ExtHostResult = {
        status: failures > 0 ? 'failed' : 'passed',
        stats: { tests: tests.length, passes, failures, pending, duration: Date.now() - started },
        files: files.map((f) => path.basename(f)),
        tests,
      };
      const out = resultPath();
      fs.mkdirSync(path.dirname(out), { recursive: true });
      // Write then rename: the outer runner polls for this file and must never read half of it.
      fs.writeFileSync(`${out}.tmp`, JSON.stringify(result, null, 2));
      fs.renameSync(`${out}.tmp`, out);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    };
    try {
      const runner = mocha.run((failures) => write(failures));
      runner.on('pass', (t) => tests.push(toResult(t, 'passed')));
      // Hook failures ("before all" hook …) arrive here too, so they are counted and reported.
      runner.on('fail', (t, err) => tests.push(toResult(t, 'failed', err)));
      runner.on('pending', (t) => tests.push(toResult(t, 'pending')));
    } catch (err) {
      // A suite that throws while loading: report it as a failure instead of leaving the runner waiting.
      tests.push({ title: 'load test files', fullTitle: 'load test files', state: 'failed', error: { message: String((err as Error).message), stack: (err as Error).stack } });
      write(1);
    }
  });
}
