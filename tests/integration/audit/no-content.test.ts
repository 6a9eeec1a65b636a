// A full clinic day, then a search of every audit entry it wrote for the day's secrets: the words of
// notes, messages and reasons, passwords, and every token (access, refresh, a screen's). None may
// be there. And, route by route, any string a request's body carried may appear in its entry only
// as the value of a field that route keeps (server/modules/audit/rules.ts).
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, login, PASSWORD } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let clinic: ServedClinic['clinic'];
/** Everything that must never reach the audit log. */
const secrets = new Set<string>([PASSWORD]);
/** Each request's body by its request id, to check what of it reached its entry. */
const bodies = new Map<string, unknown>();

const mark = (what: string) => {
  const value = `${what} ${Math.random().toString(36).slice(2, 10)}`;
  secrets.add(value);
  return value;
};

async function call(actor: Actor | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await hub.app.inject({
    method,
    url,
    headers: actor ? bearer(actor.token) : {},
    ...(payload ? { payload } : {}),
  });
  if (payload) bodies.set(String(res.headers['x-request-id']), payload);
  return res;
}

function open(token: string): Socket {
  const s = client(served.base, token);
  served.sockets.push(s);
  return s;
}

/** Entries land just after each response: wait (bounded, no sleep) until the last request's has. */
async function settled(requestId: string) {
  for (let i = 0; i < 500; i++) {
    if (await hub.app.audit.entries.findOne({ requestId })) return;
    await hub.app.redis.ping();
  }
}

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic } = served);
  for (const actor of [clinic.admin, clinic.receptionist, clinic.doctor, clinic.patient]) {
    secrets.add(actor.token);
    if (actor.refreshToken) secrets.add(actor.refreshToken);
  }

  // Morning: a screen is set up and paired; a patient signs in on the portal.
  const screen = await call(clinic.admin, 'POST', '/api/displays', { locationId: clinic.location.id, name: 'Waiting room' });
  expect(screen.statusCode).toBe(201);
  const screenToken = screen.json().token as string;
  secrets.add(screenToken);
  const display = open(screenToken);
  await connected(display);
  expect((await emitAck<{ ok: boolean }>(display, 'board:subscribe', { locationId: clinic.location.id })).ok).toBe(true);
  expect((await emitAck<{ ok: boolean }>(display, 'display:heartbeat', {})).ok).toBe(true);
  const portal = await login(hub, clinic.patient.email!);
  secrets.add(portal.accessToken);
  secrets.add(portal.refreshToken);
  const refreshed = await call(null, 'POST', '/api/auth/refresh', { refreshToken: portal.refreshToken });
  expect(refreshed.statusCode).toBe(200);
  secrets.add(refreshed.json().accessToken);
  secrets.add(refreshed.json().refreshToken);

  // The desk: a booking with a reason, cancelled with a reason; a walk-in with a reason.
  const booked = await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    startAt: at(3, '10:00'),
    reason: mark('Repeat prescription: asthma inhaler'),
  });
  expect(booked.statusCode).toBe(201);
  const cancel = await call(clinic.receptionist, 'POST', `/api/appointments/${booked.json().id}/cancel`, {
    reason: mark('Admitted to hospital with pneumonia'),
  });
  expect(cancel.statusCode).toBe(200);
  const walkIn = await call(clinic.receptionist, 'POST', '/api/walk-ins', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    reason: mark('Sudden chest pain'),
  });
  expect(walkIn.statusCode).toBe(201);
  const visitId = walkIn.json().id as string;
  await call(clinic.receptionist, 'POST', `/api/doctors/${clinic.doctor.doctorId}/unavailability`, {
    startAt: at(5, '09:00'),
    endAt: at(5, '11:00'),
    reason: mark('Personal medical appointment'),
  });

  // The consultation: called, started, a note written and corrected, completed.
  expect((await call(clinic.doctor, 'POST', `/api/doctors/${clinic.doctor.doctorId}/queue/call-next`, {})).statusCode).toBe(200);
  expect((await call(clinic.doctor, 'POST', `/api/appointments/${visitId}/start`)).statusCode).toBe(200);
  const soap = (v: string) => ({
    subjective: mark(`Crushing chest pain ${v}`),
    objective: { text: mark(`Sweating, pale ${v}`), vitals: { heartRate: 112, systolic: 150 } },
    assessment: { text: mark(`Suspected angina ${v}`), diagnoses: [{ code: 'I20.9', description: mark(`Angina pectoris ${v}`) }] },
    plan: { text: mark(`ECG and troponin ${v}`), followUp: { inDays: 2, notes: mark(`Return at once if worse ${v}`) } },
  });
  const note = await call(clinic.doctor, 'POST', `/api/appointments/${visitId}/notes`, soap('v1'));
  expect(note.statusCode).toBe(201);
  expect(
    (
      await call(clinic.doctor, 'PUT', `/api/notes/${note.json().id}`, {
        ...soap('v2'),
        baseVersion: 1,
        final: true,
        shareWithPatient: true,
      })
    ).statusCode,
  ).toBe(200);
  expect((await call(clinic.doctor, 'POST', `/api/appointments/${visitId}/complete`)).statusCode).toBe(200);
  // The admin may not read the note, and the log must not hand it over either.
  expect((await call(clinic.admin, 'GET', `/api/notes/${note.json().id}`)).statusCode).toBeGreaterThanOrEqual(400);

  // Messages: over HTTP and the socket, edited and deleted; a refused edit by someone else.
  const thread = await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId });
  const threadId = thread.json().id as string;
  const sent = await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, {
    clientMessageId: 'day-msg-0001',
    body: mark('My chest still hurts at night'),
  });
  expect(sent.statusCode).toBe(201);
  const messageId = sent.json().id as string;
  expect(
    (
      await call(clinic.patient, 'PATCH', `/api/threads/${threadId}/messages/${messageId}`, {
        body: mark('My chest hurts at night and morning'),
      })
    ).statusCode,
  ).toBe(200);
  const refusedEdit = await call(clinic.receptionist, 'PATCH', `/api/threads/${threadId}/messages/${messageId}`, {
    body: mark('Overwritten by someone else'),
  });
  expect(refusedEdit.statusCode).toBeGreaterThanOrEqual(400);
  const doctorSocket = open(clinic.doctor.token);
  await connected(doctorSocket);
  await emitAck(doctorSocket, 'thread:join', { threadId });
  const reply = await emitAck<{ ok: boolean; message: { id: string } }>(doctorSocket, 'message:send', {
    threadId,
    clientMessageId: 'day-msg-0002',
    body: mark('Please come in tomorrow morning'),
  });
  expect(reply.ok).toBe(true);
  await emitAck(doctorSocket, 'message:read', { threadId, messageId });
  expect((await call(clinic.patient, 'DELETE', `/api/threads/${threadId}/messages/${messageId}`)).statusCode).toBe(200);

  // Evening: a forged screen token knocks; the patient signs out.
  const forged = open(`dsp_${mark('forged').replace(' ', '_')}`);
  await new Promise((resolve) => forged.once('connect_error', resolve));
  const logout = await call(null, 'POST', '/api/auth/logout', { refreshToken: refreshed.json().refreshToken });
  expect(logout.statusCode).toBe(204);
  await settled(String(logout.headers['x-request-id']));
});
afterAll(() => served.close());

