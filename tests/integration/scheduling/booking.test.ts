// What booking offers beyond one visit: availability (across DST too), idempotent retries,
// five-minute holds, weekly series with every conflict reported, deliberate overbooking,
// rescheduling with a link to the old visit, and the patients' cut-off.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, appointmentTypes } from '../../../db/schema/index.js';
import { type Actor, bearer, createLocation, doctor, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  await hub.app.db.insert(appointmentTypes).values({ key: 'first-visit', name: 'First visit', durationMinutes: 30 });
  // This file is about booking itself; the patients' booking limits have visit-limits.test.ts.
  const limits = await call(clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, {
    patientMaxUpcomingVisitsPerDoctor: 100,
    patientMaxUpcomingVisits: 500,
  });
  expect(limits.statusCode, limits.body).toBe(200);
});
afterAll(() => hub.close());

const call = (
  actor: Actor,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) => hub.app.inject({ method, url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });
const day = (days: number) => at(days, '00:00').slice(0, 10);
const startsOf = (res: { json(): { slots: { startAt: string }[] } }) => res.json().slots.map((s) => s.startAt);

describe('availability', () => {
  it('lists free slots on the grid, without lunch, booked time, time off or other patients’ holds', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const url = `/api/doctors/${doctorId}/availability?from=${day(20)}&to=${day(20)}`;
    const before = startsOf(await call(clinic.patient, 'GET', url));
    expect(before).toHaveLength(36); // 08:00-12:00 and 13:00-18:00 every 15 minutes
    expect(before).not.toContain(at(20, '12:00'));
    await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: clinic.patient.patientId,
      startAt: at(20, '09:00'),
      type: 'first-visit',
    });
    await call(clinic.admin, 'POST', `/api/doctors/${doctorId}/unavailability`, {
      startAt: at(20, '16:00'),
      endAt: at(20, '18:00'),
      reason: 'Training',
    });
    const other = await patient(hub);
    const hold = await call(other, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(20, '14:00') });
    expect(hold.statusCode).toBe(201);
    const after = startsOf(await call(clinic.patient, 'GET', url));
    expect(after).toHaveLength(36 - 2 - 8 - 1);
    expect(after).not.toContain(at(20, '09:15')); // inside the 30-minute first visit
    expect(after).not.toContain(at(20, '14:00')); // held by someone else
    // The holder still sees their held slot.
    expect(startsOf(await call(other, 'GET', url))).toContain(at(20, '14:00'));
    // A 30-minute type needs two free quarters: 08:45 would run into the 09:00 visit.
    const long = startsOf(await call(clinic.patient, 'GET', `${url}&type=first-visit`));
    expect(long).toContain(at(20, '08:30'));
    expect(long).not.toContain(at(20, '08:45'));
  });

  it('on the DST change days of Europe/Berlin and America/New_York, 09:00-17:00 local is 8 hours at the right instants', async () => {
    const cases = [
      { zone: 'Europe/Berlin', date: '2026-03-29', first: '2026-03-29T07:00:00.000Z', last: '2026-03-29T14:45:00.000Z' },
      { zone: 'Europe/Berlin', date: '2026-10-25', first: '2026-10-25T08:00:00.000Z', last: '2026-10-25T15:45:00.000Z' },
      { zone: 'America/New_York', date: '2026-03-08', first: '2026-03-08T13:00:00.000Z', last: '2026-03-08T20:45:00.000Z' },
      { zone: 'America/New_York', date: '2026-11-01', first: '2026-11-01T14:00:00.000Z', last: '2026-11-01T21:45:00.000Z' },
    ];
    for (const c of cases) {
      const location = await createLocation(hub, c.zone);
      const doc = await doctor(hub, location.id);
      await call(clinic.admin, 'PUT', `/api/doctors/${doc.doctorId}/schedule`, {
        rules: [{ weekday: 7, start: '09:00', end: '17:00', locationId: location.id }],
      });
      // These Sundays are in the past for this suite's clock: ask as of a time before them.
      const { availability } = await import('../../../server/modules/scheduling/availability.js');
      const result = await availability(
        hub.app.db,
        { kind: 'user', userId: 'x', role: 'admin', email: '', firstName: '', lastName: '', patientId: null, doctorId: null },
        doc.doctorId!,
        { from: c.date, to: c.date },
        new Date('2026-01-01T00:00:00Z'),
      );
      const starts = result.slots.map((s) => s.startAt);
      expect(starts, `${c.zone} ${c.date}`).toHaveLength(32);
      expect(starts[0]).toBe(c.first);
      expect(starts[31]).toBe(c.last);
    }
  });
});

describe('Idempotency-Key', () => {
  it('a retried booking returns the first answer and books nothing more', async () => {
    const body = { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(21, '10:00') };
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await call(clinic.receptionist, 'POST', '/api/appointments', body, headers);
    const again = await call(clinic.receptionist, 'POST', '/api/appointments', body, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await hub.app.db
      .select()
      .from(appointments)
      .where(eq(appointments.startAt, new Date(at(21, '10:00'))));
    expect(rows).toHaveLength(1);
  });

  it('concurrent retries with one key create one visit and get the same answer', async () => {
    const body = { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(21, '11:00') };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(clinic.receptionist, 'POST', '/api/appointments', body, { 'idempotency-key': 'retry-key-0002' }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
  });
});

describe('holds', () => {
  it('keep a slot from others for five minutes; the holder books it', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const [holder, rival] = await Promise.all([patient(hub), patient(hub)]);
    const hold = await call(holder, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(22, '10:00') });
    expect(hold.statusCode).toBe(201);
    const minutes = (Date.parse(hold.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
    const stolen = await call(rival, 'POST', '/api/appointments', { doctorId, startAt: at(22, '10:00') });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().code).toBe('SLOT_UNAVAILABLE');
    const mine = await call(holder, 'POST', '/api/appointments', { doctorId, startAt: at(22, '10:00') });
    expect(mine.statusCode).toBe(201);
  });

  it('an expired hold blocks nobody', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const [holder, other] = await Promise.all([patient(hub), patient(hub)]);
    const hold = (await call(holder, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(22, '11:00') })).json();
    const { slotHolds } = await import('../../../db/schema/index.js');
    await hub.app.db
      .update(slotHolds)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(slotHolds.id, hold.id));
    expect((await call(other, 'POST', '/api/appointments', { doctorId, startAt: at(22, '11:00') })).statusCode).toBe(201);
  });
});

