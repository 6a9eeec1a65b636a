// Free slots seen live: anyone signed in may watch a doctor's availability, and learns when a
// booking (or move, cancellation) changes it; screens may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, display } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';

let served: ServedClinic;
beforeAll(async () => {
  served = await servedClinic();
});
afterAll(() => served.close());

describe('availability:subscribe', () => {
  it('tells a watching patient when the doctor’s slots change, and refuses screens and bad payloads', async () => {
    const { hub, clinic, base, sockets } = served;
    const patientSocket = client(base, clinic.patient.token);
    const screen = client(base, (await display(hub, clinic.location.id)).token);
    sockets.push(patientSocket, screen);
    await Promise.all([connected(patientSocket), connected(screen)]);
    const changes = recorder<{ doctorId: string }>(patientSocket, 'availability:changed');

    expect(await emitAck(patientSocket, 'availability:subscribe', { doctorId: clinic.doctor.doctorId })).toEqual({ ok: true });
    expect(await emitAck(patientSocket, 'availability:subscribe', { doctorId: clinic.doctor.doctorId, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await emitAck(screen, 'availability:subscribe', { doctorId: clinic.doctor.doctorId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/appointments',
      headers: bearer(clinic.receptionist.token),
      payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(1, '09:00') },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await changes.count(1)).toEqual([{ doctorId: clinic.doctor.doctorId }]);
  });
});
