// The BullMQ dashboard at /admin/queues: only an active admin gets in, by bearer header or by
// the session cookie that POST /api/admin/queues/session sets, and its JSON API sees the hub's
// real queues in Redis.
import { createSigner } from 'fast-jwt';
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubQueues, openQueues, QUEUE_NAMES } from '../../../server/jobs/queues.js';
import { type Actor, bearer, everyone, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const COOKIE = 'clinic_queues_session';
const SESSION = '/api/admin/queues/session';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>>;
let connection: Redis;
let queues: HubQueues;

beforeAll(async () => {
  // Trusting the loopback proxy lets a test say the request came over https (X-Forwarded-Proto).
  hub = await startTestHub({ TRUST_PROXY: 'loopback' });
  world = await everyone(hub);
  connection = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
  queues = openQueues(connection, hub.config.redisPrefix);
});
afterAll(async () => {
  await queues?.close();
  await connection?.quit();
  await hub?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });
const withCookie = (token: string) => ({ cookie: `${COOKIE}=${token}` });

function expectRefusal(res: LightMyRequestResponse, status: 401 | 403, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toEqual({
    statusCode: status,
    error: status === 401 ? 'Unauthorized' : 'Forbidden',
    message: expect.any(String),
    code,
  });
}

/** The Set-Cookie header for the session cookie, split into its attributes. */
function sessionCookie(res: LightMyRequestResponse) {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
  if (!raw) return null;
  const [pair, ...attrs] = raw.split(';').map((part) => part.trim());
  return { value: pair!.slice(COOKIE.length + 1), attrs: attrs.map((a) => a.toLowerCase()), raw };
}

async function openSession(actor: Actor, headers: Record<string, string> = {}) {
  return hub.app.inject({ method: 'POST', url: SESSION, headers: { ...bearer(actor.token), ...headers } });
}

const DASHBOARD_URLS = [
  '/admin/queues',
  '/admin/queues/',
  '/admin/queues/queue/notifications',
  '/admin/queues/api/queues',
  '/admin/queues/static/images/logo.svg',
  '/admin/queues/no-such-page',
];

describe('who may open the dashboard', () => {
  it('refuses every path under /admin/queues without a token with 401 in the contract shape', async () => {
    for (const url of DASHBOARD_URLS) expectRefusal(await get(url), 401, 'UNAUTHORIZED');
    const pause = await hub.app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${QUEUE_NAMES.notifications}/pause` });
    expectRefusal(pause, 401, 'UNAUTHORIZED');
    expect(await queues.notifications.isPaused()).toBe(false);
  });

  it('refuses receptionists, doctors, patients and waiting-room screens with 403, by header and by cookie', async () => {
    for (const actor of [world.receptionist, world.doctor, world.patient, world.display]) {
      for (const url of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/no-such-page']) {
        expectRefusal(await get(url, bearer(actor.token)), 403, 'FORBIDDEN');
        expectRefusal(await get(url, withCookie(actor.token)), 403, 'FORBIDDEN');
      }
    }
  });

  it('refuses a malformed header and a token signed with another secret with 401', async () => {
    expectRefusal(await get('/admin/queues', { authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'UNAUTHORIZED');
    const forged = createSigner({ key: 'another-secret-of-at-least-32-characters!', iss: 'clinic-hub' })({
      sub: world.admin.userId,
      role: 'admin',
      email: world.admin.email,
      fn: 'Test',
      ln: 'admin',
    });
    expectRefusal(await get('/admin/queues', bearer(forged)), 401, 'UNAUTHORIZED');
    expectRefusal(await get('/admin/queues', withCookie(forged)), 401, 'UNAUTHORIZED');
  });

  it('serves the dashboard page and its files to an admin with a bearer token', async () => {
    const page = await get('/admin/queues', bearer(world.admin.token));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/" />');
    expect(page.body).toContain('<title>Clinic Hub queues</title>');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const file = await get(`/admin/queues/${script}`, bearer(world.admin.token));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/javascript/);
    expect((await get('/admin/queues/queue/notifications', bearer(world.admin.token))).statusCode).toBe(200);
  });

  it('answers an unknown path under the dashboard with 404 for an admin', async () => {
    const res = await get('/admin/queues/no-such-page', bearer(world.admin.token));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('keeps the app-wide Content-Security-Policy on the dashboard', async () => {
    const page = await get('/admin/queues', bearer(world.admin.token));
    const api = await get('/api/me', bearer(world.admin.token));
    expect(page.headers['content-security-policy']).toBe(api.headers['content-security-policy']);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('the session cookie', () => {
  it('is set for an admin: HttpOnly, SameSite=Strict, scoped to /admin/queues, as long-lived as the token', async () => {
    const res = await openSession(world.admin);
    expect(res.statusCode, res.body).toBe(204);
    const cookie = sessionCookie(res);
    expect(cookie?.value).toBe(world.admin.token);
    expect(cookie?.attrs).toEqual(expect.arrayContaining(['path=/admin/queues', 'httponly', 'samesite=strict']));
    expect(cookie?.attrs).not.toContain('secure');
    const maxAge = Number(cookie?.attrs.find((a) => a.startsWith('max-age='))?.slice('max-age='.length));
    const ttl = hub.config.auth.accessTokenTtlSeconds;
    expect(maxAge).toBeGreaterThan(ttl - 60);
    expect(maxAge).toBeLessThanOrEqual(ttl);
  });

  it('is Secure when the request came over https', async () => {
    const res = await openSession(world.admin, { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(204);
    expect(sessionCookie(res)?.attrs).toContain('secure');
  });

  it('opens the page and the JSON API in place of a bearer header', async () => {
    const cookie = sessionCookie(await openSession(world.admin))!;
    const page = await get('/admin/queues', withCookie(cookie.value));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await get('/admin/queues/api/queues', withCookie(cookie.value))).statusCode).toBe(200);
  });

  it('is not a credential anywhere else: the API ignores it', async () => {
    expectRefusal(await get('/api/me', withCookie(world.admin.token)), 401, 'UNAUTHORIZED');
  });

  it('can only be opened by an admin with a bearer token', async () => {
    const anonymous = await hub.app.inject({ method: 'POST', url: SESSION });
    expectRefusal(anonymous, 401, 'UNAUTHORIZED');
    expect(sessionCookie(anonymous)).toBeNull();
    for (const actor of [world.receptionist, world.doctor, world.patient, world.display]) {
      const res = await openSession(actor);
      expectRefusal(res, 403, 'FORBIDDEN');
      expect(sessionCookie(res)).toBeNull();
    }
  });

  it('is cleared by DELETE', async () => {
    const res = await hub.app.inject({ method: 'DELETE', url: SESSION });
    expect(res.statusCode).toBe(204);
    const cookie = sessionCookie(res);
    expect(cookie?.value).toBe('');
    expect(cookie?.attrs).toEqual(expect.arrayContaining(['path=/admin/queues', 'max-age=0']));
  });

  it('stops working once the admin is deactivated, and the dead cookie is cleared', async () => {
    const other = await staff(hub, 'admin');
    const cookie = sessionCookie(await openSession(other))!;
    expect((await get('/admin/queues/api/queues', withCookie(cookie.value))).statusCode).toBe(200);

    const del = await hub.app.inject({ method: 'DELETE', url: `/api/users/${other.userId}`, headers: bearer(world.admin.token) });
    expect(del.statusCode).toBe(204);

    const page = await get('/admin/queues', withCookie(cookie.value));
    expectRefusal(page, 401, 'UNAUTHORIZED');
    expect(sessionCookie(page)?.attrs).toContain('max-age=0');
    expectRefusal(await get('/admin/queues/api/queues', withCookie(cookie.value)), 401, 'UNAUTHORIZED');
    expectRefusal(await openSession(other), 401, 'UNAUTHORIZED');
  });

  it('stops working when the access token in it has expired', async () => {
    const iat = Math.floor(Date.now() / 1000) - 3600;
    const expired = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub' })({
      sub: world.admin.userId,
      role: 'admin',
      email: world.admin.email,
      fn: 'Test',
      ln: 'admin',
      iat,
      exp: iat + 60,
    });
    expectRefusal(await get('/admin/queues', withCookie(expired)), 401, 'TOKEN_EXPIRED');
  });
});

describe('the dashboard API', () => {
  type QueueSummary = { name: string; counts: Record<string, number> };
  const listQueues = async () => {
    const res = await get('/admin/queues/api/queues', bearer(world.admin.token));
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { queues: QueueSummary[] }).queues;
  };

  it('lists the hub queues by name and counts a job added to one of them', async () => {
    const before = await listQueues();
    expect(before.map((q) => q.name).sort()).toEqual(Object.values(QUEUE_NAMES).sort());
    const waitingBefore = before.find((q) => q.name === QUEUE_NAMES.notifications)!.counts.waiting ?? 0;

    await queues.notifications.add('reminder', {
      appointmentId: 'test-appointment',
      kind: 'reminder',
      offset: 'PT2H',
      startAt: new Date().toISOString(),
    });

    const after = await listQueues();
    expect(after.find((q) => q.name === QUEUE_NAMES.notifications)!.counts.waiting).toBe(waitingBefore + 1);
    expect(after.find((q) => q.name === QUEUE_NAMES.planner)!.counts.waiting ?? 0).toBe(0);
  });

  it('lets an admin act on a queue (pause and resume)', async () => {
    const url = `/admin/queues/api/queues/${QUEUE_NAMES.maintenance}`;
    const pause = await hub.app.inject({ method: 'PUT', url: `${url}/pause`, headers: bearer(world.admin.token) });
    expect(pause.statusCode, pause.body).toBe(200);
    expect(await queues.maintenance.isPaused()).toBe(true);
    const resume = await hub.app.inject({ method: 'PUT', url: `${url}/resume`, headers: bearer(world.admin.token) });
    expect(resume.statusCode, resume.body).toBe(200);
    expect(await queues.maintenance.isPaused()).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  it('documents the session routes and leaves the dashboard out', async () => {
    const doc = (await get('/docs/json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const session = doc.paths[SESSION];
    expect(session?.post?.tags).toEqual(['queues']);
    expect(session?.delete?.tags).toEqual(['queues']);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/admin/'))).toEqual([]);
  });
});
