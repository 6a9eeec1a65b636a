// Daily metrics: the rollup over local days in a zone with DST (Europe/Berlin, 30 March 2025 is a
// 23-hour day), exact figures through GET /api/locations/:id/metrics, idempotent reruns, the
// reschedule/cancellation distinction through the real booking API, and the route's refusals.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { type AppointmentStatus, appointments, locationDailyMetrics, locations } from '../../../db/schema/index.js';
import { rollupDailyMetrics, rollupRange } from '../../../server/modules/metrics/rollup.js';
import { newBookingReference } from '../../../server/modules/scheduling/reference.js';
import { type Actor, bearer, createLocation, display, doctor, patient } from '../../support/factories.js';
import { bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let berlin: { id: string };
let elsewhere: { id: string };
let berlinDoctor: Actor;
let elsewhereDoctor: Actor;
let screen: Actor;

const MINUTE = 60_000;
const t = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(t(iso).getTime() + seconds * 1000);

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await bookableClinic(hub, 'Europe/Berlin');
  berlin = await createLocation(hub, 'Europe/Berlin');
  elsewhere = await createLocation(hub, 'UTC');
  [berlinDoctor, elsewhereDoctor, screen] = await Promise.all([doctor(hub, berlin.id), doctor(hub, elsewhere.id), display(hub, berlin.id)]);
});
afterAll(() => hub.close());

const get = (actor: Actor | null, url: string) => hub.app.inject({ method: 'GET', url, headers: actor ? bearer(actor.token) : {} });

interface VisitSpec {
  patientId: string;
  startAt: string;
  status: AppointmentStatus;
  at?: 'berlin' | 'elsewhere';
  walkIn?: boolean;
  /** Seconds after the start: check-in (negative = before), call, start, completion. */
  checkedIn?: number;
  called?: number;
  started?: number;
  completed?: number;
  cancelReason?: string;
  rescheduledFromId?: string;
}

/** A visit written directly, with exact stamps (the lifecycle would stamp the real clock). */
async function visit(v: VisitSpec): Promise<string> {
  const id = newId();
  const here = v.at === 'elsewhere' ? { loc: elsewhere, doc: elsewhereDoctor } : { loc: berlin, doc: berlinDoctor };
  const stamp = (s: number | undefined) => (s === undefined ? null : plus(v.startAt, s));
  await hub.app.db.insert(appointments).values({
    id,
    bookingReference: newBookingReference(),
    doctorId: here.doc.doctorId!,
    patientId: v.patientId,
    locationId: here.loc.id,
    startAt: t(v.startAt),
    endAt: plus(v.startAt, 15 * 60),
    status: v.status,
    walkIn: v.walkIn ?? false,
    checkedInAt: stamp(v.checkedIn),
    calledAt: stamp(v.called),
    startedAt: stamp(v.started),
    completedAt: stamp(v.completed),
    cancelledAt: v.status === 'cancelled' ? plus(v.startAt, -86_400) : null,
    cancelReason: v.cancelReason ?? null,
    rescheduledFromId: v.rescheduledFromId ?? null,
  });
  return id;
}

// No invoices here: the money columns are the location's currency and zeros (billing-rollup.test.ts has money).
const NO_MONEY = {
  currency: 'USD',
  revenueMinor: 0,
  refundedMinor: 0,
  outstandingMinor: 0,
  paymentsByMethod: { cash: 0, card: 0, insurance: 0, wallet: 0 },
};

// No feedback here either (feedback-rollup.test.ts has it); the report adds responseRate (null: nothing requested).
const NO_FEEDBACK = { feedbackRequested: 0, feedbackReceived: 0, feedbackRatings: null };
const NO_RESPONSE = { responseRate: null };

const ZERO = {
  ...NO_MONEY,
  ...NO_FEEDBACK,
  appointments: 0,
  completed: 0,
  cancelled: 0,
  noShows: 0,
  newPatients: 0,
  avgWaitSeconds: null,
  avgConsultationSeconds: null,
};

