// bench/booking.ts: POST /api/appointments under load, against what MariaDB itself does for the
// minimal correct booking transaction in the same run (issue 20).
// 0. the database's limit: `connections` clients with mysql2 directly (prepared statements), over
//    the hub's 50 doctors: lock the doctor's row, check for an overlapping visit, insert the visit
//    and its outbox event, commit. Same scratch database, same doctors, while the hub idles;
// 1. spread: 32 clients over 50 doctors, every request a different free slot (all should be 201);
// 2. contention: 32 clients on one doctor, each request a random one of 40 slots (201 or 409 only),
//    then the database is asked whether any two of that doctor's visits overlap (must be none).
// Each phase has a 2 s warm-up first. The hub's MySQL pool has `connections` connections, like the
// baseline (--pool N for another size).
// Usage: npm run bench:booking [-- --seconds 10 --connections 32 --pool 32 --profile]
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { newId } from '../db/ids.js';
import { connectionOptions } from '../db/mysql.js';
import { benchStores, flag, printRows, quantile, start, stop } from './kit.js';

const seconds = flag('seconds', 10);
const connections = flag('connections', 32);
const WARMUP_SECONDS = 2;
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('booking');

type Result = Awaited<ReturnType<typeof autocannon>>;
const statuses = (r: Result) =>
  Object.entries(r.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
    .join(' ');
const summary = (name: string, r: Result) =>
  console.log(
    `${name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, statuses ${statuses(r)}, errors ${r.errors}`,
  );

console.log(`${connections} connections, ${seconds}s per run (after ${WARMUP_SECONDS}s of warm-up)`);
process.stdout.write(`starting the hub with 50 doctors and a MySQL pool of ${flag('pool', connections)}…\n`);
// --profile: the hub writes a V8 CPU profile to /tmp/booking-hub-profile when it stops.
const profile = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/booking-hub-profile'] : [];
// The hub's request pool has as many connections as the baseline's clients (--pool N to try others).
const poolSize = flag('pool', connections);
const hub = await start('bench/servers/booking-hub.ts', stores.env({ MYSQL_POOL_SIZE: String(poolSize) }), profile);
const { port, token, doctorIds, patientId } = hub.info as { port: number; token: string; doctorIds: string[]; patientId: string };
const firstDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1);
const SLOT = 15 * 60_000;
const slotAt = (n: number) => new Date(firstDay + n * SLOT);
const slot = (n: number) => slotAt(n).toISOString();

const pool = mysql.createPool({ ...connectionOptions(`mysql://root@127.0.0.1:3306/${stores.name}`), connectionLimit: connections });
const [[factsRow]] = (await pool.query(
  'select d.location_id as locationId, u.id as userId from doctors d, users u where u.role = ? limit 1',
  ['receptionist'],
)) as unknown as [{ locationId: string; userId: string }[]];
const facts = factsRow!;

// ── 0. The database's own limit ──────────────────────────────────────────────────────────────

const ACTIVE = "'scheduled','confirmed','checked_in','called','in_progress','completed'";
/**
 * The minimal correct booking transaction: the doctor's row locked (so two bookings of one doctor
 * cannot both see a time free), the overlap check, the visit and its outbox event, one commit.
 */
async function rawBooking(doctorId: string, startAt: Date): Promise<boolean> {
  const endAt = new Date(startAt.getTime() + SLOT);
  const conn = await pool.getConnection();
  try {
    await conn.query('begin');
    await conn.execute('select id from doctors where id = ? for update', [doctorId]);
    const [busy] = (await conn.execute(
      `select id from appointments where doctor_id = ? and start_at < ? and end_at > ? and start_at > ? and status in (${ACTIVE}) and walk_in = false limit 1`,
      [doctorId, endAt, startAt, new Date(startAt.getTime() - 86_400_000)],
    )) as unknown as [unknown[]];
    if (busy.length) {
      await conn.query('rollback');
      return false;
    }
    const id = newId();
    const now = new Date();
    await conn.execute(
      `insert into appointments (id, booking_reference, doctor_id, patient_id, location_id, start_at, end_at, status, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?)`,
      [id, randomBytes(4).toString('hex').toUpperCase(), doctorId, patientId, facts.locationId, startAt, endAt, facts.userId, now, now],
    );
    await conn.execute(
      // Written as already published and planned: the idle hub's relay and no worker should spend
      // the hub run's CPU and connections on the baseline's events.
      `insert into outbox_events (id, type, aggregate_type, aggregate_id, payload, occurred_at, published_at, notifications_planned_at)
       values (?, 'appointment.booked', 'appointment', ?, ?, ?, ?, ?)`,
      [newId(), id, JSON.stringify({ appointmentId: id, doctorId, patientId, startAt: startAt.toISOString() }), now, now, now],
    );
    await conn.query('commit');
    return true;
  } catch (err) {
    await conn.query('rollback');
    throw err;
  } finally {
    conn.release();
  }
}

