// bench/all.ts: `npm run bench`: every bench briefly, one after another (never two at once: they
// share two cores), each in its own process as `npm run bench:<name>` runs it, then one table of
// the figures, each beside the baseline its bench measured in the same run, with p50/p99.
// Each bench prints its rows as one JSON line when given --json (bench/kit.ts printRows); its other
// output is shown as it comes, as progress. A bench that fails gets a row saying so; the rest run.
// Usage: npm run bench [-- --seconds 3 --only http,booking]
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { type BenchRow, flag, ROWS_MARK } from './kit.js';

const seconds = flag('seconds', 3);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1]!.split(',')) : null;
const s = String(seconds);

/** Each bench with the options that make it brief (a few seconds of measuring per figure). */
const benches: { name: string; args: string[] }[] = [
  { name: 'http', args: ['--seconds', s] },
  { name: 'booking', args: ['--seconds', s] },
  { name: 'board-fanout', args: ['--changes', '10'] },
  { name: 'chat', args: ['--messages', '5', '--stored', '10000'] },
  // 100 reminders a second falling due for `seconds` × 3 s, the first 10 s after seeding.
  { name: 'reminders', args: ['--count', String(300 * seconds), '--window', String(3 * seconds), '--lead', '10', '--grace', '15'] },
  { name: 'prescriptions', args: ['--seconds', s, '--pdfs', '50'] },
  { name: 'dispense', args: ['--seconds', s] },
  { name: 'payments', args: ['--seconds', s] },
  { name: 'documents', args: ['--files', '8', '--mb', '2'] },
  // 2,000 idle screens held 10 × `seconds` s (the full bench: 10,000 for 120 s).
  { name: 'idle-sockets', args: ['--sockets', '2000', '--seconds', String(10 * seconds)] },
  // 200 screens over two nodes, one killed (the full bench: 500).
  { name: 'failover', args: ['--sockets', '200'] },
].filter((b) => !only || only.has(b.name));

let current: ReturnType<typeof spawn> | null = null;
let interrupted = false;
// Ctrl-C reaches the running bench too (same process group): it cleans up after itself, and this
// process waits for it before leaving.
process.on('SIGINT', () => {
  interrupted = true;
  if (!current) process.exit(130);
});

/** Runs one bench to its end, showing its output indented; its rows, or one row saying it failed. */
async function run(name: string, args: string[], index: number): Promise<BenchRow[]> {
  const began = performance.now();
  console.log(`\n[${index + 1}/${benches.length}] ${name}: tsx bench/${name}.ts ${args.join(' ')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  current = child;
  let rows: BenchRow[] | null = null;
  const show = (line: string) => {
    if (line.startsWith(ROWS_MARK)) rows = JSON.parse(line.slice(ROWS_MARK.length)) as BenchRow[];
    else if (line.trim()) console.log(`  ${name} │ ${line.replace(/\r/g, '')}`);
  };
  createInterface({ input: child.stdout! }).on('line', show);
  createInterface({ input: child.stderr! }).on('line', show);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  current = null;
  console.log(`  ${name} │ done in ${((performance.now() - began) / 1000).toFixed(0)} s, exit code ${code}`);
  if (rows && code === 0) return rows;
  return [...(rows ?? []), { bench: name, figure: '—', value: Number.NaN, unit: '', note: `failed: exit code ${code}` }];
}

const loadBefore = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const startedAt = new Date();
console.log(`npm run bench: ${benches.length} benches, one at a time, --seconds ${seconds}; load average ${loadBefore}`);
const rows: BenchRow[] = [];
for (const [i, b] of benches.entries()) {
  rows.push(...(await run(b.name, b.args, i)));
  if (interrupted) process.exit(130);
}
const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);

const num = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : '—');
const table = [
  ['bench', 'figure', 'value', 'same-run baseline', 'ratio', 'p50 ms', 'p99 ms', 'note'],
  ...rows.map((r) => [
    r.bench,
    r.figure,
    `${num(r.value)} ${r.unit}`.trim(),
    r.baseline ? `${r.baseline.name}: ${num(r.baseline.value)}` : '—',
    r.baseline ? `${((r.value / r.baseline.value) * 100).toFixed(1)}%` : '—',
    r.p50 === undefined ? '—' : num(r.p50),
    r.p99 === undefined ? '—' : num(r.p99),
    r.note ?? '',
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
console.log(`\n${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min, ${cpus().length} cores`);
console.log(
  `load average before ${loadBefore}, after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
console.log(line(table[0]!));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table.slice(1)) console.log(line(row));
if (rows.some((r) => r.note?.startsWith('failed'))) process.exitCode = 1;
