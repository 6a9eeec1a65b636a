// After a note is saved, a followed chart hears only which part changed ({patientId, part}), never
// the note's words, since readers differ by the note's privacy; the note's vitals join the vitals
// series (one row per note, following its latest version, gone when a version drops them).
// The socket joins the chart's room through the server (chart:subscribe is the record's, built
// alongside): what is tested here is what the notes' routes emit into that room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vitalsOf } from '../../../server/modules/record/vitals-repository.js';
import { rooms } from '../../../server/realtime/rooms.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, recorder } from '../../support/sockets.js';
import { send, soapNote } from './privacy-world.js';

let served: ServedClinic;
const SECRET = 'Quetzalcoatl-secret';

beforeAll(async () => {
  served = await servedClinic();
});
afterAll(() => served.close());

async function visit(day: number): Promise<string> {
  const { hub, clinic } = served;
  const res = await send(hub, clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    startAt: at(day, '11:00'),
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('chart subscribers', () => {
  it('hear chart:changed {patientId, part} after each save, and nothing carrying the note', async () => {
    const { hub, clinic, base, sockets } = served;
    const pid = clinic.patient.patientId;
    const socket = client(base, clinic.doctor.token);
    sockets.push(socket);
    await connected(socket);
    hub.app.io.in(socket.id!).socketsJoin(rooms.chart(pid));
    const everything: unknown[] = [];
    socket.onAny((event, ...args) => everything.push({ event, args }));
    const changed = recorder<{ patientId: string; part: string }>(socket, 'chart:changed');

    const body = soapNote(SECRET, {
      chiefComplaint: `${SECRET} complaint`,
      privacy: 'sensitive',
      objective: { text: SECRET, vitals: { heartRate: 88, systolic: 131 } },
    });
    const created = await send(hub, clinic.doctor, 'POST', `/api/appointments/${await visit(1)}/notes`, body);
    expect(created.statusCode).toBe(201);
    await changed.count(2);
    expect(changed.seen.slice(0, 2)).toEqual([
      { patientId: pid, part: 'notes' },
      { patientId: pid, part: 'vitals' },
    ]);
    const edited = await send(hub, clinic.doctor, 'PUT', `/api/notes/${created.json().id}`, { ...body, baseVersion: 1 });
    expect(edited.statusCode).toBe(200);
    await changed.count(4);
    for (const event of changed.seen) expect(Object.keys(event).sort()).toEqual(['part', 'patientId']);
    expect(JSON.stringify(everything)).not.toContain(SECRET);
  });
});

describe('vitals from notes', () => {
  it('join the vitals series as one row per note, follow its latest version and leave with them', async () => {
    const { hub, clinic } = served;
    const pid = clinic.patient.patientId;
    const visitId = await visit(2);
    const series = async () =>
      (await vitalsOf(hub.app.db, pid, { limit: 100, order: 'oldest' })).filter((v) => v.appointmentId === visitId);

    const vitals = { temperatureC: 38.4, heartRate: 101, spo2: 95 };
    const note = await send(hub, clinic.doctor, 'POST', `/api/appointments/${visitId}/notes`, soapNote('v', { objective: { vitals } }));
    expect(note.statusCode).toBe(201);
    const [row] = await series();
    expect(await series()).toHaveLength(1);
    expect(row).toMatchObject({ source: 'note', appointmentId: visitId, temperatureC: 38.4, heartRate: 101, spo2: 95 });
    expect(row!.recordedBy?.id).toBe(clinic.doctor.userId);
    // Taken at the visit's start (ahead of now here, so now) rather than at each save.
    expect(new Date(row!.at).getTime()).toBeLessThanOrEqual(Date.now());

    const id = note.json().id;
    const v2 = await send(hub, clinic.doctor, 'PUT', `/api/notes/${id}`, {
      ...soapNote('v', { objective: { vitals: { heartRate: 90 } } }),
      baseVersion: 1,
    });
    expect(v2.statusCode).toBe(200);
    const after = await series();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: row!.id, heartRate: 90 });
    expect(after[0]).not.toHaveProperty('temperatureC');

    const v3 = await send(hub, clinic.doctor, 'PUT', `/api/notes/${id}`, { ...soapNote('v'), baseVersion: 2 });
    expect(v3.statusCode).toBe(200);
    expect(await series()).toEqual([]);
  });
});
