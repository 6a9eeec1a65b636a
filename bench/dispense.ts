// bench/dispense.ts: dispensing under load, beside a bare Fastify hello-world of the same run.
// Every operation is one POST /api/prescriptions/:id/dispense of 1 unit of one item, without a lot
// (the first-expiring one is picked), with a fresh Idempotency-Key, by the location's pharmacist;
// `connections` clients each in a closed loop over its own keep-alive connection.
// 1. Spread: client c's k-th dispense is of medicine (3c + k) mod 50 from its own patient's
//    prescriptions, so at any moment the clients take from different medicines' lots.
// 2. Contention: every client dispenses the same medicine, which has ONE lot. After the measured
//    window the clients stop, the bench counts the lot down to DRAIN_LEFT (an 'adjusted' movement,
//    as a stock count would), and the clients dispense again until each is refused with
//    INSUFFICIENT_STOCK. Then, from the scratch database: the lot is at 0, the ledger's running
//    balance (in movement order) never went below zero, its sum is the lot's on-hand, and there is
//    exactly one -1 'dispensed' entry per 201 the clients got; every other lot's ledger sums to its
//    on-hand too.
// The hub runs in its own process (bench/servers/dispensing-hub.ts); audit entries go to MONGO_URL
// if set, else to the MongoDB test double in a process of its own (bench/kit.ts benchStores).
// Usage: npm run bench:dispense [-- --seconds 10 --connections 16 --profile /tmp/dispense-profile]

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { createMysql } from '../db/mysql.js';
import { transactionWithRetry } from '../db/transactions.js';
import { lockLot, moveStock } from '../server/modules/inventory/repository.js';
import { benchStores, fmt, helloBaseline, pct, printRows, quantile, start, stop } from './kit.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('seconds', 10);
const connections = flag('connections', 16);
/** `--profile DIR`: the hub runs under `node --cpu-prof`, its profile written to DIR when it stops. */
const profileDir = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
const WARMUP_SECONDS = 3;
/** Units left in the contention lot for the drain: enough for every client to get several. */
const DRAIN_LEFT = 400;

console.log(`${connections} connections; hello ${seconds}s after a 2s warm-up; each dispensing run ${seconds}s after ${WARMUP_SECONDS}s\n`);

// --- the baseline, as bench:http and bench:prescriptions measure it ------------------------------
const bare = await helloBaseline(connections, seconds);

