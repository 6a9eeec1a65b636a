// Patients' booking limits (issue 12): a patient booking for themself may have at most the
// location's patientMaxUpcomingVisitsPerDoctor upcoming visits with one doctor (2 by default) and
// patientMaxUpcomingVisits in all there (6), and book a weekly series of at most
// patientMaxSeriesWeeks (4); beyond them 409 VISIT_LIMIT_REACHED and nothing is written, under
// concurrency too. Staff may book past the limits, and their bookings count for the patient.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, slotHolds } from '../../../db/schema/index.js';
import { type Actor, bearer, createLocation, doctor, patient } from '../../support/factories.js';
import { at, bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let base: string;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  base = await listenOnLoopback(hub.app);
});
afterAll(() => hub.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const call = (actor: Actor, method: Method, url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** Doctors working every day 08:00-18:00 (lunch 12-13) at the location, or at `elsewhere` on one weekday. */
async function doctorsAt(locationId: string, n: number, elsewhere?: { weekday: number; locationId: string }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = await doctor(hub, locationId);
    const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '08:00',
      end: '18:00',
      locationId: weekday === elsewhere?.weekday ? elsewhere.locationId : locationId,
      breaks: [{ start: '12:00', end: '13:00' }],
    }));
    const res = await call(clinic.admin, 'PUT', `/api/doctors/${d.doctorId}/schedule`, { rules });
    expect(res.statusCode, res.body).toBe(200);
    ids.push(d.doctorId!);
  }
  return ids;
}

/** A fresh location (so each test has its own limits) with `n` doctors. */
async function site(n: number, limits: Record<string, number> = {}) {
  const location = await createLocation(hub, 'UTC');
  if (Object.keys(limits).length) {
    const res = await call(clinic.admin, 'PATCH', `/api/locations/${location.id}`, limits);
    expect(res.statusCode, res.body).toBe(200);
  }
  return { locationId: location.id, doctors: await doctorsAt(location.id, n) };
}

const bookSelf = (p: Actor, doctorId: string, startAt: string) => call(p, 'POST', '/api/appointments', { doctorId, startAt });
const visitsOf = (patientId: string) => hub.app.db.select().from(appointments).where(eq(appointments.patientId, patientId));

describe('the limits are location settings', () => {
  it('2 with one doctor, 6 in all and 4-week series by default; an admin changes them, nobody else', async () => {
    const location = await createLocation(hub, 'UTC');
    const read = await call(clinic.receptionist, 'GET', `/api/locations/${location.id}`);
    expect(read.json()).toMatchObject({ patientMaxUpcomingVisitsPerDoctor: 2, patientMaxUpcomingVisits: 6, patientMaxSeriesWeeks: 4 });
    const changed = await call(clinic.admin, 'PATCH', `/api/locations/${location.id}`, {
      patientMaxUpcomingVisitsPerDoctor: 3,
      patientMaxUpcomingVisits: 10,
      patientMaxSeriesWeeks: 0,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ patientMaxUpcomingVisitsPerDoctor: 3, patientMaxUpcomingVisits: 10, patientMaxSeriesWeeks: 0 });
    const list = (await call(clinic.patient, 'GET', '/api/locations')).json();
    expect(list.locations.find((l: { id: string }) => l.id === location.id)).toMatchObject({ patientMaxUpcomingVisits: 10 });
    expect((await call(clinic.receptionist, 'PATCH', `/api/locations/${location.id}`, { patientMaxUpcomingVisits: 99 })).statusCode).toBe(
      403,
    );
    for (const bad of [
      { patientMaxUpcomingVisitsPerDoctor: -1 },
      { patientMaxUpcomingVisits: 1.5 },
      { patientMaxUpcomingVisits: '6' },
      { patientMaxSeriesWeeks: 13 },
      { patientMaxUpcomingVisitsPerDoctor: 101 },
    ]) {
      const res = await call(clinic.admin, 'PATCH', `/api/locations/${location.id}`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await call(clinic.admin, 'GET', `/api/locations/${location.id}`)).json()).toMatchObject({
      patientMaxUpcomingVisitsPerDoctor: 3,
      patientMaxUpcomingVisits: 10,
      patientMaxSeriesWeeks: 0,
    });
  });
});

