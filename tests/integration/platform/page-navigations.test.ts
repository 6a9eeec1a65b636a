// A browser that opens an address nobody serves gets the web client's page with the real status:
// 404 for an unknown path (the page says "Page not found"), 401 at the queue dashboard without a
// session (the page leads to sign-in, then opens the dashboard). Only page navigations are answered
// so (GET with Accept: text/html, outside /api, /socket.io, /health and /docs): API calls, scripts
// and everything else keep the contract's JSON errors. The favicon is served.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

/** What Chromium sends when a person opens an address. */
const NAVIGATION = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8' };

let hub: TestHub;
let somePatient: Actor;

beforeAll(async () => {
  expect(existsSync('dist/client/index.html'), 'build the client first: npm run build:client').toBe(true);
  hub = await startTestHub();
  somePatient = await patient(hub);
});
afterAll(async () => {
  await hub?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });

function expectClientPage(res: Awaited<ReturnType<typeof get>>, status: number, what: string) {
  expect(res.statusCode, what).toBe(status);
  expect(res.headers['content-type'], what).toMatch(/^text\/html/);
  expect(res.body, what).toContain('<div id="root"></div>');
  // An error page is about this one address: never cached as the client's public files are.
  expect(res.headers['cache-control'], what).toBe('no-store');
}

function expectJsonError(res: Awaited<ReturnType<typeof get>>, status: number, code: string, what: string) {
  expect(res.statusCode, what).toBe(status);
  expect(res.headers['content-type'], what).toMatch(/^application\/json/);
  expect(res.json(), what).toMatchObject({ statusCode: status, code });
}

describe('page navigations to addresses nobody serves', () => {
  it('get the client’s page with 404', async () => {
    for (const path of ['/admin/nothing-here', '/admin/nothing-here/', '/nothing-here', '/reception/extra', '/patient/visits?x=1']) {
      expectClientPage(await get(path, NAVIGATION), 404, path);
    }
  });

  it('keep JSON for API calls and everything that is not a page navigation', async () => {
    expectJsonError(await get('/api/nothing-here', NAVIGATION), 404, 'NOT_FOUND', '/api, even asked for HTML');
    expectJsonError(await get('/health/nothing', NAVIGATION), 404, 'NOT_FOUND', '/health');
    expectJsonError(await get('/docs/nothing', NAVIGATION), 404, 'NOT_FOUND', '/docs');
    expectJsonError(await get('/admin/nothing-here'), 404, 'NOT_FOUND', 'no Accept');
    expectJsonError(await get('/admin/nothing-here', { accept: 'application/json' }), 404, 'NOT_FOUND', 'Accept: JSON');
    expectJsonError(await get('/assets/missing.js', { accept: '*/*' }), 404, 'NOT_FOUND', 'a missing script');
    const post = await hub.app.inject({
      method: 'POST',
      url: '/admin/nothing-here',
      headers: { ...NAVIGATION, 'content-type': 'application/json' },
      payload: '{}',
    });
    expectJsonError(post, 404, 'NOT_FOUND', 'a POST');
  });
});

describe('the queue dashboard without a session', () => {
  it('answers a page navigation with the client’s page and 401, at the dashboard and under it', async () => {
    expectClientPage(await get('/admin/queues', NAVIGATION), 401, '/admin/queues');
    expectClientPage(await get('/admin/queues/queue/planner', NAVIGATION), 401, 'a queue’s page');
    // A cookie that no longer works: the page too, and the cookie is cleared.
    const stale = await get('/admin/queues', { ...NAVIGATION, cookie: 'clinic_queues_session=not-a-token' });
    expectClientPage(stale, 401, 'a stale cookie');
    expect(String(stale.headers['set-cookie'])).toMatch(/clinic_queues_session=;/);
  });

  it('answers another role’s navigation with the page and 403; API calls keep JSON', async () => {
    expectClientPage(await get('/admin/queues', { ...NAVIGATION, cookie: `clinic_queues_session=${somePatient.token}` }), 403, 'a patient');
    expectJsonError(await get('/admin/queues/api/queues'), 401, 'UNAUTHORIZED', 'the dashboard API');
    expectJsonError(await get('/admin/queues/api/queues', { accept: 'application/json' }), 401, 'UNAUTHORIZED', 'Accept: JSON');
    expectJsonError(await get('/admin/queues', bearer(somePatient.token)), 403, 'FORBIDDEN', 'a bearer call');
  });
});

describe('the favicon', () => {
  it('answers /favicon.ico and the SVG icon the page links with images', async () => {
    const ico = await get('/favicon.ico');
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toMatch(/^image\//);
    expect(ico.rawPayload.readUInt16LE(2), 'an icon resource (type 1)').toBe(1);
    const svg = await get('/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((await get('/login', NAVIGATION)).body).toContain('<link rel="icon" href="/favicon.svg"');
  });
});
