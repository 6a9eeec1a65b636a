// The queue dashboard's cookie against cross-site requests: a change it carries (PUT, POST, PATCH,
// DELETE under /admin/queues) must come from the dashboard's own page, as browsers tell by
// Sec-Fetch-Site: same-origin or by an Origin the hub trusts (PUBLIC_URL's, CORS_ORIGINS); reads and
// bearer-authenticated calls need neither. And the cookie is Secure when PUBLIC_URL is https, even
// behind a TLS-terminating proxy the hub was not told to trust.
import type { LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubQueues, openQueues, QUEUE_NAMES } from '../../../server/jobs/queues.js';
import { fromOwnPage } from '../../../server/modules/admin-queues/session.js';
import { type Actor, bearer, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const COOKIE = 'clinic_queues_session';
const HUB = 'https://clinic.example';
const DESK = 'https://desk.clinic.example';

let hub: TestHub;
let admin: Actor;
let connection: Redis;
let queues: HubQueues;

beforeAll(async () => {
  hub = await startTestHub({ PUBLIC_URL: `${HUB}/`, CORS_ORIGINS: DESK });
  admin = await staff(hub, 'admin');
  connection = new Redis(hub.config.redisUrl, { maxRetriesPerRequest: null });
  queues = openQueues(connection, hub.config.redisPrefix);
});
afterAll(async () => {
  await queues?.close();
  await connection?.quit();
  await hub?.close();
});

const PAUSE = `/admin/queues/api/queues/${QUEUE_NAMES.maintenance}/pause`;
const RESUME = `/admin/queues/api/queues/${QUEUE_NAMES.maintenance}/resume`;
const withCookie = (headers: Record<string, string> = {}) => ({ cookie: `${COOKIE}=${admin.token}`, ...headers });
const put = (url: string, headers: Record<string, string>) => hub.app.inject({ method: 'PUT', url, headers });

function expectForbidden(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
  expect(res.json(), what).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
}

describe('a change carried by the dashboard cookie', () => {
  it('is refused without proof that it comes from the dashboard page, and changes nothing', async () => {
    const cases: [string, Record<string, string>][] = [
      ['no Origin, no Sec-Fetch-Site', {}],
      ['another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
      ['another host of the same site', { origin: 'https://staff.clinic.example', 'sec-fetch-site': 'same-site' }],
      ['an old browser on another site', { origin: 'https://evil.example' }],
      ['an opaque origin', { origin: 'null' }],
      ['the hub with another scheme', { origin: 'http://clinic.example' }],
      ['a page the user opened by hand', { 'sec-fetch-site': 'none' }],
    ];
    for (const [what, headers] of cases) expectForbidden(await put(PAUSE, withCookie(headers)), what);
    for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
      const res = await hub.app.inject({
        method,
        url: `/admin/queues/api/queues/${QUEUE_NAMES.maintenance}/clean/failed`,
        headers: withCookie(),
      });
      expectForbidden(res, method);
    }
    expect(await queues.maintenance.isPaused()).toBe(false);
  });

  it('goes through from the dashboard page: Sec-Fetch-Site same-origin, or a trusted Origin', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'same-origin', origin: HUB },
      { 'sec-fetch-site': 'same-origin' },
      { origin: HUB },
      { origin: DESK },
    ]) {
      const pause = await put(PAUSE, withCookie(headers));
      expect(pause.statusCode, pause.body).toBe(200);
      expect(await queues.maintenance.isPaused()).toBe(true);
      expect((await put(RESUME, withCookie(headers))).statusCode).toBe(200);
      expect(await queues.maintenance.isPaused()).toBe(false);
    }
  });

  it('leaves reads and bearer-authenticated changes alone', async () => {
    const read = await hub.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: withCookie() });
    expect(read.statusCode).toBe(200);
    const pause = await put(PAUSE, { ...bearer(admin.token), origin: 'https://evil.example' });
    expect(pause.statusCode).toBe(200);
    expect((await put(RESUME, bearer(admin.token))).statusCode).toBe(200);
    expect(await queues.maintenance.isPaused()).toBe(false);
  });

  it('trusts no Origin because of CORS_ORIGINS=*', () => {
    expect(fromOwnPage({ origin: 'https://evil.example' }, [HUB, '*'])).toBe(false);
    expect(fromOwnPage({ origin: '*' }, [HUB, '*'])).toBe(false);
    expect(fromOwnPage({ origin: HUB }, [HUB, '*'])).toBe(true);
  });
});

describe('the cookie', () => {
  it('is Secure when PUBLIC_URL is https, even when the request reached the hub over http', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/api/admin/queues/session', headers: bearer(admin.token) });
    expect(res.statusCode).toBe(204);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
    expect(
      cookie
        ?.toLowerCase()
        .split(';')
        .map((a) => a.trim()),
    ).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict']));
    const cleared = await hub.app.inject({ method: 'DELETE', url: '/api/admin/queues/session' });
    expect(String(cleared.headers['set-cookie']).toLowerCase()).toContain('secure');
  });
});
