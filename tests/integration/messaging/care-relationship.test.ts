// The care relationship (issue 12): only a visit together that is booked and not cancelled, or
// that happened (checked in, called, in progress, completed), and starts at most
// CARE_RELATIONSHIP_DAYS (730) ago lets a patient and a doctor open a thread, write in it, and the
// doctor read the patient's record. Booking and cancelling at once, a no-show, or a visit beyond the
// window give nothing. When it ends, an existing thread stays readable by its participants but
// takes no new messages (REST or socket) until a new visit is booked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids.js';
import { type AppointmentStatus, appointments } from '../../../db/schema/index.js';
import { newBookingReference } from '../../../server/modules/scheduling/reference.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let clinic: ServedClinic['clinic'];
const DAY = 86_400_000;

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic } = served);
});
afterAll(() => served.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

/** What the patient and the clinic's doctor may do with each other right now. */
async function access(p: Actor & { patientId: string }) {
  const patientOpens = await call(p, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId });
  const doctorOpens = await call(clinic.doctor, 'POST', '/api/threads', { patientId: p.patientId });
  const record = await call(clinic.doctor, 'GET', `/api/patients/${p.patientId}`);
  return { patientOpens: patientOpens.statusCode, doctorOpens: doctorOpens.statusCode, record: record.statusCode };
}
const NONE = { patientOpens: 403, doctorOpens: 403, record: 403 };

/** A visit with the clinic's doctor `daysAgo` days ago that ended in `status` (written as the desk's history would hold it). */
async function pastVisit(patientId: string, daysAgo: number, status: AppointmentStatus) {
  const startAt = new Date(Date.now() - daysAgo * DAY);
  await hub.app.db.insert(appointments).values({
    id: newId(),
    bookingReference: newBookingReference(),
    doctorId: clinic.doctor.doctorId!,
    patientId,
    locationId: clinic.location.id,
    startAt,
    endAt: new Date(startAt.getTime() + 15 * 60_000),
    status,
  });
}

describe('what makes a care relationship', () => {
  it('a booking made and cancelled at once gives no thread, either way, and no record', async () => {
    const p = await patient(hub);
    const booked = await call(p, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: at(3, '09:00') });
    expect(booked.statusCode).toBe(201);
    const cancelled = await call(p, 'POST', `/api/appointments/${booked.json().id}/cancel`, {});
    expect(cancelled.json().status).toBe('cancelled');
    expect(await access(p)).toEqual(NONE);
    const refused = await call(p, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId });
    expect(refused.json().code).toBe('FORBIDDEN');
  });

  it('a current booking does: both open the same thread, and the doctor reads the record', async () => {
    const p = await patient(hub);
    const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
      doctorId: clinic.doctor.doctorId,
      patientId: p.patientId,
      startAt: at(3, '10:00'),
    });
    expect(booked.statusCode).toBe(201);
    expect(await access(p)).toEqual({ patientOpens: 201, doctorOpens: 200, record: 200 });
  });

  it('a no-show gives none', async () => {
    const p = await patient(hub);
    await pastVisit(p.patientId, 3, 'no_show');
    expect(await access(p)).toEqual(NONE);
  });

  it('a visit that happened does, until CARE_RELATIONSHIP_DAYS (730) after it', async () => {
    const recent = await patient(hub);
    await pastVisit(recent.patientId, 729, 'completed');
    expect(await access(recent)).toEqual({ patientOpens: 201, doctorOpens: 200, record: 200 });
    const longAgo = await patient(hub);
    await pastVisit(longAgo.patientId, 731, 'completed');
    await pastVisit(longAgo.patientId, 20, 'cancelled');
    expect(await access(longAgo)).toEqual(NONE);
  });
});

describe('a thread whose relationship has ended', () => {
  it('stays readable by its participants, takes no new or edited messages, and opens again with a new booking', async () => {
    const p = await patient(hub);
    const booked = await call(p, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: at(4, '09:00') });
    const thread = (await call(p, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).json();
    const asked = await call(p, 'POST', `/api/threads/${thread.id}/messages`, { clientMessageId: 'care-000001', body: 'Fasting before?' });
    expect(asked.statusCode).toBe(201);
    const answered = await call(clinic.doctor, 'POST', `/api/threads/${thread.id}/messages`, {
      clientMessageId: 'care-000002',
      body: 'No need.',
    });
    expect(answered.statusCode).toBe(201);

    await call(p, 'POST', `/api/appointments/${booked.json().id}/cancel`, {});

    for (const who of [p, clinic.doctor]) {
      const read = await call(who, 'GET', `/api/threads/${thread.id}/messages`);
      expect(read.statusCode).toBe(200);
      expect(read.json().messages.map((m: { body: string }) => m.body)).toEqual(['No need.', 'Fasting before?']);
    }
    expect((await call(p, 'GET', '/api/threads')).json().threads.map((t: { id: string }) => t.id)).toContain(thread.id);
    for (const [who, id] of [
      [p, 'care-000003'],
      [clinic.doctor, 'care-000004'],
    ] as const) {
      const send = await call(who, 'POST', `/api/threads/${thread.id}/messages`, { clientMessageId: id, body: 'Still there?' });
      expect(send.statusCode).toBe(403);
      expect(send.json().code).toBe('FORBIDDEN');
    }
    const edit = await call(p, 'PATCH', `/api/threads/${thread.id}/messages/${asked.json().id}`, { body: 'Call me' });
    expect(edit.statusCode).toBe(403);
    const socket = client(served.base, p.token);
    served.sockets.push(socket);
    await connected(socket);
    const viaSocket = await emitAck<{ ok: boolean; error?: { code: string } }>(socket, 'message:send', {
      threadId: thread.id,
      clientMessageId: 'care-000005',
      body: 'Hello?',
    });
    expect(viaSocket).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call(clinic.doctor, 'GET', `/api/patients/${p.patientId}`)).statusCode).toBe(403);
    expect((await call(p, 'GET', `/api/threads/${thread.id}/messages`)).json().messages).toHaveLength(2);

    // A new booking: the same thread takes messages again.
    expect((await call(p, 'POST', '/api/appointments', { doctorId: clinic.doctor.doctorId, startAt: at(5, '09:00') })).statusCode).toBe(
      201,
    );
    const again = await call(p, 'POST', `/api/threads/${thread.id}/messages`, { clientMessageId: 'care-000006', body: 'Booked again.' });
    expect(again.statusCode).toBe(201);
  });
});
