// The service around the routes: health checks, OpenAPI docs, security headers, CORS,
// request ids, the error contract for crashes, and logs free of secrets and patient data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { bearer, PASSWORD, staff } from '../../support/factories.js';
import { logCapture } from '../../support/log-capture.js';
import { isolatedEnv, startTestHub, type TestHub } from '../../support/test-hub.js';

const logs = logCapture();

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ LOG_LEVEL: 'info', CORS_ORIGINS: 'https://desk.clinic.example' }, { logStream: logs.stream });
});
afterAll(() => hub.close());

describe('health', () => {
  it('live and ready answer 200 when every store is up', async () => {
    expect((await hub.app.inject('/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await hub.app.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { mysql: 'ok', mongo: 'ok', redis: 'ok' } });
  });

  it('ready answers 503 and names the store that is down', async () => {
    // Nothing listens on port 1: Redis is "down" for this app, the other stores are fine.
    const app = await buildApp(loadConfig({ ...hub.env, REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      const ready = await app.inject('/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { mysql: 'ok', mongo: 'ok', redis: 'down' } });
      expect((await app.inject('/health/live')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('OpenAPI docs', () => {
  it('serves the document at /docs/json with every route of the contract', async () => {
    const res = await hub.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/me',
      '/api/locations',
      '/api/users',
      '/api/doctors',
      '/api/doctors/{id}/schedule',
      '/api/doctors/{id}/unavailability',
      '/api/displays',
      '/api/patients',
      '/api/patients/{id}',
      '/api/locations/{id}/board',
      '/health/ready',
    ]) {
      expect(paths).toContain(path);
    }
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await hub.app.inject('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('HTTP hygiene', () => {
  it('sets security headers and a request id', async () => {
    const res = await hub.app.inject('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // Screens on a clinic LAN reach the hub over plain HTTP: nothing may force https.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect((await hub.app.inject('/docs')).headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await hub.app.inject({ url: '/health/live', headers: { 'x-request-id': 'lb-1234' } });
    expect(echoed.headers['x-request-id']).toBe('lb-1234');
  });

  it('allows CORS only for configured origins', async () => {
    const preflight = (origin: string) =>
      hub.app.inject({
        method: 'OPTIONS',
        url: '/api/me',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://desk.clinic.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.clinic.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a crash becomes a bare 500 with the contract shape and no stack or internals', async () => {
    const app = await buildApp(loadConfig(isolatedEnv()));
    app.get('/boom', async () => {
      throw new Error("Duplicate entry 'secret@patient.example' at /srv/app/server/x.ts:12");
    });
    try {
      const res = await app.inject('/boom');
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Something went wrong on our side; it has been logged',
        code: 'INTERNAL',
      });
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  it('carry request ids but no passwords, tokens, names, emails or search terms', async () => {
    const admin = await staff(hub, 'admin');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer(admin.token),
      payload: {
        firstName: 'Zebulon',
        lastName: 'Quixote',
        dateOfBirth: '1960-06-06',
        phone: '+1 212 555 0177',
        email: 'zebulon.q@test.example',
      },
    });
    expect(created.statusCode).toBe(201);
    await hub.app.inject({ method: 'GET', url: '/api/patients?query=Quixote', headers: bearer(admin.token) });
    await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: PASSWORD } });
    await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'zebulon.q@test.example', password: 'guess-guess' } });
    const text = logs.text();
    expect(text).toContain('"reqId"');
    expect(text).toContain('/api/patients');
    for (const secret of ['Zebulon', 'Quixote', 'zebulon.q@test.example', PASSWORD, 'guess-guess', admin.token, admin.email!]) {
      expect(text).not.toContain(secret);
    }
  });
});
