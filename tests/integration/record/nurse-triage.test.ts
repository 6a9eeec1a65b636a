// The nurse's work: an admin creates a nurse of a location; the nurse follows the location's triage
// list (triage:subscribe, then GET /api/locations/:id/triage on each triage:changed), records vitals
// for a checked-in visit, and the doctor, following the patient's chart (chart:subscribe) and their
// queue, sees both live: chart:changed {part:'vitals'} (then the numbers over REST, access checked
// on each read) and a queue:update whose waiting entry carries triagedAt. Nurses never read a
// doctor's queue (it holds every location's patients with their reasons); a nurse of another
// location gets none of it, and cannot triage a visit at a location she does not work at.

import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../../db/schema/index.js';
import type { QueuePayload } from '../../../server/modules/live/events.js';
import { type Actor, bearer, createLocation, patient } from '../../support/factories.js';
import { asActor, checkedInVisit, nurse } from '../../support/record.js';
import { bookableClinic } from '../../support/scheduling.js';
import { type Ack, client, connected, emitAck } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let ward: Actor;
let elsewhere: Actor;
let elsewhereLocationId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub({}, { live: { relayIntervalMs: 0 } });
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub);
  ward = await nurse(hub, clinic.admin, [clinic.location.id]);
  elsewhereLocationId = (await createLocation(hub)).id;
  elsewhere = await nurse(hub, clinic.admin, [elsewhereLocationId]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub.close();
});

async function open(actor: Actor) {
  const socket = client(base, actor.token);
  sockets.push(socket);
  await connected(socket);
  return socket;
}

/** The first `event` whose payload passes `test`. */
function eventWhere<T>(socket: Socket, event: string, test: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!test(payload)) return;
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

