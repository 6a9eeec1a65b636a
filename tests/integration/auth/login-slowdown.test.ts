// Login limits that an attacker cannot turn against the owner: guessing at an account slows down
// unknown devices (429 with Retry-After, never checked), while the owner signs in at once from a
// device that signed in before (its device cookie), and from a new device once the wait has passed.
// Clients' addresses come from X-Forwarded-For, which the hub believes from 127.0.0.1 (TRUST_PROXY).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import type { AuditTargetRef } from '../../../server/modules/audit/rules.js';
import { insertLogin } from '../../../server/modules/users/repository.js';
import { bearer, PASSWORD } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const WRONG = 'not the password';
let ipCounter = 0;
/** A client address no other test uses. */
const newIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
let userCounter = 0;

interface Owner {
  email: string;
  userId: string;
  /** `name=value` of the device cookie of the owner's usual browser. */
  device: string;
}

function deviceCookie(res: LightMyRequestResponse): string {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('clinic_device_'));
  if (!header) throw new Error(`no device cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return header.split(';')[0]!;
}

function login(
  target: TestHub,
  email: string,
  password: string,
  opts: { ip?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  return target.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    headers: { 'x-forwarded-for': opts.ip ?? newIp(), ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
  });
}

/** A login whose owner has signed in once from their usual browser (and so holds its device cookie). */
async function owner(target: TestHub): Promise<Owner> {
  const email = `owner${++userCounter}.${Date.now().toString(36)}@test.example`;
  const userId = await insertLogin(target.app.db, {
    email,
    password: PASSWORD,
    role: 'receptionist',
    firstName: 'Olive',
    lastName: 'Owner',
  });
  const first = await login(target, email, PASSWORD);
  expect(first.statusCode).toBe(200);
  return { email, userId, device: deviceCookie(first) };
}

function expectSlowed(res: LightMyRequestResponse, maxSeconds: number) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json().code).toBe('RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.json().retryAfterSeconds).toBe(retryAfter);
  return retryAfter;
}

describe('with a slowdown longer than any test', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      TRUST_PROXY: '127.0.0.1',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_ATTEMPTS_PER_IP: '5',
      LOGIN_DELAY_BASE_MS: '30000',
      LOGIN_DELAY_MAX_SECONDS: '60',
    });
  });
  afterAll(() => hub.close());

  it('lets the owner in at once from a known device while an attacker hammers the account from many addresses', async () => {
    const olive = await owner(hub);
    // Every guess from its own address: the per-IP limit never applies, only the account's slowdown.
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await login(hub, olive.email, `${WRONG} ${i}`);
      codes.push(res.statusCode);
      if (i >= 3) expectSlowed(res, 30);
    }
    expect(codes).toEqual([401, 401, 401, ...Array(9).fill(429)]);

    // The owner's usual browser, from yet another address: straight in, and the token works.
    const known = await login(hub, olive.email, PASSWORD, { cookie: olive.device });
    expect(known.statusCode).toBe(200);
    expect((await hub.app.inject({ url: '/api/me', headers: bearer(known.json().accessToken) })).json().id).toBe(olive.userId);
    // Signed in from a known device, it keeps its device; the cookie is renewed.
    expect(deviceCookie(known).split('=')[0]).toBe(olive.device.split('=')[0]);

    // A browser that never signed in is still slowed, and the attacker's guesses too: the owner's
    // known-device success does not give the attacker a fresh set of free guesses.
    expectSlowed(await login(hub, olive.email, PASSWORD), 30);
    expectSlowed(await login(hub, olive.email, WRONG), 30);
    // Even with the known device, a wrong password is just a 401.
    expect((await login(hub, olive.email, WRONG, { cookie: olive.device })).statusCode).toBe(401);
  });

  it('a known device skips the per-IP limit an attacker on the same address used up; unknown devices there are refused', async () => {
    const olive = await owner(hub);
    const shared = newIp(); // a clinic's desks behind one address
    const spray: number[] = [];
    for (let i = 0; i < 6; i++) spray.push((await login(hub, `nobody${i}@test.example`, WRONG, { ip: shared })).statusCode);
    expect(spray).toEqual([401, 401, 401, 401, 401, 429]);
    expectSlowed(await login(hub, olive.email, PASSWORD, { ip: shared }), 900);
    expect((await login(hub, olive.email, PASSWORD, { ip: shared, cookie: olive.device })).statusCode).toBe(200);
  });

  it('a stolen device cookie buys its own few guesses, no more, and other devices of the owner stay known', async () => {
    const olive = await owner(hub);
    const phone = deviceCookie(await login(hub, olive.email, PASSWORD)); // a second device of the owner
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await login(hub, olive.email, WRONG, { cookie: olive.device })).statusCode);
    // Three as a known device, three more as any unknown device, then slowed.
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    expect((await login(hub, olive.email, PASSWORD, { cookie: phone })).statusCode).toBe(200);
  });

  it('a cookie that was altered, or issued for another account, makes no device known', async () => {
    const olive = await owner(hub);
    const other = await owner(hub);
    for (let i = 0; i < 3; i++) expect((await login(hub, olive.email, WRONG)).statusCode).toBe(401);
    const [name, value] = olive.device.split('=') as [string, string];
    const altered = `${name}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    const borrowed = `${name}=${other.device.split('=')[1]}`;
    for (const cookie of [altered, borrowed, other.device]) expectSlowed(await login(hub, olive.email, PASSWORD, { cookie }), 30);
    expect((await login(hub, olive.email, PASSWORD, { cookie: olive.device })).statusCode).toBe(200);
  });

  it('sets the device cookie HttpOnly, SameSite=Strict, for the login route only, Secure over HTTPS, without the email or user id', async () => {
    const olive = await owner(hub);
    const plain = await login(hub, olive.email, PASSWORD);
    const cookie = ([] as string[]).concat(plain.headers['set-cookie'] ?? []).find((c) => c.startsWith('clinic_device_'))!;
    const attributes = cookie.split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/api/auth/login', `Max-Age=${180 * 86_400}`]));
    expect(attributes).not.toContain('Secure');
    expect(cookie).not.toContain(olive.userId);
    expect(cookie.toLowerCase()).not.toContain(olive.email.split('@')[0]!);
    // Behind the trusted proxy, a request that came over HTTPS gets a Secure cookie.
    const tls = await login(hub, olive.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.statusCode).toBe(200);
    expect(deviceCookie(tls)).toBeTruthy();
    expect(([] as string[]).concat(tls.headers['set-cookie'] ?? []).find((c) => c.startsWith('clinic_device_'))).toContain('; Secure');
    // The contract's body is unchanged: no device token in it.
    expect(Object.keys(plain.json()).sort()).toEqual(['accessToken', 'refreshToken', 'user']);
  });
});

