// bench/payments.ts: taking money under load, beside a bare Fastify hello-world of the same run.
// `connections` clients, each in a closed loop over its own keep-alive connection.
// 1. Desk payments: POST /api/invoices/:id/payments {method: 'cash', amountMinor: 100} with a fresh
//    Idempotency-Key, as the location's receptionist.
//    a. spread: client c pays its own patient's invoices in turn (4 of 100,000,000 minor units each);
//    b. contention: every client pays the same invoice (1,000,000,000);
//    c. drain: every client pays an invoice owing exactly K × 100 until it is refused: exactly K
//       201s, then one 409 OVERPAYMENT per client.
// 2. Stripe's webhook: POST /api/payments/stripe/webhook with payment_intent.succeeded events (a new
//    event id and PaymentIntent per call, amount_received 100 USD, metadata.invoiceId one of the
//    client's invoices), signed with the SDK's own helper (stripe.webhooks.generateTestHeaderString);
//    then every event again, re-signed, as Stripe redelivers: all 200 `duplicate`, nothing recorded.
// Then, from the scratch database: each invoice's paid_minor is the sum of the 201s (and recorded
// webhook events) the bench got for it, its total the sum of its lines, paid ≤ total; the drain
// invoice is paid; the receipt numbers run RCT-YYYY-000001 … N with no hole, N being every payment.
// The hub runs in its own process (bench/servers/billing-hub.ts) with Stripe pointed at the fake of
// tests/support/stripe-fake.ts in this process: recording a payment_intent.succeeded that fits the
// balance never calls Stripe, and the bench checks that the fake heard nothing. Audit entries go to
// MONGO_URL if set, else to the MongoDB test double in a process of its own (bench/kit.ts benchStores).
// Usage: npm run bench:payments [-- --seconds 10 --connections 16 --profile /tmp/payments-profile]
// Long file: one script measures the desk and the webhook, then checks the scratch database's ledger, as a reader follows it top to bottom.

import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import Stripe from 'stripe';
import { createMysql } from '../db/mysql.js';
import { STRIPE_TEST_KEYS, StripeFake } from '../tests/support/stripe-fake.js';
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
const AMOUNT_MINOR = 100;

console.log(`${connections} connections; hello ${seconds}s after a 2s warm-up; each measured run ${seconds}s after ${WARMUP_SECONDS}s\n`);

// --- the baseline, as bench:http and bench:dispense measure it ------------------------------------
const bare = await helloBaseline(connections, seconds);

