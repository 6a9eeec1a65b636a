// Every route that changes something declares how the audit log reads its "before" (route config,
// server/modules/audit/rules.ts): a new POST, PUT, PATCH or DELETE without a declaration fails here
// instead of silently recording nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

describe('audit rules on routes', () => {
  it('every mutating route declares its audit "before" rule', () => {
    const routes = hub.app.auditedRoutes;
    // The list covers the whole API (a guard against the list itself going empty).
    expect(routes.length).toBeGreaterThan(30);
    for (const url of ['/api/appointments', '/api/notes/:id', '/api/threads/:id/messages/:messageId', '/api/auth/login'])
      expect(routes.map((r) => r.url)).toContain(url);
    const undeclared = routes.filter((r) => !r.rule || !('before' in r.rule)).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('changes to existing records read their state before; creations declare there is none', () => {
    const rule = (method: string, url: string) => hub.app.auditedRoutes.find((r) => r.method === method && r.url === url)?.rule;
    expect(rule('POST', '/api/appointments/:id/cancel')?.before).toBeTypeOf('function');
    expect(rule('PUT', '/api/notes/:id')?.before).toBeTypeOf('function');
    expect(rule('PATCH', '/api/locations/:id')?.before).toBeTypeOf('function');
    expect(rule('POST', '/api/appointments')?.before).toBeNull();
  });
});
