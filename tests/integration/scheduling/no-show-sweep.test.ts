// The no-show sweep against the real database: booked visits nobody arrived for become no-shows
// after the grace period, exactly like the manual no-show (stamps, outbox event); visits inside
// the grace period, checked in, or walk-ins stay as they are, and a second run changes nothing.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { appointments, outboxEvents } from '../../../db/schema/index.js';
import { markNoShows } from '../../../server/modules/scheduling/no-show-sweep.js';
import { newBookingReference } from '../../../server/modules/scheduling/reference.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { bookableClinic, todayAt, zoneWhereItIsMorning } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
const { zone, offsetHours } = zoneWhereItIsMorning();
const MINUTE = 60_000;
const GRACE = 15;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, zone);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** Books a visit today at a local wall time through the API, for a new patient. */
async function book(hhmm: string) {
  const p = await patient(hub, false);
  const res = await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: p.patientId,
    startAt: todayAt(offsetHours, hhmm),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}

/** The clock moves by moving the visit: it now started `minutesAgo` before `now`. */
async function startedAgo(id: string, now: Date, minutesAgo: number) {
  const startAt = new Date(now.getTime() - minutesAgo * MINUTE);
  await hub.app.db
    .update(appointments)
    .set({ startAt, endAt: new Date(startAt.getTime() + 15 * MINUTE) })
    .where(eq(appointments.id, id));
}

const row = async (id: string) => (await hub.app.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;
const eventsOf = async (id: string) =>
  hub.app.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, id), eq(outboxEvents.type, 'appointment.no_show')));

