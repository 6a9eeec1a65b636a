// Ending a session ends its access tokens at once: after logout, or after a spent refresh token
// is presented again, the session's access tokens get 401 on every node and its sockets close and
// cannot come back, while the same person's other sessions carry on. Two nodes share one Redis
// prefix; each node hears of the revocation through Redis, and the tests await that event.
import { createSigner } from 'fast-jwt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../server/app.js';
import { type Actor, bearer, PASSWORD, staff } from '../../support/factories.js';
import { client, connectError, connected } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let nodeB: App;
let urlA: string;
let urlB: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  nodeB = await buildApp(hub.config);
  urlA = await listenOnLoopback(hub.app);
  urlB = await listenOnLoopback(nodeB);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nodeB.close();
  await hub.close();
});

const post = (url: string, payload: object) => hub.app.inject({ method: 'POST', url, payload });
const read = (app: App, token: string) => app.inject({ method: 'GET', url: '/api/patients', headers: bearer(token) });
const familyOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).fam as string | undefined;

const open = async (base: string, token: string) => {
  const s = client(base, token);
  sockets.push(s);
  await connected(s);
  return s;
};
const gone = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

/** Resolves when `app` has learnt that the session `familyId` ended (at once on the node that ended it). */
function heard(app: App, familyId: string): Promise<void> {
  return new Promise((resolve) => {
    if (app.revocations.isFamilyRevoked(familyId)) return resolve();
    const listener = (kind: 'user' | 'family', id: string) => {
      if (kind !== 'family' || id !== familyId) return;
      app.revocations.off('revoked', listener);
      resolve();
    };
    app.revocations.on('revoked', listener);
  });
}

/** Fails unless `promise` settles within `ms`: "at once" means well within a second. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The session's token is refused on both nodes, over HTTP and at the socket handshake. */
async function expectRefusedEverywhere(token: string) {
  for (const app of [hub.app, nodeB]) {
    const res = await read(app, token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  }
  for (const base of [urlA, urlB]) {
    const s = client(base, token);
    sockets.push(s);
    expect(await connectError(s)).toBe('unauthorized');
  }
}

describe('sessions in access tokens', () => {
  it('a login starts a session; refreshing keeps it, another login gets another', async () => {
    const user = await staff(hub, 'receptionist');
    const fam = familyOf(user.token);
    expect(fam).toMatch(/^[0-9A-Z]{26}$/);
    const rotated = (await post('/api/auth/refresh', { refreshToken: user.refreshToken! })).json();
    expect(familyOf(rotated.accessToken)).toBe(fam);
    const again = (await post('/api/auth/login', { email: user.email!, password: PASSWORD })).json();
    expect(familyOf(again.accessToken)).not.toBe(fam);
  });
});

describe('logout', () => {
  it('stops the access token within a second on this node and the other, closes its sockets on both, and spares other sessions', async () => {
    const user = await staff(hub, 'receptionist');
    const fam = familyOf(user.token)!;
    const other = (await post('/api/auth/login', { email: user.email!, password: PASSWORD })).json() as { accessToken: string };
    for (const app of [hub.app, nodeB]) expect((await read(app, user.token)).statusCode).toBe(200);
    const [onA, onB, otherOnB] = [await open(urlA, user.token), await open(urlB, user.token), await open(urlB, other.accessToken)];
    const [aGone, bGone] = [gone(onA), gone(onB)];
    const nodeBHeard = heard(nodeB, fam);

    expect((await post('/api/auth/logout', { refreshToken: user.refreshToken! })).statusCode).toBe(204);
    // On the node that ended it: at once.
    expect((await read(hub.app, user.token)).statusCode).toBe(401);
    await within(1_000, nodeBHeard, 'node B hears of the logout');
    expect((await read(nodeB, user.token)).statusCode).toBe(401);
    expect(await within(1_000, aGone, 'the socket on node A closes')).toBe('io server disconnect');
    expect(await within(1_000, bGone, 'the socket on node B closes')).toBe('io server disconnect');
    await expectRefusedEverywhere(user.token);

    // The same person's other session carries on, over HTTP and on its socket.
    for (const app of [hub.app, nodeB]) expect((await read(app, other.accessToken)).statusCode).toBe(200);
    expect(otherOnB.connected).toBe(true);

    // A node started afterwards loads the ended session from Redis.
    const late = await buildApp(hub.config);
    try {
      await late.ready();
      expect((await read(late, user.token)).statusCode).toBe(401);
      expect((await read(late, other.accessToken)).statusCode).toBe(200);
    } finally {
      await late.close();
    }
  });
});

describe('reuse of a spent refresh token', () => {
  it('stops every access token of the session on both nodes and closes its sockets', async () => {
    const user: Actor = await staff(hub, 'receptionist');
    const fam = familyOf(user.token)!;
    const rotated = (await post('/api/auth/refresh', { refreshToken: user.refreshToken! })).json() as { accessToken: string };
    const socket = await open(urlB, rotated.accessToken);
    const socketGone = gone(socket);
    const nodeBHeard = heard(nodeB, fam);

    // Someone replays the spent token on node A.
    expect((await post('/api/auth/refresh', { refreshToken: user.refreshToken! })).statusCode).toBe(401);
    await within(1_000, nodeBHeard, 'node B hears of the reuse');
    expect(await within(1_000, socketGone, 'the socket on node B closes')).toBe('io server disconnect');
    // Both the first access token and the one the rotation issued.
    await expectRefusedEverywhere(user.token);
    await expectRefusedEverywhere(rotated.accessToken);
  });
});

describe('tokens from before sessions were named', () => {
  it('work until they expire: a token without a session claim is not refused by a logout', async () => {
    const user = await staff(hub, 'receptionist');
    // Signed as the hub signed tokens before this change: the same claims, no `fam`.
    const legacy = createSigner({ key: hub.config.jwtSecret, iss: 'clinic-hub', expiresIn: 60_000 })({
      sub: user.userId,
      role: 'receptionist',
      email: user.email,
      fn: 'Test',
      ln: 'receptionist',
    });
    expect((await post('/api/auth/logout', { refreshToken: user.refreshToken! })).statusCode).toBe(204);
    expect((await read(hub.app, legacy)).statusCode).toBe(200);
    const s = await open(urlA, legacy);
    expect(s.connected).toBe(true);
  });
});
