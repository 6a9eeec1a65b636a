// What screens, doctors and patients see live besides the board itself: a doctor running late,
// a call taken back, a patient's own place in the queue and "you're next", screens' heartbeats
// and a reload pushed by an admin.
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, displayDevices } from '../../../db/schema/index.js';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let base: string;
let clinic: ServedClinic['clinic'];
let sockets: Socket[];
const open = (token: string) => {
  const s = client(base, token);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic, base, sockets } = served);
});
afterAll(() => served.close());

const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload ? { payload } : {}) });
const walkIn = async (patientId: string, priority: 'regular' | 'urgent' = 'regular') =>
  (await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId: clinic.doctor.doctorId, patientId, priority })).json();

describe('a doctor running late', () => {
  it('shifts every ETA on the queue and the board, pushed live', async () => {
    const doctorId = clinic.doctor.doctorId!;
    await walkIn((await patient(hub, false)).patientId);
    await hub.app.live.publishSoon(); // the walk-in's own update is out before the screen subscribes
    const screen = open((await display(hub, clinic.location.id)).token);
    await connected(screen);
    const board = (
      await emitAck<{ board: { doctors: { doctorId: string; waiting: { etaMinutes: number }[] }[] } }>(screen, 'board:subscribe', {
        locationId: clinic.location.id,
      })
    ).board;
    const before = board.doctors.find((d) => d.doctorId === doctorId)!.waiting[0]!.etaMinutes;
    const updates = recorder<{ doctors: { doctorId: string; delayMinutes: number; waiting: { etaMinutes: number }[] }[] }>(
      screen,
      'board:update',
    );
    const res = await call(clinic.receptionist, 'PUT', `/api/doctors/${doctorId}/delay`, { minutes: 20 });
    expect(res.json()).toEqual({ doctorId, delayMinutes: 20 });
    const [update] = await updates.count(1);
    const column = update!.doctors.find((d) => d.doctorId === doctorId)!;
    expect(column.delayMinutes).toBe(20);
    expect(column.waiting[0]!.etaMinutes).toBe(before + 20);
    const queue = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.delayMinutes).toBe(20);
    await call(clinic.receptionist, 'PUT', `/api/doctors/${doctorId}/delay`, { minutes: 0 });
  });
});

