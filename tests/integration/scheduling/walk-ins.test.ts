// Walk-ins and the doctor's day (issue 13): the walk-in load waiting today takes slots off the
// availability that the desk and patients are offered (none today once the queue outlasts the
// working day); a later walk-in never goes ahead of a booked patient already checked in and waiting;
// and a walk-in for a patient who already has a visit with that doctor today is refused with the
// visit named (DUPLICATE_VISIT) unless the desk adds it anyway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, doctor, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
// It is about 10:00 there: the doctor (08:00–18:00, lunch 12:00–13:00) has most of today ahead.
const { zone, offsetHours } = zoneWhereItIsMorning();

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, zone);
  // No cut-off and no booking limits here, so a patient sees today's slots like the desk does.
  const settings = await call(clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, {
    patientChangeCutoffHours: 0,
    patientMaxUpcomingVisitsPerDoctor: 100,
    patientMaxUpcomingVisits: 500,
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** A second doctor at the clinic's location with the same hours, for a queue of its own. */
async function scheduledDoctor() {
  const doc = await doctor(hub, clinic.location.id);
  const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '08:00',
    end: '18:00',
    locationId: clinic.location.id,
    breaks: [{ start: '12:00', end: '13:00' }],
  }));
  expect((await call(clinic.admin, 'PUT', `/api/doctors/${doc.doctorId}/schedule`, { rules })).statusCode).toBe(200);
  return doc;
}

