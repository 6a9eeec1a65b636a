// bench/reminders.ts: N email reminders falling due within one window, sent first by ONE worker
// process (workers/main.ts, as deployed), then the same due set (same count and spread, fresh
// visits and rows) by TWO worker processes on the same queue, to an SMTP catcher in this process.
// For each: lateness (receipt at the catcher minus the row's due time) p50/p99/max, sends/s
// (receipts over first-to-last receipt), duplicates and missing (from the catcher's received log
// and the rows in MySQL), the rows' final statuses, and where lateness comes from (BullMQ pick-up
// vs the send itself); then two workers' sends/s over one's.
// A scratch MySQL database and Redis prefix, both removed at the end (also after a failure).
// Usage: npm run bench:reminders [-- --count 10000 --window 60 --concurrency 50 --lead 20 --grace 30 --warmup 0 --workers 1,2]
// `--window 1` puts every reminder due at once (capacity: what the ratio is about); `--window 60`
// is 10,000 due in a minute (lateness). --profile DIR writes a CPU profile of each worker there.
// Long file: one benchmark run in the order it happens (seed, start the worker, wait for every
// mail, figures, stop), and each figure it prints is computed from the steps above it; split into
// files, checking what a figure measures would mean jumping between them.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { newId } from '../db/ids.js';
import { migrateMysql } from '../db/migrate-mysql.js';
import { createMysql } from '../db/mysql.js';
import { appointments, doctors, locations, notificationLog, patients, specialties, users } from '../db/schema/index.js';
import { openQueues } from '../server/jobs/queues.js';
import type { LogRow } from '../server/modules/notifications/log.js';
import { dedupeKey } from '../server/modules/notifications/plan.js';
import { enqueue } from '../server/modules/notifications/planner.js';
import { benchStores, printRows } from './kit.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = flag('count', 10_000);
const WINDOW_MS = flag('window', 60) * 1000;
const CONCURRENCY = flag('concurrency', 50);
/** Seconds between the end of seeding and the first due time (room for the worker to start). */
const LEAD_MS = flag('lead', 20) * 1000;
/** Seconds after the last due time before giving up on mails not received yet. */
const GRACE_MS = flag('grace', Math.max(30, COUNT / 100)) * 1000;
/**
 * How many worker processes each phase runs, in order (default: one, then two). `1d`: one worker
 * with NOTIFICATIONS_SEND_STORE=direct (one query per call, the code before batching), a baseline.
 */
const PHASES = (() => {
  const i = args.indexOf('--workers');
  return (i >= 0 ? String(args[i + 1]) : '1,2').split(',').map((t) => ({ n: Number.parseInt(t, 10), direct: t.endsWith('d') }));
})();
const phaseName = (p: { n: number; direct: boolean }) =>
  `${p.n} worker process${p.n > 1 ? 'es' : ''}${p.direct ? ' (one query per call, as before batching)' : ''}`;
/**
 * Extra reminders due 10–5 s before the window, left out of the figures: they warm the worker up
 * (JIT, pools) the way a worker that has been running all day would be. 0 = a cold worker.
 */
const WARMUP = flag('warmup', 0);
const TOTAL = COUNT + WARMUP;
/** Directory for a CPU profile of the worker (node --cpu-prof), e.g. --profile /tmp/prof. */
const PROFILE_DIR = (() => {
  const i = args.indexOf('--profile');
  return i >= 0 ? args[i + 1] : undefined;
})();
const DOCTORS = 100;
const CHUNK = 1_000;

