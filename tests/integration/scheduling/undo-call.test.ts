// Undo call reaches everybody (issue 13): after POST /api/appointments/:id/undo-call the visit is
// waiting again at the head of the queue, the board's next board:update no longer shows it as now
// serving (nor among the recent calls), and the patient's own sockets get a fresh queue:position.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let base: string;
let clinic: ServedClinic['clinic'];
let sockets: Socket[];
const open = async (token: string) => {
  const s = client(base, token);
  sockets.push(s);
  await connected(s);
  return s;
};

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic, base, sockets } = served);
});
afterAll(() => served.close());

const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });

interface Board {
  seq: number;
  doctors: { doctorId: string; nowServing: { ticket: string } | null; waiting: { ticket: string }[] }[];
  recentCalls: { ticket: string }[];
}

describe('undo call', () => {
  it('puts the visit back at the head of the queue, takes it off the board’s now serving, and tells the patient’s phone', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const ann = await patient(hub);
    const a = (await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: ann.patientId })).json();
    const b = (
      await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: (await patient(hub, false)).patientId })
    ).json();
    const called = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    expect(called.json()).toMatchObject({ id: a.id, status: 'called' });
    await hub.app.live.publishSoon();

    // The waiting room and Ann's phone, open while she is called.
    const screen = await open((await display(hub, clinic.location.id)).token);
    const snapshot = (await emitAck<{ board: Board }>(screen, 'board:subscribe', { locationId: clinic.location.id })).board;
    const column = (board: Board) => board.doctors.find((d) => d.doctorId === doctorId)!;
    expect(column(snapshot).nowServing).toEqual({ ticket: a.ticket });
    expect(snapshot.recentCalls[0]).toMatchObject({ ticket: a.ticket });
    const updates = recorder<Board>(screen, 'board:update');
    const phone = await open(ann.token);
    const positions = recorder<{ appointmentId: string; ticket: string | null; position: number; etaMinutes: number }>(
      phone,
      'queue:position',
    );

    const undone = await call(clinic.doctor, 'POST', `/api/appointments/${a.id}/undo-call`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'checked_in', calledAt: null });

    const [next] = await updates.count(1);
    expect(next!.seq).toBeGreaterThan(snapshot.seq);
    expect(column(next!).nowServing).toBeNull();
    expect(column(next!).waiting.map((w) => w.ticket)).toEqual([a.ticket, b.ticket]);
    expect(next!.recentCalls.map((c) => c.ticket)).not.toContain(a.ticket);

    const [position] = await positions.count(1);
    expect(position).toMatchObject({ appointmentId: a.id, ticket: a.ticket, position: 1 });

    // The doctor's queue agrees; calling next calls Ann again.
    const queue = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.nowServing).toBeNull();
    expect(queue.waiting[0]).toMatchObject({ appointmentId: a.id });
    expect((await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).json().id).toBe(a.id);
  });
});
