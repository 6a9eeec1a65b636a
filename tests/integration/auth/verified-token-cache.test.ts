// The verified-token cache (server/modules/auth/verified-tokens.ts) skips the signature check of a
// token this node has already verified, and nothing else: a token is refused on a cache hit as it
// is on first sight when its session has ended, its login has been deactivated, it has expired
// since it was cached, or its claims were altered under a cached signature.
import { createSigner } from 'fast-jwt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const me = (token: string) => hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });

/** Counts full verifications (the cache's misses) from now on. */
const verifications = () => vi.spyOn(hub.app.jwt, 'verify');

describe('a cached access token', () => {
  it('is verified once, then answered from the cache', async () => {
    const user = await staff(hub, 'receptionist');
    const verify = verifications();
    for (let i = 0; i < 3; i++) expect((await me(user.token)).statusCode).toBe(200);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('is refused once its session ends (logout after first use)', async () => {
    const user = await staff(hub, 'receptionist');
    expect((await me(user.token)).statusCode).toBe(200);
    const verify = verifications();
    const out = await hub.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: user.refreshToken } });
    expect(out.statusCode).toBe(204);
    const res = await me(user.token);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('session has ended');
    expect(verify).not.toHaveBeenCalled(); // refused on the cache hit, not by a new verification
  });

  it('is refused once its login is deactivated', async () => {
    const admin = await staff(hub, 'admin');
    const user = await staff(hub, 'receptionist');
    expect((await me(user.token)).statusCode).toBe(200);
    const del = await hub.app.inject({ method: 'DELETE', url: `/api/users/${user.userId}`, headers: bearer(admin.token) });
    expect(del.statusCode).toBe(204);
    const verify = verifications();
    const res = await me(user.token);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('deactivated');
    expect(verify).not.toHaveBeenCalled();
  });

  it('is refused with TOKEN_EXPIRED once it has expired while cached', async () => {
    const user = await staff(hub, 'admin');
    const issuedAt = Date.now();
    const sign = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub', expiresIn: 60_000, clockTimestamp: issuedAt });
    const token = sign({ sub: user.userId, role: 'admin', email: user.email, fn: 'T', ln: 'A' });
    expect((await me(token)).statusCode).toBe(200);
    expect((await me(token)).statusCode).toBe(200); // a hit
    vi.useFakeTimers({ toFake: ['Date'], now: issuedAt + 61_000 });
    const res = await me(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('does not lend its signature to altered claims', async () => {
    const user = await staff(hub, 'receptionist');
    expect((await me(user.token)).statusCode).toBe(200);
    const [header, payload, signature] = user.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const res = await hub.app.inject({ method: 'GET', url: '/api/users', headers: bearer(`${header}.${promoted}.${signature}`) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
    // The genuine token still works, with its own role.
    expect((await me(user.token)).json().role).toBe('receptionist');
  });

  it('is refused when signed with another key, though its claims match a cached token', async () => {
    const user = await staff(hub, 'admin');
    expect((await me(user.token)).statusCode).toBe(200);
    const [header, payload] = user.token.split('.') as [string, string];
    const other = createSigner({ key: 'x'.repeat(40), iss: 'clinic-hub', expiresIn: 60_000 })(
      JSON.parse(Buffer.from(payload, 'base64url').toString()),
    );
    const forged = `${header}.${payload}.${other.split('.')[2]}`;
    const res = await me(forged);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });
});
