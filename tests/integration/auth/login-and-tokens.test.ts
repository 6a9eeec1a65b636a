// Login, refresh rotation with reuse detection, logout, /api/me, expiry and login rate limits,
// on a real MariaDB and Redis through the HTTP API.
import { eq } from 'drizzle-orm';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, users } from '../../../db/schema/index.js';
import { bearer, createLocation, doctor, PASSWORD, patient, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  // The slowdown's first wait is long, so a test that reaches it is inside it whatever the machine's load.
  hub = await startTestHub({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000', LOGIN_DELAY_BASE_MS: '30000' });
});
afterAll(() => hub.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  hub.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('login', () => {
  it('returns tokens and the user, and /api/me answers with the caller', async () => {
    const admin = await staff(hub, 'admin');
    const res = await post('/api/auth/login', { email: admin.email, password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: admin.userId, email: admin.email, role: 'admin' });
    expect(body.refreshToken).toMatch(/^rt_/);
    const me = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(body.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.userId, role: 'admin', patientId: null, doctorId: null });
    const [row] = await hub.app.db.select().from(users).where(eq(users.id, admin.userId!));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('is case-insensitive on the email', async () => {
    const admin = await staff(hub, 'receptionist');
    const res = await post('/api/auth/login', { email: admin.email!.toUpperCase(), password: PASSWORD });
    expect(res.statusCode).toBe(200);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const admin = await staff(hub, 'admin');
    const unknown = await post('/api/auth/login', { email: 'nobody@test.example', password: PASSWORD });
    const wrong = await post('/api/auth/login', { email: admin.email, password: 'wrong password here' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json().code).toBe('UNAUTHORIZED');
  });

  it('links a doctor and a patient login to their records', async () => {
    const location = await createLocation(hub);
    const doc = await doctor(hub, location.id);
    const pat = await patient(hub);
    const docMe = (await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(doc.token) })).json();
    const patMe = (await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(pat.token) })).json();
    expect(docMe).toMatchObject({ role: 'doctor', doctorId: doc.doctorId, patientId: null });
    expect(patMe).toMatchObject({ role: 'patient', patientId: pat.patientId, doctorId: null });
  });

  it('refuses a deactivated login, with the same 401', async () => {
    const admin = await staff(hub, 'admin');
    const other = await staff(hub, 'receptionist');
    const del = await hub.app.inject({ method: 'DELETE', url: `/api/users/${other.userId}`, headers: bearer(admin.token) });
    expect(del.statusCode).toBe(204);
    const res = await post('/api/auth/login', { email: other.email, password: PASSWORD });
    expect(res.statusCode).toBe(401);
    // Its sessions ended too: the refresh token no longer works.
    const refresh = await post('/api/auth/refresh', { refreshToken: other.refreshToken });
    expect(refresh.statusCode).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works, the old refresh token is spent', async () => {
    const user = await staff(hub, 'receptionist');
    const first = await post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const pair = first.json();
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    const me = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(pair.accessToken) });
    expect(me.statusCode).toBe(200);
    const second = await post('/api/auth/refresh', { refreshToken: pair.refreshToken });
    expect(second.statusCode).toBe(200);
  });

  it('reuse of a spent token revokes the whole family', async () => {
    const user = await staff(hub, 'receptionist');
    const rotated = (await post('/api/auth/refresh', { refreshToken: user.refreshToken })).json();
    // An attacker replays the old token: refused, and the family is revoked ...
    const replay = await post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(replay.statusCode).toBe(401);
    // ... so the legitimate holder's current token stops working as well.
    const legit = await post('/api/auth/refresh', { refreshToken: rotated.refreshToken });
    expect(legit.statusCode).toBe(401);
    const rows = await hub.app.db.select().from(refreshTokens).where(eq(refreshTokens.userId, user.userId!));
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('only one of two concurrent refreshes with the same token succeeds', async () => {
    const user = await staff(hub, 'receptionist');
    const results = await Promise.all([1, 2].map(() => post('/api/auth/refresh', { refreshToken: user.refreshToken })));
    expect(results.filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(1);
    expect(results.some((r) => r.statusCode === 401)).toBe(true);
  });

  it('another login session of the same user is not affected by a family revocation', async () => {
    const user = await staff(hub, 'receptionist');
    const second = (await post('/api/auth/login', { email: user.email, password: PASSWORD })).json();
    await post('/api/auth/refresh', { refreshToken: user.refreshToken });
    await post('/api/auth/refresh', { refreshToken: user.refreshToken }); // reuse → family 1 revoked
    const other = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(other.statusCode).toBe(200);
  });

  it('logout revokes the session; logout is idempotent', async () => {
    const user = await staff(hub, 'admin');
    const out = await post('/api/auth/logout', { refreshToken: user.refreshToken });
    expect(out.statusCode).toBe(204);
    expect((await post('/api/auth/logout', { refreshToken: user.refreshToken })).statusCode).toBe(204);
    expect((await post('/api/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
  });

  it('an unknown refresh token is a 401', async () => {
    const res = await post('/api/auth/refresh', { refreshToken: 'rt_not-a-real-token' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});

describe('access tokens', () => {
  it('an expired access token gets 401 TOKEN_EXPIRED', async () => {
    const user = await staff(hub, 'admin');
    // Signed with the hub's own key, issued two hours ago, valid for one minute.
    const sign = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub', expiresIn: 60_000, clockTimestamp: Date.now() - 7_200_000 });
    const token = sign({ sub: user.userId, role: 'admin', email: user.email, fn: 'T', ln: 'A' });
    const res = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('a token signed with another key, a malformed header or no header get 401', async () => {
    const forged = createSigner({ key: 'x'.repeat(40), iss: 'clinic-hub', expiresIn: 60_000 })({ sub: 'A', role: 'admin' });
    for (const headers of [bearer(forged), { authorization: 'Basic abc' }, { authorization: 'Bearer ' }, {}]) {
      const res = await hub.app.inject({ method: 'GET', url: '/api/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
  });

  it('a token with alg "none" is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'A', role: 'admin', iss: 'clinic-hub' })).toString('base64url');
    const res = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(`${header}.${payload}.`) });
    expect(res.statusCode).toBe(401);
  });
});

describe('login rate limits', () => {
  // Known devices and the end of the wait: login-slowdown.test.ts.
  it('slows an account after repeated failures: an unknown device waits even with the right password, with Retry-After', async () => {
    const user = await staff(hub, 'receptionist');
    for (let i = 0; i < 3; i++) {
      expect((await post('/api/auth/login', { email: user.email, password: 'wrong password!' })).statusCode).toBe(401);
    }
    const blocked = await post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(30);
    // Another account from the same IP is unaffected.
    const other = await staff(hub, 'receptionist');
    expect((await post('/api/auth/login', { email: other.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('a success resets the failure count', async () => {
    const user = await staff(hub, 'receptionist');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) await post('/api/auth/login', { email: user.email, password: 'wrong password!' });
      expect((await post('/api/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(200);
    }
  });
});

describe('login rate limit per IP', () => {
  let strict: TestHub;
  beforeAll(async () => {
    strict = await startTestHub({ LOGIN_MAX_ATTEMPTS_PER_IP: '5', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => strict.close());

  it('throttles one IP across many accounts, and not another IP', async () => {
    const attempt = (ip: string, n: number) =>
      strict.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `user${n}@test.example`, password: 'whatever pass' },
        headers: { 'x-forwarded-for': ip },
      });
    const codes: number[] = [];
    for (let n = 0; n < 7; n++) codes.push((await attempt('203.0.113.7', n)).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect((await attempt('203.0.113.8', 99)).statusCode).toBe(401);
  });
});
