// Every endpoint of Auth, Clinic set-up and People × every kind of caller: allowed (2xx) or
// refused with exactly 401 (no caller) or 403 (wrong role / someone else's record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, createLocation, display, everyone, patient } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>>;
let otherDisplay: Actor;
let otherPatient: Awaited<ReturnType<typeof patient>>;
let n = 0;

beforeAll(async () => {
  hub = await startTestHub();
  world = await everyone(hub);
  otherDisplay = await display(hub, (await createLocation(hub)).id);
  otherPatient = await patient(hub, false);
});
afterAll(() => hub.close());

type Caller = 'anonymous' | 'admin' | 'receptionist' | 'doctor' | 'patient' | 'display' | 'otherDisplay';
const CALLERS: Caller[] = ['anonymous', 'admin', 'receptionist', 'doctor', 'patient', 'display', 'otherDisplay'];

function tokenOf(caller: Caller): string | null {
  if (caller === 'anonymous') return null;
  if (caller === 'otherDisplay') return otherDisplay.token;
  return world[caller].token;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: () => string;
  body?: () => object;
  allowed: Caller[];
}

const unique = () => `${Date.now().toString(36)}${n++}`;
const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /api/me',
    method: 'GET',
    url: () => '/api/me',
    allowed: ['admin', 'receptionist', 'doctor', 'patient', 'display', 'otherDisplay'],
  },
  {
    name: 'POST /api/locations',
    method: 'POST',
    url: () => '/api/locations',
    body: () => ({ name: `Loc ${unique()}`, address: '1 Road', phone: '+1 555 0100', timezone: 'America/New_York' }),
    allowed: ['admin'],
  },
  { name: 'GET /api/locations', method: 'GET', url: () => '/api/locations', allowed: ['admin', 'receptionist', 'doctor', 'patient'] },
  {
    name: 'GET /api/locations/:id',
    method: 'GET',
    url: () => `/api/locations/${world.location.id}`,
    allowed: ['admin', 'receptionist', 'doctor', 'patient'],
  },
  {
    name: 'PATCH /api/locations/:id (booking limits)',
    method: 'PATCH',
    url: () => `/api/locations/${world.location.id}`,
    body: () => ({ patientMaxUpcomingVisitsPerDoctor: 2, patientMaxUpcomingVisits: 6, patientMaxSeriesWeeks: 4 }),
    allowed: ['admin'],
  },
  {
    name: 'POST /api/users',
    method: 'POST',
    url: () => '/api/users',
    body: () => ({ email: `u${unique()}@test.example`, password: 'long enough pw', role: 'receptionist', firstName: 'R', lastName: 'S' }),
    allowed: ['admin'],
  },
  { name: 'GET /api/users', method: 'GET', url: () => '/api/users', allowed: ['admin'] },
  { name: 'GET /api/users/:id', method: 'GET', url: () => `/api/users/${world.receptionist.userId}`, allowed: ['admin'] },
  {
    name: 'POST /api/doctors',
    method: 'POST',
    url: () => '/api/doctors',
    body: () => ({
      firstName: 'New',
      lastName: 'Doctor',
      email: `d${unique()}@test.example`,
      specialization: 'Cardiology',
      licenseNumber: `L-${unique()}`.toUpperCase(),
      locationId: world.location.id,
      room: '7',
      consultationMinutes: 20,
    }),
    allowed: ['admin'],
  },
  { name: 'GET /api/doctors', method: 'GET', url: () => '/api/doctors', allowed: ['admin', 'receptionist', 'doctor', 'patient'] },
  {
    name: 'GET /api/doctors/:id',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}`,
    allowed: ['admin', 'receptionist', 'doctor', 'patient'],
  },
  {
    name: 'PUT /api/doctors/:id/schedule',
    method: 'PUT',
    url: () => `/api/doctors/${world.doctor.doctorId}/schedule`,
    body: () => ({ rules: [{ weekday: 1, start: '09:00', end: '12:00', locationId: world.location.id }] }),
    allowed: ['admin'],
  },
  {
    name: 'GET /api/doctors/:id/schedule',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}/schedule`,
    allowed: ['admin', 'receptionist', 'doctor', 'patient'],
  },
  {
    name: 'POST /api/doctors/:id/unavailability',
    method: 'POST',
    url: () => `/api/doctors/${world.doctor.doctorId}/unavailability`,
    body: () => ({ startAt: '2030-01-01T00:00:00.000Z', endAt: '2030-01-08T00:00:00.000Z', reason: 'Holiday' }),
    allowed: ['admin'],
  },
  {
    name: 'GET /api/doctors/:id/unavailability',
    method: 'GET',
    url: () => `/api/doctors/${world.doctor.doctorId}/unavailability`,
    allowed: ['admin', 'receptionist', 'doctor'],
  },
  {
    name: 'POST /api/displays',
    method: 'POST',
    url: () => '/api/displays',
    body: () => ({ locationId: world.location.id, name: `Screen ${unique()}` }),
    allowed: ['admin'],
  },
  { name: 'GET /api/displays', method: 'GET', url: () => '/api/displays', allowed: ['admin'] },
  {
    name: 'GET /api/locations/:id/board',
    method: 'GET',
    url: () => `/api/locations/${world.location.id}/board`,
    allowed: ['admin', 'receptionist', 'display'],
  },
  {
    name: 'POST /api/patients',
    method: 'POST',
    url: () => '/api/patients',
    body: () => ({ firstName: 'Pat', lastName: `P${unique()}`, dateOfBirth: '1990-01-01', phone: '+1 212 555 0199' }),
    allowed: ['admin', 'receptionist'],
  },
  { name: 'GET /api/patients', method: 'GET', url: () => '/api/patients?query=Pa', allowed: ['admin', 'receptionist'] },
  {
    name: 'GET /api/patients/:id (own record)',
    method: 'GET',
    url: () => `/api/patients/${world.patient.patientId}`,
    allowed: ['admin', 'receptionist', 'patient'],
  },
  {
    name: "GET /api/patients/:id (someone else's record)",
    method: 'GET',
    url: () => `/api/patients/${otherPatient.patientId}`,
    allowed: ['admin', 'receptionist'],
  },
];

