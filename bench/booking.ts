// bench/booking.ts: POST /api/appointments under load, beside a bare Fastify hello-world.
// 1. spread: 32 clients over 50 doctors, every request a different free slot (all should be 201);
// 2. contention: 32 clients on one doctor, each request a random one of 40 slots (201 or 409 only).
// Usage: npm run bench:booking [-- --seconds 10 --connections 32]
import autocannon from 'autocannon';
import { benchStores, flag, printRows, start, stop } from './kit.js';

const seconds = flag('seconds', 10);
const connections = flag('connections', 32);
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('booking');

type Result = Awaited<ReturnType<typeof autocannon>>;
const summary = (name: string, r: Result) => {
  const statuses = Object.entries(r.statusCodeStats ?? {})
    .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
    .join(' ');
  console.log(
    `${name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, statuses ${statuses}, errors ${r.errors}`,
  );
};

console.log(`${connections} connections, ${seconds}s per run\n`);
const hello = await start('bench/servers/hello.ts');
const bare = await autocannon({ url: `http://127.0.0.1:${hello.info.port}/`, connections, duration: seconds });
summary('bare Fastify hello', bare);
await stop(hello.child);

process.stdout.write('starting the hub with 50 doctors…\n');
const hub = await start('bench/servers/booking-hub.ts', stores.env());
const { port, token, doctorIds, patientId } = hub.info as { port: number; token: string; doctorIds: string[]; patientId: string };
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const firstDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1);
const slot = (n: number) => new Date(firstDay + n * 15 * 60_000).toISOString();

/** POST /api/appointments for `seconds`, each request's body made by `body()`. */
const bookings = (body: () => object) =>
  autocannon({
    url: `http://127.0.0.1:${port}/api/appointments`,
    connections,
    duration: seconds,
    requests: [{ method: 'POST', headers, setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) }],
  });

let sequence = 0;
const spread = await bookings(() => {
  const n = sequence++;
  return { doctorId: doctorIds[n % doctorIds.length], patientId, startAt: slot(Math.floor(n / doctorIds.length)) };
});
summary('booking, 50 doctors', spread);

const contention = await bookings(() => ({ doctorId: doctorIds[0], patientId, startAt: slot(3000 + Math.floor(Math.random() * 40)) }));
summary('booking, one doctor (contention)', contention);
await stop(hub.child);

const ratio = spread.requests.average / bare.requests.average;
const unexpected = Object.keys(contention.statusCodeStats ?? {}).filter((c) => c !== '201' && c !== '409');
console.log(
  `\nbookings/s ÷ bare hello req/s = ${(ratio * 100).toFixed(1)}% (target ≥ 10%); p99 without contention ${spread.latency.p99} ms (target ≤ 50 ms)`,
);
console.log(`contention statuses other than 201/409: ${unexpected.length ? unexpected.join(', ') : 'none'}`);
const helloRps = Math.round(bare.requests.average);
printRows([
  {
    bench: 'booking',
    figure: 'bookings, 50 doctors',
    value: Math.round(spread.requests.average),
    unit: '/s',
    baseline: { name: 'bare Fastify hello', value: helloRps },
    p50: spread.latency.p50,
    p99: spread.latency.p99,
    ...(spread.non2xx || spread.errors ? { note: `${spread.non2xx} non-2xx, ${spread.errors} errors` } : {}),
  },
  {
    bench: 'booking',
    figure: 'bookings, 1 doctor (201/409)',
    value: Math.round(contention.requests.average),
    unit: '/s',
    baseline: { name: 'bare Fastify hello', value: helloRps },
    p50: contention.latency.p50,
    p99: contention.latency.p99,
    ...(unexpected.length || contention.errors ? { note: `statuses ${unexpected.join(', ') || 'ok'}, ${contention.errors} errors` } : {}),
  },
]);
await stores.cleanup();
