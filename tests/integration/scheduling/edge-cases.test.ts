// Edge cases found in review: overbooked visits still occupy their time, queues are today's,
// nobody is a no-show in advance, one patient at a time in the room, holds stay small, weekly
// series keep the visit location's wall time, and retried requests match whatever the key order.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, appointmentTypes, locations, scheduleRules } from '../../../db/schema/index.js';
import { type Actor, bearer, createLocation, doctor, patient } from '../../support/factories.js';
import { at, bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub);
  await hub.app.db.insert(appointmentTypes).values({ key: 'marathon', name: 'Day-long', durationMinutes: 480 });
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
  hub.app.inject({ method, url, headers: { ...bearer(actor.token), ...headers }, ...(payload ? { payload } : {}) });

describe('overbooking', () => {
  it('an overbooked visit still occupies its time for everyone else', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const p = await patient(hub, false);
    const over = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: p.patientId,
      startAt: at(5, '10:00'),
      overbook: { reason: 'Squeeze in' },
    });
    expect(over.statusCode).toBe(201);
    // Nothing was there: it is an ordinary booking, not flagged.
    expect(over.json()).toMatchObject({ overbooked: false, overbookReason: null });
    const slots = (
      await call(
        clinic.patient,
        'GET',
        `/api/doctors/${doctorId}/availability?from=${at(5, '00:00').slice(0, 10)}&to=${at(5, '00:00').slice(0, 10)}`,
      )
    ).json();
    expect(slots.slots.map((s: { startAt: string }) => s.startAt)).not.toContain(at(5, '10:00'));
    const second = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: clinic.patient.patientId,
      startAt: at(5, '10:00'),
      overbook: { reason: 'Urgent' },
    });
    expect(second.json()).toMatchObject({ overbooked: true });
    // Cancel the first: the overbooked one keeps the time; a patient cannot book over it.
    await call(clinic.receptionist, 'POST', `/api/appointments/${over.json().id}/cancel`, { reason: 'Moved' });
    const third = await call(clinic.patient, 'POST', '/api/appointments', { doctorId, startAt: at(5, '10:00') });
    expect(third.statusCode).toBe(409);
  });
});

describe('queue rules', () => {
  it('yesterday’s leftover check-ins are not in today’s queue', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const walk = (
      await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: (await patient(hub, false)).patientId })
    ).json();
    await hub.app.db.update(appointments).set({ ticketDate: '2020-01-01' }).where(eq(appointments.id, walk.id));
    const queue = (await call(clinic.receptionist, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.waiting.map((w: { appointmentId: string }) => w.appointmentId)).not.toContain(walk.id);
  });

  it('call-next refuses while a patient is called or in the room, and no-show waits for the visit time', async () => {
    const doctorId = clinic.doctor.doctorId!;
    for (let i = 0; i < 2; i++)
      await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: (await patient(hub, false)).patientId });
    const first = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(first.statusCode).toBe(200);
    const second = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('DOCTOR_BUSY');
    await call(clinic.doctor, 'POST', `/api/appointments/${first.json().id}/start`);
    await call(clinic.doctor, 'POST', `/api/appointments/${first.json().id}/complete`);
    expect((await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).statusCode).toBe(200);

    const future = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: clinic.patient.patientId,
        startAt: at(6, '11:00'),
      })
    ).json();
    const early = await call(clinic.doctor, 'POST', `/api/appointments/${future.id}/no-show`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('NO_SHOW_TOO_EARLY');
  });
});

describe('holds', () => {
  it('cover at most two hours, and a patient holds one slot at a time', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const p = await patient(hub);
    const big = await call(p, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(7, '08:00'), type: 'marathon' });
    expect(big.statusCode).toBe(400);
    const first = await call(p, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(7, '09:00') });
    const other = await doctor(hub, clinic.location.id);
    await hub.app.db.insert(scheduleRules).values({
      doctorId: other.doctorId!,
      locationId: clinic.location.id,
      weekday: 1,
      startTime: '08:00:00',
      endTime: '18:00:00',
      breaks: [],
    });
    expect(first.statusCode).toBe(201);
    const rival = await patient(hub);
    expect((await call(rival, 'POST', '/api/appointments', { doctorId, startAt: at(7, '09:00') })).statusCode).toBe(409);
    // Holding another slot releases the first one.
    await call(p, 'POST', `/api/doctors/${doctorId}/holds`, { startAt: at(7, '10:00') });
    expect((await call(rival, 'POST', '/api/appointments', { doctorId, startAt: at(7, '09:00') })).statusCode).toBe(201);
  });
});

