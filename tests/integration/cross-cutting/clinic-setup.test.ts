// Clinic set-up and people through the HTTP API: what an admin and a receptionist do on day one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, createLocation, login, PASSWORD, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let admin: Actor;
let receptionist: Actor;

beforeAll(async () => {
  hub = await startTestHub();
  admin = await staff(hub, 'admin');
  receptionist = await staff(hub, 'receptionist');
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

describe('locations', () => {
  it('creates, reads and lists a location with its time zone', async () => {
    const created = await call(admin, 'POST', '/api/locations', {
      name: 'North Clinic',
      address: '5 North Way',
      phone: '+49 30 555 0100',
      timezone: 'Europe/Berlin',
    });
    expect(created.statusCode).toBe(201);
    const loc = created.json();
    expect(loc).toMatchObject({ name: 'North Clinic', timezone: 'Europe/Berlin' });
    expect(loc.id).toMatch(/^[0-9A-Z]{26}$/);
    expect((await call(receptionist, 'GET', `/api/locations/${loc.id}`)).json()).toEqual(loc);
    const list = (await call(receptionist, 'GET', '/api/locations')).json();
    expect(list.locations.map((l: { id: string }) => l.id)).toContain(loc.id);
  });
});

describe('staff logins', () => {
  it('an admin creates a receptionist who can then log in', async () => {
    const res = await call(admin, 'POST', '/api/users', {
      email: 'Front.Desk@Test.Example',
      password: 'a long password',
      role: 'receptionist',
      firstName: 'Fran',
      lastName: 'Desk',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'front.desk@test.example', role: 'receptionist', active: true, lastLoginAt: null });
    expect(res.json()).not.toHaveProperty('passwordHash');
    const tokens = await login(hub, 'front.desk@test.example', 'a long password');
    expect(tokens.user.id).toBe(res.json().id);
    const list = (await call(admin, 'GET', '/api/users?role=receptionist')).json();
    expect(list.users.some((u: { email: string }) => u.email === 'front.desk@test.example')).toBe(true);
  });

  it('an admin cannot deactivate their own login', async () => {
    const res = await call(admin, 'DELETE', `/api/users/${admin.userId}`);
    expect(res.statusCode).toBe(409);
  });
});

describe('doctors', () => {
  it('adds a doctor with a login, schedule and time off; filters by specialization and location', async () => {
    const location = await createLocation(hub);
    const created = await call(admin, 'POST', '/api/doctors', {
      firstName: 'Ines',
      lastName: 'Alves',
      email: 'ines.alves@test.example',
      password: PASSWORD,
      specialization: 'Neurology',
      licenseNumber: 'neu-778',
      locationId: location.id,
      room: '3B',
      consultationMinutes: 25,
    });
    expect(created.statusCode).toBe(201);
    const doctor = created.json();
    expect(doctor).toMatchObject({
      displayName: 'Dr. Ines Alves',
      specialization: 'Neurology',
      licenseNumber: 'NEU-778',
      room: '3B',
      consultationMinutes: 25,
      active: true,
    });
    const me = (await login(hub, 'ines.alves@test.example')).user;
    expect(me.id).toBe(doctor.userId);

    const byFilter = (await call(receptionist, 'GET', `/api/doctors?specialization=neurology&locationId=${location.id}`)).json();
    expect(byFilter.doctors.map((d: { id: string }) => d.id)).toEqual([doctor.id]);
    const none = (await call(receptionist, 'GET', `/api/doctors?specialization=Cardiology&locationId=${location.id}`)).json();
    expect(none.doctors).toEqual([]);

    const rules = [
      { weekday: 1, start: '08:00', end: '12:00', locationId: location.id, breaks: [] },
      { weekday: 1, start: '13:00', end: '17:00', locationId: location.id, breaks: [{ start: '15:00', end: '15:15' }] },
      { weekday: 3, start: '09:30', end: '15:45', locationId: location.id, breaks: [] },
    ];
    const schedule = await call(admin, 'PUT', `/api/doctors/${doctor.id}/schedule`, { rules });
    expect(schedule.statusCode).toBe(200);
    expect(schedule.json()).toEqual({ doctorId: doctor.id, rules });
    // PUT replaces the whole schedule.
    const replaced = await call(admin, 'PUT', `/api/doctors/${doctor.id}/schedule`, { rules: [rules[2]] });
    expect(replaced.json().rules).toEqual([rules[2]]);
    expect((await call(receptionist, 'GET', `/api/doctors/${doctor.id}/schedule`)).json().rules).toEqual([rules[2]]);

    const off = await call(admin, 'POST', `/api/doctors/${doctor.id}/unavailability`, {
      startAt: '2031-08-01T00:00:00Z',
      endAt: '2031-08-15T00:00:00Z',
      reason: 'Annual leave',
    });
    expect(off.statusCode).toBe(201);
    expect(off.json()).toMatchObject({
      doctorId: doctor.id,
      startAt: '2031-08-01T00:00:00.000Z',
      endAt: '2031-08-15T00:00:00.000Z',
      reason: 'Annual leave',
    });
    const list = (await call(receptionist, 'GET', `/api/doctors/${doctor.id}/unavailability`)).json();
    expect(list.unavailability).toHaveLength(1);
  });

  it('a doctor without a password exists but cannot log in', async () => {
    const location = await createLocation(hub);
    const res = await call(admin, 'POST', '/api/doctors', {
      firstName: 'No',
      lastName: 'Password',
      email: 'no.password@test.example',
      specialization: 'Pediatrics',
      licenseNumber: 'PED-1',
      locationId: location.id,
      room: '1',
      consultationMinutes: 15,
    });
    expect(res.statusCode).toBe(201);
    const attempt = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'no.password@test.example', password: 'anything at all' },
    });
    expect(attempt.statusCode).toBe(401);
  });
});