const localDate = (days: number) => new Date(Date.now() + offsetHours * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function slotStarts(actor: Actor, doctorId: string, days = 0): Promise<number[]> {
  const date = localDate(days);
  const res = await call(actor, 'GET', `/api/doctors/${doctorId}/availability?from=${date}&to=${date}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().slots.map((s: { startAt: string }) => Date.parse(s.startAt));
}

const walkIn = (doctorId: string, patientId: string, extra: object = {}) =>
  call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId, ...extra });

describe('walk-ins use up the doctor’s day', () => {
  it('hides today’s slots before the queue’s projected clear time, for the desk and patients; none today once it passes the day’s end', async () => {
    const doc = await scheduledDoctor();
    const doctorId = doc.doctorId!;
    const afternoon = Date.parse(todayAt(offsetHours, '15:00'));
    const before = await slotStarts(clinic.receptionist, doctorId);
    expect(before).toContain(afternoon);
    const firstBefore = Math.min(...before);

    // Six walk-ins of a typical 15 minutes: the next 90 minutes are the queue's.
    for (let i = 0; i < 6; i++) expect((await walkIn(doctorId, (await patient(hub, false)).patientId)).statusCode).toBe(201);
    const clearAt = Date.now() + 6 * 15 * 60_000;
    for (const actor of [clinic.receptionist, clinic.patient]) {
      const starts = await slotStarts(actor, doctorId);
      expect(starts).not.toContain(firstBefore);
      // Nothing that starts before the queue is through (a minute's slack for the test's own run time).
      expect(starts.every((s) => s >= clearAt - 60_000)).toBe(true);
      expect(starts).toContain(afternoon);
    }

    // The doctor runs four hours late and more walk-ins come: the queue now outlasts 18:00.
    expect((await call(clinic.receptionist, 'PUT', `/api/doctors/${doctorId}/delay`, { minutes: 240 })).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await walkIn(doctorId, (await patient(hub, false)).patientId)).statusCode).toBe(201);
    expect(await slotStarts(clinic.receptionist, doctorId)).toEqual([]);
    expect(await slotStarts(clinic.patient, doctorId)).toEqual([]);
    // Tomorrow is untouched.
    expect(await slotStarts(clinic.patient, doctorId, 1)).toContain(Date.parse(todayAt(offsetHours, '15:00')) + 86_400_000);
  });

  it('counts waiting booked patients but works around booked visits still to come', async () => {
    const doc = await scheduledDoctor();
    const doctorId = doc.doctorId!;
    // A booked visit at 13:00 keeps its time; two walk-ins fit in before lunch.
    const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: (await patient(hub, false)).patientId,
      startAt: todayAt(offsetHours, '13:00'),
    });
    expect(booked.statusCode, booked.body).toBe(201);
    for (let i = 0; i < 2; i++) await walkIn(doctorId, (await patient(hub, false)).patientId);
    const starts = await slotStarts(clinic.receptionist, doctorId);
    expect(starts.every((s) => s >= Date.now() + 30 * 60_000 - 60_000)).toBe(true);
    expect(starts).not.toContain(Date.parse(todayAt(offsetHours, '13:00')));
    expect(starts).toContain(Date.parse(todayAt(offsetHours, '13:15')));
  });
});

describe('queue order', () => {
  it('puts a later walk-in after a booked patient already checked in and waiting for their time; urgent still goes first', async () => {
    const doc = await scheduledDoctor();
    const doctorId = doc.doctorId!;
    const booked = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: (await patient(hub, false)).patientId,
        startAt: todayAt(offsetHours, '11:45'),
      })
    ).json();
    const checkedIn = (await call(clinic.receptionist, 'POST', `/api/appointments/${booked.id}/check-in`)).json();
    const later = (await walkIn(doctorId, (await patient(hub, false)).patientId)).json();
    const urgent = (await walkIn(doctorId, (await patient(hub, false)).patientId, { priority: 'urgent' })).json();
    const queue = (await call(doc, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.waiting.map((w: { ticket: string }) => w.ticket)).toEqual([urgent.ticket, checkedIn.ticket, later.ticket]);
    // Call-next follows the same order.
    expect((await call(doc, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).json().id).toBe(urgent.id);
    await call(doc, 'POST', `/api/appointments/${urgent.id}/start`);
    await call(doc, 'POST', `/api/appointments/${urgent.id}/complete`);
    expect((await call(doc, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).json().id).toBe(booked.id);
  });
});

describe('a walk-in for a patient who already has a visit with the doctor today', () => {
  it('is refused with the visit named, unless the desk adds it anyway', async () => {
    const doc = await scheduledDoctor();
    const doctorId = doc.doctorId!;
    const p = await patient(hub, false);
    const booked = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: p.patientId,
        startAt: todayAt(offsetHours, '16:30'),
      })
    ).json();
    const refused = await walkIn(doctorId, p.patientId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'DUPLICATE_VISIT',
      details: { appointmentId: booked.id, startAt: booked.startAt, status: 'scheduled', ticket: null },
      appointmentId: booked.id,
      startAt: booked.startAt,
    });
    expect(refused.json().message).toContain('16:30');
    // Nothing was queued.
    expect((await call(doc, 'GET', `/api/doctors/${doctorId}/queue`)).json().waiting).toEqual([]);

    // With another doctor, or with this doctor on another day, there is nothing to warn about.
    const other = await scheduledDoctor();
    const elsewhere = await walkIn(other.doctorId!, p.patientId);
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const q = await patient(hub, false);
    const inThreeDays = new Date(Date.parse(todayAt(offsetHours, '10:00')) + 3 * 86_400_000).toISOString();
    const later = await call(clinic.receptionist, 'POST', '/api/appointments', { doctorId, patientId: q.patientId, startAt: inThreeDays });
    expect(later.statusCode, later.body).toBe(201);
    expect((await walkIn(doctorId, q.patientId)).statusCode).toBe(201);

    // The desk adds it anyway.
    const anyway = await walkIn(doctorId, p.patientId, { allowDuplicate: true });
    expect(anyway.statusCode, anyway.body).toBe(201);
    expect(anyway.json()).toMatchObject({ walkIn: true, status: 'checked_in' });
    // A third try names the earliest visit that day: the walk-in now in the queue, with its ticket.
    const third = await walkIn(doctorId, p.patientId);
    expect(third.json()).toMatchObject({
      code: 'DUPLICATE_VISIT',
      details: { appointmentId: anyway.json().id, status: 'checked_in', ticket: anyway.json().ticket },
    });
    expect(third.json().message).toContain(anyway.json().ticket);
    // A wrong type for allowDuplicate is a 400.
    expect((await walkIn(doctorId, p.patientId, { allowDuplicate: 'yes' })).statusCode).toBe(400);
  });
});
