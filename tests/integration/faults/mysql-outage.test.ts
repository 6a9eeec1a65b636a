// MySQL stopped mid-day: a server process runs against a MariaDB of the test's own, which is
// killed (SIGKILL) while creations are in flight and kept down for 10 s. While it is down, requests answer 503
// STORE_UNAVAILABLE with Retry-After at once (never a 500, never a hang: each request is bounded by
// a 5 s abort), /health/ready answers 503 naming mysql, and the process stays up. When MariaDB
// is back on the same data, the node is ready again by itself and writes succeed; of the creations
// caught by the kill, each one answered 201 exists once and each refused one left nothing behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as wait } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateMysql } from '../../../db/migrate-mysql.js';
import { createMysql } from '../../../db/mysql.js';
import { insertLogin } from '../../../server/modules/users/repository.js';
import { bearer, PASSWORD } from '../../support/factories.js';
import { isolatedEnv, uniqueName } from '../../support/test-hub.js';
import { createMariaInstance, type MariaInstance } from './mariadb-instance.js';

/** A request that has not answered within this bound is a hang, and fails the test. */
const HANG_MS = 5_000;
/** How long MySQL stays down. */
const OUTAGE_MS = 10_000;

let maria: MariaInstance;
let server: ChildProcess | undefined;
let env: Record<string, string>;
let base: string;
let ops: string;
let token: string;

beforeAll(async () => {
  maria = await createMariaInstance();
  await maria.start();
  env = isolatedEnv({
    MYSQL_URL: maria.url(uniqueName('outage')),
    // Production's pool settings (the test hubs' raised ones would let a request wait 60 s for a connection).
    MYSQL_ACQUIRE_TIMEOUT_MS: '',
    MYSQL_QUEUE_LIMIT: '',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
  });
  await migrateMysql(env.MYSQL_URL!);
  const mysql = createMysql(env.MYSQL_URL!);
  const email = `admin.${uniqueName()}@test.example`;
  await insertLogin(mysql.db, { email, password: PASSWORD, role: 'admin', firstName: 'Ops', lastName: 'Admin' });
  await mysql.close();

  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: server.stderr! }).on('line', (line) => lines.push(line));
  [base, ops] = await new Promise<[string, string]>((resolve, reject) => {
    let opsPort: string | undefined;
    createInterface({ input: server!.stdout! }).on('line', (line) => {
      lines.push(line);
      opsPort ??= /"port":(\d+).*operations port listening/.exec(line)?.[1];
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (listening && opsPort) resolve([listening[1]!, `http://127.0.0.1:${opsPort}`]);
    });
    server!.once('exit', (code) => reject(new Error(`server exited with ${code}: ${lines.join('\n')}`)));
  });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { accessToken: string }).accessToken;
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGKILL');
    await once(server, 'exit');
  }
  await maria?.remove();
  // The MySQL database went with the instance's directory; the Redis keys and the Mongo database are dropped here.
  if (env) await dropRedisAndMongo(env);
}, 60_000);

async function dropRedisAndMongo(env: Record<string, string>): Promise<void> {
  const redis = new Redis(env.REDIS_URL!);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_PREFIX}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  const mongo = new MongoClient(env.MONGO_URL!);
  await mongo.db().dropDatabase();
  await mongo.close();
}

const newLocation = (name: string) => ({ name, address: '1 Outage Street', phone: '+49 30 1234567', timezone: 'Europe/Berlin' });

function request(path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...bearer(token), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(HANG_MS),
  });
}

async function locationNames(): Promise<string[]> {
  const res = await request('/api/locations');
  expect(res.status).toBe(200);
  return ((await res.json()) as { locations: { name: string }[] }).locations.map((l) => l.name);
}

async function storeUp(store: string): Promise<number | undefined> {
  const text = await (await fetch(`${ops}/metrics`, { signal: AbortSignal.timeout(HANG_MS) })).text();
  const m = new RegExp(`^hub_store_up\\{[^}]*store="${store}"[^}]*\\} (\\d)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

it('MySQL killed for a while: 503 STORE_UNAVAILABLE with Retry-After, not ready, still up; then back to normal', async () => {
  expect((await request('/api/locations', { method: 'POST', body: newLocation(uniqueName('before')) })).status).toBe(201);

  // Creations in flight when MySQL dies: each either happened (201) or answered 503; none hangs.
  const burst = Array.from({ length: 12 }, () => uniqueName('burst'));
  const outcomes = Promise.all(
    burst.map(async (name) => {
      const res = await request('/api/locations', { method: 'POST', body: newLocation(name) });
      return { name, status: res.status, body: (await res.json()) as { code?: string } };
    }),
  );
  await maria.kill();
  const killedAt = Date.now();
  const settled = await outcomes;
  for (const o of settled) {
    expect([201, 503], JSON.stringify(o)).toContain(o.status);
    if (o.status === 503) expect(o.body.code).toBe('STORE_UNAVAILABLE');
  }

  // While it is down: reads and writes fail fast with the stable code and Retry-After (twice each:
  // the first may meet a pooled connection that died, the next a refused new one).
  const refusedName = uniqueName('refused');
  for (let round = 0; round < 2; round++) {
    for (const [path, init] of [
      ['/api/locations', { method: 'POST', body: newLocation(refusedName) }],
      ['/api/locations', {}],
    ] as const) {
      const res = await request(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ statusCode: 503, code: 'STORE_UNAVAILABLE', details: { store: 'mysql' } });
    }
  }
  const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(HANG_MS) });
  expect(ready.status).toBe(503);
  expect(ready.headers.get('retry-after')).not.toBeNull();
  expect(await ready.json()).toEqual({ status: 'not_ready', checks: { mysql: 'down', mongo: 'ok', redis: 'ok' } });
  expect(await storeUp('mysql')).toBe(0);
  expect(await storeUp('redis')).toBe(1);
  expect((await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(HANG_MS) })).status).toBe(200);
  expect(server!.exitCode).toBeNull();

  // The outage lasts 10 s: every request in it is answered the same way, none piles up behind another.
  while (Date.now() - killedAt < OUTAGE_MS) {
    const res = await request('/api/locations', { method: 'POST', body: newLocation(refusedName) });
    expect(res.status).toBe(503);
    expect((await res.json()) as { code: string }).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await wait(500);
  }
  expect(server!.exitCode).toBeNull();

  // MariaDB back on the same data (after crash recovery): the node recovers without a restart.
  await maria.start();
  await expect
    .poll(async () => (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(HANG_MS) })).status, {
      timeout: 30_000,
      interval: 250,
    })
    .toBe(200);
  await expect.poll(() => storeUp('mysql'), { timeout: 15_000, interval: 250 }).toBe(1);
  const after = uniqueName('after');
  expect((await request('/api/locations', { method: 'POST', body: newLocation(after) })).status).toBe(201);

  const names = await locationNames();
  expect(names).toContain(after);
  expect(names).not.toContain(refusedName);
  for (const o of settled) {
    const copies = names.filter((n) => n === o.name).length;
    // A 201 was committed (InnoDB keeps commits through a crash). A 503 kept nothing, except when
    // MySQL died between committing and answering: then the row is whole, and there once.
    if (o.status === 201) expect(copies, JSON.stringify(o)).toBe(1);
    else expect(copies, JSON.stringify(o)).toBeLessThanOrEqual(1);
  }
  expect(server!.exitCode).toBeNull();
}, 120_000);
