// bench/display-load.ts: what the waiting-room screen (/display) costs to load. Builds the client
// for production when dist/client is missing, stale or a development build; starts a hub (this
// same file with --hub, in its own process, on a scratch database) with a clinic, a paired screen
// and a board with waiting and called tickets; then, in Debian's Chromium (playwright-core):
//   1. bytes: every response the /display route loads (the page, its JS and CSS chunks), raw and
//      gzipped (level 9), against the target of 150 kB gzip (kB = 1,000 bytes, as Vite prints);
//   2. time to first render on a cold load (a new browser context each run: no HTTP cache), from
//      navigation start to the first waiting ticket painted: with only the token stored (GET
//      /api/me, then the socket) and as a remembered screen (token and screen stored).
// MongoDB: MONGO_URL if set, else the test double (the screen never reads Mongo; audit writes do).
// Usage: npm run bench:display [-- --runs 7]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

// ---------------------------------------------------------------------------------------------
// The hub process: production settings on a scratch MySQL database and Redis prefix, one admin.
async function hub() {
  const { migrateMysql } = await import('../db/migrate-mysql.js');
  const { buildApp } = await import('../server/app.js');
  const { loadConfig } = await import('../server/config.js');
  const { insertLogin } = await import('../server/modules/users/repository.js');
  const { createServer } = await import('node:net');
  const database = process.env.BENCH_DB as string;
  // The screen's page opens its socket from the hub's own origin, which must be PUBLIC_URL: pick
  // the port first.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const { dropScratch, withBenchSigningKey } = await import('./servers/scratch.js');
  const config = withBenchSigningKey(database, (keyFile) =>
    loadConfig({
      SIGNING_KEY_FILE: keyFile,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PATH: process.env.PATH,
      REDIS_URL: process.env.REDIS_URL,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      LOG_LEVEL: 'warn',
      MYSQL_URL: `mysql://root@127.0.0.1:3306/${database}`,
      MONGO_URL: process.env.MONGO_URL,
      REDIS_PREFIX: database,
    }),
  );
  await migrateMysql(config.mysqlUrl);
  const app = await buildApp(config);
  await insertLogin(app.db, {
    email: 'admin@bench.example',
    password: 'bench password',
    role: 'admin',
    firstName: 'Bench',
    lastName: 'Admin',
  });
  await app.listen({ port, host: '127.0.0.1' });
  console.log(JSON.stringify({ port }));
  process.on('SIGTERM', async () => {
    await app.close();
    await dropScratch(config, database);
    process.exit(0);
  });
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const { launchBrowser } = await import('../tests/support/browser.js');
  const { benchStores, start, stop } = await import('./kit.js');
  const RUNS = flag('runs', 7);
  const TARGET_GZIP = 150_000;

  await buildIfNeeded();

  // A scratch database, Redis prefix and MongoDB of this run's own, removed at the end or on failure.
  const stores = await benchStores('display');
  const { child, info } = await start('bench/display-load.ts', stores.env(), [], ['--hub']);
  const base = `http://127.0.0.1:${(info as { port: number }).port}`;
  const browser = await launchBrowser();
  try {
    const { token, screen } = await seed(base);

    // 1. Bytes of the route, as the browser loads it.
    const bytes = await measureBytes(browser, base, token);
    const total = bytes.reduce((sum, b) => ({ raw: sum.raw + b.raw, gzip: sum.gzip + b.gzip }), { raw: 0, gzip: 0 });
    console.log('\n/display: what the route loads (production build; gzip level 9)');
    for (const b of bytes) console.log(`  ${b.path.padEnd(44)} ${kb(b.raw).padStart(10)} raw ${kb(b.gzip).padStart(10)} gzip`);
    console.log(`  ${'total'.padEnd(44)} ${kb(total.raw).padStart(10)} raw ${kb(total.gzip).padStart(10)} gzip`);
    console.log(`  target ≤ ${kb(TARGET_GZIP)} gzip: ${total.gzip <= TARGET_GZIP ? 'met' : 'NOT met'}`);

    // 2. Time to first render, cold. The two cases alternate, so a change in machine load hits both.
    console.log(`\nFirst render on a cold load (new context, empty cache), ${RUNS} runs each, ms from navigation start:`);
    const cases: { label: string; stored: Record<string, string>; runs: Timing[] }[] = [
      { label: 'token only (GET /api/me, then socket)', stored: { 'clinic-hub.display-token': token }, runs: [] },
      {
        label: 'remembered screen (token + screen)',
        stored: { 'clinic-hub.display-token': token, 'clinic-hub.display-screen': JSON.stringify(screen) },
        runs: [],
      },
    ];
    for (const c of cases) await firstRender(browser, base, c.stored); // warm-up: the hub's first queries, JIT
    for (let i = 0; i < RUNS; i++) for (const c of cases) c.runs.push(await firstRender(browser, base, c.stored));
    for (const { label, runs } of cases) {
      const m = (key: keyof Timing) => median(runs.map((r) => r[key])).toFixed(0);
      const ticket = runs.map((r) => r.ticket);
      console.log(`  ${label}`);
      console.log(
        `    first ticket painted: median ${m('ticket')} (min ${Math.min(...ticket).toFixed(0)}, max ${Math.max(...ticket).toFixed(0)})` +
          `; DOMContentLoaded ${m('dcl')}; display chunk loaded ${m('chunk')}; first contentful paint ${m('fcp')}`,
      );
    }
  } finally {
    await browser.close();
    await stop(child);
    await stores.cleanup();
  }
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load.join(' ')}`,
  );
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Builds dist/client (production) unless it is there, newer than the sources, and not a dev build. */
async function buildIfNeeded() {
  const out = 'dist/client';
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
      const p = join(dir, e.name);
      return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  let reason = '';
  if (!existsSync(`${out}/index.html`)) reason = 'no build';
  else if (Math.max(newest('client'), newest('server/modules/live')) > statSync(`${out}/index.html`).mtimeMs) reason = 'sources changed';
  else {
    // Vite builds for development when NODE_ENV says so (as under Vitest): React's dev build.
    const assets = readdirSync(`${out}/assets`).filter((f) => f.endsWith('.js'));
    if (assets.some((f) => readFileSync(`${out}/assets/${f}`, 'utf8').includes('react.dev/link/react-devtools')))
      reason = 'a development build';
  }
  if (!reason) return;
  console.log(`building the client (${reason})…`);
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: 'client/vite.config.ts', mode: 'production', logLevel: 'warn' });
}

async function http<T>(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Through the public API: a location, three doctors, a screen, 12 walk-ins, two calls, a delay. */
async function seed(base: string) {
  const { accessToken: admin } = await http<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, {
    email: 'admin@bench.example',
    password: 'bench password',
  });
  const location = await http<{ id: string }>(base, 'POST', '/api/locations', admin, {
    name: 'Bench Clinic',
    address: '1 Bench Street',
    phone: '+1 212 555 0100',
    timezone: 'UTC',
  });
  const doctors: string[] = [];
  for (const [i, last] of ['Osei', 'Berg', 'Sato'].entries()) {
    const d = await http<{ id: string }>(base, 'POST', '/api/doctors', admin, {
      firstName: 'Bench',
      lastName: last,
      email: `doctor${i}@bench.example`,
      specialization: 'General Practice',
      licenseNumber: `BENCH-${i}`,
      locationId: location.id,
      room: String(i + 1),
      consultationMinutes: 15,
    });
    doctors.push(d.id);
  }
  const patients: string[] = [];
  for (let i = 0; i < 12; i++) {
    const p = await http<{ id: string }>(base, 'POST', '/api/patients', admin, {
      firstName: 'Bench',
      lastName: `Patient${i}`,
      dateOfBirth: '1980-01-01',
      phone: '+1 212 555 0101',
    });
    patients.push(p.id);
  }
  for (const [i, patientId] of patients.entries()) {
    await http(base, 'POST', '/api/walk-ins', admin, { doctorId: doctors[i % doctors.length], patientId });
  }
  for (const d of doctors.slice(0, 2)) await http(base, 'POST', `/api/doctors/${d}/queue/call-next`, admin, {});
  await http(base, 'PUT', `/api/doctors/${doctors[0]}/delay`, admin, { minutes: 10 });
  const display = await http<{ token: string }>(base, 'POST', '/api/displays', admin, { locationId: location.id, name: 'Bench screen' });
  const screen = await http<Record<string, unknown>>(base, 'GET', '/api/me', display.token);
  return { token: display.token, screen };
}

interface Timing {
  ticket: number;
  fcp: number;
  dcl: number;
  chunk: number;
}

type Browser = Awaited<ReturnType<typeof import('../tests/support/browser.js').launchBrowser>>;

async function measureBytes(browser: Browser, base: string, token: string) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript((t) => localStorage.setItem('clinic-hub.display-token', t), token);
  const page = await context.newPage();
  const bodies: Promise<{ path: string; raw: number; gzip: number } | null>[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== base || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
    bodies.push(
      response
        .body()
        .then((body) => ({ path: url.pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }))
        .catch(() => null),
    );
  });
  await page.goto(`${base}/display`);
  await page.locator('.d-queue li[data-ticket]').first().waitFor();
  await page.waitForLoadState('networkidle');
  const measured = (await Promise.all(bodies)).filter((b) => b !== null);
  await context.close();
  return measured;
}

async function firstRender(browser: Browser, base: string, stored: Record<string, string>): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript((entries) => {
    for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
    // The moment the first waiting ticket is in the DOM, then painted (the frame after it).
    const w = window as unknown as { firstTicket?: number };
    new MutationObserver((_, observer) => {
      if (!document.querySelector('.d-queue li[data-ticket]')) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (w.firstTicket = performance.now()), 0));
    }).observe(document, { childList: true, subtree: true });
  }, stored);
  const page = await context.newPage();
  await page.goto(`${base}/display`);
  await page.waitForFunction(() => (window as unknown as { firstTicket?: number }).firstTicket !== undefined);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      ticket: (window as unknown as { firstTicket: number }).firstTicket,
      fcp: fcp?.startTime ?? Number.NaN,
      dcl: nav.domContentLoadedEventEnd,
      chunk: Math.max(
        ...performance
          .getEntriesByType('resource')
          .filter((r) => /\/assets\/Display-[^/]*\.js$/.test(r.name))
          .map((r) => (r as PerformanceResourceTiming).responseEnd),
      ),
    };
  });
  await context.close();
  return timing;
}

if (args.includes('--hub')) await hub();
else await main();