// --- the hub ---------------------------------------------------------------------------------
const stripeFake = await StripeFake.start();
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('pay');
console.log(`starting the hub (16 patients, 66 invoices, Stripe on; MongoDB: ${stores.double ? 'the test double' : 'MONGO_URL'})…`);
const setupStarted = performance.now();
const hub = await start(
  'bench/servers/billing-hub.ts',
  stores.env(stripeFake.env),
  profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
);
console.log(`  ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);
const { port, database, currency, receptionist, contention, drain, ...info } = hub.info as {
  port: number;
  database: string;
  currency: string;
  receptionist: { token: string; userId: string };
  clients: { invoices: string[] }[];
  contention: { invoiceId: string; totalMinor: number };
  drain: { invoiceId: string; totalMinor: number; payments: number; paymentMinor: number };
};
if (info.clients.length < connections) throw new Error(`the hub has invoices for ${info.clients.length} connections only`);
const clients = info.clients.slice(0, connections);

// The bench's own connection to the hub's scratch database: the outbox backlog and the ledger's checks.
const scratchDb = createMysql(`mysql://root@127.0.0.1:3306/${database}`, { connectionLimit: 2 });
const rows = async <T>(query: ReturnType<typeof sql>) => (await scratchDb.db.execute(query))[0] as unknown as T[];

/**
 * Every payment appends payment.recorded to the outbox, which the hub publishes after the answer.
 * Waits until it has published them all (polling: no event tells the bench), so that no run pays
 * for the one before; answers how many were waiting and how long they took.
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
interface Answer {
  status: number;
  body: string;
}
function post(path: string, headers: Record<string, string>, payload: string): Promise<Answer> {
  const all = { ...headers, 'content-length': String(Buffer.byteLength(payload)) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: all, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const codeOf = (answer: Answer) => (JSON.parse(answer.body) as { code?: string }).code;

/** Minor units the bench was told were recorded, per invoice: desk 201s and webhook events recorded. */
const paidOk = new Map<string, number>();
const credit = (invoiceId: string) => paidOk.set(invoiceId, (paidOk.get(invoiceId) ?? 0) + AMOUNT_MINOR);

const deskPayload = JSON.stringify({ method: 'cash', amountMinor: AMOUNT_MINOR });
/** One desk payment of 100 with a fresh Idempotency-Key; a 201 is credited to the invoice. */
async function pay(invoiceId: string): Promise<Answer> {
  const headers = {
    authorization: `Bearer ${receptionist.token}`,
    'content-type': 'application/json',
    'idempotency-key': randomUUID(),
  };
  const answer = await post(`/api/invoices/${invoiceId}/payments`, headers, deskPayload);
  if (answer.status === 201) credit(invoiceId);
  return answer;
}

// Stripe's events, as Stripe would send them: each a new event about a new PaymentIntent.
interface SentEvent {
  id: string;
  invoiceId: string;
  payload: string;
}
const sentEvents: SentEvent[][] = clients.map(() => []);
/** An id as Stripe makes them: a prefix and 24 random characters (so the index sees them in no order). */
const stripeId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
function paymentSucceeded(invoiceId: string): SentEvent {
  const id = stripeId('evt');
  const intentId = stripeId('pi');
  const created = Math.floor(Date.now() / 1000);
  const intent = {
    id: intentId,
    object: 'payment_intent',
    amount: AMOUNT_MINOR,
    amount_received: AMOUNT_MINOR,
    currency: currency.toLowerCase(),
    metadata: { invoiceId },
    status: 'succeeded',
    created,
    latest_charge: stripeId('ch'),
    livemode: false,
  };
  const payload = JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-11-18.endive',
    created,
    type: 'payment_intent.succeeded',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: intent },
  });
  return { id, invoiceId, payload };
}
/** Delivers an event, signed now (a redelivery is signed afresh, as Stripe does). */
function deliver(event: SentEvent): Promise<Answer> {
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: event.payload, secret: STRIPE_TEST_KEYS.STRIPE_WEBHOOK_SECRET });
  return post(
    '/api/payments/stripe/webhook',
    { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    event.payload,
  );
}
interface WebhookAnswer {
  eventId: string;
  outcome: string;
  duplicate: boolean;
}
/**
 * `connections` closed-loop clients doing `op(client, k)` for a warm-up, then a measured window;
 * only operations begun and ended inside the window count. `op` answers whether it succeeded.
 */