describe('a patient booking for themself', () => {
  it('books 2 upcoming visits with one doctor, not a third; a cancelled one frees its place', async () => {
    const { doctors } = await site(2);
    const [a, b] = doctors as [string, string];
    const p = await patient(hub);
    expect((await bookSelf(p, a, at(3, '09:00'))).statusCode).toBe(201);
    const second = await bookSelf(p, a, at(4, '09:00'));
    expect(second.statusCode).toBe(201);
    const third = await bookSelf(p, a, at(5, '09:00'));
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisitsPerDoctor', max: 2 });
    expect(await visitsOf(p.patientId)).toHaveLength(2);
    // Another doctor is another count.
    expect((await bookSelf(p, b, at(5, '09:00'))).statusCode).toBe(201);
    // A cancelled visit takes no place.
    const cancel = await call(p, 'POST', `/api/appointments/${second.json().id}/cancel`, { reason: 'Plans changed' });
    expect(cancel.json().status).toBe('cancelled');
    expect((await bookSelf(p, a, at(5, '09:00'))).statusCode).toBe(201);
  });

  it('counts booked visits not yet attended: one checked in for today no longer does', async () => {
    const { zone, offsetHours } = zoneWhereItIsMorning();
    const morning = await bookableClinic(hub, zone);
    const p = morning.patient;
    const doctorId = morning.doctor.doctorId!;
    const today = await bookSelf(p, doctorId, todayAt(offsetHours, '15:00'));
    expect(today.statusCode, today.body).toBe(201);
    const tomorrow = new Date(Date.parse(todayAt(offsetHours, '15:00')) + 86_400_000).toISOString();
    expect((await bookSelf(p, doctorId, tomorrow)).statusCode).toBe(201);
    const dayAfter = new Date(Date.parse(tomorrow) + 86_400_000).toISOString();
    expect((await bookSelf(p, doctorId, dayAfter)).json().code).toBe('VISIT_LIMIT_REACHED');
    const checkIn = await call(morning.receptionist, 'POST', `/api/appointments/${today.json().id}/check-in`);
    expect(checkIn.json().status).toBe('checked_in');
    expect((await bookSelf(p, doctorId, dayAfter)).statusCode).toBe(201);
  });

  it('has at most the location’s upcoming visits in all, with any doctors', async () => {
    const { doctors } = await site(3, { patientMaxUpcomingVisits: 3 });
    const [a, b, c] = doctors as [string, string, string];
    const p = await patient(hub);
    for (const [doctorId, startAt] of [
      [a, at(3, '09:00')],
      [a, at(4, '09:00')],
      [b, at(3, '10:00')],
    ] as const) {
      expect((await bookSelf(p, doctorId, startAt)).statusCode).toBe(201);
    }
    const fourth = await bookSelf(p, c, at(3, '11:00'));
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisits', max: 3 });
    expect(await visitsOf(p.patientId)).toHaveLength(3);
  });

  it('cannot hold a slot at a limit, and holds one slot at a time', async () => {
    const { doctors } = await site(2);
    const [a, b] = doctors as [string, string];
    const p = await patient(hub);
    const first = await call(p, 'POST', `/api/doctors/${a}/holds`, { startAt: at(3, '09:00') });
    expect(first.statusCode).toBe(201);
    const second = await call(p, 'POST', `/api/doctors/${b}/holds`, { startAt: at(3, '09:00') });
    expect(second.statusCode).toBe(201);
    const held = await hub.app.db.select().from(slotHolds).where(eq(slotHolds.patientId, p.patientId));
    expect(held.map((h) => h.id)).toEqual([second.json().id]);
    await bookSelf(p, a, at(4, '09:00'));
    await bookSelf(p, a, at(5, '09:00'));
    const atLimit = await call(p, 'POST', `/api/doctors/${a}/holds`, { startAt: at(6, '09:00') });
    expect(atLimit.statusCode).toBe(409);
    expect(atLimit.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisitsPerDoctor' });
  });

  it('moves a visit to another of the doctor’s locations only within that location’s limits', async () => {
    const home = await createLocation(hub, 'UTC');
    const away = await createLocation(hub, 'UTC');
    const awayDay = new Date(at(11, '09:00'));
    const weekday = awayDay.getUTCDay() || 7;
    const [d] = (await doctorsAt(home.id, 1, { weekday, locationId: away.id })) as [string];
    const p = await patient(hub);
    const visit = await bookSelf(p, d, at(3, '09:00'));
    expect(visit.json().locationId).toBe(home.id);
    await call(clinic.admin, 'PATCH', `/api/locations/${away.id}`, { patientMaxUpcomingVisits: 0 });
    const move = await call(p, 'POST', `/api/appointments/${visit.json().id}/reschedule`, { startAt: at(11, '09:00') });
    expect(move.statusCode).toBe(409);
    expect(move.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisits', max: 0 });
    expect((await visitsOf(p.patientId)).map((v) => v.status)).toEqual(['scheduled']);
    // Within one location a move adds nothing, even at the limit (days 5 and 6 are not the away weekday).
    expect((await bookSelf(p, d, at(5, '09:00'))).statusCode).toBe(201);
    const sameSite = await call(p, 'POST', `/api/appointments/${visit.json().id}/reschedule`, { startAt: at(6, '09:00') });
    expect(sameSite.statusCode, sameSite.body).toBe(200);
  });
});

describe('staff booking on a patient’s behalf', () => {
  it('may go past the limits, and those visits count against the patient’s own bookings', async () => {
    const { doctors } = await site(2);
    const [a, b] = doctors as [string, string];
    const p = await patient(hub);
    for (const day of [3, 4, 5]) {
      const res = await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId: a,
        patientId: p.patientId,
        startAt: at(day, '09:00'),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const own = await bookSelf(p, a, at(6, '09:00'));
    expect(own.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisitsPerDoctor' });
    expect((await bookSelf(p, b, at(6, '09:00'))).statusCode).toBe(201);
    const series = await call(clinic.receptionist, 'POST', '/api/appointments/weekly', {
      doctorId: b,
      patientId: p.patientId,
      startAt: at(7, '10:00'),
      occurrences: 12,
    });
    expect(series.statusCode, series.body).toBe(201);
    expect(await visitsOf(p.patientId)).toHaveLength(3 + 1 + 12);
  });
});

describe('weekly series', () => {
  it('a patient’s series over a limit is refused whole and writes nothing', async () => {
    const { doctors } = await site(1);
    const [a] = doctors as [string];
    const p = await patient(hub);
    const series = (occurrences: number, startAt = at(3, '09:00')) =>
      call(p, 'POST', '/api/appointments/weekly', { doctorId: a, startAt, occurrences });

    const tooLong = await series(5);
    expect(tooLong.statusCode).toBe(409);
    expect(tooLong.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxSeriesWeeks', max: 4 });
    // 3 weeks is a series the location allows, but 3 visits with one doctor are more than 2.
    const tooMany = await series(3);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisitsPerDoctor', max: 2 });
    expect(await visitsOf(p.patientId)).toHaveLength(0);

    expect((await bookSelf(p, a, at(2, '09:00'))).statusCode).toBe(201);
    // One visit already booked: two more weeks would make three.
    expect((await series(2)).json()).toMatchObject({ code: 'VISIT_LIMIT_REACHED', limit: 'patientMaxUpcomingVisitsPerDoctor' });
    expect(await visitsOf(p.patientId)).toHaveLength(1);
    const other = await patient(hub);
    const ok = await call(other, 'POST', '/api/appointments/weekly', { doctorId: a, startAt: at(3, '11:00'), occurrences: 2 });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().appointments).toHaveLength(2);
  });
});

describe('under concurrency', () => {
  const post = (p: Actor, url: string, body: object) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { ...bearer(p.token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('10 concurrent self-bookings with one doctor: exactly 2 succeed', async () => {
    const { doctors } = await site(1);
    const [a] = doctors as [string];
    const p = await patient(hub);
    const starts = Array.from({ length: 10 }, (_, i) => at(3 + (i % 5), i < 5 ? '09:00' : '14:00'));
    const responses = await Promise.all(starts.map((startAt) => post(p, '/api/appointments', { doctorId: a, startAt })));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { code?: string }[];
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
    expect(bodies.filter((b) => b.code === 'VISIT_LIMIT_REACHED')).toHaveLength(8);
    expect(await visitsOf(p.patientId)).toHaveLength(2);
  });

  it('10 concurrent self-bookings over 5 doctors: exactly the limit in all succeed (the patient’s lock)', async () => {
    for (let round = 0; round < 3; round++) {
      const { doctors } = await site(5, { patientMaxUpcomingVisits: 3 });
      const p = await patient(hub);
      const requests = doctors.flatMap((doctorId) => [at(3, '09:00'), at(4, '09:00')].map((startAt) => ({ doctorId, startAt })));
      const responses = await Promise.all(requests.map((body) => post(p, '/api/appointments', body)));
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as { code?: string; limit?: string }[];
      expect(responses.filter((r) => r.status === 201)).toHaveLength(3);
      expect(bodies.filter((b) => b.code === 'VISIT_LIMIT_REACHED')).toHaveLength(7);
      expect(await visitsOf(p.patientId)).toHaveLength(3);
    }
  });

  it('a patient asking for holds with several doctors at once ends up holding one slot', async () => {
    const { doctors } = await site(5);
    const p = await patient(hub);
    const responses = await Promise.all(doctors.map((doctorId) => post(p, `/api/doctors/${doctorId}/holds`, { startAt: at(3, '09:00') })));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const held = await hub.app.db.select().from(slotHolds).where(eq(slotHolds.patientId, p.patientId));
    expect(held).toHaveLength(1);
  });
});
