// `npm test`: every stage, in order, even after a failure; then a table of results and `N passed, M failed`.
// Usage: npm test [-- --only=unit,integration]
// Exit 1 if any stage failed or a test stage ran zero tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// tests: false = a check without test counts (typecheck); otherwise the output must report at least one test.
// `then`: further commands of the same stage, run even if an earlier one failed; the stage fails if any did.
const STAGES = [
  // Two programs with different libraries: the host (Node, no DOM) and the webview bundle (DOM, no Node); then ESLint.
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'], then: [['npx', ['tsc', '-p', 'src/webview', '--noEmit']], ['npx', ['eslint', '.']]], tests: false },
  { name: 'unit', cmd: 'npm', args: ['run', 'test:unit'] },
  { name: 'integration', cmd: 'npm', args: ['run', 'test:integration'] },
  { name: 'exthost', cmd: process.execPath, args: ['scripts/run-exthost-tests.mjs'] },
  { name: 'e2e', cmd: process.execPath, args: ['scripts/run-e2e.mjs'] },
];

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const unknown = (only ?? []).filter((n) => !STAGES.some((s) => s.name === n));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages: ${STAGES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = only ? STAGES.filter((s) => only.includes(s.name)) : STAGES;

/** Runs a command with its output shown live and captured. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tee = (to) => (chunk) => { output += chunk; to.write(chunk); };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('error', (err) => { output += String(err); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Counts from mocha's summary ("N passing", "N failing", "N pending") or the e2e line ("e2e: N passed, M failed"). */
function counts(output) {
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (re) => { const all = [...text.matchAll(re)]; return all.length ? Number(all.at(-1)[1]) : undefined; };
  const e2e = [...text.matchAll(/^e2e: (\d+) passed, (\d+) failed/gm)].at(-1);
  if (e2e) return { passed: Number(e2e[1]), failed: Number(e2e[2]), pending: 0 };
  const passed = last(/^\s*(\d+) passing\b/gm);
  const failed = last(/^\s*(\d+) failing\b/gm);
  const pending = last(/^\s*(\d+) pending\b/gm);
  if (passed === undefined && failed === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0, pending: pending ?? 0 };
}

const rows = [];
for (const stage of selected) {
  console.log(`\n━━━ ${stage.name}: ${[stage.cmd === process.execPath ? 'node' : stage.cmd, ...stage.args].join(' ')}`);
  const started = Date.now();
  let { code, output } = await run(stage.cmd, stage.args);
  for (const [cmd, args] of stage.then ?? []) {
    console.log(`━━━ ${stage.name}: ${[cmd, ...args].join(' ')}`);
    const next = await run(cmd, args);
    code = code || next.code;
    output += next.output;
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const c = stage.tests === false ? undefined : counts(output);
  let status = code === 0 ? 'ok' : `FAIL (exit ${code})`;
  if (stage.tests !== false && code === 0 && (!c || c.passed + c.failed === 0)) status = 'FAIL (0 tests)';
  if (stage.tests === false && code !== 0) {
    const errors = (output.match(/error TS\d+/g) ?? []).length;
    // ESLint's summary: "✖ 3 problems (2 errors, 1 warning)".
    const lint = Number(/\((\d+) errors?, \d+ warnings?\)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? 0);
    const found = [errors && `${errors} errors`, lint && `${lint} lint errors`].filter(Boolean);
    if (found.length) status = `FAIL (${found.join(', ')})`;
  }
  rows.push({ stage: stage.name, status, passed: c?.passed, failed: c?.failed, pending: c?.pending, seconds });
}

const cell = (v) => (v === undefined ? '—' : String(v));
const table = [['stage', 'result', 'passed', 'failed', 'pending', 'time'], ...rows.map((r) => [r.stage, r.status, cell(r.passed), cell(r.failed), cell(r.pending), `${r.seconds} s`])];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log('\n' + table.map((row, n) => {
  const line = row.map((v, i) => (i >= 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ');
  return n === 0 ? `${line}\n${widths.map((w) => '─'.repeat(w)).join('  ')}` : line;
}).join('\n'));

const passed = rows.reduce((n, r) => n + (r.passed ?? 0), 0);
// A stage that failed without reporting failing tests (crash, build error, 0 tests) still counts one failure.
const failed = rows.reduce((n, r) => n + (r.failed || (r.status !== 'ok' ? 1 : 0)), 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(rows.every((r) => r.status === 'ok') ? 0 : 1);
