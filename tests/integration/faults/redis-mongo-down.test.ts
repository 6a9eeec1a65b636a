// Redis or MongoDB unreachable for a node (nothing listens at its address): a request that needs
// it answers 503 STORE_UNAVAILABLE naming the store, with Retry-After, within the 5 s bound
// (never a 500, never a hang), and the node says which store is down at /health/ready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { bearer, PASSWORD, staff } from '../../support/factories.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

/** A request that has not answered within this bound is a hang, and fails the test. */
const HANG_MS = 5_000;

let hub: TestHub;
let admin: Awaited<ReturnType<typeof staff>>;

beforeAll(async () => {
  // One JWT secret for the hub and the nodes below, so the admin's token is good on all of them.
  hub = await startTestHub({ JWT_SECRET: 'faults-test-secret-faults-test-secret' });
  admin = await staff(hub, 'admin');
}, 180_000);
afterAll(() => hub?.close());

/** A node of the same hub whose `store` URL points where nothing listens. */
async function nodeWithout(overrides: Record<string, string>): Promise<{ app: App; base: string }> {
  const app = await buildApp(loadConfig({ ...hub.env, ...overrides }));
  return { app, base: await listenOnLoopback(app) };
}

describe('a store that cannot be reached', () => {
  it('Redis: a login (its limiter is in Redis) answers 503 STORE_UNAVAILABLE (redis) with Retry-After', async () => {
    const { app, base } = await nodeWithout({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: PASSWORD }),
        signal: AbortSignal.timeout(HANG_MS),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { store: 'redis' } });
      const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(HANG_MS) });
      expect(await ready.json()).toMatchObject({ checks: { redis: 'down', mysql: 'ok' } });
    } finally {
      await app.close();
    }
  });

  it('MongoDB: reading the system logs answers 503 STORE_UNAVAILABLE (mongo) with Retry-After', async () => {
    const { app, base } = await nodeWithout({ MONGO_URL: 'mongodb://127.0.0.1:1/faults?directConnection=true' });
    try {
      const res = await fetch(`${base}/api/system-logs`, { headers: bearer(admin.token), signal: AbortSignal.timeout(HANG_MS) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { store: 'mongo' } });
      const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(HANG_MS) });
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { mongo: 'down', mysql: 'ok', redis: 'ok' } });
    } finally {
      await app.close();
    }
  });
});
