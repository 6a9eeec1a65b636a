// A waiting-room screen shows a location's setting (initials or not) and the doctor's name and room.
// Changing them is not a queue event, and a screen that subscribes again is answered from the
// node's cached board while its seq stands: the change must push the boards at a new seq, at once
// (an admin turning initials off for privacy must not wait for the next check-in).
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, display, patient } from '../../support/factories.js';
import { bookableClinic } from '../../support/scheduling.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import { listenOnLoopback, startTestHub, type TestHub } from '../../support/test-hub.js';

type Board = {
  seq: number;
  doctors: { doctorId: string; room: string; name: string; waiting: { ticket: string; patientLabel?: string | null }[] }[];
};

let hub: TestHub;
let base: string;
let clinic: Awaited<ReturnType<typeof bookableClinic>>;
let screen: Actor;
const sockets: Socket[] = [];
/** An admin's change to a location or a doctor. */
const adminPatch = (url: string, payload: object) => hub.app.inject({ method: 'PATCH', url, headers: bearer(clinic.admin.token), payload });

beforeAll(async () => {
  hub = await startTestHub();
  base = await listenOnLoopback(hub.app);
  clinic = await bookableClinic(hub);
  screen = await display(hub, clinic.location.id);
  const initialsOn = await adminPatch(`/api/locations/${clinic.location.id}`, { boardShowsInitials: true });
  expect(initialsOn.statusCode).toBe(200);
  const p = await patient(hub, false);
  const walkIn = await hub.app.inject({
    method: 'POST',
    url: '/api/walk-ins',
    headers: bearer(clinic.receptionist.token),
    payload: { doctorId: clinic.doctor.doctorId, patientId: p.patientId, reason: 'Headache' },
  });
  expect(walkIn.statusCode).toBe(201);
  await hub.app.live.publishSoon();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await hub.close();
});

const column = (b: Board) => b.doctors.find((d) => d.doctorId === clinic.doctor.doctorId)!;
const labels = (b: Board) => column(b).waiting.map((w) => w.patientLabel ?? null);

describe('board settings changed by an admin', () => {
  it('reach the screens at once at a new seq: initials off, then the doctor’s new room', async () => {
    const socket = client(base, screen.token);
    sockets.push(socket);
    await connected(socket);
    const first = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board;
    expect(labels(first)).toHaveLength(1);
    expect(labels(first)[0]).toMatch(/^\S\.(?: \S\.)?$/u);
    const updates = recorder<Board>(socket, 'board:update');

    const off = await adminPatch(`/api/locations/${clinic.location.id}`, { boardShowsInitials: false });
    expect(off.statusCode).toBe(200);
    const [pushed] = await updates.count(1);
    expect(pushed!.seq).toBeGreaterThan(first.seq);
    expect(labels(pushed!)).toEqual([null]);
    // A screen subscribing again (or a new one) gets the new board, not the cached one.
    const again = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board;
    expect(again.seq).toBeGreaterThanOrEqual(pushed!.seq);
    expect(labels(again)).toEqual([null]);

    const moved = await adminPatch(`/api/doctors/${clinic.doctor.doctorId}`, { room: 'Room 12B' });
    expect(moved.statusCode).toBe(200);
    const [, roomChange] = await updates.count(2);
    expect(roomChange!.seq).toBeGreaterThan(pushed!.seq);
    expect(column(roomChange!).room).toBe('Room 12B');
  });

  it('a change the board does not show pushes nothing', async () => {
    const socket = client(base, screen.token);
    sockets.push(socket);
    await connected(socket);
    const before = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board;
    const updates = recorder<Board>(socket, 'board:update');
    const phone = await adminPatch(`/api/locations/${clinic.location.id}`, { phone: '+1 212 555 0188' });
    expect(phone.statusCode).toBe(200);
    // A round trip through the same socket after the change: an update pushed by it would have come first.
    const after = (await emitAck<{ board: Board }>(socket, 'board:subscribe', { locationId: clinic.location.id })).board;
    expect(after.seq).toBe(before.seq);
    expect(updates.seen).toHaveLength(0);
  });
});
