// Every route that changes something declares how the audit log reads its "before" and which of
// its fields may be kept with their values (route config, server/modules/audit/rules.ts): a new
// POST, PUT, PATCH or DELETE without a declaration fails here instead of silently recording
// nothing, and no route may list a field that holds clinical text or a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEVER_KEPT } from '../../../server/modules/audit/rules.js';
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
    const undeclared = routes
      .filter((r) => !r.rule || !('before' in r.rule) || !Array.isArray(r.rule.fields))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('no route keeps the values of clinical text or secrets', () => {
    const never = new Set<string>(NEVER_KEPT);
    const offending = hub.app.auditedRoutes.flatMap((r) =>
      (r.rule?.fields ?? []).filter((f) => f.split('.').some((part) => never.has(part))).map((f) => `${r.method} ${r.url}: ${f}`),
    );
    expect(offending).toEqual([]);
    // The list itself covers what the issue names: notes, messages, reasons, passwords and tokens.
    for (const name of ['soap', 'body', 'reason', 'password', 'token', 'accessToken', 'refreshToken'])
      expect(never.has(name), name).toBe(true);
  });

  it('changes to existing records read their state before; creations declare there is none', () => {
    const rule = (method: string, url: string) => hub.app.auditedRoutes.find((r) => r.method === method && r.url === url)?.rule;
    expect(rule('POST', '/api/appointments/:id/cancel')?.before).toBeTypeOf('function');
    expect(rule('PUT', '/api/notes/:id')?.before).toBeTypeOf('function');
    expect(rule('PATCH', '/api/locations/:id')?.before).toBeTypeOf('function');
    expect(rule('POST', '/api/appointments')?.before).toBeNull();
  });
});
