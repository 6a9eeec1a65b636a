// Limits on HTTP: request counts per caller in Redis, shared by every node (429 RATE_LIMITED with
// Retry-After), a tighter count of its own on expensive routes, per IP without a caller, none on
// health checks; at most N requests of one caller in progress; and a MySQL pool that answers 503
// SERVICE_UNAVAILABLE with Retry-After when no connection comes free in time, instead of hanging.
import type { PoolConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { batchedRedisStore } from '../../../server/plugins/rate-limit-store.js';
import { type Actor, bearer, createLocation, doctor, staff } from '../../support/factories.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import { listenOnLoopback, PRODUCTION_LIMITS, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let nodeB: App;
let admin: Actor;

const PER_USER = 20;
const EXPENSIVE = 5;
const PER_IP = 8;

beforeAll(async () => {
  hub = await startTestHub({
    RATE_LIMIT_PER_USER: String(PER_USER),
    RATE_LIMIT_EXPENSIVE: String(EXPENSIVE),
    RATE_LIMIT_PER_IP: String(PER_IP),
    // Long enough that no window ends during a test, however slow the machine.
    RATE_LIMIT_WINDOW_SECONDS: '600',
  });
  // A second node on the same stores and Redis prefix, as in a deployment behind a balancer.
  nodeB = await buildApp(hub.config);
  admin = await staff(hub, 'admin');
});
afterAll(async () => {
  await nodeB.close();
  await hub.close();
});

const get = (app: App, url: string, who: Actor) => app.inject({ method: 'GET', url, headers: bearer(who.token) });

function expectLimited(res: Awaited<ReturnType<App['inject']>>) {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(res.json()).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: expect.any(String),
    code: 'RATE_LIMITED',
    retryAfterSeconds: retryAfter,
    // The contract's place for an error's extras (API.md), repeated at the top level for older clients.
    details: { retryAfterSeconds: retryAfter },
  });
}