describe('the audit log of a clinic day', () => {
  it('holds no note or message text, no reason, no password and no token', async () => {
    const entries = await hub.app.audit.entries.find({}).toArray();
    expect(entries.length).toBeGreaterThan(20);
    const everything = JSON.stringify(entries);
    const found = [...secrets].filter((secret) => everything.includes(secret));
    expect(found).toEqual([]);
  });

  it('keeps of a request body only what its route lists as kept', async () => {
    const entries = await hub.app.audit.entries.find({ requestId: { $in: [...bodies.keys()] } }).toArray();
    expect(entries.length).toBeGreaterThan(10);
    const rules = new Map(hub.app.auditedRoutes.map((r) => [`${r.method} ${r.url}`, r.rule]));
    const leaks: string[] = [];
    for (const entry of entries) {
      const strings = stringsIn(bodies.get(entry.requestId!)).filter((s) => s.length >= 4);
      const kept = new Set(rules.get(entry.action)?.fields ?? []);
      for (const s of strings) {
        if (!JSON.stringify(entry).includes(s)) continue;
        const asKeptValue = (entry.changes ?? []).some((c) => kept.has(c.field.split('.')[0]!) && (JSON.stringify(c.to) ?? '').includes(s));
        const asTarget = entry.targetId === s;
        if (!asKeptValue && !asTarget) leaks.push(`${entry.action}: "${s}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('still says who did what to which record', async () => {
    const cancels = await hub.app.audit.entries.find({ action: 'POST /api/appointments/:id/cancel' }).toArray();
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.changes).toEqual(
      expect.arrayContaining([{ field: 'status', from: 'scheduled', to: 'cancelled' }, { field: 'cancelReason' }]),
    );
    const noteEdits = await hub.app.audit.entries.find({ action: 'PUT /api/notes/:id' }).toArray();
    expect(noteEdits[0]!.changes).toEqual(expect.arrayContaining([{ field: 'version', from: 1, to: 2 }, { field: 'soap.subjective' }]));
    const refusedEdit = await hub.app.audit.entries.findOne({ action: 'PATCH /api/threads/:id/messages/:messageId', outcome: 'denied' });
    expect(refusedEdit).toMatchObject({ actorId: clinic.receptionist.userId, changes: null });
  });
});

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}
