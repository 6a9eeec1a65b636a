// The admin console's clinic set-up (issue 19): a location deactivated (out of the lists, its slots
// gone, bookings there refused, its history kept) and every setting the console edits; an
// appointment type retired; screens listed with whether each is online; and a location's live day
// (waiting now, the average wait of today's calls, calls per local hour, doctors running late).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, displayDevices } from '../../../db/schema/index.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at, bookableClinic, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const { zone } = zoneWhereItIsMorning();

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, zone);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

describe('a location', () => {
  it('takes every console setting in one PATCH and answers them', async () => {
    const { location, admin } = await bookableClinic(hub);
    const settings = {
      name: 'Riverside Clinic',
      address: '2 River Road',
      phone: '+49 30 7654321',
      currency: 'EUR',
      patientChangeCutoffHours: 12,
      boardShowsInitials: false,
      language: 'de',
      units: 'us',
      patientMaxUpcomingVisitsPerDoctor: 3,
      patientMaxUpcomingVisits: 8,
      patientMaxSeriesWeeks: 6,
      active: true,
    };
    const res = await call(admin, 'PATCH', `/api/locations/${location.id}`, settings);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject(settings);
    expect((await call(admin, 'GET', `/api/locations/${location.id}`)).json()).toMatchObject(settings);
  });

  it('keeps opening hours sorted per weekday and refuses ranges that end before they start or overlap', async () => {
    const { location, admin, receptionist } = await bookableClinic(hub);
    const url = `/api/locations/${location.id}`;
    const week = [
      { weekday: 6, opens: '09:00', closes: '13:00' },
      { weekday: 1, opens: '14:00', closes: '19:00' },
      { weekday: 1, opens: '08:00', closes: '12:30' },
    ];
    const res = await call(admin, 'PATCH', url, { openingHours: week });
    expect(res.statusCode, res.body).toBe(200);
    const sorted = [week[2], week[1], week[0]];
    expect(res.json().openingHours).toEqual(sorted);
    // Everyone who reads locations sees them (patients are told when the doors are open).
    expect((await call(receptionist, 'GET', url)).json().openingHours).toEqual(sorted);

    for (const [bad, reason] of [
      [[{ weekday: 2, opens: '12:00', closes: '08:00' }], 'close after it opens'],
      [
        [
          { weekday: 2, opens: '08:00', closes: '12:00' },
          { weekday: 2, opens: '12:00', closes: '18:00' },
        ],
        'overlap or touch',
      ],
    ] as const) {
      const refused = await call(admin, 'PATCH', url, { openingHours: bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details).toMatchObject({ field: 'openingHours' });
      expect(refused.json().details.reason).toContain(reason);
    }
    for (const bad of [[{ weekday: 0, opens: '08:00', closes: '12:00' }], [{ weekday: 1, opens: '8:00', closes: '12:00' }], 'Mon 8-12'])
      expect((await call(admin, 'PATCH', url, { openingHours: bad })).json().code).toBe('VALIDATION_FAILED');
    // Nothing refused was written; [] clears them.
    expect((await call(admin, 'GET', url)).json().openingHours).toEqual(sorted);
    expect((await call(admin, 'PATCH', url, { openingHours: [] })).json().openingHours).toEqual([]);
  });

  it('deactivated: out of the lists, no slots, no bookings; its visits stay; back again when reactivated', async () => {
    const { location, admin, receptionist, doctor, patient: pat } = await bookableClinic(hub);
    const doctorId = doctor.doctorId!;
    const booked = await call(receptionist, 'POST', '/api/appointments', { doctorId, patientId: pat.patientId, startAt: at(3, '09:00') });
    expect(booked.statusCode, booked.body).toBe(201);

    expect((await call(admin, 'PATCH', `/api/locations/${location.id}`, { active: false })).json().active).toBe(false);
    const listed = async (actor: Actor, query = '') =>
      (await call(actor, 'GET', `/api/locations${query}`)).json().locations.map((l: { id: string }) => l.id) as string[];
    expect(await listed(pat)).not.toContain(location.id);
    expect(await listed(receptionist)).not.toContain(location.id);
    expect(await listed(admin, '?includeInactive=true')).toContain(location.id);
    expect((await call(receptionist, 'GET', '/api/locations?includeInactive=true')).statusCode).toBe(403);
    expect((await call(pat, 'GET', `/api/locations/${location.id}`)).json().active).toBe(false);

    const day = at(4, '00:00').slice(0, 10);
    const slots = async () => (await call(pat, 'GET', `/api/doctors/${doctorId}/availability?from=${day}&to=${day}`)).json().slots;
    expect(await slots()).toEqual([]);
    const refused = await call(pat, 'POST', '/api/appointments', { doctorId, startAt: at(4, '10:00') });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SLOT_UNAVAILABLE');
    expect((await call(receptionist, 'GET', `/api/appointments/${booked.json().id}`)).json().status).toBe('scheduled');

    await call(admin, 'PATCH', `/api/locations/${location.id}`, { active: true });
    expect((await slots()).length).toBeGreaterThan(0);
    expect((await call(pat, 'POST', '/api/appointments', { doctorId, startAt: at(4, '10:00') })).statusCode).toBe(201);
  });
});

describe('an appointment type', () => {
  it('retired: out of the list (admins may ask), refused for new bookings; back when reactivated', async () => {
    // A clinic in UTC: `at` names UTC wall times (the shared clinic's zone moves with the hour).
    const { admin, receptionist, patient: pat, doctor } = await bookableClinic(hub);
    const key = `retire-${Date.now().toString(36)}`;
    const created = await call(admin, 'POST', '/api/appointment-types', { key, name: 'Check-up', durationMinutes: 30, priceMinor: 4_000 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const keys = async (actor: Actor, query = '') =>
      (await call(actor, 'GET', `/api/appointment-types${query}`)).json().types.map((t: { key: string }) => t.key) as string[];

    const retired = await call(admin, 'PATCH', `/api/appointment-types/${id}`, { active: false, name: 'Old check-up' });
    expect(retired.json()).toMatchObject({ active: false, name: 'Old check-up', durationMinutes: 30, priceMinor: 4_000 });
    expect(await keys(receptionist)).not.toContain(key);
    expect(await keys(admin, '?includeInactive=true')).toContain(key);
    expect((await call(receptionist, 'GET', '/api/appointment-types?includeInactive=true')).statusCode).toBe(403);
    const booking = { doctorId: doctor.doctorId, patientId: pat.patientId, startAt: at(5, '09:00'), type: key };
    expect((await call(receptionist, 'POST', '/api/appointments', booking)).statusCode).toBe(400);

    await call(admin, 'PATCH', `/api/appointment-types/${id}`, { active: true });
    expect(await keys(receptionist)).toContain(key);
    const rebooked = await call(receptionist, 'POST', '/api/appointments', booking);
    expect(rebooked.statusCode, rebooked.body).toBe(201);
  });
});

describe('screens', () => {
  it('are listed with lastSeenAt and online (seen within 90 s, not revoked)', async () => {
    const { admin, location } = clinic;
    const created = await call(admin, 'POST', '/api/displays', { locationId: location.id, name: 'Lobby' });
    const { id, token } = created.json();
    const listed = async () =>
      ((await call(admin, 'GET', `/api/displays?locationId=${location.id}`)).json().displays as { id: string }[]).find((d) => d.id === id);
    expect(await listed()).toMatchObject({ name: 'Lobby', locationId: location.id, lastSeenAt: null, online: false });

    // The screen reads its board: seen now.
    expect((await hub.app.inject({ method: 'GET', url: `/api/locations/${location.id}/board`, headers: bearer(token) })).statusCode).toBe(
      200,
    );
    const seen = await listed();
    expect(seen).toMatchObject({ online: true });
    expect(Date.now() - Date.parse((seen as unknown as { lastSeenAt: string }).lastSeenAt)).toBeLessThan(60_000);

    // Silent for two minutes: offline.
    await hub.app.db
      .update(displayDevices)
      .set({ lastSeenAt: new Date(Date.now() - 120_000) })
      .where(eq(displayDevices.id, id));
    expect(await listed()).toMatchObject({ online: false });

    // Revoked: offline, whatever it last did.
    await hub.app.db.update(displayDevices).set({ lastSeenAt: new Date() }).where(eq(displayDevices.id, id));
    expect((await call(admin, 'DELETE', `/api/displays/${id}`)).statusCode).toBe(204);
    expect(await listed()).toMatchObject({ online: false });
  });
});

describe('a location’s day, live', () => {
  it('counts who waits, the average wait of today’s calls, calls per local hour and the doctors running late', async () => {
    const { admin, receptionist, doctor, location } = clinic;
    const doctorId = doctor.doctorId!;
    const empty = await call(admin, 'GET', `/api/locations/${location.id}/today`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ locationId: location.id, waitingNow: 0, averageWaitMinutes: null, doctorsRunningLate: [] });
    expect(empty.json().callsPerHour).toHaveLength(24);

    const visits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: (await patient(hub, false)).patientId });
      expect(res.statusCode, res.body).toBe(201);
      visits.push(res.json().id);
    }
    // The first came in 12 minutes before the doctor called them.
    await hub.app.db
      .update(appointments)
      .set({ checkedInAt: new Date(Date.now() - 12 * 60_000) })
      .where(eq(appointments.id, visits[0]!));
    const called = await call(doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json().id).toBe(visits[0]);
    expect((await call(receptionist, 'PUT', `/api/doctors/${doctorId}/delay`, { minutes: 15 })).statusCode).toBe(200);

    const today = (await call(admin, 'GET', `/api/locations/${location.id}/today`)).json();
    expect(today.waitingNow).toBe(2);
    expect(today.averageWaitMinutes).toBeGreaterThanOrEqual(12);
    expect(today.averageWaitMinutes).toBeLessThan(13);
    const localHour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date()));
    const hours = today.callsPerHour as { hour: number; calls: number }[];
    expect(hours.filter((h) => h.calls > 0)).toEqual([{ hour: localHour, calls: 1 }]);
    expect(today.doctorsRunningLate).toEqual([{ doctorId, name: expect.stringMatching(/^Dr\. /), delayMinutes: 15 }]);
    // The admin's alone.
    expect((await call(receptionist, 'GET', `/api/locations/${location.id}/today`)).statusCode).toBe(403);
  });
});