describe.each(ENDPOINTS)('$name', (endpoint) => {
  it.each(CALLERS)('%s', async (caller) => {
    const token = tokenOf(caller);
    const res = await hub.app.inject({
      method: endpoint.method,
      url: endpoint.url(),
      headers: token ? bearer(token) : {},
      ...(endpoint.body ? { payload: endpoint.body() } : {}),
    });
    if (endpoint.allowed.includes(caller)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, res.body).toBeLessThan(300);
    } else {
      expect(res.statusCode, res.body).toBe(caller === 'anonymous' ? 401 : 403);
      expect(res.json().code).toBe(caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
    }
  });
});

describe('deleting', () => {
  it.each(CALLERS)('DELETE /api/users/:id and /api/displays/:id as %s', async (caller) => {
    const token = tokenOf(caller);
    const victimUser = await hub.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(world.admin.token),
      payload: { email: `v${unique()}@test.example`, password: 'long enough pw', role: 'receptionist', firstName: 'V', lastName: 'W' },
    });
    const victimDisplay = await hub.app.inject({
      method: 'POST',
      url: '/api/displays',
      headers: bearer(world.admin.token),
      payload: { locationId: world.location.id, name: `S ${unique()}` },
    });
    for (const url of [`/api/users/${victimUser.json().id}`, `/api/displays/${victimDisplay.json().id}`]) {
      const res = await hub.app.inject({ method: 'DELETE', url, headers: token ? bearer(token) : {} });
      const expected = caller === 'admin' ? 204 : caller === 'anonymous' ? 401 : 403;
      expect(res.statusCode, `${url}: ${res.body}`).toBe(expected);
    }
  });
});

describe('the public endpoints', () => {
  it('login, refresh and logout need no access token', async () => {
    const login = await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@test.example', password: 'x' } });
    expect(login.statusCode).toBe(401);
    const refresh = await hub.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 'rt_x' } });
    expect(refresh.statusCode).toBe(401);
    const logout = await hub.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: 'rt_x' } });
    expect(logout.statusCode).toBe(204);
  });

  it('a revoked display token is refused at once', async () => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/displays',
      headers: bearer(world.admin.token),
      payload: { locationId: world.location.id, name: 'Lobby' },
    });
    const { id, token } = created.json();
    const board = () => hub.app.inject({ method: 'GET', url: `/api/locations/${world.location.id}/board`, headers: bearer(token) });
    expect((await board()).statusCode).toBe(200);
    await hub.app.inject({ method: 'DELETE', url: `/api/displays/${id}`, headers: bearer(world.admin.token) });
    expect((await board()).statusCode).toBe(401);
  });
});