describe('request counts per caller, shared by the nodes', () => {
  it('a user’s requests count on both nodes together: the one over the limit gets 429 with Retry-After, on either node', async () => {
    const who = await staff(hub, 'receptionist');
    for (let i = 0; i < PER_USER; i++) {
      const res = await get(i % 2 ? nodeB : hub.app, '/api/appointments', who);
      expect(res.statusCode, `request ${i + 1}`).toBe(200);
    }
    expectLimited(await get(hub.app, '/api/appointments', who));
    expectLimited(await get(nodeB, '/api/me', who));
    // Another user has a count of their own.
    expect((await get(nodeB, '/api/appointments', admin)).statusCode).toBe(200);
  });

  it('requests that reach a node at once are counted one by one: exactly the limit gets through, on both nodes together', async () => {
    // They go to Redis in one batch per node (plugins/rate-limit-store.ts); each still gets its own count.
    const who = await staff(hub, 'receptionist');
    const burst = await Promise.all(Array.from({ length: PER_USER + 6 }, (_, i) => get(i % 2 ? nodeB : hub.app, '/api/me', who)));
    const statuses = burst.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(PER_USER);
    for (const res of burst.filter((r) => r.statusCode !== 200)) expectLimited(res);
    // The remaining counts the answers name are those of one request after another: PER_USER − 1 … 0.
    const remaining = burst.filter((r) => r.statusCode === 200).map((r) => Number(r.headers['x-ratelimit-remaining']));
    expect(remaining.sort((a, b) => b - a)).toEqual(Array.from({ length: PER_USER }, (_, i) => PER_USER - 1 - i));
  });

  it('an expensive route has a tighter count of its own, which leaves the general one alone', async () => {
    const who = await staff(hub, 'receptionist');
    for (let i = 0; i < EXPENSIVE; i++) expect((await get(i % 2 ? nodeB : hub.app, '/api/patients?query=smith', who)).statusCode).toBe(200);
    expectLimited(await get(nodeB, '/api/patients?query=smith', who));
    expect((await get(hub.app, '/api/appointments', who)).statusCode).toBe(200);
  });

  it('calls without a caller count per client IP; health checks are never counted', async () => {
    const from = (remoteAddress: string) => ({
      method: 'POST' as const,
      url: '/api/auth/refresh',
      remoteAddress,
      payload: { refreshToken: 'x'.repeat(40) },
    });
    for (let i = 0; i < PER_IP; i++) expect((await (i % 2 ? nodeB : hub.app).inject(from('203.0.113.7'))).statusCode).toBe(401);
    expectLimited(await hub.app.inject(from('203.0.113.7')));
    expect((await hub.app.inject(from('203.0.113.8'))).statusCode).toBe(401);
    for (let i = 0; i < PER_IP * 3; i++) {
      expect((await hub.app.inject({ url: '/health/live', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
    }
    expect((await hub.app.inject({ url: '/health/ready', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  });

  it('while Redis is down, API requests go through uncounted instead of waiting for it', async () => {
    // Nothing listens on port 1: this node's Redis is down; MySQL and Mongo are fine.
    const cut = await buildApp({ ...hub.config, redisUrl: 'redis://127.0.0.1:1' });
    try {
      const res = await get(cut, '/api/appointments', admin);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await cut.close();
    }
  });

  it('the docs name 429 on every API route and say which routes have the tighter count', async () => {
    const doc = (await hub.app.inject('/docs/json')).json() as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>>;
    };
    expect(doc.paths['/api/appointments']!.get!.responses['429']).toBeDefined();
    expect(doc.paths['/api/doctors/{id}/availability']!.get!.description).toContain('RATE_LIMIT_EXPENSIVE');
    expect(doc.paths['/api/appointments']!.post!.description).toContain('RATE_LIMIT_EXPENSIVE');
    expect(doc.paths['/health/live']!.get!.responses['429']).toBeUndefined();
  });

  it('the production defaults let a busy desk through: 150 requests in a burst from one receptionist', async () => {
    const desk = await startTestHub(PRODUCTION_LIMITS);
    try {
      const who = await staff(desk, 'receptionist');
      const statuses: number[] = [];
      for (let round = 0; round < 15; round++) {
        // A page of the desk: ten calls at once (the browser's connections), then the next page.
        const page = await Promise.all(Array.from({ length: 10 }, () => get(desk.app, '/api/appointments', who)));
        statuses.push(...page.map((r) => r.statusCode));
      }
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const last = await get(desk.app, '/api/appointments', who);
      expect(Number(last.headers['x-ratelimit-limit'])).toBe(desk.config.limits.perUser);
    } finally {
      await desk.close();
    }
  });
});

describe('the batched count store', () => {
  it('a counter that is not a number fails its own callers only; the others of the batch are counted', async () => {
    const prefix = `${hub.config.redisPrefix}batch-test:`;
    const Store = batchedRedisStore(hub.app.redis, prefix);
    const store = new Store();
    await hub.app.redis.set(`${prefix}bad`, 'not a number');
    const count = (key: string) =>
      new Promise<{ current: number } | Error>((resolve) =>
        store.incr(key, (err, result) => resolve(err ?? (result as { current: number })), 60_000),
      );
    // One turn of the loop: one script call for the three.
    const [good, bad, other, goodAgain] = await Promise.all([count('good'), count('bad'), count('other'), count('good')]);
    expect(good).toMatchObject({ current: 1 });
    expect(goodAgain).toMatchObject({ current: 2 });
    expect(other).toMatchObject({ current: 1 });
    expect(bad).toBeInstanceOf(Error);
    expect(await hub.app.redis.pttl(`${prefix}good`)).toBeGreaterThan(0);
    await hub.app.redis.del(`${prefix}bad`, `${prefix}good`, `${prefix}other`);
  });
});

describe('a slow path cannot take the pool from everyone', () => {
  // Small pools, and no outbox publishing (neither the relay nor after a login's response), so that
  // only the test's own requests wait for a connection.
  const poolHub = (env: Record<string, string>) =>
    startTestHub(
      { MYSQL_POOL_SIZE: '3', MAX_IN_FLIGHT_PER_CALLER: '2', ...env },
      { live: { relayIntervalMs: 0, publishAfterResponse: false } },
    );
  let held: PoolConnection[] = [];

  /** Takes every connection of the app's pool, as long-running queries would. */
  async function holdThePool(app: App) {
    held = await Promise.all(Array.from({ length: app.config.mysqlPool.size }, () => app.mysql.pool.getConnection()));
  }
  function releaseThePool() {
    for (const c of held) c.release();
    held = [];
  }
  /** Resolves once `n` callers wait in the pool's queue. */
  function queued(app: App, n: number): Promise<void> {
    let seen = 0;
    return new Promise((resolve) => {
      const onEnqueue = () => {
        if (++seen < n) return;
        app.mysql.pool.off('enqueue', onEnqueue);
        resolve();
      };
      app.mysql.pool.on('enqueue', onEnqueue);
    });
  }

  it('no connection free in time: 503 SERVICE_UNAVAILABLE with Retry-After, over HTTP and in a socket ack; then back to normal', async () => {
    const hasty = await poolHub({ MYSQL_ACQUIRE_TIMEOUT_MS: '300' });
    const base = await listenOnLoopback(hasty.app);
    const busyDoctor = await doctor(hasty, (await createLocation(hasty)).id);
    const who = await staff(hasty, 'receptionist');
    const socket = client(base, who.token);
    try {
      await connected(socket);
      await holdThePool(hasty.app);
      // Without a bound this request would wait until the connections come back: never, here.
      const res = await get(hasty.app, '/api/appointments', who);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.any(String),
        code: 'SERVICE_UNAVAILABLE',
        retryAfterSeconds: 1,
        details: { retryAfterSeconds: 1 },
      });
      const ack = await emitAck(socket, 'queue:subscribe', { doctorId: busyDoctor.doctorId });
      expect(ack).toEqual({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } });
      releaseThePool();
      expect((await get(hasty.app, '/api/appointments', who)).statusCode).toBe(200);
    } finally {
      releaseThePool();
      socket.disconnect();
      await hasty.close();
    }
  });

  describe('with a long acquire timeout', () => {
    let steady: TestHub;
    beforeAll(async () => {
      steady = await poolHub({ MYSQL_ACQUIRE_TIMEOUT_MS: '600000', MYSQL_QUEUE_LIMIT: '4' });
    });
    afterAll(async () => {
      releaseThePool();
      await steady.close();
    });

    // GET /api/locations asks MySQL one query: one request, one caller waiting for a connection.
    it('one caller has at most MAX_IN_FLIGHT_PER_CALLER requests in progress; one more is 429 at once', async () => {
      const who = await staff(steady, 'receptionist');
      const other = await staff(steady, 'admin');
      await holdThePool(steady.app);
      // Two requests wait for a connection; a third of the same caller is refused without waiting.
      const both = queued(steady.app, 2);
      const waiting = [get(steady.app, '/api/locations', who), get(steady.app, '/api/locations', who)];
      await both;
      expectLimited(await get(steady.app, '/api/locations', who));
      // Another caller is not affected by this one's bound.
      const others = get(steady.app, '/api/locations', other);
      releaseThePool();
      expect((await Promise.all([...waiting, others])).map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect((await get(steady.app, '/api/locations', who)).statusCode).toBe(200);
    });

    it('when MYSQL_QUEUE_LIMIT requests wait for a connection already, one more is answered 503 at once', async () => {
      const callers: Actor[] = [];
      for (let i = 0; i < 3; i++) callers.push(await staff(steady, 'receptionist'));
      await holdThePool(steady.app);
      const four = queued(steady.app, 4);
      const waiting = [0, 0, 1, 1].map((i) => get(steady.app, '/api/locations', callers[i]!));
      await four;
      // The acquire timeout is ten minutes: only the queue limit can answer this one now.
      const fifth = await get(steady.app, '/api/locations', callers[2]!);
      expect(fifth.statusCode).toBe(503);
      expect(fifth.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
      releaseThePool();
      expect((await Promise.all(waiting)).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    });
  });
});

describe('settings', () => {
  it.each([
    ['RATE_LIMIT_PER_USER', '0'],
    ['RATE_LIMIT_EXPENSIVE', 'lots'],
    ['MAX_IN_FLIGHT_PER_CALLER', '-1'],
    ['MYSQL_ACQUIRE_TIMEOUT_MS', '5'],
    ['SOCKET_BUDGET_SCALE', '0'],
  ])('%s=%s stops the process at start, naming it', (name, value) => {
    expect(() => loadConfig({ ...hub.env, [name]: value })).toThrowError(name);
  });
});