// Berlin local days (CET +01:00 until 2025-03-30 02:00, CEST +02:00 after):
//   2025-03-29 = [03-28T23:00Z, 03-29T23:00Z)   2025-03-30 = [03-29T23:00Z, 03-30T22:00Z) (23 h)
//   2025-03-31 = [03-30T22:00Z, 03-31T22:00Z)
const EXPECTED = {
  '2025-03-29': { ...ZERO, appointments: 1, noShows: 1, newPatients: 1 },
  '2025-03-30': {
    ...NO_MONEY,
    ...NO_FEEDBACK,
    appointments: 7,
    completed: 2,
    cancelled: 1,
    noShows: 1,
    newPatients: 5,
    avgWaitSeconds: 700, // (600 + 1200 + 300) / 3
    avgConsultationSeconds: 1350, // (900 + 1800) / 2
  },
  '2025-03-31': { ...ZERO, appointments: 2, completed: 1, newPatients: 1, avgWaitSeconds: 120, avgConsultationSeconds: 600 },
};

describe('daily metrics', () => {
  let rolledAt: Date;

  beforeAll(async () => {
    const p = await Promise.all(Array.from({ length: 10 }, () => patient(hub, false)));
    const [p1, p2, p3, p4, p5, p6, p7, p8, p9] = p.map((x) => x.patientId);
    // p1 first came in January, elsewhere: not new in Berlin in March.
    await visit({ patientId: p1!, startAt: '2025-01-10T09:00:00.000Z', status: 'completed', at: 'elsewhere', started: 0, completed: 600 });

    // 2025-03-29 local: the last instant of the day (23:59:59.999 CET).
    await visit({ patientId: p8!, startAt: '2025-03-29T22:59:59.999Z', status: 'no_show' });

    // 2025-03-30 local.
    await visit({ patientId: p6!, startAt: '2025-03-29T23:00:00.000Z', status: 'scheduled' }); // local 00:00, first instant
    await visit({ patientId: p6!, startAt: '2025-03-30T21:59:59.999Z', status: 'scheduled' }); // local 23:59:59.999 CEST; p6 counted once
    await visit({
      patientId: p1!,
      startAt: '2025-03-30T07:00:00.000Z',
      status: 'completed',
      checkedIn: -600,
      called: 0,
      started: 60,
      completed: 960,
    });
    await visit({
      patientId: p2!,
      startAt: '2025-03-30T08:00:00.000Z',
      status: 'completed',
      checkedIn: -1200,
      called: 0,
      started: 0,
      completed: 1800,
    });
    await visit({ patientId: p3!, startAt: '2025-03-30T09:00:00.000Z', status: 'no_show' });
    await visit({ patientId: p4!, startAt: '2025-03-30T10:00:00.000Z', status: 'cancelled', cancelReason: 'Feeling better' });
    await visit({ patientId: p5!, startAt: '2025-03-30T12:00:00.000Z', status: 'called', walkIn: true, checkedIn: 0, called: 300 });
    // p1 moved a 30 March visit to 2 April: the moved-away row is no visit, the new one counts on its own day.
    const movedP1 = await visit({ patientId: p1!, startAt: '2025-03-30T11:00:00.000Z', status: 'cancelled', cancelReason: 'Rescheduled' });
    await visit({ patientId: p1!, startAt: '2025-04-02T07:00:00.000Z', status: 'scheduled', rescheduledFromId: movedP1 });
    // p7 first booked 30 March, moved it to 31 March: new on the 31st, not on the 30th.
    const movedP7 = await visit({ patientId: p7!, startAt: '2025-03-30T13:00:00.000Z', status: 'cancelled', cancelReason: 'Rescheduled' });
    // p9 is seen elsewhere that day: counts there, not in Berlin.
    await visit({ patientId: p9!, startAt: '2025-03-30T09:00:00.000Z', status: 'completed', at: 'elsewhere', started: 0, completed: 300 });

    // 2025-03-31 local.
    await visit({ patientId: p2!, startAt: '2025-03-30T22:00:00.000Z', status: 'scheduled' }); // local 00:00 CEST
    await visit({
      patientId: p7!,
      startAt: '2025-03-31T07:00:00.000Z',
      status: 'completed',
      checkedIn: -120,
      called: 0,
      started: 120,
      completed: 720,
      rescheduledFromId: movedP7,
    });

    // Midday 31 March in Berlin; the last 3 local days of every location.
    rolledAt = t('2025-03-31T10:00:00.000Z');
    const count = (await hub.app.db.select({ id: locations.id }).from(locations)).length;
    expect(await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, rolledAt, 3)).toBe(count * 3);
  });

  it('rolls up each local day of a location with exact figures, DST day and day boundaries included', async () => {
    const rows = await hub.app.db.select().from(locationDailyMetrics).where(eq(locationDailyMetrics.locationId, berlin.id));
    const byDay = Object.fromEntries(rows.map(({ locationId: _, day, computedAt, ...figures }) => [day, { ...figures, computedAt }]));
    expect(Object.keys(byDay).sort()).toEqual(['2025-03-29', '2025-03-30', '2025-03-31']);
    for (const [day, figures] of Object.entries(EXPECTED)) {
      expect(byDay[day], day).toEqual({ ...figures, computedAt: rolledAt });
    }
    // The other location saw p1 in January (outside the rollup) and p9 on 30 March (UTC day).
    const otherDays = await hub.app.db.select().from(locationDailyMetrics).where(eq(locationDailyMetrics.locationId, elsewhere.id));
    expect(otherDays.find((d) => d.day === '2025-03-30')).toMatchObject({
      appointments: 1,
      completed: 1,
      newPatients: 1,
      avgConsultationSeconds: 300,
      avgWaitSeconds: null,
    });
  });

  it('serves the days and exact totals over HTTP to staff', async () => {
    const res = await get(clinic.receptionist, `/api/locations/${berlin.id}/metrics?from=2025-03-28&to=2025-04-01`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      locationId: berlin.id,
      from: '2025-03-28',
      to: '2025-04-01',
      // 28 March and 1 April were never rolled up: absent.
      days: Object.entries(EXPECTED).map(([day, figures]) => ({ day, ...figures, ...NO_RESPONSE, computedAt: rolledAt.toISOString() })),
      totals: {
        ...NO_MONEY,
        ...NO_FEEDBACK,
        ...NO_RESPONSE,
        appointments: 10,
        completed: 3,
        cancelled: 1,
        noShows: 2,
        newPatients: 7,
        avgWaitSeconds: 555, // (600 + 1200 + 300 + 120) / 4: a mean over visits, not of daily means (410)
        avgConsultationSeconds: 1100, // (900 + 1800 + 600) / 3
      },
    });
    // One day, asked by an admin.
    const one = await get(clinic.admin, `/api/locations/${berlin.id}/metrics?from=2025-03-31&to=2025-03-31`);
    expect(one.statusCode).toBe(200);
    expect(one.json().days).toHaveLength(1);
    expect(one.json().totals).toEqual({ ...EXPECTED['2025-03-31'], ...NO_RESPONSE });
  });

  it('a rerun rewrites the same rows (only computedAt moves), and picks up changes', async () => {
    const before = await hub.app.db.select().from(locationDailyMetrics);
    const later = new Date(rolledAt.getTime() + 30 * MINUTE);
    expect(await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, later, 3)).toBe(before.length);
    const after = await hub.app.db.select().from(locationDailyMetrics);
    expect(after).toHaveLength(before.length);
    const strip = (rows: typeof before) =>
      rows.map(({ computedAt: _, ...r }) => r).sort((a, b) => `${a.locationId}${a.day}`.localeCompare(`${b.locationId}${b.day}`));
    expect(strip(after)).toEqual(strip(before));
    expect(after.every((r) => r.computedAt.getTime() === later.getTime())).toBe(true);

    // A visit completes after the first run: the next run updates its day in place.
    await visit({
      patientId: (await patient(hub, false)).patientId,
      startAt: '2025-03-31T09:00:00.000Z',
      status: 'completed',
      checkedIn: -60,
      called: 0,
      started: 0,
      completed: 1200,
    });
    await rollupDailyMetrics(hub.app.db, hub.app.mongo.db, later, 1);
    const [day] = await hub.app.db
      .select()
      .from(locationDailyMetrics)
      .where(eq(locationDailyMetrics.locationId, berlin.id))
      .then((rows) => rows.filter((r) => r.day === '2025-03-31'));
    expect(day).toMatchObject({ appointments: 3, completed: 2, newPatients: 2, avgWaitSeconds: 90, avgConsultationSeconds: 900 });
    expect(await hub.app.db.select().from(locationDailyMetrics)).toHaveLength(before.length);
  });

  it('a reschedule through the API is not a cancellation; a real cancellation is', async () => {
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 2 }).toISODate()!;
    const local = (hhmm: string) => DateTime.fromISO(`${day}T${hhmm}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;
    const [a, b] = await Promise.all([patient(hub, false), patient(hub, false)]);
    const call = (url: string, payload: object) =>
      hub.app.inject({ method: 'POST', url, headers: bearer(clinic.receptionist.token), payload });
    const booked = await call('/api/appointments', { doctorId: clinic.doctor.doctorId, patientId: a.patientId, startAt: local('09:00') });
    expect(booked.statusCode, booked.body).toBe(201);
    const moved = await call(`/api/appointments/${booked.json().id}/reschedule`, { startAt: local('10:00') });
    expect(moved.statusCode, moved.body).toBe(200);
    const other = await call('/api/appointments', { doctorId: clinic.doctor.doctorId, patientId: b.patientId, startAt: local('11:00') });
    expect(other.statusCode, other.body).toBe(201);
    expect((await call(`/api/appointments/${other.json().id}/cancel`, { reason: 'Changed plans' })).statusCode).toBe(200);

    expect(await rollupRange(hub.app.db, hub.app.mongo.db, clinic.location.id, day, day, new Date())).toBe(1);
    const res = await get(clinic.receptionist, `/api/locations/${clinic.location.id}/metrics?from=${day}&to=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    const expected = { ...ZERO, ...NO_RESPONSE, appointments: 2, cancelled: 1, newPatients: 2 };
    expect(res.json().days).toEqual([{ day, ...expected, computedAt: expect.any(String) }]);
    expect(res.json().totals).toEqual(expected);
  });

  it('refuses bad ranges with 400 VALIDATION_FAILED', async () => {
    const base = `/api/locations/${berlin.id}/metrics`;
    for (const query of [
      '',
      '?from=2025-03-01',
      '?to=2025-03-01',
      '?from=2025-03-02&to=2025-03-01', // to before from
      '?from=2024-01-01&to=2025-01-01', // 367 days
      '?from=2025-02-30&to=2025-03-01', // no such date
      '?from=2025-3-1&to=2025-03-02',
      '?from=2025-03-01&to=2025-03-02&extra=1',
    ]) {
      const res = await get(clinic.admin, base + query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code, query).toBe('VALIDATION_FAILED');
    }
    // 366 days is the most a range may cover.
    expect((await get(clinic.admin, `${base}?from=2024-01-01&to=2024-12-31`)).statusCode).toBe(200);
    expect((await get(clinic.admin, '/api/locations/not-an-id/metrics?from=2025-03-01&to=2025-03-02')).statusCode).toBe(400);
  });

  it('404 for an unknown location; 401 without a token; 403 for doctors, patients and displays', async () => {
    const unknown = await get(clinic.admin, `/api/locations/${newId()}/metrics?from=2025-03-01&to=2025-03-02`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
    const url = `/api/locations/${berlin.id}/metrics?from=2025-03-01&to=2025-03-02`;
    expect((await get(null, url)).statusCode).toBe(401);
    for (const actor of [berlinDoctor, clinic.patient, screen]) {
      const res = await get(actor, url);
      expect(res.statusCode, actor.role).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('is documented in the OpenAPI description', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const op = res.json().paths['/api/locations/{id}/metrics']?.get;
    expect(op).toMatchObject({ tags: ['metrics'], summary: expect.stringContaining('Daily figures') });
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'id', 'to']);
  });
});