/** `connections` clients running rawBooking back to back for `duration` s; slots far beyond the hub's. */
let rawSequence = 0;
async function rawRun(duration: number) {
  const latencies: number[] = [];
  let failed = 0;
  const until = performance.now() + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const n = rawSequence++;
        const t0 = performance.now();
        if (await rawBooking(doctorIds[n % doctorIds.length]!, slotAt(1_000_000 + Math.floor(n / doctorIds.length)))) {
          latencies.push(performance.now() - t0);
        } else failed++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / duration, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failed };
}
await rawRun(WARMUP_SECONDS);
const raw = await rawRun(seconds);
console.log(
  `raw booking transaction (mysql2, ${connections} clients, 50 doctors): ${Math.round(raw.perSecond)} tx/s, p50 ${raw.p50} ms, p99 ${raw.p99} ms, ${raw.failed} found taken`,
);

// ── 1 and 2. The hub ─────────────────────────────────────────────────────────────────────────

const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
/** POST /api/appointments for `duration` s, each request's body made by `body()`. */
const bookings = (body: () => object, duration = seconds) =>
  autocannon({
    url: `http://127.0.0.1:${port}/api/appointments`,
    connections,
    duration,
    requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) }],
  });

let sequence = 0;
// A doctor's day has 95 slots (00:00 to 23:30: the hours end at 23:45): the 96th would be refused.
const SLOTS_A_DAY = 95;
const spreadBody = () => {
  const n = sequence++;
  const k = Math.floor(n / doctorIds.length);
  return { doctorId: doctorIds[n % doctorIds.length], patientId, startAt: slot(Math.floor(k / SLOTS_A_DAY) * 96 + (k % SLOTS_A_DAY)) };
};
await bookings(spreadBody, WARMUP_SECONDS);
const spread = await bookings(spreadBody);
summary('booking, 50 doctors', spread);
// How far the outbox publisher (availability:changed) is behind when the load stops, and how long it takes to catch up.
const unpublished = async () =>
  Number(
    ((await pool.query('select count(*) as n from outbox_events where published_at is null')) as unknown as [{ n: number }[]])[0][0]!.n,
  );
const backlog = await unpublished();
const drainStart = performance.now();
while ((await unpublished()) > 0 && performance.now() - drainStart < 60_000) await new Promise((resolve) => setTimeout(resolve, 100));
const drainMs = Math.round(performance.now() - drainStart);
console.log(`outbox: ${backlog} events unpublished when the load stopped, all published ${drainMs} ms later`);

const CONTENDED = 3000;
const contentionBody = () => ({ doctorId: doctorIds[0], patientId, startAt: slot(CONTENDED + Math.floor(Math.random() * 40)) });
const contention = await bookings(contentionBody);
summary('booking, one doctor (contention)', contention);

// Whatever the hub answered, the database must hold no two overlapping active visits of that doctor.
const [[checkRow]] = (await pool.query(
  `select count(*) as visits,
          (select count(*) from appointments a join appointments b
             on a.doctor_id = b.doctor_id and a.id < b.id and a.start_at < b.end_at and b.start_at < a.end_at
           where a.doctor_id = ? and a.status in (${ACTIVE}) and b.status in (${ACTIVE}) and not a.walk_in and not b.walk_in) as overlaps
   from appointments where doctor_id = ? and start_at >= ? and start_at < ?`,
  [doctorIds[0], doctorIds[0], slotAt(CONTENDED), slotAt(CONTENDED + 40)],
)) as unknown as [{ visits: number; overlaps: number }[]];
const check = checkRow!;
await pool.end();
// The hub drops its scratch database when it stops: asked above, before this.
await stop(hub.child);

const ratio = spread.requests.average / raw.perSecond;
const unexpected = Object.keys(contention.statusCodeStats ?? {}).filter((c) => c !== '201' && c !== '409');
const created = (contention.statusCodeStats as Record<string, { count: number }> | undefined)?.['201']?.count ?? 0;
console.log(
  `\nbookings/s ÷ raw transactions/s = ${(ratio * 100).toFixed(1)}% (target ≥ 50%); p99 at ${connections} connections ${spread.latency.p99} ms (target ≤ 100 ms)`,
);
console.log(`contention statuses other than 201/409: ${unexpected.length ? unexpected.join(', ') : 'none'}`);
console.log(
  `contention: ${created} answered 201, ${Number(check.visits)} visits in the database for those 40 slots, ${Number(check.overlaps)} overlapping pairs (must be 0)`,
);
printRows([
  {
    bench: 'booking',
    figure: 'bookings, 50 doctors',
    value: Math.round(spread.requests.average),
    unit: '/s',
    baseline: { name: 'raw booking tx (mysql2)', value: Math.round(raw.perSecond) },
    p50: spread.latency.p50,
    p99: spread.latency.p99,
    ...(spread.non2xx || spread.errors ? { note: `${spread.non2xx} non-2xx, ${spread.errors} errors` } : {}),
  },
  {
    bench: 'booking',
    figure: 'bookings, 1 doctor (201/409)',
    value: Math.round(contention.requests.average),
    unit: '/s',
    baseline: { name: 'raw booking tx (mysql2)', value: Math.round(raw.perSecond) },
    p50: contention.latency.p50,
    p99: contention.latency.p99,
    ...(unexpected.length || contention.errors || Number(check.overlaps)
      ? { note: `statuses ${unexpected.join(', ') || 'ok'}, ${contention.errors} errors, ${check.overlaps} overlaps` }
      : {}),
  },
]);
await stores.cleanup();
