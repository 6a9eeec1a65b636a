// bench/prescriptions.ts: prescribing under load, beside a bare Fastify hello-world of the same run.
// 1. `connections` doctors' clients, each in a closed loop over its own keep-alive connection:
//    POST /api/appointments/:id/prescriptions (three items), then POST /api/prescriptions/:id/sign.
//    One operation = both requests; its latency runs from the first request to the second answer.
// 2. The PDF of a typical signed three-item script, one request at a time through
//    GET /api/prescriptions/:id/pdf, then renderPrescriptionPdf alone on the same printout.
// The hub runs in its own process (bench/servers/prescribing-hub.ts); audit entries go to MONGO_URL
// if set, else to the MongoDB test double in a process of its own (bench/kit.ts benchStores).
// Usage: npm run bench:prescriptions [-- --seconds 10 --connections 16 --pdfs 200]

import http from 'node:http';
import type { PrescriptionPrintout } from '../server/modules/prescriptions/printout.js';
import { benchStores, fmt, helloBaseline, pct, printRows, quantile, start, stop } from './kit.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = flag('seconds', 10);
const connections = flag('connections', 16);
const PDFS = flag('pdfs', 200);
const WARMUP_SECONDS = 3;

console.log(
  `${connections} connections; hello ${seconds}s after a 2s warm-up; prescribing ${seconds}s after ${WARMUP_SECONDS}s; ${PDFS} PDFs each way\n`,
);

// --- the baseline, as bench:http and bench:booking measure it ---------------------------------
const bare = await helloBaseline(connections, seconds);

