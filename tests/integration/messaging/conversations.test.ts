// Patient–doctor messages over REST and Socket.IO: who may open and read a thread, delivery
// with acks and retries that store one message, unread counts, read receipts, typing, and
// notifications (without content) for users who were offline.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck, recorder } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let base: string;
let clinic: ServedClinic['clinic'];
let stranger: Actor;
let threadId: string;
let sockets: Socket[];
const open = (token: string) => {
  const s = client(base, token);
  sockets.push(s);
  return s;
};
const call = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  hub.app.inject({ method, url, headers: bearer(actor.token), ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic, base, sockets } = served);
  stranger = await patient(hub);
  await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    startAt: at(2, '10:00'),
  });
});
afterAll(() => served.close());

describe('threads', () => {
  it('a patient opens a thread with their doctor once; the doctor finds the same thread', async () => {
    const first = await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId });
    expect(first.statusCode).toBe(201);
    threadId = first.json().id;
    expect(first.json()).toMatchObject({ patientId: clinic.patient.patientId, doctorId: clinic.doctor.doctorId, unreadCount: 0 });
    const again = await call(clinic.doctor, 'POST', '/api/threads', { patientId: clinic.patient.patientId });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(threadId);
  });

  it('nobody opens a thread without a shared visit, and a third user can neither read nor join it', async () => {
    expect((await call(stranger, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/api/threads/${threadId}/messages`)).statusCode).toBe(404);
    expect(
      (await call(stranger, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId: 'intruder-0001', body: 'hi' })).statusCode,
    ).toBe(404);
    expect((await call(clinic.receptionist, 'GET', `/api/threads/${threadId}/messages`)).statusCode).toBe(404);
    const s = open(stranger.token);
    await connected(s);
    const heard = recorder(s, 'message:new');
    const join = await emitAck<{ ok: boolean; error: { code: string } }>(s, 'thread:join', { threadId });
    expect(join).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const send = await emitAck<{ ok: boolean }>(s, 'message:send', { threadId, clientMessageId: 'intruder-0002', body: 'hello?' });
    expect(send.ok).toBe(false);
    await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId: 'probe-000001', body: 'Probe' });
    expect(heard.seen).toEqual([]);
  });

  it('refuses objects and $-keys where text belongs', async () => {
    for (const payload of [
      { clientMessageId: { $gt: '' }, body: 'x' },
      { clientMessageId: 'inject-0001', body: { $ne: null } },
      { clientMessageId: 'inject-0002', body: 'x', $where: '1' },
    ]) {
      const res = await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, payload);
      expect(res.statusCode).toBe(400);
    }
    expect((await call(clinic.patient, 'POST', '/api/threads', { doctorId: { $gt: '' } })).statusCode).toBe(400);
    expect((await call(clinic.patient, 'GET', `/api/threads/${threadId}/messages?before[$gt]=A`)).statusCode).toBe(400);
  });
});

describe('a conversation over Socket.IO', () => {
  it('patient and doctor exchange messages live, with typing, read receipts and unread counts', async () => {
    const pat = open(clinic.patient.token);
    const doc = open(clinic.doctor.token);
    await Promise.all([connected(pat), connected(doc)]);
    await emitAck(pat, 'thread:join', { threadId });
    await emitAck(doc, 'thread:join', { threadId });
    const docHears = recorder<{ message: { id: string; body: string } }>(doc, 'message:new');
    const patHears = recorder<{ message: { body: string } }>(pat, 'message:new');
    const typing = recorder<{ userId: string; isTyping: boolean }>(doc, 'typing');
    pat.emit('typing', { threadId, isTyping: true });
    expect((await typing.count(1))[0]).toMatchObject({ userId: clinic.patient.userId, isTyping: true });

    const sent = await emitAck<{ ok: boolean; message: { id: string; body: string } }>(pat, 'message:send', {
      threadId,
      clientMessageId: 'patient-msg-0001',
      body: 'My cough is worse at night.',
    });
    expect(sent).toMatchObject({ ok: true, message: { body: 'My cough is worse at night.' } });
    const [incoming] = await docHears.count(1);
    expect(incoming!.message.id).toBe(sent.message.id);
    // A retry with the same clientMessageId stores nothing and answers with the first message.
    const retry = await emitAck<{ ok: boolean; message: { id: string } }>(pat, 'message:send', {
      threadId,
      clientMessageId: 'patient-msg-0001',
      body: 'My cough is worse at night.',
    });
    expect(retry.message.id).toBe(sent.message.id);
    const page = (await call(clinic.doctor, 'GET', `/api/threads/${threadId}/messages?limit=50`)).json();
    expect(page.messages.filter((m: { clientMessageId: string }) => m.clientMessageId === 'patient-msg-0001')).toHaveLength(1);

    const unread = (await call(clinic.doctor, 'GET', '/api/threads')).json().threads[0];
    expect(unread.unreadCount).toBeGreaterThanOrEqual(1);
    const receipts = recorder<{ userId: string; messageId: string }>(pat, 'message:read');
    await emitAck(doc, 'message:read', { threadId, messageId: sent.message.id });
    expect((await receipts.count(1))[0]).toEqual({ threadId, userId: clinic.doctor.userId, messageId: sent.message.id });
    expect((await call(clinic.doctor, 'GET', '/api/threads')).json().threads[0].unreadCount).toBe(0);

    await emitAck(doc, 'message:send', { threadId, clientMessageId: 'doctor-msg-0001', body: 'Please come in tomorrow at 10.' });
    expect((await patHears.count(1))[0]!.message.body).toBe('Please come in tomorrow at 10.');
  });

  it('a user who was offline gets a notification without content on their next connect, once', async () => {
    for (const s of sockets) s.disconnect();
    // Until the server has seen the patient go, a message would be pushed live instead.
    for (let i = 0; i < 200 && (await hub.app.io.in(`user:${clinic.patient.userId}`).fetchSockets()).length > 0; i++)
      await hub.app.redis.ping();
    await call(clinic.doctor, 'POST', `/api/threads/${threadId}/messages`, {
      clientMessageId: 'doctor-msg-0002',
      body: 'Your results are back: all normal.',
    });
    const pat = open(clinic.patient.token);
    const notes = recorder<{ type: string; body: string; data: { threadId: string } }>(pat, 'notification');
    await connected(pat);
    const [note] = await notes.count(1);
    expect(note).toMatchObject({ type: 'message', data: { threadId } });
    expect(JSON.stringify(note)).not.toContain('results');
    const later = open(clinic.patient.token);
    const laterNotes = recorder(later, 'notification');
    await connected(later);
    await emitAck(later, 'thread:join', { threadId });
    expect(laterNotes.seen).toEqual([]);
  });

  it('a reconnecting client catches up from the last message it saw', async () => {
    const page = (await call(clinic.patient, 'GET', `/api/threads/${threadId}/messages?limit=1`)).json();
    const lastSeen = page.messages[0].id;
    await call(clinic.doctor, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId: 'doctor-msg-0003', body: 'One more thing.' });
    const pat = open(clinic.patient.token);
    await connected(pat);
    const joined = await emitAck<{ ok: boolean; messages: { body: string }[] }>(pat, 'thread:join', { threadId, after: lastSeen });
    expect(joined.messages.map((m) => m.body)).toEqual(['One more thing.']);
  });
});

describe('editing, deleting and attachments', () => {
  it('an edit keeps every version and shows as edited; a delete leaves a tombstone; only the sender may', async () => {
    const sent = await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, {
      clientMessageId: 'editable-0001',
      body: 'See the attached scan',
      attachments: [{ name: 'scan.pdf', type: 'application/pdf', size: 120_000, url: 'https://files.clinic.example/scan.pdf' }],
    });
    expect(sent.statusCode).toBe(201);
    const id = sent.json().id;
    expect(sent.json().attachments).toEqual([
      { name: 'scan.pdf', type: 'application/pdf', size: 120_000, url: 'https://files.clinic.example/scan.pdf' },
    ]);
    const hijack = await hub.app.inject({
      method: 'PATCH',
      url: `/api/threads/${threadId}/messages/${id}`,
      headers: bearer(clinic.doctor.token),
      payload: { body: 'hijack' },
    });
    expect(hijack.statusCode).toBe(403);
    const edited = await hub.app.inject({
      method: 'PATCH',
      url: `/api/threads/${threadId}/messages/${id}`,
      headers: bearer(clinic.patient.token),
      payload: { body: 'See the attached scan (page 2)' },
    });
    expect(edited.json()).toMatchObject({ body: 'See the attached scan (page 2)', edited: true, deleted: false });
    const removed = await hub.app.inject({
      method: 'DELETE',
      url: `/api/threads/${threadId}/messages/${id}`,
      headers: bearer(clinic.patient.token),
    });
    expect(removed.json()).toMatchObject({ body: null, deleted: true, attachments: [] });
    const stored = await hub.app.mongo.db.collection('messages').findOne({ _id: id as never });
    expect(stored?.versions.map((v: { body: string }) => v.body)).toEqual(['See the attached scan', 'See the attached scan (page 2)']);
    const again = await hub.app.inject({
      method: 'DELETE',
      url: `/api/threads/${threadId}/messages/${id}`,
      headers: bearer(clinic.patient.token),
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses attachments that are not metadata of a real https file', async () => {
    for (const attachments of [
      [{ name: 'x', type: 'application/pdf', size: 10, url: 'http://insecure.example/x' }],
      [{ name: 'x', type: 'not a type', size: 10, url: 'https://files.example/x' }],
      [{ name: 'x', type: 'image/png', size: 999_999_999, url: 'https://files.example/x' }],
      [{ name: 'x', type: 'image/png', size: 10, url: 'https://files.example/x', data: 'AAAA' }],
      Array.from({ length: 6 }, () => ({ name: 'x', type: 'image/png', size: 10, url: 'https://files.example/x' })),
    ]) {
      const res = await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, {
        clientMessageId: 'attach-bad-01',
        body: 'x',
        attachments,
      });
      expect(res.statusCode).toBe(400);
    }
  });
});

describe('care team', () => {
  it('the doctor adds a receptionist, who then reads and writes with their own read state', async () => {
    const notYet = await call(clinic.receptionist, 'GET', `/api/threads/${threadId}/messages`);
    expect(notYet.statusCode).toBe(404);
    expect(
      (await call(clinic.patient, 'POST', `/api/threads/${threadId}/participants`, { userId: clinic.receptionist.userId })).statusCode,
    ).toBe(403);
    const added = await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: clinic.receptionist.userId });
    expect(added.statusCode).toBe(200);
    expect(added.json().participants.map((p: { role: string }) => p.role)).toEqual(['patient', 'doctor', 'receptionist']);
    expect((await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: clinic.patient.userId })).statusCode).toBe(
      400,
    );
    const sent = await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, {
      clientMessageId: 'care-team-0001',
      body: 'Can I move my visit?',
    });
    const desk = (await call(clinic.receptionist, 'GET', '/api/threads')).json().threads.find((t: { id: string }) => t.id === threadId);
    expect(desk.unreadCount).toBe(1);
    await hub.app.inject({
      method: 'POST',
      url: `/api/threads/${threadId}/messages`,
      headers: bearer(clinic.receptionist.token),
      payload: { clientMessageId: 'care-team-0002', body: 'Yes, call us.' },
    });
    const s = open(clinic.receptionist.token);
    await connected(s);
    await emitAck(s, 'thread:join', { threadId });
    await emitAck(s, 'message:read', { threadId, messageId: sent.json().id });
    const stored = await hub.app.mongo.db.collection('messages').findOne({ _id: sent.json().id as never });
    expect(Object.keys(stored?.readBy ?? {})).toContain(clinic.receptionist.userId);
  });
});

describe('unanswered patient messages', () => {
  it('alert the care team once, without content, when the patient waited too long', async () => {
    const { alertUnanswered } = await import('../../../server/modules/messaging/unanswered.js');
    const { messagingStore } = await import('../../../server/modules/messaging/store.js');
    const store = messagingStore(hub.app.mongo.db);
    await call(clinic.patient, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId: 'waiting-0001', body: 'Is anyone there?' });
    const doc = open(clinic.doctor.token);
    await connected(doc);
    // Only the alert matters here (earlier messages may arrive as pending notifications).
    const alertArrived = new Promise<{ type: string; data: { threadId: string } }>((resolve) => {
      doc.on('notification', (n: { type: string; data: { threadId: string } }) => {
        if (n.type === 'message_unanswered') resolve(n);
      });
    });
    const minutes = hub.config.unansweredMessageMinutes;
    // Not yet: the message is fresh.
    expect(await alertUnanswered(hub.app.io, hub.app.mongo.db, store, minutes)).toBe(0);
    // As of a time past the limit: one alert, and never a second for the same message.
    const later = new Date(Date.now() + (minutes + 1) * 60_000);
    expect(await alertUnanswered(hub.app.io, hub.app.mongo.db, store, minutes, later)).toBe(1);
    expect(await alertUnanswered(hub.app.io, hub.app.mongo.db, store, minutes, later)).toBe(0);
    const alert = await alertArrived;
    expect(alert).toMatchObject({ type: 'message_unanswered', data: { threadId } });
    expect(JSON.stringify(alert)).not.toContain('anyone');
    // Once the doctor answers, there is nothing to alert about.
    await call(clinic.doctor, 'POST', `/api/threads/${threadId}/messages`, { clientMessageId: 'answer-0001', body: 'Yes, here.' });
    expect(await alertUnanswered(hub.app.io, hub.app.mongo.db, store, minutes, new Date(Date.now() + (minutes + 5) * 60_000))).toBe(0);
  });
});

describe('staff reading threads', () => {
  it('is off by default and possible when the clinic turns STAFF_CAN_READ_THREADS on; writing still needs a place in the thread', async () => {
    const admin = (await import('../../support/factories.js')).staff;
    const outsider = await admin(hub, 'admin');
    expect((await call(outsider, 'GET', `/api/threads/${threadId}/messages`)).statusCode).toBe(404);
    const { buildApp } = await import('../../../server/app.js');
    const { loadConfig } = await import('../../../server/config.js');
    const open = await buildApp(loadConfig({ ...hub.env, JWT_SECRET: hub.config.jwtSecret, STAFF_CAN_READ_THREADS: 'true' }));
    try {
      const read = await open.inject({ method: 'GET', url: `/api/threads/${threadId}/messages`, headers: bearer(outsider.token) });
      expect(read.statusCode).toBe(200);
      const write = await open.inject({
        method: 'POST',
        url: `/api/threads/${threadId}/messages`,
        headers: bearer(outsider.token),
        payload: { clientMessageId: 'staff-write-01', body: 'hi' },
      });
      expect(write.statusCode).toBe(404);
    } finally {
      await open.close();
    }
  });
});
