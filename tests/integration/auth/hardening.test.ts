// The sharp edges of authentication: races on refresh and login, deactivation that takes effect
// at once on every node, tokens missing claims, and public routes that ignore stale tokens.
import { eq } from 'drizzle-orm';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, specialties } from '../../../db/schema/index.js';
import { buildApp } from '../../../server/app.js';
import { bearer, createLocation, PASSWORD, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  // A first slowdown wait far longer than any burst below, so a burst on a busy machine stays inside it.
  hub = await startTestHub({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_DELAY_BASE_MS: '30000' });
});
afterAll(() => hub.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  hub.app.inject({ method: 'POST', url, payload, headers });

describe('refresh races', () => {
  it('two concurrent refreshes of one token leave no working token in the family', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const user = await staff(hub, 'receptionist');
      const [a, b] = await Promise.all([
        post('/api/auth/refresh', { refreshToken: user.refreshToken }),
        post('/api/auth/refresh', { refreshToken: user.refreshToken }),
      ]);
      const winners = [a, b].filter((r) => r.statusCode === 200);
      expect(winners.length).toBeLessThanOrEqual(1);
      for (const w of winners) {
        const again = await post('/api/auth/refresh', { refreshToken: w.json().refreshToken });
        const rows = await hub.app.db.select().from(refreshTokens).where(eq(refreshTokens.userId, user.userId!));
        const states = rows.map((r) => `${r.usedAt ? 'U' : '-'}${r.revokedAt ? 'R' : '-'}`).join(' ');
        expect(again.statusCode, `trial ${trial}: ${a.statusCode} ${b.statusCode} ${states}`).toBe(401);
      }
    }
  });
});

describe('login races', () => {
  it('thirty concurrent wrong passwords get the account’s free failures as 401s, the rest 429 (slowed)', async () => {
    const user = await staff(hub, 'receptionist');
    const results = await Promise.all(
      Array.from({ length: 30 }, () => post('/api/auth/login', { email: user.email!, password: 'wrong password!' })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(3);
    expect(codes.filter((c) => c === 429).length).toBe(27);
  });
});

describe('deactivation', () => {
  it('stops the access token at once, on this node and on another node of the same hub', async () => {
    const admin = await staff(hub, 'admin');
    const victim = await staff(hub, 'receptionist');
    const otherNode = await buildApp(hub.config);
    await otherNode.ready();
    try {
      const read = (app: typeof hub.app) => app.inject({ method: 'GET', url: '/api/patients', headers: bearer(victim.token) });
      expect((await read(hub.app)).statusCode).toBe(200);
      expect((await read(otherNode)).statusCode).toBe(200);
      const del = await hub.app.inject({ method: 'DELETE', url: `/api/users/${victim.userId}`, headers: bearer(admin.token) });
      expect(del.statusCode).toBe(204);
      expect((await read(hub.app)).statusCode).toBe(401);
      // The other node hears of it through Redis; wait for the message rather than sleeping.
      for (let i = 0; i < 100 && (await read(otherNode)).statusCode !== 401; i++) await new Promise((r) => setImmediate(r));
      expect((await read(otherNode)).statusCode).toBe(401);
      // A node started after the deactivation loads it from Redis.
      const lateNode = await buildApp(hub.config);
      await lateNode.ready();
      expect((await read(lateNode)).statusCode).toBe(401);
      await lateNode.close();
    } finally {
      await otherNode.close();
    }
  });

  it('frees the email for a new login', async () => {
    const admin = await staff(hub, 'admin');
    const body = { email: 'reused@test.example', password: PASSWORD, role: 'receptionist', firstName: 'Re', lastName: 'Used' };
    const first = await hub.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin.token), payload: body });
    expect(first.statusCode).toBe(201);
    expect((await hub.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin.token), payload: body })).statusCode).toBe(409);
    await hub.app.inject({ method: 'DELETE', url: `/api/users/${first.json().id}`, headers: bearer(admin.token) });
    const second = await hub.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin.token), payload: body });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).not.toBe(first.json().id);
  });
});

describe('tokens', () => {
  it('a token without an issuer or expiry is refused', async () => {
    const noIss = createSigner({ key: hub.config.jwtSecret, expiresIn: 60_000 })({ sub: '01JAAAAAAAAAAAAAAAAAAAAAAA', role: 'admin' });
    const noExp = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub' })({ sub: '01JAAAAAAAAAAAAAAAAAAAAAAA', role: 'admin' });
    for (const token of [noIss, noExp]) {
      expect((await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
    }
  });

  it('public routes ignore a stale Authorization header: refresh works with an expired access token', async () => {
    const user = await staff(hub, 'receptionist');
    const expired = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub', expiresIn: 1000, clockTimestamp: Date.now() - 60_000 })({
      sub: user.userId,
      role: 'receptionist',
    });
    const res = await post('/api/auth/refresh', { refreshToken: user.refreshToken! }, bearer(expired));
    expect(res.statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/health/live', headers: { authorization: 'Basic abc' } })).statusCode).toBe(200);
  });

  it('refuses the caller before validating the body: 401 for a bad body without a token', async () => {
    const res = await post('/api/users', { nonsense: true });
    expect(res.statusCode).toBe(401);
  });
});

describe('doctors with a new specialty at once', () => {
  it('all succeed and share one specialty row', async () => {
    const admin = await staff(hub, 'admin');
    const location = await createLocation(hub);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(
          '/api/doctors',
          {
            firstName: 'Par',
            lastName: `Allel${i}`,
            email: `parallel${i}@test.example`,
            specialization: 'Sleep Medicine',
            licenseNumber: `SLP-${i}`,
            locationId: location.id,
            room: String(i),
            consultationMinutes: 30,
          },
          bearer(admin.token),
        ),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const rows = await hub.app.db.select().from(specialties).where(eq(specialties.name, 'Sleep Medicine'));
    expect(rows).toHaveLength(1);
  });

  it('tells emoji specialties apart', async () => {
    const admin = await staff(hub, 'admin');
    const location = await createLocation(hub);
    const make = (specialization: string, n: number) =>
      post(
        '/api/doctors',
        {
          firstName: 'E',
          lastName: 'Moji',
          email: `emoji${n}@test.example`,
          specialization,
          licenseNumber: `EMO-${n}`,
          locationId: location.id,
          room: '1',
          consultationMinutes: 15,
        },
        bearer(admin.token),
      );
    expect((await make('🩺🩺', 1)).json().specialization).toBe('🩺🩺');
    expect((await make('😀😀', 2)).json().specialization).toBe('😀😀');
  });
});
