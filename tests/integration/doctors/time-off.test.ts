// Editing a doctor's time off (issue 19): before saving, the console asks which booked visits the
// new range falls on; saving keeps them booked (nobody's visit is cancelled behind their back) and
// only new bookings in the range are refused. A removed time off is bookable again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

describe('a time-off edit', () => {
  it('lists the affected visits before saving and keeps them booked after', async () => {
    const { admin, receptionist } = clinic;
    const doctorId = clinic.doctor.doctorId!;
    const book = async (startAt: string) => {
      const res = await call(receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: (await patient(hub, false)).patientId,
        startAt,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; patientId: string };
    };
    const [early, late, nextDay] = [await book(at(3, '09:00')), await book(at(3, '15:00')), await book(at(4, '09:00'))];
    const cancelled = await book(at(3, '16:00'));
    expect((await call(receptionist, 'POST', `/api/appointments/${cancelled.id}/cancel`, {})).statusCode).toBe(200);

    // A morning off on day 3, over the 09:00 visit.
    const created = await call(admin, 'POST', `/api/doctors/${doctorId}/unavailability`, {
      startAt: at(3, '08:00'),
      endAt: at(3, '12:00'),
      reason: 'Training',
    });
    expect(created.statusCode, created.body).toBe(201);
    const timeOffId = created.json().id;

    // Stretching it to the whole day: which visits fall on it? Not the cancelled one, not the next day's.
    const asked = await call(admin, 'POST', `/api/doctors/${doctorId}/unavailability/affected`, {
      startAt: at(3, '08:00'),
      endAt: at(3, '18:00'),
      excludeId: timeOffId,
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().visits).toEqual([
      expect.objectContaining({ id: early.id, startAt: at(3, '09:00'), status: 'scheduled', alreadyAffected: true }),
      expect.objectContaining({ id: late.id, startAt: at(3, '15:00'), status: 'scheduled', alreadyAffected: false }),
    ]);
    expect(asked.json().visits[0].patientName).toMatch(/^Paula Patient/);

    const saved = await call(admin, 'PATCH', `/api/unavailability/${timeOffId}`, { endAt: at(3, '18:00'), reason: null });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ id: timeOffId, startAt: at(3, '08:00'), endAt: at(3, '18:00'), reason: null });

    // Both visits are still booked; the day has no free slot left; the next day is untouched.
    for (const visit of [early, late, nextDay]) {
      expect((await call(receptionist, 'GET', `/api/appointments/${visit.id}`)).json().status).toBe('scheduled');
    }
    const day = at(3, '00:00').slice(0, 10);
    const slots = async () =>
      (await call(receptionist, 'GET', `/api/doctors/${doctorId}/availability?from=${day}&to=${day}`)).json().slots as unknown[];
    expect(await slots()).toEqual([]);
    const refused = await call(receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: clinic.patient.patientId,
      startAt: at(3, '10:00'),
    });
    expect(refused.json().code).toBe('SLOT_UNAVAILABLE');

    // An edit that would run backwards changes nothing.
    const backwards = await call(admin, 'PATCH', `/api/unavailability/${timeOffId}`, { startAt: at(3, '19:00') });
    expect(backwards.statusCode).toBe(400);
    const listed = await call(admin, 'GET', `/api/doctors/${doctorId}/unavailability`);
    expect(listed.json().unavailability).toContainEqual(expect.objectContaining({ id: timeOffId, endAt: at(3, '18:00') }));

    // Removed: the day is bookable again, the visits still there.
    expect((await call(admin, 'DELETE', `/api/unavailability/${timeOffId}`)).statusCode).toBe(204);
    expect((await slots()).length).toBeGreaterThan(0);
    expect((await call(admin, 'DELETE', `/api/unavailability/${timeOffId}`)).statusCode).toBe(404);
    expect((await call(receptionist, 'GET', `/api/appointments/${early.id}`)).json().status).toBe('scheduled');
  });

  it('refuses another doctor’s time off as excludeId (404) and a range that runs backwards (400)', async () => {
    const { admin } = clinic;
    const mine = await call(admin, 'POST', `/api/doctors/${clinic.doctor.doctorId}/unavailability`, {
      startAt: at(9, '08:00'),
      endAt: at(9, '09:00'),
    });
    const { doctor: secondDoctor } = await bookableClinic(hub);
    const foreign = await call(admin, 'POST', `/api/doctors/${secondDoctor.doctorId}/unavailability/affected`, {
      startAt: at(9, '08:00'),
      endAt: at(9, '10:00'),
      excludeId: mine.json().id,
    });
    expect(foreign.statusCode).toBe(404);
    const backwards = await call(admin, 'POST', `/api/doctors/${clinic.doctor.doctorId}/unavailability/affected`, {
      startAt: at(9, '10:00'),
      endAt: at(9, '08:00'),
    });
    expect(backwards.statusCode).toBe(400);
  });
});