describe('markNoShows', () => {
  it('marks booked visits past the grace period, like the manual no-show, and nothing else', async () => {
    const now = new Date();
    const late = await book('11:00'); // scheduled, 40 minutes ago
    const lateConfirmed = await book('11:15'); // confirmed, 16 minutes ago
    const inGrace = await book('11:30'); // 14 minutes ago: still inside the grace period
    const arrived = await book('11:45'); // checked in, then 60 minutes ago
    const future = await book('13:00'); // later today
    expect((await call(clinic.receptionist, 'POST', `/api/appointments/${lateConfirmed.id}/confirm`)).statusCode).toBe(200);
    const checkIn = await call(clinic.receptionist, 'POST', `/api/appointments/${arrived.id}/check-in`);
    expect(checkIn.json()).toMatchObject({ status: 'checked_in' });
    const walkIn = await call(clinic.receptionist, 'POST', '/api/walk-ins', {
      doctorId: clinic.doctor.doctorId,
      patientId: (await patient(hub, false)).patientId,
    });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    await startedAgo(late.id, now, 40);
    await startedAgo(lateConfirmed.id, now, 16);
    await startedAgo(inGrace.id, now, 14);
    await startedAgo(arrived.id, now, 60);
    await startedAgo(walkIn.json().id, now, 60);

    const marked = await markNoShows(hub.app.db, now, GRACE);
    expect(marked).toEqual([late.id, lateConfirmed.id]); // oldest start first

    for (const [visit, from] of [
      [late, 'scheduled'],
      [lateConfirmed, 'confirmed'],
    ] as const) {
      const r = await row(visit.id);
      expect(r).toMatchObject({ status: 'no_show', noShowBy: null, activeStart: null });
      expect(r.noShowAt?.getTime()).toBe(now.getTime());
      const events = await eventsOf(visit.id);
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toEqual({
        appointmentId: visit.id,
        doctorId: clinic.doctor.doctorId,
        patientId: r.patientId,
        locationId: clinic.location.id,
        from,
        status: 'no_show',
        ticket: null,
        by: null,
      });
    }
    // The API shows it like any other no-show.
    const seen = (await call(clinic.receptionist, 'GET', `/api/appointments/${late.id}`)).json();
    expect(seen).toMatchObject({ status: 'no_show', noShowAt: now.toISOString() });

    expect((await row(inGrace.id)).status).toBe('scheduled');
    expect((await row(arrived.id)).status).toBe('checked_in');
    expect((await row(walkIn.json().id)).status).toBe('checked_in');
    expect((await row(future.id)).status).toBe('scheduled');
    for (const id of [inGrace.id, arrived.id, walkIn.json().id, future.id]) expect(await eventsOf(id)).toEqual([]);

    // A second sweep at the same time marks nothing more and writes no event.
    expect(await markNoShows(hub.app.db, now, GRACE)).toEqual([]);
    expect(await eventsOf(late.id)).toHaveLength(1);

    // Once its grace period is over too, the visit that was inside it goes (and only it).
    expect(await markNoShows(hub.app.db, new Date(now.getTime() + 2 * MINUTE), GRACE)).toEqual([inGrace.id]);
    expect((await row(arrived.id)).status).toBe('checked_in');
  });

  it('a walk-in is never swept, even in a state a booked visit would be swept from', async () => {
    const now = new Date();
    const walkIn = await call(clinic.receptionist, 'POST', '/api/walk-ins', {
      doctorId: clinic.doctor.doctorId,
      patientId: (await patient(hub, false)).patientId,
    });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    const id = walkIn.json().id as string;
    // Force the one thing that would make a booked visit eligible: the status.
    await hub.app.db.update(appointments).set({ status: 'confirmed' }).where(eq(appointments.id, id));
    await startedAgo(id, now, 90);
    expect(await markNoShows(hub.app.db, now, GRACE)).not.toContain(id);
    expect((await row(id)).status).toBe('confirmed');
    await hub.app.db.update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, id));
  });

  it('a check-in racing the sweep: exactly one of them wins, never both', async () => {
    const now = new Date();
    const visit = await book('14:00');
    await startedAgo(visit.id, now, 30);
    const [checkIn, marked] = await Promise.all([
      call(clinic.receptionist, 'POST', `/api/appointments/${visit.id}/check-in`),
      markNoShows(hub.app.db, now, GRACE),
    ]);
    const r = await row(visit.id);
    if (marked.includes(visit.id)) {
      expect(checkIn.statusCode).toBe(409);
      expect(checkIn.json().code).toBe('INVALID_TRANSITION');
      expect(r.status).toBe('no_show');
      expect(await eventsOf(visit.id)).toHaveLength(1);
    } else {
      expect(checkIn.statusCode, checkIn.body).toBe(200);
      expect(r.status).toBe('checked_in');
      expect(r.noShowAt).toBeNull();
      expect(await eventsOf(visit.id)).toEqual([]);
    }
  });

  it('works through more visits than one batch and returns every id once', async () => {
    const now = new Date();
    const p = await patient(hub, false);
    // 205 overdue visits (more than one batch of 200), several sharing one start, written directly.
    const rows = Array.from({ length: 205 }, (_, i) => {
      const startAt = new Date(now.getTime() - (20 + Math.floor(i / 3)) * 60 * MINUTE); // 20 h to 3.7 days ago
      return {
        id: newId(),
        bookingReference: newBookingReference(),
        doctorId: clinic.doctor.doctorId!,
        patientId: p.patientId,
        locationId: clinic.location.id,
        startAt,
        endAt: new Date(startAt.getTime() + 15 * MINUTE),
        status: 'scheduled' as const,
        // Several visits share a start: deliberate overbookings hold no unique slot.
        overbooked: i % 3 !== 0,
        overbookReason: i % 3 !== 0 ? 'test' : null,
      };
    });
    // …and one from more than a week ago: history, which the sweep leaves alone.
    const old = {
      ...rows[0]!,
      id: newId(),
      bookingReference: newBookingReference(),
      startAt: new Date(now.getTime() - 8 * 24 * 60 * MINUTE),
    };
    old.endAt = new Date(old.startAt.getTime() + 15 * MINUTE);
    await hub.app.db.insert(appointments).values([...rows, old]);
    const marked = await markNoShows(hub.app.db, now, GRACE);
    expect([...marked].sort()).toEqual(rows.map((r) => r.id).sort());
    expect(marked).not.toContain(old.id);
    const left = await hub.app.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          inArray(
            appointments.id,
            rows.map((r) => r.id),
          ),
          inArray(appointments.status, ['scheduled', 'confirmed']),
        ),
      );
    expect(left).toEqual([]);
    expect(await markNoShows(hub.app.db, now, GRACE)).toEqual([]);
  });
});