describe('with a short slowdown', () => {
  let quick: TestHub;
  beforeAll(async () => {
    quick = await startTestHub({
      TRUST_PROXY: '127.0.0.1',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      // Long enough that the attempts below all fall inside the wait on a busy machine.
      LOGIN_DELAY_BASE_MS: '5000',
      LOGIN_DELAY_MAX_SECONDS: '5',
    });
  });
  afterAll(() => quick.close());

  it('lets the owner in from a new device once the wait has passed; the attacker’s refused attempts do not lengthen it', async () => {
    const olive = await owner(quick);
    for (let i = 0; i < 3; i++) expect((await login(quick, olive.email, WRONG)).statusCode).toBe(401);
    const refusedAt = Date.now();
    const retryAfter = expectSlowed(await login(quick, olive.email, PASSWORD), 5);
    // The attacker keeps trying during the wait: refused, and the wait stays as it was.
    for (let i = 0; i < 3; i++) expectSlowed(await login(quick, olive.email, WRONG), 5);
    // No event marks the end of a wait: wait as long as the hub said, and no longer.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, refusedAt + retryAfter * 1000 - Date.now())));
    const res = await login(quick, olive.email, PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    // The success ended the streak: the next mistake is free again.
    expect((await login(quick, olive.email, WRONG)).statusCode).toBe(401);
    expect((await login(quick, olive.email, PASSWORD)).statusCode).toBe(200);
  });
});

describe('the audit hook', () => {
  let hub: TestHub;
  let app: App;
  const seen: { status: number; target: AuditTargetRef | undefined }[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1', LOGIN_DELAY_BASE_MS: '30000' });
    // A node of the same hub that shows what the login route leaves for the audit plugin.
    app = await buildApp(hub.config);
    // onSend: before the answer leaves, so each attempt is seen by the time inject() returns.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url === '/api/auth/login') seen.push({ status: reply.statusCode, target: request.auditTarget });
      return payload;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await hub.close();
  });

  it('names the account tried on every login attempt, by user id and email hash, and never holds the password', async () => {
    const olive = await owner(hub);
    const attempt = (email: string, password: string, cookie?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        headers: { 'x-forwarded-for': newIp(), ...(cookie ? { cookie } : {}) },
      });
    await attempt(olive.email, WRONG);
    await attempt(olive.email.toUpperCase(), PASSWORD); // slowed: still recorded against the account
    await attempt('nobody.here@test.example', WRONG);
    await attempt(olive.email, PASSWORD, olive.device);
    expect(seen.map((s) => s.status)).toEqual([401, 429, 401, 200]);
    const [wrong, slowed, unknown, ok] = seen.map((s) => s.target!);
    expect(wrong).toEqual({ type: 'users', id: olive.userId, emailHash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(slowed).toEqual(wrong);
    expect(ok).toEqual(wrong);
    expect(unknown).toEqual({ type: 'users', id: null, emailHash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(unknown!.emailHash).not.toBe(wrong!.emailHash);
    const all = JSON.stringify(seen);
    for (const secret of [WRONG, PASSWORD, olive.email, 'nobody.here']) expect(all).not.toContain(secret);
  });
});