async function measure(label: string, unit: string, op: (c: number, k: number) => Promise<true | string>) {
  const latencies: number[] = [];
  let measuring = false;
  let stopping = false;
  let done = 0;
  let warmupOps = 0;
  let errors = 0;
  let firstError = '';
  const client = async (c: number) => {
    for (let k = 0; !stopping; k++) {
      const counted = measuring;
      const began = performance.now();
      const result = await op(c, k);
      if (result !== true) {
        errors++;
        firstError ||= result;
        continue;
      }
      if (!counted) warmupOps++;
      else if (measuring) {
        latencies.push(performance.now() - began);
        done++;
      }
    }
  };
  const running = clients.map((_, c) => client(c));
  process.stdout.write(`${label}: warming up ${WARMUP_SECONDS}s…`);
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  measuring = true;
  const windowStarted = performance.now();
  console.log(` measuring ${seconds}s`);
  const tick = setInterval(() => {
    const elapsed = (performance.now() - windowStarted) / 1000;
    const line = `  ${label} ${elapsed.toFixed(0)}/${seconds}s: ${fmt(done)} ${unit} (${fmt(done / elapsed)}/s), ${errors} errors`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  }, 2000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  clearInterval(tick);
  stopping = true;
  await Promise.all(running);
  if (process.stdout.isTTY) process.stdout.write('\n');
  latencies.sort((a, b) => a - b);
  const r = {
    perSecond: done / windowSeconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    errors,
  };
  console.log(
    `${label}: ${r.perSecond.toFixed(1)} ${unit}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; ` +
      `${done} measured (${warmupOps} in the warm-up), ${errors} errors`,
  );
  if (firstError) console.log(`  first error: ${firstError}`);
  const outbox = await outboxDrained();
  console.log(
    `  outbox: ${outbox.backlog} events not yet published when the clients stopped, all published ${outbox.seconds.toFixed(1)}s later`,
  );
  return r;
}

const deskOp = (invoiceOf: (c: number, k: number) => string) => async (c: number, k: number) => {
  const answer = await pay(invoiceOf(c, k));
  return answer.status === 201 ? (true as const) : `${answer.status}: ${answer.body.slice(0, 300)}`;
};

await outboxDrained(); // the setup's invoice.created events
// --- 1a. spread: each client its own invoices -----------------------------------------------------
const spread = await measure(
  'desk, spread',
  'payments',
  deskOp((c, k) => clients[c]!.invoices[k % clients[c]!.invoices.length]!),
);
// --- 1b. contention: one invoice for all ----------------------------------------------------------
const contended = await measure(
  'desk, one invoice',
  'payments',
  deskOp(() => contention.invoiceId),
);

// --- 1c. drain: exactly K payments fit --------------------------------------------------------------
process.stdout.write(`draining: an invoice owing ${drain.payments} × ${drain.paymentMinor}, every client paying until refused…`);
let drained = 0;
const refusals = new Map<string, number>();
await Promise.all(
  clients.map(async () => {
    // Until the first refusal, whatever it is: OVERPAYMENT is the expected one (checked below).
    for (;;) {
      const answer = await pay(drain.invoiceId);
      if (answer.status === 201) {
        drained++;
        continue;
      }
      const key = `${answer.status} ${codeOf(answer)}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
      return;
    }
  }),
);
console.log(` ${drained} paid, then refused: ${[...refusals].map(([k, n]) => `${n}× ${k}`).join(', ')}`);
await outboxDrained();

// --- 2a. the webhook: new events -----------------------------------------------------------------------
const webhook = await measure('webhook, new events', 'events', async (c, k) => {
  const invoices = clients[c]!.invoices;
  const event = paymentSucceeded(invoices[k % invoices.length]!);
  const answer = await deliver(event);
  if (answer.status !== 200) return `${answer.status}: ${answer.body.slice(0, 300)}`;
  const { outcome, duplicate } = JSON.parse(answer.body) as WebhookAnswer;
  if (outcome !== 'recorded' || duplicate) return `200 but ${outcome}${duplicate ? ', duplicate' : ''}`;
  sentEvents[c]!.push(event);
  credit(event.invoiceId);
  return true;
});

// --- 2b. the webhook: the same events again ---------------------------------------------------------
const countPayments = async () =>
  (
    await rows<{ payments: number; stripe: number; events: number }>(sql`
  select (select count(*) from payments) as payments, (select count(*) from payments where gateway = 'stripe') as stripe,
    (select count(*) from stripe_events) as events`)
  )[0]!;
const beforeRedelivery = await countPayments();
const redeliveries = sentEvents.reduce((n, list) => n + list.length, 0);
process.stdout.write(`webhook, redelivered: every one of the ${fmt(redeliveries)} events again, re-signed…`);
const redeliveryLatencies: number[] = [];
const redeliveryAnswers = new Map<string, number>();
const redeliveryStarted = performance.now();
await Promise.all(
  sentEvents.map(async (events) => {
    for (const event of events) {
      const began = performance.now();
      const answer = await deliver(event);
      redeliveryLatencies.push(performance.now() - began);
      let key = `${answer.status}`;
      if (answer.status === 200) {
        const { outcome, duplicate, eventId } = JSON.parse(answer.body) as WebhookAnswer;
        key += ` ${outcome}${duplicate ? ' duplicate' : ''}${eventId === event.id ? '' : ' (another event id!)'}`;
      } else key += ` ${codeOf(answer)}`;
      redeliveryAnswers.set(key, (redeliveryAnswers.get(key) ?? 0) + 1);
    }
  }),
);
const redeliverySeconds = (performance.now() - redeliveryStarted) / 1000;
redeliveryLatencies.sort((a, b) => a - b);
const redelivered = {
  perSecond: redeliveries / redeliverySeconds,
  p50: quantile(redeliveryLatencies, 0.5),
  p99: quantile(redeliveryLatencies, 0.99),
};
console.log(
  ` ${redelivered.perSecond.toFixed(1)} events/s, p50 ${redelivered.p50} ms, p99 ${redelivered.p99} ms; answers: ` +
    [...redeliveryAnswers].map(([k, n]) => `${n}× ${k}`).join(', '),
);
await outboxDrained();
const afterRedelivery = await countPayments();

// --- the ledger, read from the scratch database ---------------------------------------------------
const invoiceRows = await rows<{ id: string; status: string; total: number; paid: number; lineSum: string | null; payments: string }>(sql`
  select i.id, i.status, i.total_minor as total, i.paid_minor as paid,
    (select sum(l.amount_minor) from invoice_lines l where l.invoice_id = i.id and l.voided_at is null) as lineSum,
    (select coalesce(sum(p.amount_minor - p.refunded_minor), 0) from payments p where p.invoice_id = i.id) as payments
  from invoices i`);
const receipts = (await rows<{ n: string }>(sql`select receipt_number as n from payments order by receipt_number`)).map((r) => r.n);
const [counter] = await rows<{ last: number | null }>(sql`select max(last_number) as last from billing_counters where kind = 'receipt'`);
const [events] = await rows<{ all: number; recorded: number }>(
  sql`select count(*) as \`all\`, coalesce(sum(outcome = 'recorded'), 0) as recorded from stripe_events`,
);
await scratchDb.close();
agent.destroy();
await stop(hub.child);
await stripeFake.close();
// What the hub left in Redis after it stopped (it deletes the keys under its prefix on the way out).
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
let leftInRedis = 0;
for (let cursor = '0'; ; ) {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `*${database}*`, 'COUNT', 1000);
  leftInRedis += keys.length;
  cursor = next;
  if (cursor === '0') break;
}
await redis.quit();
const server = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
const [schemata] = await server.query('select count(*) as n from information_schema.schemata where schema_name = ?', [database]);
const databaseLeft = Number((schemata as { n: number }[])[0]!.n);
await server.end();

const year = new Date().getUTCFullYear(); // the bench's location keeps UTC
const gapless = receipts.every((r, i) => r === `RCT-${year}-${String(i + 1).padStart(6, '0')}`);
const allOk = [...paidOk.values()].reduce((a, b) => a + b, 0) / AMOUNT_MINOR;
const mismatched = invoiceRows.filter((r) => Number(r.paid) !== (paidOk.get(r.id) ?? 0));
const inconsistent = invoiceRows.filter(
  (r) => Number(r.total) !== Number(r.lineSum ?? 0) || Number(r.paid) !== Number(r.payments) || Number(r.paid) > Number(r.total),
);
const drainRow = invoiceRows.find((r) => r.id === drain.invoiceId)!;
const recordedEvents = sentEvents.reduce((n, list) => n + list.length, 0);
const checks = [
  [`the drain: exactly ${drain.payments} payments got 201 (${drained})`, drained === drain.payments],
  [
    `then every client was refused with 409 OVERPAYMENT (${[...refusals].map(([k, n]) => `${n}× ${k}`).join(', ')})`,
    refusals.get('409 OVERPAYMENT') === connections && refusals.size === 1,
  ],
  [
    `the drain invoice is paid: ${drainRow.paid} of ${drainRow.total}, ${drainRow.status}`,
    Number(drainRow.paid) === drain.totalMinor && drainRow.status === 'paid',
  ],
  [
    `each of the ${invoiceRows.length} invoices' paid_minor = the sum of its 201s and recorded events (${mismatched.length} differ)`,
    mismatched.length === 0,
  ],
  [
    `each invoice's total = its lines, paid = its payments less refunds, paid ≤ total (${inconsistent.length} not)`,
    inconsistent.length === 0,
  ],
  [
    `${fmt(receipts.length)} receipts, RCT-${year}-000001 … ${receipts.at(-1)}, no hole, one per payment the bench was told of (${fmt(allOk)}); counter at ${counter?.last}`,
    gapless && receipts.length === allOk && Number(counter?.last) === receipts.length,
  ],
  [
    `webhook: ${fmt(events!.all)} Stripe events stored, ${fmt(events!.recorded)} recorded, for ${fmt(recordedEvents)} answered 200 recorded; ${fmt(beforeRedelivery.stripe)} Stripe payments`,
    Number(events!.all) === recordedEvents &&
      Number(events!.recorded) === recordedEvents &&
      Number(beforeRedelivery.stripe) === recordedEvents,
  ],
  [
    `redelivery: all ${fmt(redeliveries)} answered 200 recorded duplicate (${[...redeliveryAnswers].map(([k, n]) => `${n}× ${k}`).join(', ')})`,
    redeliveryAnswers.get('200 recorded duplicate') === redeliveries,
  ],
  [
    `redelivery recorded nothing: payments ${fmt(beforeRedelivery.payments)} → ${fmt(afterRedelivery.payments)}, Stripe events ${fmt(beforeRedelivery.events)} → ${fmt(afterRedelivery.events)}`,
    Number(afterRedelivery.payments) === Number(beforeRedelivery.payments) &&
      Number(afterRedelivery.events) === Number(beforeRedelivery.events),
  ],
  [`the Stripe fake heard no request (${stripeFake.requests.length})`, stripeFake.requests.length === 0],
  [
    `the scratch database ${database} is dropped (${databaseLeft ? 'still there' : 'gone'}) and no Redis key of it is left (${leftInRedis})`,
    databaseLeft === 0 && leftInRedis === 0,
  ],
  [
    `no error in the measured runs (${spread.errors + contended.errors + webhook.errors})`,
    spread.errors + contended.errors + webhook.errors === 0,
  ],
] as const;
console.log('\nfrom the scratch database:');
for (const [what, ok] of checks) console.log(`  ${ok ? 'ok ' : 'FAILED'} ${what}`);

// --- against the baseline ----------------------------------------------------------------------
const helloRps = bare.requests.average;
console.log(
  `\nagainst the bare Fastify hello of this run (${fmt(helloRps)} req/s at ${connections} connections, p99 ${bare.latency.p99} ms):`,
);
console.log(`  desk, spread: payments/s ÷ hello req/s = ${pct(spread.perSecond / helloRps)}; p50 ${spread.p50} ms, p99 ${spread.p99} ms`);
console.log(
  `  desk, one invoice: payments/s ÷ hello req/s = ${pct(contended.perSecond / helloRps)}; p50 ${contended.p50} ms, p99 ${contended.p99} ms`,
);
console.log(
  `  webhook, new events: events/s ÷ hello req/s = ${pct(webhook.perSecond / helloRps)}; p50 ${webhook.p50} ms, p99 ${webhook.p99} ms`,
);
console.log(
  `  webhook, redelivered: events/s ÷ hello req/s = ${pct(redelivered.perSecond / helloRps)}; p50 ${redelivered.p50} ms, p99 ${redelivered.p99} ms`,
);
const failedChecks = checks.filter(([, ok]) => !ok).length;
const figures = [
  ['desk payments, spread', spread],
  ['desk payments, one invoice', contended],
  ['Stripe webhook, new events', webhook],
  ['Stripe webhook, redelivered', redelivered],
] as const;
printRows(
  figures.map(([figure, r]) => ({
    bench: 'payments',
    figure,
    value: Math.round(r.perSecond),
    unit: '/s',
    baseline: { name: 'bare Fastify hello', value: Math.round(helloRps) },
    p50: r.p50,
    p99: r.p99,
    ...('errors' in r && r.errors ? { note: `${r.errors} errors` } : {}),
    ...(failedChecks ? { note: `${failedChecks} checks FAILED` } : {}),
  })),
);
await stores.cleanup();
if (failedChecks) process.exitCode = 1;
