// The admin console's staff page (issue 19): logins listed with their locations and filtered by
// one; a pharmacist's or nurse's locations replaced; an admin's password reset, which ends every
// session of that login at once (tokens and sockets, as logout does for one session); and
// deactivation through PATCH, which can be undone; and who works at a location (memberships with
// the day each began).
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userLocations } from '../../../db/schema/index.js';
import { type Actor, bearer, createLocation, doctor, everyone, login, PASSWORD } from '../../support/factories.js';
import { nurse } from '../../support/record.js';
import { client, connected } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let url: string;
let world: Awaited<ReturnType<typeof everyone>>;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  url = await listenOnLoopback(hub.app);
  world = await everyone(hub);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub.close();
});

const call = (actor: Actor | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, payload?: object) =>
  hub.app.inject({ method, url: path, headers: actor ? bearer(actor.token) : {}, ...(payload ? { payload } : {}) });

let n = 0;
async function receptionist() {
  const email = `desk.${n++}.${Date.now().toString(36)}@test.example`;
  const res = await call(world.admin, 'POST', '/api/users', {
    email,
    password: PASSWORD,
    role: 'receptionist',
    firstName: 'R',
    lastName: 'S',
  });
  expect(res.statusCode, res.body).toBe(201);
  const tokens = await login(hub, email);
  return { id: res.json().id as string, email, ...tokens };
}

const gone = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