describe('weekly series', () => {
  it('books 4 weeks at the same time, or nothing with every conflict listed', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const p = await patient(hub);
    // Week 3 of the second series is taken.
    await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: clinic.patient.patientId,
      startAt: at(30 + 14, '15:00'),
    });
    const clash = await call(p, 'POST', '/api/appointments/weekly', { doctorId, startAt: at(30, '15:00'), occurrences: 4 });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().conflicts).toEqual([{ startAt: at(44, '15:00'), code: 'SLOT_UNAVAILABLE', message: expect.any(String) }]);
    const none = await hub.app.db.select().from(appointments).where(eq(appointments.patientId, p.patientId));
    expect(none).toHaveLength(0);
    const ok = await call(p, 'POST', '/api/appointments/weekly', { doctorId, startAt: at(30, '16:00'), occurrences: 4 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().appointments.map((a: { startAt: string }) => a.startAt)).toEqual([30, 37, 44, 51].map((d) => at(d, '16:00')));
  });
});

describe('overbooking', () => {
  it('staff may book over a visit with a reason, recorded and shown', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const p = await patient(hub, false);
    await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: clinic.patient.patientId,
      startAt: at(23, '10:00'),
    });
    const plain = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: p.patientId,
      startAt: at(23, '10:00'),
    });
    expect(plain.statusCode).toBe(409);
    const over = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: p.patientId,
      startAt: at(23, '10:00'),
      overbook: { reason: 'Post-op check, doctor agreed' },
    });
    expect(over.statusCode).toBe(201);
    expect(over.json()).toMatchObject({
      overbooked: true,
      overbookReason: 'Post-op check, doctor agreed',
      createdBy: clinic.receptionist.userId,
    });
  });
});

describe('rescheduling and the cut-off', () => {
  it('moves a visit: the old one is cancelled as rescheduled, the new one links back', async () => {
    const v = (
      await call(clinic.patient, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: at(24, '10:00') })
    ).json();
    const moved = await call(clinic.patient, 'POST', `/api/appointments/${v.id}/reschedule`, { startAt: at(24, '11:00') });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ startAt: at(24, '11:00'), status: 'scheduled', rescheduledFromId: v.id });
    // The patient's booking reference follows the visit (issue 13); the replaced row gets another.
    expect(moved.json().bookingReference).toBe(v.bookingReference);
    const old = (await call(clinic.patient, 'GET', `/api/appointments/${v.id}`)).json();
    expect(old).toMatchObject({ status: 'cancelled', cancelReason: 'Rescheduled' });
    expect(old.bookingReference).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{4}$/);
    expect(old.bookingReference).not.toBe(v.bookingReference);
    // Moved again by the desk: still the same reference.
    const again = await call(clinic.receptionist, 'POST', `/api/appointments/${moved.json().id}/reschedule`, { startAt: at(24, '11:30') });
    expect(again.json()).toMatchObject({ startAt: at(24, '11:30'), bookingReference: v.bookingReference });
    // The old time is free again.
    expect(
      (
        await call(clinic.receptionist, 'POST', '/api/appointments', {
          doctorId: clinic.doctor.doctorId,
          patientId: clinic.patient.patientId,
          startAt: at(24, '10:00'),
        })
      ).statusCode,
    ).toBe(201);
  });

  it('patients cannot cancel or move inside the cut-off; staff can', async () => {
    await call(clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, { patientChangeCutoffHours: 24 * 14 });
    const v = (
      await call(clinic.patient, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: at(3, '17:00') })
    ).json();
    // Booked a while ago: the grace for undoing a mis-tap (cutoff.test.ts) is over.
    await hub.app.db
      .update(appointments)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(appointments.id, v.id));
    const cancel = await call(clinic.patient, 'POST', `/api/appointments/${v.id}/cancel`, { reason: 'Busy' });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json()).toMatchObject({ code: 'CHANGE_CUTOFF_PASSED', cutoffHours: 336 });
    const move = await call(clinic.patient, 'POST', `/api/appointments/${v.id}/reschedule`, { startAt: at(3, '17:15') });
    expect(move.json().code).toBe('CHANGE_CUTOFF_PASSED');
    const staff = await call(clinic.receptionist, 'POST', `/api/appointments/${v.id}/cancel`, { reason: 'Patient phoned' });
    expect(staff.json()).toMatchObject({ status: 'cancelled' });
    await call(clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, { patientChangeCutoffHours: 24 });
  });
});

describe('listing', () => {
  it('filters by date, status and doctor, and pages', async () => {
    const list = await call(
      clinic.receptionist,
      'GET',
      `/api/appointments?doctorId=${clinic.doctor.doctorId}&date=${day(30)}&status=scheduled&limit=1`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expect(list.json().appointments[0].startAt).toBe(at(30, '16:00'));
    const mine = (await call(clinic.patient, 'GET', '/api/appointments')).json();
    expect(mine.appointments.every((a: { patientId: string }) => a.patientId === clinic.patient.patientId)).toBe(true);
  });
});
