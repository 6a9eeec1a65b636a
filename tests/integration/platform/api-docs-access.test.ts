// API_DOCS: who may read the OpenAPI document under /docs. public (outside production by default):
// anyone; admin (production's default): /docs/json and /docs/yaml want an admin's bearer token, while
// the Swagger UI page and its files (nothing of the API) stay public and ask for the token when they
// load the document (tests/browser/api-docs.test.ts); off: nothing under /docs is served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { type Actor, bearer, patient, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const DOCUMENT = ['/docs/json', '/docs/yaml'];
const PAGE = ['/docs', '/docs/static/index.html', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js'];
const PATHS = [...DOCUMENT, ...PAGE];

let hub: TestHub;
let adminOnly: App;
let off: App;
let admin: Actor;
let receptionist: Actor;
let somePatient: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  // Two more apps on the same stores and secret, with the other settings.
  [adminOnly, off] = await Promise.all([buildApp({ ...hub.config, apiDocs: 'admin' }), buildApp({ ...hub.config, apiDocs: 'off' })]);
  [admin, receptionist, somePatient] = await Promise.all([staff(hub, 'admin'), staff(hub, 'receptionist'), patient(hub)]);
});
afterAll(async () => {
  await adminOnly?.close();
  await off?.close();
  await hub?.close();
});

const get = (app: App, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('API_DOCS', () => {
  it('public: anyone reads the document and the UI', async () => {
    expect(hub.config.apiDocs).toBe('public');
    for (const path of PATHS) expect((await get(hub.app, path)).statusCode, path).toBeLessThan(400);
  });

  it('admin: the document wants an admin bearer token (401 without, 403 for other roles)', async () => {
    for (const path of DOCUMENT) {
      const anonymous = await get(adminOnly, path);
      expect(anonymous.statusCode, path).toBe(401);
      expect(anonymous.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      for (const actor of [receptionist, somePatient]) {
        const refused = await get(adminOnly, path, bearer(actor.token));
        expect(refused.statusCode, `${path} as ${actor.role}`).toBe(403);
        expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect((await get(adminOnly, path, bearer(admin.token))).statusCode, path).toBe(200);
    }
    const doc = (await get(adminOnly, '/docs/json', bearer(admin.token))).json();
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
  });

  it('admin: the UI page and its files stay public, and the page asks for a token to load the document', async () => {
    for (const path of PAGE) expect((await get(adminOnly, path)).statusCode, path).toBeLessThan(400);
    const script = (await get(adminOnly, '/docs/static/swagger-initializer.js')).body;
    expect(script).toContain('window.prompt(');
    expect(script).toContain('sessionStorage');
    expect((await get(hub.app, '/docs/static/swagger-initializer.js')).body).not.toContain('window.prompt(');
  });

  it('off: nothing under /docs is served', async () => {
    for (const path of PATHS) {
      const res = await get(off, path, bearer(admin.token));
      expect(res.statusCode, path).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
