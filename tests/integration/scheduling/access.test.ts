// Who may do what in Scheduling: a patient sees and changes only their own visits, a doctor sees
// only theirs and works only their own queue, staff see and do everything, a waiting-room screen
// gets 403 everywhere here and a caller without a token 401.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
/** Doctor A with patient P, admin and receptionist. */
let a: Awaited<ReturnType<typeof bookableClinic>>;
/** Doctor B (another location) with patient Q. */
let b: Awaited<ReturnType<typeof bookableClinic>>;
let screen: Actor;
const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/** Fixture visits, named patient + doctor: pA is patient P with doctor A. */
const visits = { pA: '', qA: '', pB: '', qB: '' };

interface AppointmentJson {
  id: string;
  patientId: string;
  doctorId: string;
  status: string;
}

const call = (actor: Actor | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: actor ? bearer(actor.token) : {}, ...(payload ? { payload } : {}) });

function created(res: LightMyRequestResponse, what: string): AppointmentJson {
  if (res.statusCode !== 201) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * Every table's checksum, except that a screen's display_devices row is compared without its
 * last-seen stamp: recording when a screen was last seen is the one write a valid display token
 * makes (displays/tokens.ts), whatever it then asks for.
 */
async function checksums(): Promise<string> {
  const [tables] = (await hub.app.mysql.pool.query('SHOW TABLES')) as unknown as [Record<string, string>[]];
  const names = tables.map((row) => Object.values(row)[0]!).filter((t) => t !== '__drizzle_migrations' && t !== 'display_devices');
  const [sums] = await hub.app.mysql.pool.query(`CHECKSUM TABLE ${names.map((t) => `\`${t}\``).join(', ')}`);
  const [screens] = await hub.app.mysql.pool.query(
    'SELECT id, location_id, name, token_hash, created_by, revoked_at, created_at FROM display_devices ORDER BY id',
  );
  return JSON.stringify([sums, screens]);
}

beforeAll(async () => {
  hub = await startTestHub();
  [a, b] = await Promise.all([bookableClinic(hub), bookableClinic(hub)]);
  screen = await display(hub, a.location.id);
  const staffBook = (doctor: Actor, who: Actor & { patientId: string }, startAt: string, what: string) =>
    call(a.receptionist, 'POST', '/api/appointments', { doctorId: doctor.doctorId, patientId: who.patientId, startAt }).then((r) =>
      created(r, what),
    );
  visits.pA = created(
    await call(a.patient, 'POST', '/api/appointments', { doctorId: a.doctor.doctorId, startAt: at(2, '10:00') }),
    'pA',
  ).id;
  visits.qA = (await staffBook(a.doctor, b.patient, at(2, '10:15'), 'qA')).id;
  visits.pB = (await staffBook(b.doctor, a.patient, at(2, '10:00'), 'pB')).id;
  visits.qB = (await staffBook(b.doctor, b.patient, at(3, '10:00'), 'qB')).id;
});
afterAll(() => hub.close());

const list = async (actor: Actor, query = '') => {
  const res = await call(actor, 'GET', `/api/appointments${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { appointments: AppointmentJson[]; total: number };
};
const idsOf = (body: { appointments: AppointmentJson[] }) => body.appointments.map((x) => x.id).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe('a patient', () => {
  it('lists only their own appointments, whatever the filter', async () => {
    const mine = await list(a.patient);
    expect(idsOf(mine)).toEqual(sorted(visits.pA, visits.pB));
    expect(mine.total).toBe(2);
    expect(mine.appointments.every((x) => x.patientId === a.patient.patientId)).toBe(true);
    // Filtering by a doctor narrows their own list; it never widens it to other patients.
    expect(idsOf(await list(a.patient, `?doctorId=${a.doctor.doctorId}`))).toEqual([visits.pA]);
    expect(idsOf(await list(a.patient, `?patientId=${a.patient.patientId}`))).toEqual(sorted(visits.pA, visits.pB));
  });

  it("gets 403 asking for another patient's list", async () => {
    const res = await call(a.patient, 'GET', `/api/appointments?patientId=${b.patient.patientId}`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(res.body).not.toContain(visits.qA);
  });

  it('reads their own appointment, not anyone else’s', async () => {
    const own = await call(a.patient, 'GET', `/api/appointments/${visits.pB}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: visits.pB, patientId: a.patient.patientId });
    for (const id of [visits.qA, visits.qB]) {
      const res = await call(a.patient, 'GET', `/api/appointments/${id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.body).not.toContain(b.patient.patientId);
    }
  });

  it('cannot check in, call next, start or see a queue', async () => {
    const refusals = [
      await call(a.patient, 'POST', `/api/appointments/${visits.pA}/check-in`),
      await call(a.patient, 'POST', `/api/doctors/${a.doctor.doctorId}/queue/call-next`),
      await call(a.patient, 'POST', `/api/appointments/${visits.pA}/start`),
      await call(a.patient, 'POST', '/api/walk-ins', { doctorId: a.doctor.doctorId, patientId: a.patient.patientId }),
      await call(a.patient, 'GET', `/api/doctors/${a.doctor.doctorId}/queue`),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    for (const r of refusals) expect(r.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const still = (await call(a.receptionist, 'GET', `/api/appointments/${visits.pA}`)).json();
    expect(still).toMatchObject({ status: 'scheduled', ticket: null });
  });
});

describe('a doctor', () => {
  it('lists only their own appointments; another doctor’s list is 403', async () => {
    const mine = await list(a.doctor);
    expect(idsOf(mine)).toEqual(sorted(visits.pA, visits.qA));
    expect(mine.appointments.every((x) => x.doctorId === a.doctor.doctorId)).toBe(true);
    // A patient filter stays inside their own visits: Q's visit with doctor B is not there.
    expect(idsOf(await list(a.doctor, `?patientId=${b.patient.patientId}`))).toEqual([visits.qA]);
    const other = await call(a.doctor, 'GET', `/api/appointments?doctorId=${b.doctor.doctorId}`);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads their own appointments, not another doctor’s', async () => {
    const own = await call(a.doctor, 'GET', `/api/appointments/${visits.qA}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: visits.qA, doctorId: a.doctor.doctorId });
    const other = await call(a.doctor, 'GET', `/api/appointments/${visits.pB}`);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('cannot book, check in, cancel or confirm', async () => {
    const refusals = [
      await call(a.doctor, 'POST', '/api/appointments', {
        doctorId: a.doctor.doctorId,
        patientId: a.patient.patientId,
        startAt: at(2, '11:00'),
      }),
      await call(a.doctor, 'POST', '/api/appointments/weekly', {
        doctorId: a.doctor.doctorId,
        patientId: a.patient.patientId,
        startAt: at(2, '11:00'),
        occurrences: 2,
      }),
      await call(a.doctor, 'POST', `/api/appointments/${visits.pA}/check-in`),
      await call(a.doctor, 'POST', `/api/appointments/${visits.pA}/cancel`),
      await call(a.doctor, 'POST', `/api/appointments/${visits.pA}/confirm`),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    for (const r of refusals) expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
    const booked = await list(a.receptionist, `?doctorId=${a.doctor.doctorId}`);
    expect(booked.appointments.filter((x) => x.status !== 'scheduled')).toEqual([]);
    expect(booked.total).toBe(2);
  });

  it('cannot work a visit of another doctor', async () => {
    const res = await call(a.doctor, 'POST', `/api/appointments/${visits.pB}/no-show`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call(b.doctor, 'GET', `/api/appointments/${visits.pB}`)).json()).toMatchObject({ status: 'scheduled' });
  });

  it('sees and calls their own queue; another doctor’s queue is 403', async () => {
    // One walk-in waiting for each doctor, so a refusal is about access, not an empty queue.
    const [walkerA, walkerB] = await Promise.all([patient(hub, false), patient(hub, false)]);
    const inA = created(
      await call(a.receptionist, 'POST', '/api/walk-ins', { doctorId: a.doctor.doctorId, patientId: walkerA.patientId }),
      'walk-in A',
    );
    const inB = created(
      await call(a.receptionist, 'POST', '/api/walk-ins', { doctorId: b.doctor.doctorId, patientId: walkerB.patientId }),
      'walk-in B',
    );

    const ownQueue = await call(a.doctor, 'GET', `/api/doctors/${a.doctor.doctorId}/queue`);
    expect(ownQueue.statusCode).toBe(200);
    expect(ownQueue.json()).toMatchObject({ doctorId: a.doctor.doctorId, nowServing: null, waiting: [{ appointmentId: inA.id }] });
    const otherQueue = await call(a.doctor, 'GET', `/api/doctors/${b.doctor.doctorId}/queue`);
    expect(otherQueue.statusCode).toBe(403);
    expect(otherQueue.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(otherQueue.body).not.toContain(walkerB.patientId);

    const otherCall = await call(a.doctor, 'POST', `/api/doctors/${b.doctor.doctorId}/queue/call-next`);
    expect(otherCall.statusCode).toBe(403);
    expect(otherCall.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call(b.doctor, 'GET', `/api/appointments/${inB.id}`)).json()).toMatchObject({ status: 'checked_in', calledAt: null });

    const ownCall = await call(a.doctor, 'POST', `/api/doctors/${a.doctor.doctorId}/queue/call-next`);
    expect(ownCall.statusCode, ownCall.body).toBe(200);
    expect(ownCall.json()).toMatchObject({ id: inA.id, status: 'called', doctorId: a.doctor.doctorId });
    // …and then works that visit: start is a doctor's action on their own patient.
    const started = await call(a.doctor, 'POST', `/api/appointments/${inA.id}/start`);
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'in_progress' });
  });
});

describe('staff', () => {
  it.each(['admin', 'receptionist'] as const)('%s lists and reads every appointment and every queue', async (role) => {
    const actor = a[role];
    const all = idsOf(await list(actor));
    for (const id of Object.values(visits)) expect(all).toContain(id);
    expect(idsOf(await list(actor, `?patientId=${b.patient.patientId}`))).toEqual(sorted(visits.qA, visits.qB));
    expect(idsOf(await list(actor, `?doctorId=${b.doctor.doctorId}&status=scheduled`))).toEqual(sorted(visits.pB, visits.qB));
    for (const id of Object.values(visits)) {
      const res = await call(actor, 'GET', `/api/appointments/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(id);
    }
    for (const doctor of [a.doctor, b.doctor]) {
      const res = await call(actor, 'GET', `/api/doctors/${doctor.doctorId}/queue`);
      expect(res.statusCode).toBe(200);
      expect(res.json().doctorId).toBe(doctor.doctorId);
    }
  });
});

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: () => string;
  body?: () => object;
}

const ENDPOINTS: Endpoint[] = [
  { name: 'GET availability', method: 'GET', url: () => `/api/doctors/${a.doctor.doctorId}/availability?from=2030-01-07&to=2030-01-08` },
  {
    name: 'POST /api/appointments',
    method: 'POST',
    url: () => '/api/appointments',
    body: () => ({ doctorId: a.doctor.doctorId, patientId: a.patient.patientId, startAt: at(2, '11:30') }),
  },
  {
    name: 'POST /api/appointments/weekly',
    method: 'POST',
    url: () => '/api/appointments/weekly',
    body: () => ({ doctorId: a.doctor.doctorId, patientId: a.patient.patientId, startAt: at(2, '11:30'), occurrences: 2 }),
  },
  { name: 'POST holds', method: 'POST', url: () => `/api/doctors/${a.doctor.doctorId}/holds`, body: () => ({ startAt: at(2, '11:30') }) },
  { name: 'DELETE hold', method: 'DELETE', url: () => `/api/holds/${UNKNOWN_ID}` },
  { name: 'GET /api/appointments', method: 'GET', url: () => '/api/appointments' },
  { name: 'GET /api/appointments/:id', method: 'GET', url: () => `/api/appointments/${visits.pA}` },
  { name: 'reschedule', method: 'POST', url: () => `/api/appointments/${visits.pA}/reschedule`, body: () => ({ startAt: at(2, '11:30') }) },
  { name: 'cancel', method: 'POST', url: () => `/api/appointments/${visits.pA}/cancel`, body: () => ({}) },
  ...(['confirm', 'check-in', 'start', 'complete', 'no-show'] as const).map(
    (action): Endpoint => ({ name: action, method: 'POST', url: () => `/api/appointments/${visits.pA}/${action}` }),
  ),
  {
    name: 'POST /api/walk-ins',
    method: 'POST',
    url: () => '/api/walk-ins',
    body: () => ({ doctorId: a.doctor.doctorId, patientId: a.patient.patientId }),
  },
  { name: 'call-next', method: 'POST', url: () => `/api/doctors/${a.doctor.doctorId}/queue/call-next` },
  { name: 'GET queue', method: 'GET', url: () => `/api/doctors/${a.doctor.doctorId}/queue` },
  {
    name: 'POST /api/appointment-types',
    method: 'POST',
    url: () => '/api/appointment-types',
    body: () => ({ key: 'screen-type', name: 'Screen', durationMinutes: 20 }),
  },
  { name: 'GET /api/appointment-types', method: 'GET', url: () => '/api/appointment-types' },
];

describe('a waiting-room screen and a caller without a token', () => {
  let before: string;
  beforeAll(async () => {
    await hub.app.live.publishSoon();
    before = await checksums();
  });

  it.each(ENDPOINTS)('$method $name: display 403, no token 401', async (e) => {
    const send = (headers: Record<string, string>) =>
      hub.app.inject({ method: e.method, url: e.url(), headers, ...(e.body ? { payload: e.body() } : {}) });
    const asScreen = await send(bearer(screen.token));
    expect(asScreen.statusCode, asScreen.body).toBe(403);
    expect(asScreen.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const anonymous = await send({});
    expect(anonymous.statusCode, anonymous.body).toBe(401);
    expect(anonymous.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    const forged = await send(bearer('not-a-token'));
    expect(forged.statusCode).toBe(401);
  });

  it('changed nothing', async () => {
    expect(await checksums()).toBe(before);
  });
});

describe('doctors and patient records', () => {
  it('a doctor reads the record of a patient they have a visit with, and no other', async () => {
    const hub2 = await startTestHub();
    try {
      const clinic2 = await bookableClinic(hub2);
      const stranger = await patient(hub2, false);
      const booked = await hub2.app.inject({
        method: 'POST',
        url: '/api/appointments',
        headers: bearer(clinic2.receptionist.token),
        payload: { doctorId: clinic2.doctor.doctorId, patientId: clinic2.patient.patientId, startAt: at(2, '10:00') },
      });
      expect(booked.statusCode).toBe(201);
      const read = (id: string) => hub2.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: bearer(clinic2.doctor.token) });
      expect((await read(clinic2.patient.patientId!)).statusCode).toBe(200);
      expect((await read(stranger.patientId)).statusCode).toBe(403);
    } finally {
      await hub2.close();
    }
  });
});