describe('weekly series across DST at a visited location', () => {
  it('keeps 09:00 in the visit location’s zone, not the doctor’s home zone', async () => {
    const home = await createLocation(hub, 'Europe/Berlin');
    const visited = await createLocation(hub, 'America/New_York');
    const doc = await doctor(hub, home.id);
    await hub.app.inject({
      method: 'PUT',
      url: `/api/doctors/${doc.doctorId}/schedule`,
      headers: bearer(clinic.admin.token),
      payload: { rules: [{ weekday: 1, start: '08:00', end: '12:00', locationId: visited.id }] },
    });
    // Mondays from 1 March 2027 (US clocks change on 14 March, the EU's on 28 March).
    const res = await call(clinic.receptionist, 'POST', '/api/appointments/weekly', {
      doctorId: doc.doctorId,
      patientId: clinic.patient.patientId,
      startAt: '2027-03-01T14:00:00.000Z',
      occurrences: 4,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().appointments.map((a: { startAt: string }) => a.startAt)).toEqual([
      '2027-03-01T14:00:00.000Z',
      '2027-03-08T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-22T13:00:00.000Z',
    ]);
    expect(res.json().appointments.every((a: { locationId: string }) => a.locationId === visited.id)).toBe(true);
    const [loc] = await hub.app.db.select().from(locations).where(eq(locations.id, visited.id));
    expect(loc?.timezone).toBe('America/New_York');
  });
});

describe('Idempotency-Key', () => {
  it('the same fields in another order are the same request', async () => {
    const body1 = { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(8, '10:00') };
    const body2 = { startAt: at(8, '10:00'), patientId: clinic.patient.patientId, doctorId: clinic.doctor.doctorId };
    const first = await call(clinic.receptionist, 'POST', '/api/appointments', body1, { 'idempotency-key': 'order-key-0001' });
    const again = await call(clinic.receptionist, 'POST', '/api/appointments', body2, { 'idempotency-key': 'order-key-0001' });
    expect(first.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
  });
});

describe('doctor creation', () => {
  it('twenty doctors added at once at one location all succeed with distinct ticket letters', async () => {
    const location = await createLocation(hub);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(clinic.admin, 'POST', '/api/doctors', {
          firstName: 'Con',
          lastName: `Current${i}`,
          email: `concurrent${i}@test.example`,
          specialization: 'General Practice',
          licenseNumber: `CON-${i}`,
          locationId: location.id,
          room: String(i),
          consultationMinutes: 15,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 201));
    expect(new Set(results.map((r) => r.json().ticketPrefix)).size).toBe(20);
  });
});

describe('a doctor visiting another location', () => {
  it('queues the visit on the visited location’s board, not on the home board', async () => {
    const { zone, offsetHours } = zoneWhereItIsMorning();
    const home = await createLocation(hub, zone);
    const visited = await createLocation(hub, zone);
    const doc = await doctor(hub, home.id);
    await hub.app.inject({
      method: 'PUT',
      url: `/api/doctors/${doc.doctorId}/schedule`,
      headers: bearer(clinic.admin.token),
      payload: { rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '18:00', locationId: visited.id })) },
    });
    const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: doc.doctorId,
      patientId: clinic.patient.patientId,
      startAt: todayAt(offsetHours, '15:00'),
    });
    expect(booked.json().locationId).toBe(visited.id);
    const { ticket } = (await call(clinic.receptionist, 'POST', `/api/appointments/${booked.json().id}/check-in`)).json();
    const board = async (locationId: string) => (await call(clinic.receptionist, 'GET', `/api/locations/${locationId}/board`)).json();
    const there = (await board(visited.id)).doctors.find((d: { doctorId: string }) => d.doctorId === doc.doctorId);
    expect(there.waiting.map((w: { ticket: string }) => w.ticket)).toEqual([ticket]);
    const atHome = (await board(home.id)).doctors.find((d: { doctorId: string }) => d.doctorId === doc.doctorId);
    expect(atHome.waiting).toEqual([]);
  });
});