// --- the hub ---------------------------------------------------------------------------------
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('disp');
console.log(
  `starting the hub (51 medicines in stock, 176 signed prescriptions; MongoDB: ${stores.double ? 'the test double' : 'MONGO_URL'})…`,
);
const setupStarted = performance.now();
const hub = await start('bench/servers/dispensing-hub.ts', stores.env(), profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
console.log(`  ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);
interface DispensableItem {
  prescriptionId: string;
  itemId: string;
}
const { port, database, locationId, pharmacist, contention, ...info } = hub.info as {
  port: number;
  database: string;
  locationId: string;
  pharmacist: { token: string; userId: string };
  connections: { spread: DispensableItem[]; contention: DispensableItem }[];
  contention: { lotId: string; stock: number };
};
if (info.connections.length < connections) throw new Error(`the hub has prescriptions for ${info.connections.length} connections only`);

// The bench's own connection to the hub's scratch database: the outbox backlog, the stock count, the ledger.
const scratchDb = createMysql(`mysql://root@127.0.0.1:3306/${database}`, { connectionLimit: 2 });
const rows = async <T>(query: ReturnType<typeof sql>) => (await scratchDb.db.execute(query))[0] as unknown as T[];

/**
 * Every dispense appends an outbox event, and the hub pushes the location's rebuilt queue to its
 * pharmacy room for each one after the answer. Waits until the hub has published them all (no
 * event tells the bench, so it polls), so that a run never pays for the one before; answers how
 * many were waiting and how long they took.
 */
async function outboxDrained(): Promise<{ backlog: number; seconds: number }> {
  const unpublished = async () =>
    Number((await rows<{ n: number }>(sql`select count(*) as n from outbox_events where published_at is null`))[0]!.n);
  const began = performance.now();
  const backlog = await unpublished();
  for (let left = backlog; left > 0; left = await unpublished()) {
    if (performance.now() - began > 600_000) throw new Error(`the hub's outbox still holds ${left} events after 10 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { backlog, seconds: (performance.now() - began) / 1000 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
/** One dispense of 1 unit of `item`, with a fresh Idempotency-Key: the status and the error code, if any. */
function dispense(item: DispensableItem): Promise<{ status: number; code?: string; body: string }> {
  const payload = JSON.stringify({ items: [{ itemId: item.itemId, quantity: 1 }] });
  const headers = {
    authorization: `Bearer ${pharmacist.token}`,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    'idempotency-key': randomUUID(),
  };
  const path = `/api/prescriptions/${item.prescriptionId}/dispense`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        let code: string | undefined;
        if (res.statusCode !== 201) code = (JSON.parse(body) as { code?: string }).code;
        resolve({ status: res.statusCode ?? 0, code, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Every 201 of the whole bench, per prescription item (the contention check counts its own). */
const dispensedOk = new Map<string, number>();

/**
 * `connections` closed-loop clients dispensing `pick(client, k)` for a warm-up, then a measured
 * window; only operations begun and ended inside the window count.
 */
async function measure(label: string, pick: (client: number, k: number) => DispensableItem) {
  const latencies: number[] = [];
  let measuring = false;
  let stopping = false;
  let done = 0;
  let warmupOps = 0;
  let errors = 0;
  let firstError = '';
  const client = async (c: number) => {
    for (let k = 0; !stopping; k++) {
      const item = pick(c, k);
      const counted = measuring;
      const began = performance.now();
      const res = await dispense(item);
      if (res.status !== 201) {
        errors++;
        firstError ||= `${res.status}: ${res.body.slice(0, 300)}`;
        continue;
      }
      dispensedOk.set(item.itemId, (dispensedOk.get(item.itemId) ?? 0) + 1);
      if (!counted) warmupOps++;
      else if (measuring) {
        latencies.push(performance.now() - began);
        done++;
      }
    }
  };
  const clients = Array.from({ length: connections }, (_, c) => client(c));
  process.stdout.write(`${label}: warming up ${WARMUP_SECONDS}s…`);
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const windowStarted = performance.now();
  console.log(` measuring ${seconds}s`);
  const tick = setInterval(() => {
    const elapsed = (performance.now() - windowStarted) / 1000;
    const line = `  ${label} ${elapsed.toFixed(0)}/${seconds}s: ${fmt(done)} dispenses (${fmt(done / elapsed)}/s), ${errors} errors`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  }, 2000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  clearInterval(tick);
  stopping = true;
  await Promise.all(clients);
  if (process.stdout.isTTY) process.stdout.write('\n');
  latencies.sort((a, b) => a - b);
  const r = { perSecond: done / windowSeconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: quantile(latencies, 1) };
  console.log(
    `${label}: ${r.perSecond.toFixed(1)} dispenses/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; ` +
      `${done} measured (${warmupOps} in the warm-up), ${errors} errors`,
  );
  if (firstError) console.log(`  first error: ${firstError}`);
  const live = await outboxDrained();
  console.log(
    `  live queue: ${live.backlog} events not yet pushed when the clients stopped, all pushed ${live.seconds.toFixed(1)}s later` +
      // A rate from a handful of events would be the polling interval's, not the hub's.
      (live.backlog >= 50 ? ` (${(live.backlog / live.seconds).toFixed(1)} queue pushes/s with nobody dispensing)` : ''),
  );
  return { ...r, live, errors };
}

// --- 1. spread over 50 medicines ---------------------------------------------------------------
await outboxDrained(); // the setup's signing events
// What each dispense makes the hub rebuild and push to the pharmacy room (pharmacy:update).
const queue = await new Promise<Buffer>((resolve, reject) => {
  const headers = { authorization: `Bearer ${pharmacist.token}` };
  http
    .get({ host: '127.0.0.1', port, path: `/api/pharmacy/queue?locationId=${locationId}`, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`queue ${res.statusCode}`))));
    })
    .on('error', reject);
});
const queued = (JSON.parse(queue.toString()) as { prescriptions: { items: unknown[] }[] }).prescriptions;
console.log(
  `the location's dispensing queue: ${queued.length} prescriptions, ${queued.reduce((n, p) => n + p.items.length, 0)} items, ` +
    `${(queue.length / 1000).toFixed(0)} kB as JSON`,
);
const spreadMedicines = info.connections[0]!.spread.length;
const spread = await measure('spread over 50 medicines', (c, k) => info.connections[c]!.spread[(3 * c + k) % spreadMedicines]!);

// --- 2. contention on one lot -------------------------------------------------------------------
const contended = await measure('one lot, all clients', (c) => info.connections[c]!.contention);
// A stock count while nobody dispenses: what is left goes but DRAIN_LEFT ('adjusted', as the ledger requires).
const countedDown = await transactionWithRetry(scratchDb.db, async (tx) => {
  const lot = await lockLot(tx, contention.lotId);
  const delta = DRAIN_LEFT - lot.onHand;
  await moveStock(tx, { lotId: lot.id, delta, kind: 'adjusted', reason: 'bench: count down before the drain', by: pharmacist.userId });
  return -delta;
});
process.stdout.write(`draining: ${fmt(countedDown)} counted out, ${DRAIN_LEFT} left, every client dispensing until refused…`);
let drained = 0;
const refusals = new Map<string, number>();
await Promise.all(
  info.connections.slice(0, connections).map(async ({ contention: item }) => {
    // Until the first refusal, whatever it is: INSUFFICIENT_STOCK is the expected one (checked below).
    for (;;) {
      const res = await dispense(item);
      if (res.status === 201) {
        drained++;
        dispensedOk.set(item.itemId, (dispensedOk.get(item.itemId) ?? 0) + 1);
        continue;
      }
      refusals.set(`${res.status} ${res.code}`, (refusals.get(`${res.status} ${res.code}`) ?? 0) + 1);
      return;
    }
  }),
);
console.log(` ${drained} dispensed, then refused: ${[...refusals].map(([k, n]) => `${n}× ${k}`).join(', ')}`);
await outboxDrained();

// --- the ledger, read from the scratch database ---------------------------------------------------
const lotId = contention.lotId;
const [lot] = await rows<{ onHand: number; ledger: string; runningMin: string; dispensedEntries: number; dispensedSum: string }>(sql`
  select (select on_hand from inventory_lots where id = ${lotId}) as onHand,
    (select sum(delta) from stock_movements where lot_id = ${lotId}) as ledger,
    (select min(running) from (select sum(delta) over (order by id) as running from stock_movements where lot_id = ${lotId}) r) as runningMin,
    (select count(*) from stock_movements where lot_id = ${lotId} and kind = 'dispensed') as dispensedEntries,
    (select sum(delta) from stock_movements where lot_id = ${lotId} and kind = 'dispensed') as dispensedSum`);
const contentionOk = info.connections.slice(0, connections).reduce((n, c) => n + (dispensedOk.get(c.contention.itemId) ?? 0), 0);
const [others] = await rows<{ lots: number; mismatched: number; negative: number; dispensedEntries: number }>(sql`
  select count(*) as lots, sum(coalesce(m.total, 0) <> l.on_hand) as mismatched, sum(l.on_hand < 0) as negative,
    coalesce(sum(m.dispensed), 0) as dispensedEntries
  from inventory_lots l
  left join (select lot_id, sum(delta) as total, sum(kind = 'dispensed') as dispensed from stock_movements group by lot_id) m on m.lot_id = l.id`);
await scratchDb.close();
agent.destroy();
await stop(hub.child);

const allOk = [...dispensedOk.values()].reduce((a, b) => a + b, 0);
const checks = [
  [`the lot ends at 0 (on hand ${lot!.onHand})`, Number(lot!.onHand) === 0],
  [`its ledger's running balance never went below zero (lowest ${lot!.runningMin})`, Number(lot!.runningMin) >= 0],
  [`its ledger sums to its on-hand (${lot!.ledger})`, Number(lot!.ledger) === Number(lot!.onHand)],
  [
    `one -1 'dispensed' entry per 201 (${lot!.dispensedEntries} entries summing to ${lot!.dispensedSum}; ${contentionOk} 201s)`,
    Number(lot!.dispensedEntries) === contentionOk && Number(lot!.dispensedSum) === -contentionOk,
  ],
  [`every client was refused with INSUFFICIENT_STOCK at the end`, refusals.get('409 INSUFFICIENT_STOCK') === connections],
  [
    `all ${others!.lots} lots: ledger = on-hand (${others!.mismatched} not), none below zero (${others!.negative} are); ` +
      `${others!.dispensedEntries} 'dispensed' entries for ${allOk} 201s in the whole bench`,
    Number(others!.mismatched) === 0 && Number(others!.negative) === 0 && Number(others!.dispensedEntries) === allOk,
  ],
] as const;
console.log('\nthe contention lot, from the scratch database:');
for (const [what, ok] of checks) console.log(`  ${ok ? 'ok ' : 'FAILED'} ${what}`);

// --- against the baseline ----------------------------------------------------------------------
const helloRps = bare.requests.average;
console.log(
  `\nagainst the bare Fastify hello of this run (${fmt(helloRps)} req/s at ${connections} connections, p99 ${bare.latency.p99} ms):`,
);
console.log(`  spread: dispenses/s ÷ hello req/s = ${pct(spread.perSecond / helloRps)}; p99 ${spread.p99} ms`);
console.log(`  one lot: dispenses/s ÷ hello req/s = ${pct(contended.perSecond / helloRps)}; p99 ${contended.p99} ms`);
const failedChecks = checks.filter(([, ok]) => !ok).length;
printRows(
  [
    ['spread over 50 medicines', spread],
    ['one lot, all clients', contended],
  ].map(([figure, r]) => ({
    bench: 'dispense',
    figure: `dispenses, ${figure}`,
    value: Math.round((r as typeof spread).perSecond),
    unit: '/s',
    baseline: { name: 'bare Fastify hello', value: Math.round(helloRps) },
    p50: (r as typeof spread).p50,
    p99: (r as typeof spread).p99,
    ...((r as typeof spread).errors || failedChecks
      ? { note: `${(r as typeof spread).errors} errors${failedChecks ? `, ${failedChecks} ledger checks FAILED` : ''}` }
      : {}),
  })),
);
await stores.cleanup();
if (failedChecks) process.exitCode = 1;