describe('the staff list', () => {
  it('answers each login’s locations, filters by one, and takes a new list for a nurse', async () => {
    const [here, there] = [world.location.id, (await createLocation(hub)).id];
    const localNurse = await nurse(hub, world.admin, [here]);
    const travelling = await nurse(hub, world.admin, [here, there]);
    const listed = async (query: string) => {
      const res = await call(world.admin, 'GET', `/api/users?limit=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().users as { id: string; locationIds: string[] }[];
    };
    const atThere = await listed(`&locationId=${there}`);
    expect(atThere.map((u) => u.id)).toEqual([travelling.userId]);
    expect(atThere[0]!.locationIds.sort()).toEqual([here, there].sort());
    const nurses = await listed(`&role=nurse&locationId=${here}`);
    expect(nurses.map((u) => u.id).sort()).toEqual([localNurse.userId, travelling.userId].sort());
    // Other roles have none.
    expect((await listed('&role=receptionist')).every((u) => u.locationIds.length === 0)).toBe(true);

    const moved = await call(world.admin, 'PUT', `/api/users/${localNurse.userId}/locations`, { locationIds: [there, there] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().locationIds).toEqual([there]);
    expect((await listed(`&locationId=${there}`)).map((u) => u.id).sort()).toEqual([localNurse.userId, travelling.userId].sort());
    expect((await call(world.admin, 'GET', `/api/users/${localNurse.userId}`)).json().locationIds).toEqual([there]);

    const desk = await call(world.admin, 'PUT', `/api/users/${world.receptionist.userId}/locations`, { locationIds: [here] });
    expect(desk.statusCode).toBe(400);
    expect(desk.json().details.field).toBe('locationIds');
  });
});

describe('who works at a location', () => {
  it('lists each membership with role, active and since when; one kept through a change keeps its date', async () => {
    const [here, there] = [(await createLocation(hub)).id, (await createLocation(hub)).id];
    const staying = await nurse(hub, world.admin, [here]);
    const staffAt = async (locationId: string) => {
      const res = await call(world.admin, 'GET', `/api/locations/${locationId}/staff`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().staff as { userId: string; role: string; active: boolean; joinedAt: string }[];
    };
    const [first] = await staffAt(here);
    expect(first).toMatchObject({ userId: staying.userId, role: 'nurse', active: true });
    expect(Date.parse(first!.joinedAt)).toBeLessThanOrEqual(Date.now());

    // Adding a second location leaves the first membership as it was (dated back a year here, so a
    // membership written afresh would show).
    const yearAgo = new Date(Date.now() - 365 * 86_400_000);
    await hub.app.db.update(userLocations).set({ joinedAt: yearAgo }).where(eq(userLocations.userId, staying.userId!));
    expect((await call(world.admin, 'PUT', `/api/users/${staying.userId}/locations`, { locationIds: [there, here] })).statusCode).toBe(200);
    expect((await staffAt(here))[0]!.joinedAt).toBe(yearAgo.toISOString());
    expect(Date.parse((await staffAt(there))[0]!.joinedAt)).toBeGreaterThan(yearAgo.getTime());
    expect((await staffAt(there)).map((m) => m.userId)).toEqual([staying.userId]);

    // Deactivated, the login stays listed as inactive; taken off a location, it leaves that list.
    expect((await call(world.admin, 'PATCH', `/api/users/${staying.userId}`, { active: false })).statusCode).toBe(200);
    expect((await staffAt(there))[0]!.active).toBe(false);
    expect((await call(world.admin, 'PUT', `/api/users/${staying.userId}/locations`, { locationIds: [here] })).statusCode).toBe(200);
    expect(await staffAt(there)).toEqual([]);

    const nowhere = await call(world.admin, 'GET', '/api/locations/01ARZ3NDEKTSV4RRFFQ69G5FAV/staff');
    expect(nowhere.statusCode).toBe(404);
    expect((await call(world.receptionist, 'GET', `/api/locations/${here}/staff`)).statusCode).toBe(403);
  });
});

describe('an admin’s password reset', () => {
  it('ends every session of that login (access and refresh tokens, sockets); the new password signs in', async () => {
    const user = await receptionist();
    const second = await login(hub, user.email);
    const socket = client(url, second.accessToken);
    sockets.push(socket);
    await connected(socket);
    const socketGone = gone(socket);
    for (const token of [user.accessToken, second.accessToken])
      expect((await call({ token } as Actor, 'GET', '/api/me')).statusCode).toBe(200);

    const reset = await call(world.admin, 'POST', `/api/users/${user.id}/password`, { password: 'a brand new passphrase' });
    expect(reset.statusCode, reset.body).toBe(204);

    for (const token of [user.accessToken, second.accessToken])
      expect((await call({ token } as Actor, 'GET', '/api/me')).statusCode).toBe(401);
    for (const refreshToken of [user.refreshToken, second.refreshToken]) {
      expect((await call(null, 'POST', '/api/auth/refresh', { refreshToken })).statusCode).toBe(401);
    }
    expect(await socketGone).toBe('io server disconnect');
    expect((await call(null, 'POST', '/api/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await call(null, 'POST', '/api/auth/login', { email: user.email, password: 'a brand new passphrase' })).statusCode).toBe(200);

    // The audit entry names the reset and its target, never the password.
    const filter = { targetId: user.id, action: 'POST /api/users/:id/password' };
    // Written just after the response: wait (bounded) for it to land.
    for (let i = 0; i < 200 && !(await hub.app.audit.entries.countDocuments(filter)); i++) await hub.app.redis.ping();
    const entries = await hub.app.audit.entries.find(filter).toArray();
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain('brand new');
    // Only the password changed (named, without a value): the login's other fields are not read as wiped.
    expect(entries[0]!.changes).toEqual([{ field: 'password' }]);
  });
});

describe('deactivating a login with PATCH', () => {
  it('refuses its sign-in and ends its sessions, keeps the email taken, and can be undone', async () => {
    const user = await receptionist();
    const off = await call(world.admin, 'PATCH', `/api/users/${user.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await call({ token: user.accessToken } as Actor, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(null, 'POST', '/api/auth/refresh', { refreshToken: user.refreshToken })).statusCode).toBe(401);
    expect((await call(null, 'POST', '/api/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
    // Still listed (deactivated, not deleted), and its email is still its own.
    expect((await call(world.admin, 'GET', `/api/users/${user.id}`)).json().active).toBe(false);
    const again = await call(world.admin, 'POST', '/api/users', {
      email: user.email,
      password: PASSWORD,
      role: 'receptionist',
      firstName: 'X',
      lastName: 'Y',
    });
    expect(again.json().code).toBe('EMAIL_TAKEN');

    const on = await call(world.admin, 'PATCH', `/api/users/${user.id}`, { active: true, firstName: 'Rita' });
    expect(on.json()).toMatchObject({ active: true, firstName: 'Rita' });
    expect((await call(null, 'POST', '/api/auth/login', { email: user.email, password: PASSWORD })).statusCode).toBe(200);
  });

  it('refuses the admin’s own login (409) and renaming a doctor’s login here (400)', async () => {
    const self = await call(world.admin, 'PATCH', `/api/users/${world.admin.userId}`, { active: false });
    expect(self.statusCode).toBe(409);
    const doc = await doctor(hub, world.location.id);
    const renamed = await call(world.admin, 'PATCH', `/api/users/${doc.userId}`, { lastName: 'Other' });
    expect(renamed.statusCode).toBe(400);
    expect((await call(world.admin, 'GET', `/api/users/${doc.userId}`)).json().lastName).not.toBe('Other');
  });
});