// A scratch database, Redis prefix and MongoDB of this run's own (benchStores removes them again
// after the bench's own clean-up below, and on a failure before it is in place).
const stores = await benchStores('reminders');
const database = stores.name;
const mysqlUrl = `mysql://root@127.0.0.1:3306/${database}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = database;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '—');
/** CPU seconds (user + system) a process has used so far, from /proc (Linux only; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineSeconds(): { busy: number; total: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const t = ticks.map(Number);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - t[3]! - t[4]!) / 100, total: total / 100 };
  } catch {
    return { busy: 0, total: 0 };
  }
}
function pidOf(command: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (/^\d+$/.test(entry) && readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) return Number(entry);
    }
  } catch {}
  return undefined;
}
/** `label n/total` on one line, rewritten in a terminal; only the last one when piped. */
const progress = (label: string, done: number, total: number) => {
  if (process.stdout.isTTY) process.stdout.write(`\r${label} ${done}/${total}`);
  else if (done === total) process.stdout.write(`${label} ${done}/${total}`);
};

// ── The SMTP catcher: records when each Message-ID arrived (end of DATA, before the 250). ──
const received = new Map<string, number[]>();
let receivedTotal = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (head.length < 4096) head += chunk;
    });
    stream.on('end', () => {
      const at = Date.now();
      const id = /^Message-ID:\s*<([^@>]+)@clinic-hub>/im.exec(head)?.[1] ?? '(none)';
      const times = received.get(id);
      if (times) times.push(at);
      else received.set(id, [at]);
      receivedTotal++;
      callback(null);
    });
  },
});

// A worker killed mid-session resets its connections: not an error of the catcher.
smtp.on('error', () => {});

const mysql = createMysql(mysqlUrl, { connectionLimit: 4 });
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queues = openQueues(redis, redisPrefix);
let workers: ChildProcess[] = [];
const workerLog: string[] = [];
let cleanedUp = false;

async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const worker of workers) {
    if (worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    }
  }
  await queues.close().catch(() => {});
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
  await mysql.pool.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => {});
  await mysql.close();
  if (smtp.server.listening) await new Promise<void>((resolve) => smtp.close(() => resolve()));
  console.log(`cleanup: dropped database ${database}, removed ${removed} Redis keys under ${redisPrefix}`);
  await stores.cleanup();
}

process.once('SIGINT', () => {
  console.log('\ninterrupted');
  cleanup().finally(() => process.exit(130));
});

try {
  await run();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}

interface PhaseResult {
  workers: number;
  direct?: boolean;
  sendsPerS: number;
  p50: number;
  p99: number;
  max: number;
  duplicates: number;
  missing: number;
  workerMsPerSend: number;
}

async function run() {
  console.log(
    `${COUNT} email reminders due over ${WINDOW_MS / 1000} s, sent by ${PHASES.map(phaseName).join(', then ')} ` +
      `(the same due set for each), WORKER_CONCURRENCY=${CONCURRENCY}` +
      `${WARMUP ? `, ${WARMUP} warm-up reminders first` : ', cold workers'}; database ${database}\n`,
  );
  await migrateMysql(mysqlUrl);
  const { db } = mysql;

  // ── Shared by every phase: a location and 100 doctors. ──
  const locationId = newId();
  await db.insert(locations).values({ id: locationId, name: 'Bench', address: '1 Bench St', phone: '+1 212 555 0100', timezone: 'UTC' });
  const specialtyId = newId();
  await db.insert(specialties).values({ id: specialtyId, name: 'General' });
  const doctorIds = Array.from({ length: DOCTORS }, () => newId());
  const userIds = doctorIds.map(() => newId());
  await db
    .insert(users)
    .values(userIds.map((id, i) => ({ id, email: `doc${i}@bench.example`, role: 'doctor' as const, firstName: 'Doc', lastName: `${i}` })));
  await db.insert(doctors).values(
    doctorIds.map((id, i) => ({
      id,
      userId: userIds[i]!,
      firstName: 'Doc',
      lastName: `${i}`,
      specialtyId,
      licenseNumber: `R-${i}`,
      locationId,
      room: `${i}`,
      consultationMinutes: 15,
    })),
  );
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  const results: PhaseResult[] = [];
  for (const [index, p] of PHASES.entries()) {
    console.log(`\n═══ ${phaseName(p)} ═══`);
    results.push({ ...(await phase(index, p.n, p.direct, { locationId, doctorIds, smtpUrl })), direct: p.direct });
  }

  const one = results.find((r) => r.workers === 1 && !r.direct);
  const two = results.find((r) => r.workers === 2 && !r.direct);
  const before = results.find((r) => r.workers === 1 && r.direct);
  console.log('\n workers   sends/s   p50 late   p99 late   max late   duplicates   missing   worker CPU/reminder');
  for (const r of results) {
    console.log(
      ` ${`${r.workers}${r.direct ? ' (d)' : ''}`.padStart(7)} ${String(r.sendsPerS).padStart(9)} ${ms(r.p50).padStart(10)} ${ms(r.p99).padStart(10)} ${ms(r.max).padStart(10)} ` +
        `${String(r.duplicates).padStart(12)} ${String(r.missing).padStart(9)}   ${r.workerMsPerSend.toFixed(2)} ms`,
    );
  }
  if (one && two) {
    const ratio = two.sendsPerS / one.sendsPerS;
    console.log(
      `two workers / one worker sends/s: ${ratio.toFixed(2)}× (target ≥ 1.7×: ${ratio >= 1.7 ? 'met' : 'NOT met'}` +
        `${WINDOW_MS > 5_000 ? '; reminders fall due over the window, so both send as fast as they fall due: run with --window 1 for capacity' : ''})`,
    );
  }
  if (one && two) {
    // On a shared machine the workers get what CPU is left: sends per second of worker CPU says
    // whether two workers lose anything to sharing the queue and the rows (1.00 = nothing).
    const perCpuS = (r: PhaseResult) => 1000 / r.workerMsPerSend;
    console.log(
      `sends per worker CPU-second: one worker ${Math.round(perCpuS(one))}, two workers ${Math.round(perCpuS(two))} ` +
        `(${(perCpuS(two) / perCpuS(one)).toFixed(2)}×)`,
    );
  }
  if (one && before) {
    console.log(
      `one batched worker / one worker with a query per call (d): ${(one.sendsPerS / before.sendsPerS).toFixed(2)}× sends/s, ` +
        `CPU per reminder ${one.workerMsPerSend.toFixed(2)} vs ${before.workerMsPerSend.toFixed(2)} ms`,
    );
  }
  const clean = results.every((r) => r.duplicates === 0 && r.missing === 0);
  const p99ok = results.every((r) => r.p99 <= 500);
  console.log(
    `targets: 0 duplicates and 0 missing ${clean ? 'met' : 'NOT met'}; p99 lateness ≤ 500 ms ${p99ok ? 'met' : 'NOT met'}${WARMUP ? '' : ' (cold workers; the target is for a warm one: --warmup 1000)'}`,
  );
  printRows(
    results.map((r) => ({
      bench: 'reminders',
      figure: `${COUNT} reminders in ${WINDOW_MS / 1000} s, ${r.workers} worker${r.workers > 1 ? 's' : ''}${r.direct ? ' (query per call)' : ''}: sent`,
      value: r.sendsPerS,
      unit: '/s',
      baseline:
        r.workers === 1 || !one || r.direct
          ? { name: 'falling due', value: Math.round(COUNT / (WINDOW_MS / 1000)) }
          : { name: 'one worker', value: one.sendsPerS },
      p50: Math.round(r.p50),
      p99: Math.round(r.p99),
      ...(r.duplicates || r.missing ? { note: `${r.duplicates} duplicates, ${r.missing} missing` } : {}),
    })),
  );
}

/** One phase: its own visits and rows (the same shape every phase), `n` worker processes, the figures. */
async function phase(
  index: number,
  n: number,
  direct: boolean,
  shared: { locationId: string; doctorIds: string[]; smtpUrl: string },
): Promise<PhaseResult> {
  const { db } = mysql;
  const { locationId, doctorIds, smtpUrl } = shared;
  received.clear();
  receivedTotal = 0;
  const seedStarted = Date.now();
  const now = new Date();
  const patientIds = Array.from({ length: TOTAL }, () => newId());
  for (let i = 0; i < TOTAL; i += CHUNK) {
    await db.insert(patients).values(
      patientIds.slice(i, i + CHUNK).map((id, j) => ({
        id,
        firstName: 'Bench',
        lastName: `Patient${index}-${i + j}`,
        dateOfBirth: '1980-01-01',
        phone: `+1 212 555 01${String((i + j) % 100).padStart(2, '0')}`,
        email: `patient${index}-${i + j}@bench.example`,
        allergies: [],
        timezone: 'UTC',
      })),
    );
    progress('patients', Math.min(i + CHUNK, TOTAL), TOTAL);
  }
  process.stdout.write('\n');

  // Visits start ~3 h from now, spread over the window (distinct instants, so every (doctor,
  // start) is unique); 100 doctors × COUNT/100 visits each. Warm-up visits come first, 10–5 s
  // before the window.
  const firstStart = now.getTime() + (3 + index) * 3_600_000;
  const startOf = (n: number) =>
    new Date(
      n < WARMUP ? firstStart - 10_000 + Math.floor((n * 5_000) / WARMUP) : firstStart + Math.floor(((n - WARMUP) * WINDOW_MS) / COUNT),
    );
  const appointmentIds = Array.from({ length: TOTAL }, () => newId());
  for (let i = 0; i < TOTAL; i += CHUNK) {
    await db.insert(appointments).values(
      appointmentIds.slice(i, i + CHUNK).map((id, j) => {
        const n = i + j;
        const startAt = startOf(n);
        return {
          id,
          bookingReference: `${index}${String(n).padStart(7, '0')}`,
          doctorId: doctorIds[n % DOCTORS]!,
          patientId: patientIds[n]!,
          locationId,
          startAt,
          endAt: new Date(startAt.getTime() + 15 * 60_000),
          status: 'scheduled' as const,
        };
      }),
    );
    progress('appointments', Math.min(i + CHUNK, TOTAL), TOTAL);
  }
  process.stdout.write('\n');

  // One offset (whole seconds) chosen now so that the first reminder falls due LEAD_MS from here;
  // the worker gets the same REMINDER_OFFSETS, so its planner and reconciler agree with the rows.
  const offsetSeconds = Math.round((firstStart - (Date.now() + LEAD_MS)) / 1000);
  const offset = `PT${offsetSeconds}S`;
  const allRows: LogRow[] = appointmentIds.map((appointmentId, n) => {
    const startAt = startOf(n);
    const created = new Date();
    return {
      id: newId(),
      dedupeKey: dedupeKey(appointmentId, 'reminder', offset, startAt, 'email'),
      appointmentId,
      patientId: patientIds[n]!,
      kind: 'reminder',
      subjectId: null,
      offset,
      startAt,
      channel: 'email',
      dueAt: new Date(startAt.getTime() - offsetSeconds * 1000),
      status: 'scheduled',
      reason: null,
      attempts: 0,
      claimedAt: null,
      sentAt: null,
      providerId: null,
      createdAt: created,
      updatedAt: created,
    };
  });
  for (let i = 0; i < TOTAL; i += CHUNK) {
    await db.insert(notificationLog).values(allRows.slice(i, i + CHUNK));
    progress('reminder rows', Math.min(i + CHUNK, TOTAL), TOTAL);
  }
  process.stdout.write('\n');
  // What the planner would have done: one delayed job per row, added in bulk.
  for (let i = 0; i < TOTAL; i += CHUNK) {
    await enqueue({ notifications: queues.notifications }, allRows.slice(i, i + CHUNK));
    progress('jobs enqueued', Math.min(i + CHUNK, TOTAL), TOTAL);
  }
  process.stdout.write('\n');
  const warmupIds = new Set(allRows.slice(0, WARMUP).map((r) => r.id));
  const rows = allRows.slice(WARMUP);
  const dueOf = new Map(rows.map((r) => [r.id, r.dueAt.getTime()]));
  const rowOfAppointment = new Map(rows.map((r) => [r.appointmentId, r]));
  const firstDue = rows[0]!.dueAt.getTime();
  const lastDue = rows[rows.length - 1]!.dueAt.getTime();
  console.log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s; offset ${offset}`);

  // ── The worker processes (as deployed: workers/main.ts, one queue). ──
  const workerStarted = Date.now();
  const nodeArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  workers = Array.from({ length: n }, () =>
    spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'workers/main.ts'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        MYSQL_URL: mysqlUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: redisPrefix,
        MONGO_URL: stores.mongoUrl,
        SMTP_URL: smtpUrl,
        QUIET_HOURS: 'off',
        REMINDER_OFFSETS: offset,
        WORKER_CONCURRENCY: String(CONCURRENCY),
        ...(direct ? { NOTIFICATIONS_SEND_STORE: 'direct' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const children = workers;
  for (const child of children) {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => workerLog.push(line));
    }
  }
  const exits = children.map(
    (child) =>
      new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
      ),
  );
  // Each worker process runs three BullMQ workers; the notifications queue counts one per process.
  while ((await queues.notifications.getWorkersCount()) < n) {
    const gone = children.find((c) => c.exitCode !== null);
    if (gone) throw new Error(`a worker exited with ${gone.exitCode}:\n${workerLog.join('\n')}`);
    await sleep(100);
  }
  console.log(
    `worker${n > 1 ? 's' : ''} ${children.map((c) => c.pid).join(', ')} ready in ${((Date.now() - workerStarted) / 1000).toFixed(1)} s; first reminder due in ${((firstDue - Date.now()) / 1000).toFixed(1)} s`,
  );
  if (firstDue - (WARMUP ? 10_000 : 0) < Date.now())
    console.log('warning: reminders fell due before the workers were ready (raise --lead)');

  // ── Wait for every mail, or last due + GRACE_MS; CPU used by each party over that time. ──
  const parties: Record<string, number | undefined> = {
    ...Object.fromEntries(children.map((c, i) => [`worker ${i + 1}`, c.pid])),
    bench: process.pid,
    mariadbd: pidOf('mariadbd') ?? pidOf('mysqld'),
    'redis-server': pidOf('redis-server'),
  };
  while (Date.now() < firstDue) await sleep(20);
  const cpuBefore = Object.fromEntries(Object.entries(parties).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const machineBefore = machineSeconds();
  const windowStarted = Date.now();
  const receivedBefore = receivedTotal;
  const loadBefore = loadavg()[0]!;
  const deadline = lastDue + GRACE_MS;
  let lastReport = 0;
  while (receivedTotal < TOTAL && Date.now() < deadline) {
    await sleep(200);
    const gone = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (gone) {
      console.log(`worker ${gone.pid} exited (${gone.exitCode ?? gone.signalCode}) before the end of the run`);
      break;
    }
    if (Date.now() - lastReport >= 5_000) {
      lastReport = Date.now();
      const t = Date.now();
      const dueSoFar = t < firstDue ? 0 : Math.min(COUNT, Math.floor(((t - firstDue) / (lastDue - firstDue || 1)) * COUNT));
      const counts = await queues.notifications.getJobCounts('delayed', 'wait', 'active', 'completed', 'failed');
      console.log(
        `t${t < firstDue ? '-' : '+'}${(Math.abs(t - firstDue) / 1000).toFixed(0).padStart(3)} s  due ${String(dueSoFar).padStart(6)}  received ${String(receivedTotal - receivedBefore).padStart(6)}  ` +
          `queue: delayed ${counts.delayed} wait ${counts.wait} active ${counts.active} completed ${counts.completed} failed ${counts.failed}`,
      );
    }
  }
  const windowS = (Date.now() - windowStarted) / 1000;
  const used = Object.fromEntries(Object.entries(parties).map(([k, pid]) => [k, cpuSeconds(pid) - cpuBefore[k]!]));
  const machine = machineSeconds();
  const othersS = machine.busy - machineBefore.busy - Object.values(used).reduce((a, b) => a + b, 0);
  const cpuShare = [...Object.entries(used), ['other processes', othersS] as const]
    .map(([k, v]) => `${k} ${Math.round((v / windowS) * 100)}%`)
    .join(', ');
  const workerCpuS = children.reduce((sum, _, i) => sum + (used[`worker ${i + 1}`] ?? 0), 0);
  const workerMsPerSend = (workerCpuS * 1000) / Math.max(1, receivedTotal - receivedBefore);
  const loadAfter = loadavg()[0]!;
  // Let the last markSent land before reading the statuses.
  for (let i = 0; i < 50; i++) {
    const [pending] = (await mysql.pool.query(
      "SELECT COUNT(*) AS n FROM notification_log WHERE status IN ('scheduled', 'sending')",
    )) as unknown as [{ n: number }[]];
    if (Number(pending[0]?.n) === 0) break;
    await sleep(100);
  }

  // ── Figures. ──
  const lateness: number[] = [];
  const receipts: number[] = [];
  let duplicates = 0;
  let strangers = 0;
  for (const [id, times] of received) {
    const due = dueOf.get(id);
    if (due === undefined) {
      if (!warmupIds.has(id)) strangers += times.length;
      else if (times.length > 1) duplicates += times.length - 1;
      continue;
    }
    if (times.length > 1) duplicates += times.length - 1;
    lateness.push(Math.min(...times) - due);
    receipts.push(...times);
  }
  const notReceived = rows.filter((r) => !received.has(r.id)).length;
  lateness.sort((a, b) => a - b);
  receipts.sort((a, b) => a - b);
  const spanS = receipts.length > 1 ? (receipts[receipts.length - 1]! - receipts[0]!) / 1000 : Number.NaN;
  // The rows of this phase as MySQL has them: a reminder counts as missing unless it arrived AND its row says sent.
  const phaseIds = new Set(allRows.map((r) => r.id));
  const sentRows = (
    await db.select({ id: notificationLog.id, status: notificationLog.status, sentAt: notificationLog.sentAt }).from(notificationLog)
  ).filter((r) => phaseIds.has(r.id));
  const byStatus = new Map<string, number>();
  for (const r of sentRows) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const statuses = [...byStatus].map(([status, count]) => `${status} ${count}`).join(', ');
  const statusOf = new Map(sentRows.map((r) => [r.id, r.status]));
  const notSentInDb = rows.filter((r) => statusOf.get(r.id) !== 'sent').length;
  const missing = rows.filter((r) => !received.has(r.id) || statusOf.get(r.id) !== 'sent').length;
  const markedLate = sentRows
    .filter((r) => r.sentAt && dueOf.has(r.id))
    .map((r) => r.sentAt!.getTime() - dueOf.get(r.id)!)
    .sort((a, b) => a - b);

  // Where the lateness comes from: BullMQ's processedOn (pick-up) and finishedOn for each job.
  const pickup: number[] = [];
  const inJob: number[] = [];
  for (let i = 0; ; i += CHUNK) {
    const jobs = (await queues.notifications.getJobs(['completed', 'failed', 'active'], i, i + CHUNK - 1, true)) as Job[];
    if (!jobs.length) break;
    for (const job of jobs) {
      const row = rowOfAppointment.get((job.data as { appointmentId: string }).appointmentId);
      if (!row || !job.processedOn) continue;
      pickup.push(job.processedOn - row.dueAt.getTime());
      const got = received.get(row.id)?.[0];
      if (got) inJob.push(got - job.processedOn);
    }
  }
  pickup.sort((a, b) => a - b);
  inJob.sort((a, b) => a - b);

  const line = (name: string, v: number[]) =>
    `${name.padEnd(34)} ${[50, 99].map((p) => ms(pct(v, p)).padStart(9)).join(' ')} ${ms(v.at(-1) ?? Number.NaN).padStart(9)}`;
  console.log(`\n${''.padEnd(34)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`);
  console.log(line('lateness (received − due)', lateness));
  console.log(line('  job picked up − due', pickup));
  console.log(line('  received − job picked up', inJob));
  console.log(line('marked sent − due (MySQL sent_at)', markedLate));
  // The same p99 for each tenth of the window (by due time): shows whether lateness is a start-up
  // effect or a backlog that builds while the arrival rate exceeds what the worker sends.
  const slices = Array.from({ length: 10 }, () => [] as number[]);
  for (const [id, times] of received) {
    const due = dueOf.get(id);
    if (due === undefined) continue;
    slices[Math.min(9, Math.floor(((due - firstDue) / (lastDue - firstDue || 1)) * 10))]!.push(times[0]! - due);
  }
  const sliceP99 = slices.map((v) => {
    const p = pct(
      v.sort((a, b) => a - b),
      99,
    );
    return Number.isFinite(p) ? String(Math.round(p)) : '—';
  });
  console.log(`p99 lateness per tenth of the window (by due time): ${sliceP99.join(' / ')} ms`);
  console.log(
    `\nreceived ${lateness.length}/${COUNT} in ${spanS.toFixed(1)} s (first to last receipt) = ${Math.round(receipts.length / spanS)} sends/s; ` +
      `duplicates ${duplicates}; missing ${missing} (not received by last due + ${GRACE_MS / 1000} s: ${notReceived}; row not sent in MySQL: ${notSentInDb})` +
      `${strangers ? `; unknown Message-IDs ${strangers}` : ''}`,
  );
  console.log(`rows by status${WARMUP ? ` (with ${WARMUP} warm-up rows)` : ''}: ${statuses}`);
  console.log(
    `CPU from first due to last receipt (${windowS.toFixed(1)} s; 100% = one core): ${cpuShare}; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
  );
  console.log(
    `worker CPU per reminder: ${workerMsPerSend.toFixed(2)} ms (one core's ceiling ≈ ${Math.round(1000 / workerMsPerSend)} sends/s)`,
  );
  const p99 = pct(lateness, 99);
  const result: PhaseResult = {
    workers: n,
    sendsPerS: Math.round(receipts.length / spanS),
    p50: pct(lateness, 50),
    p99,
    max: lateness.at(-1) ?? Number.NaN,
    duplicates,
    missing,
    workerMsPerSend,
  };

  // ── Stop the workers as a deployment would. ──
  const stopAt = Date.now();
  for (const child of children) child.kill('SIGTERM');
  for (const [i, exited] of exits.entries()) {
    const exit = await Promise.race([exited, sleep(40_000).then(() => null)]);
    if (!exit) console.log(`worker ${children[i]!.pid} did not exit within 40 s of SIGTERM`);
    else {
      const clean = exit.code === 0;
      console.log(
        `worker ${children[i]!.pid} stopped on SIGTERM in ${((exit.at - stopAt) / 1000).toFixed(1)} s, exit code ${exit.code ?? exit.signal}${clean ? ' (clean)' : ''}`,
      );
    }
  }
  const warnings = workerLog.filter((l) => l.trim());
  if (warnings.length) {
    console.log(`worker log (${warnings.length} lines, first 5):`);
    for (const l of warnings.slice(0, 5)) console.log(`  ${l.slice(0, 300)}`);
  }
  workerLog.length = 0;
  // Jobs this phase did not get to (a run past its grace) must not be sent by the next phase's workers.
  await queues.notifications.obliterate({ force: true });
  return result;
}
