// What a patient may change online and when a visit may be given up on (issue 13): a patient's
// availability leaves out slots inside the location's cut-off (the desk still sees them); the
// patient who booked a visit may cancel it within PATIENT_CANCEL_GRACE_MINUTES even inside the
// cut-off (a mis-tap undone), not later and not a visit the desk booked; and a called visit may be
// marked a no-show NO_SHOW_AFTER_CALL after the call whatever its start time, with allowedFrom before.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../../db/schema/index.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const { zone, offsetHours } = zoneWhereItIsMorning();
const DAY = 86_400_000;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, zone);
  const settings = await call(clinic.admin, 'PATCH', `/api/locations/${clinic.location.id}`, {
    patientChangeCutoffHours: 48,
    patientMaxUpcomingVisitsPerDoctor: 100,
    patientMaxUpcomingVisits: 500,
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const localDate = (days: number) => new Date(Date.now() + offsetHours * 3_600_000 + days * DAY).toISOString().slice(0, 10);
const inDays = (days: number, hhmm: string) => new Date(Date.parse(todayAt(offsetHours, hhmm)) + days * DAY).toISOString();

async function starts(actor: Actor, fromDays: number, toDays: number): Promise<string[]> {
  const res = await call(
    actor,
    'GET',
    `/api/doctors/${clinic.doctor.doctorId}/availability?from=${localDate(fromDays)}&to=${localDate(toDays)}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().slots.map((s: { startAt: string }) => s.startAt);
}

describe('a patient’s availability', () => {
  it('leaves out the slots inside the location’s cut-off; the desk still sees them', async () => {
    const mine = await starts(clinic.patient, 0, 3);
    const desk = await starts(clinic.receptionist, 0, 3);
    const cutoff = Date.now() + 48 * 3_600_000;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s) => Date.parse(s) >= cutoff)).toBe(true);
    expect(mine).toContain(inDays(3, '10:00'));
    expect(desk).toContain(inDays(1, '10:00'));
    expect(mine).not.toContain(inDays(1, '10:00'));
    expect(desk.filter((s) => Date.parse(s) < cutoff).length).toBeGreaterThan(10);
  });
});

describe('cancelling a mis-tap', () => {
  it('lets the patient who booked cancel within the grace even inside the cut-off; not later, not the desk’s booking', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const p = await patient(hub);
    // Booked online for tomorrow (inside the 48-hour cut-off), by mistake.
    const v = (await call(p, 'POST', '/api/appointments', { doctorId, startAt: inDays(1, '09:00') })).json();
    expect(Date.parse(v.cancelGraceEndsAt) - Date.parse(v.createdAt)).toBe(10 * 60_000);
    const undo = await call(p, 'POST', `/api/appointments/${v.id}/cancel`, { reason: 'Wrong day' });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Wrong day' });

    // Booked eleven minutes ago: the grace is over, the cut-off applies.
    const w = (await call(p, 'POST', '/api/appointments', { doctorId, startAt: inDays(1, '09:15') })).json();
    await hub.app.db
      .update(appointments)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(appointments.id, w.id));
    const late = await call(p, 'POST', `/api/appointments/${w.id}/cancel`);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CHANGE_CUTOFF_PASSED', cutoffHours: 48 });
    // Within the grace a move is still held to the cut-off: the grace undoes a booking, nothing more.
    const x = (await call(p, 'POST', '/api/appointments', { doctorId, startAt: inDays(1, '09:30') })).json();
    expect((await call(p, 'POST', `/api/appointments/${x.id}/reschedule`, { startAt: inDays(1, '09:45') })).json().code).toBe(
      'CHANGE_CUTOFF_PASSED',
    );

    // Booked by the desk a minute ago: the patient did not tap anything, the cut-off applies.
    const desk = (
      await call(clinic.receptionist, 'POST', '/api/appointments', { doctorId, patientId: p.patientId, startAt: inDays(1, '10:00') })
    ).json();
    expect((await call(p, 'POST', `/api/appointments/${desk.id}/cancel`)).json().code).toBe('CHANGE_CUTOFF_PASSED');

    // Booked a minute ago for later today and already checked in: queued is not a mis-tap to undo
    // (nor a way out of a no-show), so the cut-off applies.
    const q = (await call(p, 'POST', '/api/appointments', { doctorId, startAt: inDays(0, '16:30') })).json();
    expect((await call(clinic.receptionist, 'POST', `/api/appointments/${q.id}/check-in`)).statusCode).toBe(200);
    expect((await call(p, 'POST', `/api/appointments/${q.id}/cancel`)).json().code).toBe('CHANGE_CUTOFF_PASSED');
  });
});

describe('no-show after a call', () => {
  it('is refused until NO_SHOW_AFTER_CALL has passed since the call, whatever the start time, with allowedFrom', async () => {
    const doctorId = clinic.doctor.doctorId!;
    // An early patient: booked at 16:00 local, checked in and called at about 10:00.
    const v = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: (await patient(hub, false)).patientId,
        startAt: todayAt(offsetHours, '16:00'),
      })
    ).json();
    await call(clinic.receptionist, 'POST', `/api/appointments/${v.id}/check-in`);
    const called = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(called.json()).toMatchObject({ id: v.id, status: 'called' });
    const calledAt = Date.parse(called.json().calledAt);

    // The doctor's queue carries the call time and from when a no-show may be marked.
    const queue = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    const allowedFrom = new Date(calledAt + 5 * 60_000).toISOString();
    expect(queue.nowServing).toMatchObject({ appointmentId: v.id, calledAt: called.json().calledAt, noShowAllowedFrom: allowedFrom });

    const early = await call(clinic.doctor, 'POST', `/api/appointments/${v.id}/no-show`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'NO_SHOW_TOO_EARLY', details: { allowedFrom }, allowedFrom });
    expect(early.json().message).toMatch(/called less than 5 minutes ago; they can be marked a no-show from \d\d:\d\d$/);
    expect(early.json().message).not.toMatch(/not started/);

    // Six minutes after the call (the clock moves by moving the call back), hours before 16:00.
    await hub.app.db
      .update(appointments)
      .set({ calledAt: new Date(Date.now() - 6 * 60_000) })
      .where(eq(appointments.id, v.id));
    const gone = await call(clinic.doctor, 'POST', `/api/appointments/${v.id}/no-show`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toMatchObject({ status: 'no_show' });
  });

  it('before any call, a future visit still says from when (its start)', async () => {
    const v = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId: clinic.doctor.doctorId,
        patientId: (await patient(hub, false)).patientId,
        startAt: inDays(2, '11:00'),
      })
    ).json();
    const early = await call(clinic.doctor, 'POST', `/api/appointments/${v.id}/no-show`);
    expect(early.json()).toMatchObject({ code: 'NO_SHOW_TOO_EARLY', details: { allowedFrom: v.startAt } });
    expect(early.json().message).toBe(`This visit starts on ${localDate(2)} at 11:00; it can be marked a no-show from then`);
  });
});
