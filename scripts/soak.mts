// `npm run soak [-- --writes=100000 --keys=1000 --blackhole=30000 --stall=3000]`: the panel's read path under
// injected faults (scripts/lib/soak-run.ts), with its figures printed as a table and as a Markdown block for
// docs/BENCHMARKS.md (SOAK). Exit 1 if a record is missing, duplicated or out of order. The fault draws are seeded and
// the seed printed: `DDB_STREAMS_FAULT_SEED=<seed> npm run soak` replays them.
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runSoak } from './lib/soak-run';

const arg = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
};
const writes = arg('writes', 100_000);
const keys = arg('keys', 1_000);
// ≈ 24% of GetRecords calls and ≈ 21% of the other Streams calls get a fault.
const probabilities = { reset: 0.03, lost: 0.03, internal: 0.04, limit: 0.03, throttling: 0.03, expired: 0.03, stall: 0.05 };
const exportPath = join(tmpdir(), `soak-${process.pid}.ndjson`);
const started = new Date();
const f = await runSoak({
  writes,
  keys,
  probabilities,
  stallMs: arg('stall', 3_000),
  blackholeMs: arg('blackhole', 30_000),
  exportPath,
  drainTimeoutMs: 600_000,
  log: (line) => console.log(`[soak] ${line}`),
});
const ok = f.delivered === writes && f.distinctRecords === writes && f.duplicatesBySequence === 0 && f.duplicatesByKeyCounter === 0 && f.orderViolations === 0 && f.missing === 0;
const faultList = Object.entries(f.faults).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`
| Figure | Value |
| --- | --- |
| Fault seed (\`DDB_STREAMS_FAULT_SEED\` replays it) | ${f.seed} |
| Writes (keys × versions) | ${f.writes.toLocaleString('en')} (${keys.toLocaleString('en')} × ${writes / keys}) |
| Streams calls / faulted | ${f.streamsCalls.toLocaleString('en')} / ${(f.faultShare * 100).toFixed(1)}% |
| Faults injected by kind | ${faultList} |
| Records in the export / distinct | ${f.delivered.toLocaleString('en')} / ${f.distinctRecords.toLocaleString('en')} |
| Duplicates (sequence number / key+counter) | ${f.duplicatesBySequence} / ${f.duplicatesByKeyCounter} |
| Per-key order violations / missing | ${f.orderViolations} / ${f.missing} |
| Reader: reconnecting episodes / gap notices / error events | ${f.reconnects} / ${f.gapNotices} / ${f.errorEvents} |
| Writing took | ${f.writeSeconds.toFixed(1)} s |
| Drain after the last write | ${f.drainSeconds.toFixed(1)} s |
| Records/s (first write → last record held) | ${Math.round(f.recordsPerSecond).toLocaleString('en')} |
| Peak RSS / heap used (whole process: writers, reader, session) | ${f.peakRssMb.toFixed(0)} MB / ${f.peakHeapMb.toFixed(0)} MB |
| Export | ${(f.exportBytes / 2 ** 20).toFixed(1)} MB NDJSON |

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, ${process.platform}; ${started.toISOString()}; \`npm run soak\`
`);
console.log(ok ? 'soak: OK — every record exactly once, in order per key' : `soak: FAILED (replay the faults: DDB_STREAMS_FAULT_SEED=${f.seed} npm run soak)`);
process.exit(ok ? 0 : 1);