describe('nurse logins', () => {
  it('are created by admins with their locations, and land as nurses', async () => {
    const me = await hub.app.inject({ method: 'GET', url: '/api/me', headers: bearer(ward.token) });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().role).toBe('nurse');
    const user = await hub.app.inject({ method: 'GET', url: `/api/users/${ward.userId}`, headers: bearer(clinic.admin.token) });
    expect(user.json().role).toBe('nurse');
  });

  it('refuse locationIds for roles that do not work at locations', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(clinic.admin.token),
      payload: {
        email: 'r.with.loc@test.example',
        password: 'long enough pw',
        role: 'receptionist',
        firstName: 'R',
        lastName: 'L',
        locationIds: [clinic.location.id],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('triage at check-in', () => {
  it('the nurse records vitals; the doctor sees them on the chart and the queue live', async () => {
    const visitId = await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, clinic.patient.patientId);
    const patientId = clinic.patient.patientId;

    // The nurse's list and the doctor's queue, before.
    const nurseSays = asActor(hub, ward);
    const list = await nurseSays('GET', `/api/locations/${clinic.location.id}/triage`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().visits).toEqual([
      expect.objectContaining({
        appointmentId: visitId,
        status: 'checked_in',
        patient: expect.objectContaining({ id: patientId, dateOfBirth: '1980-04-02' }),
        doctor: expect.objectContaining({ id: clinic.doctor.doctorId }),
        triagedAt: null,
      }),
    ]);
    // Not the doctor's queue: it holds the patients the doctor sees at every location, with reasons.
    expect((await nurseSays('GET', `/api/doctors/${clinic.doctor.doctorId}/queue`)).statusCode).toBe(403);
    const nurseSocket = await open(ward);
    expect(await emitAck<Ack>(nurseSocket, 'triage:subscribe', { locationId: clinic.location.id })).toEqual({ ok: true });
    expect((await emitAck<Ack>(nurseSocket, 'queue:subscribe', { doctorId: clinic.doctor.doctorId })).error?.code).toBe('FORBIDDEN');
    const listChanged = eventWhere<{ locationId: string }>(nurseSocket, 'triage:changed', (e) => e.locationId === clinic.location.id);

    // The doctor follows the chart and the queue.
    const doctorSocket = await open(clinic.doctor);
    const chartAck = await emitAck<Ack>(doctorSocket, 'chart:subscribe', { patientId });
    expect(chartAck).toEqual({ ok: true });
    const queueAck = await emitAck<Ack & { queue: QueuePayload }>(doctorSocket, 'queue:subscribe', { doctorId: clinic.doctor.doctorId });
    expect(queueAck.ok).toBe(true);
    // A nurse follows the chart too (a visit at her location); another location's nurse may not.
    expect(await emitAck<Ack>(nurseSocket, 'chart:subscribe', { patientId })).toEqual({ ok: true });
    expect((await emitAck<Ack>(await open(elsewhere), 'chart:subscribe', { patientId })).error?.code).toBe('FORBIDDEN');
    // Following a chart is a read of the record: audited (written before the ack), a refusal too.
    const follows = await hub.app.audit.entries.find({ action: 'socket chart:subscribe', targetId: patientId, outcome: 'ok' }).toArray();
    expect(follows.map((e) => e.actorRole).sort()).toEqual(['doctor', 'nurse']);

    const vitalsLive = eventWhere<{ patientId: string; part: string }>(
      doctorSocket,
      'chart:changed',
      (e) => e.patientId === patientId && e.part === 'vitals',
    );
    const queueLive = eventWhere<QueuePayload>(doctorSocket, 'queue:update', (q) => q.waiting.some((w) => w.triagedAt !== null));

    const takenAt = new Date(Date.now() - 30_000).toISOString();
    const saved = await nurseSays('POST', `/api/patients/${patientId}/vitals`, {
      appointmentId: visitId,
      takenAt,
      temperatureC: 38.2,
      heartRate: 96,
      spo2: 97,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ source: 'triage', appointmentId: visitId, at: takenAt, recordedBy: { id: ward.userId } });

    // The socket names the part only; the numbers are read over REST, where access is checked each time.
    expect(await vitalsLive).toEqual({ patientId, part: 'vitals' });
    const series = await asActor(hub, clinic.doctor)('GET', `/api/patients/${patientId}/vitals`);
    expect(series.json().vitals.at(-1)).toMatchObject({
      id: saved.json().id,
      source: 'triage',
      temperatureC: 38.2,
      heartRate: 96,
      spo2: 97,
    });
    expect(await listChanged).toEqual({ locationId: clinic.location.id });
    const updated = await queueLive;
    expect(updated.waiting.find((w) => w.appointmentId === visitId)?.triagedAt).toBe(takenAt);

    // Both lists show it on a fresh read too.
    expect((await nurseSays('GET', `/api/locations/${clinic.location.id}/triage`)).json().visits[0].triagedAt).toBe(takenAt);
    const doctorQueue = await hub.app.inject({
      method: 'GET',
      url: `/api/doctors/${clinic.doctor.doctorId}/queue`,
      headers: bearer(clinic.doctor.token),
    });
    expect(doctorQueue.json().waiting[0].triagedAt).toBe(takenAt);
  });

  it('a doctor’s set for the same visit is not triage, and a visit of another patient is not this patient’s', async () => {
    const visitId = await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, clinic.patient.patientId);
    const direct = await asActor(hub, clinic.doctor)('POST', `/api/patients/${clinic.patient.patientId}/vitals`, {
      appointmentId: visitId,
      heartRate: 70,
    });
    expect(direct.json().source).toBe('direct');
    const other = await patient(hub);
    await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, other.patientId);
    const wrong = await asActor(hub, ward)('POST', `/api/patients/${other.patientId}/vitals`, { appointmentId: visitId, heartRate: 70 });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('NOT_FOUND');
  });

  it('a nurse of another location reads neither the list, the queue nor the record, and writes no vitals', async () => {
    const other = asActor(hub, elsewhere);
    const refusals = [
      await other('GET', `/api/locations/${clinic.location.id}/triage`),
      await other('GET', `/api/doctors/${clinic.doctor.doctorId}/queue`),
      await other('GET', `/api/patients/${clinic.patient.patientId}/record`),
      await other('POST', `/api/patients/${clinic.patient.patientId}/vitals`, { heartRate: 70 }),
    ];
    for (const res of refusals) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const socket = await open(elsewhere);
    expect((await emitAck<Ack>(socket, 'queue:subscribe', { doctorId: clinic.doctor.doctorId })).error?.code).toBe('FORBIDDEN');
    expect((await emitAck<Ack>(socket, 'triage:subscribe', { locationId: clinic.location.id })).error?.code).toBe('FORBIDDEN');
  });

  it('a nurse triages only visits at her own locations, even for a patient she cares for elsewhere', async () => {
    const p = await patient(hub);
    const here = await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, p.patientId);
    const there = await checkedInVisit(hub, clinic.receptionist, clinic.doctor.doctorId!, p.patientId);
    // Setup shortcut: the second visit happens at the other nurse's location (the doctor works there too).
    await hub.app.db.update(appointments).set({ locationId: elsewhereLocationId }).where(eq(appointments.id, there));
    const say = asActor(hub, elsewhere);
    const refused = await say('POST', `/api/patients/${p.patientId}/vitals`, { appointmentId: here, heartRate: 90 });
    expect(refused.statusCode, refused.body).toBe(403);
    const triaged = await say('POST', `/api/patients/${p.patientId}/vitals`, { appointmentId: there, heartRate: 90 });
    expect(triaged.statusCode, triaged.body).toBe(201);
    expect(triaged.json().source).toBe('triage');
  });

  it('nurses write allergies, history and outside medicines but not conditions', async () => {
    const say = asActor(hub, ward);
    const id = clinic.patient.patientId;
    expect((await say('POST', `/api/patients/${id}/allergies`, { substance: 'Latex', severity: 'mild' })).statusCode).toBe(201);
    expect((await say('POST', `/api/patients/${id}/history`, { kind: 'social', description: 'Walks daily' })).statusCode).toBe(201);
    expect((await say('POST', `/api/patients/${id}/medications`, { name: 'Ibuprofen' })).statusCode).toBe(201);
    const condition = await say('POST', `/api/patients/${id}/conditions`, { description: 'Asthma', status: 'active' });
    expect(condition.statusCode).toBe(403);
  });
});