// --- the hub ---------------------------------------------------------------------------------
// A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
const stores = await benchStores('rx');
process.stdout.write(
  `starting the hub (16 doctors, 256 checked-in walk-ins; MongoDB: ${stores.double ? 'the test double' : 'MONGO_URL'})…`,
);
const setupStarted = performance.now();
const hub = await start('bench/servers/prescribing-hub.ts', stores.env());
console.log(` ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);
const { port, doctors, medicineGroups, typical } = hub.info as {
  port: number;
  doctors: { token: string; visitIds: string[] }[];
  medicineGroups: string[][];
  typical: { id: string; printout: PrescriptionPrintout };
};

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
function send(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<{ status: number; body: Buffer }> {
  const payload = body ? JSON.stringify(body) : undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// --- 1. write and sign ------------------------------------------------------------------------
const latencies: number[] = [];
let measuring = false;
let done = 0;
let warmupOps = 0;
let errors = 0;
let duplicateWarnings = 0;
let firstError = '';
const failed = (what: string, status: number, body: Buffer) => {
  errors++;
  firstError ||= `${what} ${status}: ${body.toString().slice(0, 300)}`;
};

/** One doctor's client: write a prescription for the next visit, sign it, repeat until `until`. */
async function prescriber(client: number, until: () => boolean) {
  const doctor = doctors[client % doctors.length]!;
  for (let k = 0; !until(); k++) {
    const visitId = doctor.visitIds[k % doctor.visitIds.length]!;
    const group = medicineGroups[Math.floor(k / doctor.visitIds.length) % medicineGroups.length]!;
    const items = group.map((medicationId) => ({
      medicationId,
      dose: '1 tablet',
      frequency: 'twice daily',
      durationDays: 7,
      quantity: 14,
    }));
    const counted = measuring;
    const began = performance.now();
    const created = await send('POST', `/api/appointments/${visitId}/prescriptions`, doctor.token, { items, diagnosis: 'Bench visit' });
    if (created.status !== 201) {
      failed('create', created.status, created.body);
      continue;
    }
    const id = (JSON.parse(created.body.toString()) as { id: string }).id;
    const signed = await send('POST', `/api/prescriptions/${id}/sign`, doctor.token);
    if (signed.status !== 200) {
      failed('sign', signed.status, signed.body);
      continue;
    }
    // Only operations begun and ended inside the measured window count.
    if (!counted) warmupOps++;
    else if (measuring) {
      latencies.push(performance.now() - began);
      done++;
      if (signed.body.includes('DUPLICATE_THERAPY')) duplicateWarnings++;
    }
  }
}

const ticker = (label: string, total: number, startedAt: number) =>
  setInterval(() => {
    const elapsed = (performance.now() - startedAt) / 1000;
    const line = `  ${label} ${elapsed.toFixed(0)}/${total}s: ${fmt(done)} prescriptions (${fmt(done / elapsed)}/s), ${errors} errors`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else console.log(line);
  }, 2000);

const loadStarted = performance.now();
let stopping = false;
const clients = Array.from({ length: connections }, (_, c) => prescriber(c, () => stopping));
process.stdout.write(`writing and signing: warming up ${WARMUP_SECONDS}s…`);
await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
measuring = true;
const windowStarted = performance.now();
console.log(` measuring ${seconds}s`);
const tick = ticker('measured', seconds, windowStarted);
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const windowSeconds = (performance.now() - windowStarted) / 1000;
clearInterval(tick);
stopping = true;
await Promise.all(clients);
if (process.stdout.isTTY) process.stdout.write('\n');
latencies.sort((a, b) => a - b);
const opsPerSecond = done / windowSeconds;
console.log(
  `writing and signing: ${opsPerSecond.toFixed(1)} prescriptions/s (${fmt(2 * opsPerSecond)} requests/s), ` +
    `p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms, max ${quantile(latencies, 1)} ms; ` +
    `${done} measured (${warmupOps} in the warm-up), ${errors} errors, ${duplicateWarnings} with a DUPLICATE_THERAPY warning ` +
    `(${((performance.now() - loadStarted) / 1000).toFixed(1)}s in all)`,
);
if (firstError) console.log(`  first error: ${firstError}`);

// --- 2. the PDF ------------------------------------------------------------------------------
// Both ways in alternating rounds of 25, after 10 untimed of each: this machine's speed drifts with
// other work on it, and alternating gives the two the same share of that drift.
const { renderPrescriptionPdf } = await import('../server/modules/prescriptions/pdf.js');
const prescriber0 = doctors[0]!.token;
const ways = {
  'PDF over HTTP': async () => {
    const res = await send('GET', `/api/prescriptions/${typical.id}/pdf`, prescriber0);
    if (res.status !== 200 || res.body.subarray(0, 5).toString() !== '%PDF-')
      throw new Error(`PDF ${res.status}: ${res.body.toString().slice(0, 200)}`);
    return res.body.length;
  },
  renderPrescriptionPdf: async () => (await renderPrescriptionPdf(typical.printout, 'A4')).length,
};
const pdfTimes: Record<keyof typeof ways, number[]> = { 'PDF over HTTP': [], renderPrescriptionPdf: [] };
let pdfBytes = 0;
for (const once of Object.values(ways)) for (let i = 0; i < 10; i++) await once();
for (let round = 0; round * 25 < PDFS; round++) {
  for (const [name, once] of Object.entries(ways) as [keyof typeof ways, () => Promise<number>][])
    for (let i = 0; i < Math.min(25, PDFS - round * 25); i++) {
      const began = performance.now();
      pdfBytes = await once();
      pdfTimes[name].push(performance.now() - began);
    }
  const line = `  PDFs: ${pdfTimes.renderPrescriptionPdf.length}/${PDFS} each way`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
  else if ((round + 1) % 2 === 0) console.log(line);
}
if (process.stdout.isTTY) process.stdout.write('\n');
agent.destroy();
await stop(hub.child);
const pdfFigures = Object.entries(pdfTimes).map(([name, times]) => {
  times.sort((x, y) => x - y);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  const r = { name, p50: quantile(times, 0.5), p99: quantile(times, 0.99), mean, perSecond: 1000 / mean };
  console.log(`${name}: p50 ${r.p50} ms, p99 ${r.p99} ms, mean ${mean.toFixed(1)} ms (${r.perSecond.toFixed(1)}/s one at a time)`);
  return r;
});
console.log(`  (A4, three items, one test ordered, the QR code; ${(pdfBytes / 1000).toFixed(1)} kB)`);

// --- against the baseline ----------------------------------------------------------------------
const helloRps = bare.requests.average;
console.log(`\nagainst the bare Fastify hello of this run (${fmt(helloRps)} req/s at ${connections} connections):`);
console.log(
  `  prescriptions created+signed/s ÷ hello req/s = ${pct(opsPerSecond / helloRps)}; their HTTP requests/s ÷ hello = ${pct((2 * opsPerSecond) / helloRps)}`,
);
console.log(`  p99 of an operation ${quantile(latencies, 0.99)} ms against the hello's p99 ${bare.latency.p99} ms`);
for (const r of pdfFigures)
  console.log(
    `  ${r.name}: PDFs/s one at a time ÷ hello req/s = ${pct(r.perSecond / helloRps)} (one PDF ≈ ${fmt(helloRps / r.perSecond)} hello requests)`,
  );
const pdfHttp = pdfFigures.find((r) => r.name === 'PDF over HTTP')!;
const pdfAlone = pdfFigures.find((r) => r.name === 'renderPrescriptionPdf')!;
printRows([
  {
    bench: 'prescriptions',
    figure: 'written and signed',
    value: Math.round(opsPerSecond * 10) / 10,
    unit: '/s',
    baseline: { name: 'bare Fastify hello', value: Math.round(helloRps) },
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    ...(errors ? { note: `${errors} errors` } : {}),
  },
  {
    bench: 'prescriptions',
    figure: 'PDFs over HTTP, one at a time',
    value: Math.round(pdfHttp.perSecond * 10) / 10,
    unit: '/s',
    baseline: { name: 'renderPrescriptionPdf alone', value: Math.round(pdfAlone.perSecond * 10) / 10 },
    p50: pdfHttp.p50,
    p99: pdfHttp.p99,
  },
]);
await stores.cleanup();