describe('displays', () => {
  it('an admin registers a screen; its token reads its board, which carries no patient data', async () => {
    const location = await createLocation(hub);
    const res = await call(admin, 'POST', '/api/displays', { locationId: location.id, name: 'Lobby screen' });
    expect(res.statusCode).toBe(201);
    const { id, token } = res.json();
    expect(token).toMatch(/^dsp_/);
    const board = await hub.app.inject({ method: 'GET', url: `/api/locations/${location.id}/board`, headers: bearer(token) });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ locationId: location.id, seq: 0 });
    const me = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(me.json()).toEqual({
      id,
      role: 'display',
      locationId: location.id,
      locationName: location.name,
      timezone: location.timezone,
      language: 'en',
    });
    const listed = (await call(admin, 'GET', `/api/displays?locationId=${location.id}`)).json();
    expect(listed.displays).toEqual([expect.objectContaining({ id, name: 'Lobby screen', revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    // Reading the board counted as the screen being seen.
    expect(listed.displays[0].lastSeenAt).not.toBeNull();
  });
});

describe('patients', () => {
  it('a receptionist registers a patient with full demographics and finds them by name, phone and email', async () => {
    const res = await call(receptionist, 'POST', '/api/patients', {
      firstName: 'Marta',
      lastName: 'Kowalczyk',
      dateOfBirth: '1984-07-19',
      phone: '+48 601 234 567',
      email: 'marta.k@test.example',
      gender: 'female',
      address: { line: '12 Lipowa', city: 'Kraków', postalCode: '30-001', country: 'PL' },
      emergencyContact: { name: 'Jan Kowalczyk', phone: '+48 601 000 111', relation: 'spouse' },
      bloodType: 'AB-',
      allergies: ['Penicillin', 'Latex'],
      preferredLanguage: 'pl',
      timezone: 'Europe/Warsaw',
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      userId: null,
      dateOfBirth: '1984-07-19',
      address: { city: 'Kraków', country: 'PL' },
      emergencyContact: { name: 'Jan Kowalczyk', relation: 'spouse' },
      bloodType: 'AB-',
      allergies: ['Penicillin', 'Latex'],
      timezone: 'Europe/Warsaw',
    });
    for (const query of ['Kowal', 'marta k', '601 234', 'marta.k@']) {
      const found = (await call(receptionist, 'GET', `/api/patients?query=${encodeURIComponent(query)}`)).json();
      expect(
        found.patients.map((x: { id: string }) => x.id),
        query,
      ).toContain(p.id);
    }
    const miss = (await call(receptionist, 'GET', '/api/patients?query=Zzyzx')).json();
    expect(miss).toMatchObject({ patients: [], total: 0 });
  });

  it('empty filters mean "any", as a form sends them', async () => {
    const patients = await call(receptionist, 'GET', '/api/patients?query=');
    expect(patients.statusCode).toBe(200);
    expect(patients.json().total).toBeGreaterThan(0);
    const doctors = await call(receptionist, 'GET', '/api/doctors?specialization=&locationId=');
    expect(doctors.statusCode).toBe(200);
    expect(doctors.json().doctors.length).toBeGreaterThan(0);
  });

  it('search treats % and _ literally', async () => {
    const found = (await call(receptionist, 'GET', '/api/patients?query=%25')).json();
    expect(found.patients).toEqual([]);
  });

  it('a patient with a password can log in and read their own record only', async () => {
    const res = await call(receptionist, 'POST', '/api/patients', {
      firstName: 'Leo',
      lastName: 'Portal',
      dateOfBirth: '2001-01-31',
      phone: '+1 212 555 0142',
      email: 'leo.portal@test.example',
      password: 'portal password',
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.userId).toMatch(/^[0-9A-Z]{26}$/);
    const tokens = await login(hub, 'leo.portal@test.example', 'portal password');
    const own = await hub.app.inject({ method: 'GET', url: `/api/patients/${p.id}`, headers: bearer(tokens.accessToken) });
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(p.id);
  });

  it('paginates with limit and offset', async () => {
    for (let i = 0; i < 3; i++) {
      await call(receptionist, 'POST', '/api/patients', {
        firstName: `Page${i}`,
        lastName: 'Turner',
        dateOfBirth: '1990-01-01',
        phone: '+1 212 555 0150',
      });
    }
    const first = (await call(receptionist, 'GET', '/api/patients?query=Turner&limit=2')).json();
    const second = (await call(receptionist, 'GET', '/api/patients?query=Turner&limit=2&offset=2')).json();
    expect(first.total).toBe(3);
    expect(first.patients).toHaveLength(2);
    expect(second.patients).toHaveLength(1);
    expect(new Set([...first.patients, ...second.patients].map((x: { id: string }) => x.id)).size).toBe(3);
  });
});