describe('undoing a call', () => {
  it('within a minute puts the patient back at the head of the queue; later it is refused', async () => {
    const doctorId = clinic.doctor.doctorId!;
    // Clear whatever is waiting from other tests.
    for (;;) {
      const next = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
      if (next.statusCode !== 200) break;
      await call(clinic.doctor, 'POST', `/api/appointments/${next.json().id}/start`);
      await call(clinic.doctor, 'POST', `/api/appointments/${next.json().id}/complete`);
    }
    const a = await walkIn((await patient(hub, false)).patientId);
    const b = await walkIn((await patient(hub, false)).patientId);
    const called = (await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`)).json();
    expect(called.id).toBe(a.id);
    // The board lists the call first among the last five.
    const board = (await call(clinic.receptionist, 'GET', `/api/locations/${clinic.location.id}/board`)).json();
    expect(board.recentCalls.length).toBeLessThanOrEqual(5);
    expect(board.recentCalls[0]).toMatchObject({ ticket: a.ticket, room: '1', doctorName: expect.stringMatching(/^Dr\. /) });
    const undone = await call(clinic.doctor, 'POST', `/api/appointments/${a.id}/undo-call`);
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({ status: 'checked_in', calledAt: null });
    const queue = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    expect(queue.waiting.map((w: { appointmentId: string }) => w.appointmentId)).toEqual([a.id, b.id]);
    // Called again, and this time the minute has passed.
    await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    await hub.app.db
      .update(appointments)
      .set({ calledAt: new Date(Date.now() - 61_000) })
      .where(eq(appointments.id, a.id));
    const late = await call(clinic.doctor, 'POST', `/api/appointments/${a.id}/undo-call`);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('UNDO_TOO_LATE');
  });
});

describe('patients', () => {
  it('get their own place and ETA, and "you\'re next" once, on their own sockets only', async () => {
    const doctorId = clinic.doctor.doctorId!;
    // Empty the room first.
    const room = (await call(clinic.doctor, 'GET', `/api/doctors/${doctorId}/queue`)).json();
    if (room.nowServing) {
      await call(clinic.doctor, 'POST', `/api/appointments/${room.nowServing.appointmentId}/start`);
      await call(clinic.doctor, 'POST', `/api/appointments/${room.nowServing.appointmentId}/complete`);
    }
    for (;;) {
      const next = await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
      if (next.statusCode !== 200) break;
      await call(clinic.doctor, 'POST', `/api/appointments/${next.json().id}/start`);
      await call(clinic.doctor, 'POST', `/api/appointments/${next.json().id}/complete`);
    }
    const [ann, bob] = await Promise.all([patient(hub), patient(hub)]);
    const annSocket = open(ann.token);
    const bobSocket = open(bob.token);
    await Promise.all([connected(annSocket), connected(bobSocket)]);
    const annPositions = recorder<{ position: number; etaMinutes: number }>(annSocket, 'queue:position');
    const annNotes = recorder<{ type: string; title: string; body: string }>(annSocket, 'notification');
    const bobPositions = recorder<{ position: number }>(bobSocket, 'queue:position');
    await walkIn(bob.patientId!);
    await walkIn(ann.patientId!);
    const seenByAnn = await annPositions.count(1);
    expect(seenByAnn[0]).toMatchObject({ position: 2 });
    await bobPositions.count(1);
    // Bob is called: Ann moves up and hears she is next, once.
    await call(clinic.doctor, 'POST', `/api/doctors/${doctorId}/queue/call-next`);
    const notes = await annNotes.count(1);
    expect(notes[0]).toMatchObject({ type: 'you_are_next' });
    expect(JSON.stringify(notes)).not.toMatch(/Paula|Patient/); // no names in notifications
    expect(bobPositions.seen.every((p) => p.position === 1)).toBe(true);

    // Ann opens the portal again (a reload): her place arrives at once, before the queue moves.
    const again = client(base, ann.token);
    sockets.push(again);
    const fresh = recorder<{ position: number; appointmentId: string }>(again, 'queue:position');
    await connected(again);
    expect((await fresh.count(1))[0]).toMatchObject({ position: 1 });
  });
});

describe('screens', () => {
  it('send heartbeats that admins see, and reload when an admin says so', async () => {
    const screen = await display(hub, clinic.location.id);
    const socket = open(screen.token);
    await connected(socket);
    const [row] = await hub.app.db.select().from(displayDevices).where(eq(displayDevices.locationId, clinic.location.id));
    await hub.app.db.update(displayDevices).set({ lastSeenAt: null });
    const beat = await emitAck<{ ok: boolean }>(socket, 'display:heartbeat', {});
    expect(beat.ok).toBe(true);
    const listed = (await call(clinic.admin, 'GET', `/api/displays?locationId=${clinic.location.id}`)).json();
    expect(listed.displays.some((d: { lastSeenAt: string | null }) => d.lastSeenAt !== null)).toBe(true);
    expect(row).toBeDefined();
    const reloads = recorder(socket, 'display:reload');
    const { displays } = (await call(clinic.admin, 'GET', `/api/displays?locationId=${clinic.location.id}`)).json();
    const mine = displays.find((d: { lastSeenAt: string | null }) => d.lastSeenAt !== null);
    const res = await call(clinic.admin, 'POST', `/api/displays/${mine.id}/reload`);
    expect(res.statusCode).toBe(202);
    await reloads.count(1);
    // People cannot pretend to be screens.
    const person = open(clinic.receptionist.token);
    await connected(person);
    expect((await emitAck<{ ok: boolean }>(person, 'display:heartbeat', {})).ok).toBe(false);
  });
});
