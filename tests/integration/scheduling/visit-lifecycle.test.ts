// A day at the clinic through the API: booking, confirmation, check-in with tickets, the queue
// in the right order with ETAs, calling, the visit, and the board a waiting room sees.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, outboxEvents } from '../../../db/schema/index.js';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const { zone, offsetHours } = zoneWhereItIsMorning();

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, zone);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

describe('a morning at the clinic', () => {
  it('book → confirm → check in → queue in order → call next → start → complete, each stamped', async () => {
    const [anna, ben, carl] = await Promise.all([patient(hub), patient(hub), patient(hub)]);
    const doctorId = clinic.doctor.doctorId!;
    // Anna books herself at 11:00 and confirms; staff book Ben at 11:15.
    const a = await call(anna, 'POST', '/api/appointments', {
      doctorId,
      startAt: todayAt(offsetHours, '11:00'),
      reason: 'Persistent cough',
    });
    expect(a.statusCode, a.body).toBe(201);
    const annaVisit = a.json();
    expect(annaVisit).toMatchObject({ status: 'scheduled', patientId: anna.patientId, locationId: clinic.location.id, ticket: null });
    expect(annaVisit.bookingReference).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{4}$/);
    expect((await call(anna, 'POST', `/api/appointments/${annaVisit.id}/confirm`)).json()).toMatchObject({ status: 'confirmed' });
    const b = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId,
      patientId: ben.patientId,
      startAt: todayAt(offsetHours, '11:15'),
    });
    expect(b.statusCode, b.body).toBe(201);

    // Ben arrives first, then Anna; Carl walks in; then an urgent walk-in.
    const benIn = (await call(clinic.receptionist, 'POST', `/api/appointments/${b.json().id}/check-in`)).json();
    const annaIn = (await call(clinic.receptionist, 'POST', `/api/appointments/${annaVisit.id}/check-in`)).json();
    expect(benIn.ticket).toBe('A-001');
    expect(annaIn).toMatchObject({ status: 'checked_in', ticket: 'A-002' });
    expect(annaIn.checkedInAt).not.toBeNull();
    const carlIn = await call(clinic.receptionist, 'POST', '/api/walk-ins', {
      doctorId,
      patientId: carl.patientId,
      reason: 'Sprained ankle',
    });
    expect(carlIn.statusCode).toBe(201);
    expect(carlIn.json()).toMatchObject({ status: 'checked_in', walkIn: true, ticket: 'A-003' });
    const urgent = await call(clinic.receptionist, 'POST', '/api/walk-ins', {
      doctorId,
      patientId: (await patient(hub, false)).patientId,
      priority: 'urgent',
    });
    expect(urgent.json().ticket).toBe('A-004');

    // The queue: urgent first, then by appointment time (Anna 11:00, Ben 11:15); Carl walked in
    // after both were checked in and waiting for their time, so he goes after them (issue 13).
    const queue = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.nowServing).toBeNull();
    expect(queue.waiting.map((w: { ticket: string }) => w.ticket)).toEqual(['A-004', 'A-002', 'A-001', 'A-003']);
    expect(queue.waiting.map((w: { etaMinutes: number }) => w.etaMinutes)).toEqual([0, 15, 30, 45]);
    expect(queue.waiting[1].patient.name).toMatch(/^Paula Patient/);
    expect(queue.waiting[1].reason).toBe('Persistent cough');

    // The doctor calls next: the urgent walk-in.
    const called = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(called.statusCode).toBe(200);
    expect(called.json()).toMatchObject({ ticket: 'A-004', status: 'called' });
    const started = (await call(clinic.doctor, 'POST', `/api/appointments/${called.json().id}/start`)).json();
    expect(started).toMatchObject({ status: 'in_progress' });
    expect(started.startedAt).not.toBeNull();
    const done = (await call(clinic.doctor, 'POST', `/api/appointments/${called.json().id}/complete`)).json();
    expect(done).toMatchObject({ status: 'completed' });
    expect(done.completedAt).not.toBeNull();

    const next = (await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).json();
    expect(next.ticket).toBe('A-002');
    const after = (await call(clinic.receptionist, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(after.nowServing).toMatchObject({ ticket: 'A-002', status: 'called', calledAt: next.calledAt });
    expect(after.waiting.map((w: { ticket: string }) => w.ticket)).toEqual(['A-001', 'A-003']);

    // Every change left an outbox event in the same transaction.
    const events = await hub.app.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, annaVisit.id));
    expect(events.map((e) => e.type)).toEqual([
      'appointment.booked',
      'appointment.confirmed',
      'appointment.checked_in',
      'appointment.called',
    ]);
  });

  it('the board shows tickets, rooms, ETAs and initials only; never names or reasons', async () => {
    const screen = await display(hub, clinic.location.id);
    const res = await hub.app.inject({ method: 'GET', url: `/api/locations/${clinic.location.id}/board`, headers: bearer(screen.token) });
    expect(res.statusCode).toBe(200);
    const board = res.json();
    const column = board.doctors.find((d: { doctorId: string }) => d.doctorId === clinic.doctor.doctorId);
    expect(column.nowServing).toEqual({ ticket: 'A-002' });
    expect(column.waiting).toEqual([
      { ticket: 'A-001', etaMinutes: expect.any(Number), patientLabel: expect.stringMatching(/^[A-Z]\. [A-Z]\.$/) },
      { ticket: 'A-003', etaMinutes: expect.any(Number), patientLabel: expect.stringMatching(/^[A-Z]\. [A-Z]\.$/) },
    ]);
    expect(res.body).not.toMatch(/Paula|Patient|cough|ankle|1980|\+49/);
    // A location that turns labels off shows none.
    await hub.app.inject({
      method: 'PATCH',
      url: `/api/locations/${clinic.location.id}`,
      headers: bearer(clinic.admin.token),
      payload: { boardShowsInitials: false },
    });
    const bare = (
      await hub.app.inject({ method: 'GET', url: `/api/locations/${clinic.location.id}/board`, headers: bearer(screen.token) })
    ).json();
    const col = bare.doctors.find((d: { doctorId: string }) => d.doctorId === clinic.doctor.doctorId);
    expect(col.waiting.every((w: { patientLabel: null }) => w.patientLabel === null)).toBe(true);
  });

  it('no-show and cancel with a reason are stamped with who did it', async () => {
    const p = await patient(hub);
    const doctorId = clinic.doctor.doctorId!;
    const v1 = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: p.patientId,
        startAt: todayAt(offsetHours, '16:00'),
      })
    ).json();
    // Too early: the visit has not begun.
    expect((await call(clinic.doctor, 'POST', `/api/appointments/${v1.id}/no-show`)).json().code).toBe('NO_SHOW_TOO_EARLY');
    // Half an hour after its time nobody has come (the clock moves by moving the visit back).
    await hub.app.db
      .update(appointments)
      .set({ startAt: new Date(Date.now() - 30 * 60_000), endAt: new Date(Date.now() - 15 * 60_000) })
      .where(eq(appointments.id, v1.id));
    const ns = (await call(clinic.doctor, 'POST', `/api/appointments/${v1.id}/no-show`)).json();
    expect(ns).toMatchObject({ status: 'no_show' });
    expect(ns.noShowAt).not.toBeNull();
    const [noShowRow] = await hub.app.db.select().from(appointments).where(eq(appointments.id, v1.id));
    expect(noShowRow?.activeStart).toBeNull(); // it holds no slot any more
    const v2 = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: p.patientId,
        startAt: todayAt(offsetHours, '16:00'),
      })
    ).json();
    expect(v2.status).toBe('scheduled');
    const cancelled = (await call(clinic.receptionist, 'POST', `/api/appointments/${v2.id}/cancel`, { reason: 'Feeling better' })).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Feeling better', cancelledBy: clinic.receptionist.userId });
    const [row] = await hub.app.db.select().from(appointments).where(eq(appointments.id, v2.id));
    expect(row?.activeStart).toBeNull();
  });
});
