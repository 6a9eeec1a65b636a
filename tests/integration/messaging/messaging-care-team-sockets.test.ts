// The socket path holds threads in each node's memory (thread-cache.ts) instead of reading the
// thread on every send. What must not change: a staff member the doctor takes off the care team
// can no longer send or mark read, over a socket that had already joined the thread, on the node
// the change was made on or on another one; nor read it over REST. Taking someone off is the
// doctor's alone, and only for staff who were added (access and bad-input rows here).
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../server/app.js';
import { buildApp } from '../../../server/app.js';
import { messagingRuntime } from '../../../server/modules/messaging/runtime.js';
import { CARE_CHECK_MS, ThreadCache } from '../../../server/modules/messaging/thread-cache.js';
import { type Actor, bearer, doctor, staff } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import { listenOnLoopback, type TestHub } from '../../support/test-hub.js';

let served: ServedClinic;
let hub: TestHub;
let clinic: ServedClinic['clinic'];
let nodeB: App;
let baseB: string;
let threadId: string;
let sockets: Socket[];

type Ack = { ok: boolean; message?: { id: string }; error?: { code: string } };
const call = (actor: Actor | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  hub.app.inject({
    method,
    url,
    headers: actor ? bearer(actor.token) : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const open = async (base: string, token: string) => {
  const s = client(base, token);
  sockets.push(s);
  await connected(s);
  return s;
};

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic, sockets } = served);
  nodeB = await buildApp(hub.config);
  baseB = await listenOnLoopback(nodeB);
  await call(clinic.receptionist, 'POST', '/api/appointments', {
    doctorId: clinic.doctor.doctorId,
    patientId: clinic.patient.patientId,
    startAt: at(2, '10:00'),
  });
  threadId = (await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).json().id;
}, 180_000); // two nodes on a loaded 2-core machine
afterAll(async () => {
  for (const s of sockets ?? []) s.disconnect();
  await nodeB?.close();
  await served?.close();
});

describe('a staff member taken off the care team', () => {
  it('can no longer send or mark read over sockets that had joined the thread, on either node', async () => {
    expect(
      (await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: clinic.receptionist.userId })).statusCode,
    ).toBe(200);
    // Sockets of the receptionist on both nodes join the thread and send: both nodes now hold it.
    const onA = await open(served.base, clinic.receptionist.token);
    const onB = await open(baseB, clinic.receptionist.token);
    for (const [k, s] of [onA, onB].entries()) {
      expect(await emitAck<Ack>(s, 'thread:join', { threadId })).toMatchObject({ ok: true });
      expect(
        await emitAck<Ack>(s, 'message:send', { threadId, clientMessageId: `desk-before-${k}`, body: 'Your visit is at 10.' }),
      ).toMatchObject({ ok: true });
    }
    expect(messagingRuntime(hub.app).threads.holds(threadId)).toBe(true);
    expect(messagingRuntime(nodeB).threads.holds(threadId)).toBe(true);

    const removed = await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/${clinic.receptionist.userId}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().participants.map((p: { role: string }) => p.role)).toEqual(['patient', 'doctor']);
    // This node dropped the thread before answering; node B as soon as it hears the publish.
    expect(messagingRuntime(hub.app).threads.holds(threadId)).toBe(false);
    for (let i = 0; i < 1_000 && messagingRuntime(nodeB).threads.holds(threadId); i++) await nodeB.redis.ping();
    expect(messagingRuntime(nodeB).threads.holds(threadId)).toBe(false);

    for (const [k, s] of [onA, onB].entries()) {
      const send = await emitAck<Ack>(s, 'message:send', { threadId, clientMessageId: `desk-after-${k}`, body: 'Still here?' });
      expect(send).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const read = await emitAck<Ack>(s, 'message:read', { threadId, messageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
      expect(read).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const stored = await hub.app.mongo.db.collection('messages').find({ threadId, senderId: clinic.receptionist.userId }).toArray();
    expect(stored.map((m) => m.clientMessageId).sort()).toEqual(['desk-before-0', 'desk-before-1']);
    expect((await call(clinic.receptionist, 'GET', `/api/threads/${threadId}/messages`)).statusCode).toBe(404);

    // The patient and the doctor go on as before, over the socket path (the thread read again).
    const patientOnB = await open(baseB, clinic.patient.token);
    expect(await emitAck<Ack>(patientOnB, 'message:send', { threadId, clientMessageId: 'pat-after-0', body: 'Thanks.' })).toMatchObject({
      ok: true,
    });
  });
});

describe('taking someone off a care team', () => {
  it('is the thread’s doctor’s alone, for staff who were added; every refusal says why', async () => {
    const admin = await staff(hub, 'admin');
    expect((await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: admin.userId })).statusCode).toBe(200);
    const url = `/api/threads/${threadId}/participants/${admin.userId}`;
    const otherDoctor = await doctor(hub, clinic.location.id);
    expect((await call(null, 'DELETE', url)).statusCode).toBe(401);
    for (const who of [clinic.patient, clinic.receptionist, admin]) expect((await call(who, 'DELETE', url)).statusCode).toBe(403);
    expect((await call(otherDoctor, 'DELETE', url)).statusCode).toBe(404);
    const notStaff = await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/${clinic.patient.userId}`);
    expect(notStaff.statusCode).toBe(400);
    expect(notStaff.json().code).toBe('VALIDATION_FAILED');
    expect((await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/${clinic.doctor.userId}`)).statusCode).toBe(400);
    expect((await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).statusCode).toBe(404);
    expect((await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/not-an-id`)).statusCode).toBe(400);
    expect((await call(clinic.doctor, 'DELETE', `/api/threads/01ARZ3NDEKTSV4RRFFQ69G5FAV/participants/${admin.userId}`)).statusCode).toBe(
      404,
    );
    const done = await call(clinic.doctor, 'DELETE', url);
    expect(done.statusCode).toBe(200);
    expect(done.json().participants.some((p: { userId: string }) => p.userId === admin.userId)).toBe(false);
    // Taken off already: nothing to take off again.
    expect((await call(clinic.doctor, 'DELETE', url)).statusCode).toBe(404);
  });
});

describe('a thread read while its care team changes', () => {
  it('is not held when the read began before the change; a held copy is read again after its maximum age', async () => {
    const runtime = messagingRuntime(hub.app);
    const admin = await staff(hub, 'admin');
    expect((await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: admin.userId })).statusCode).toBe(200);
    // A join's read that began before the removal and ends after it (its copy still lists the admin).
    const since = runtime.threads.mark(threadId);
    const stale = (await runtime.store.threads.findOne({ _id: threadId }))!;
    expect(stale.participants.some((p) => p.userId === admin.userId)).toBe(true);
    expect((await call(clinic.doctor, 'DELETE', `/api/threads/${threadId}/participants/${admin.userId}`)).statusCode).toBe(200);
    expect(runtime.threads.changedSince(threadId, since)).toBe(true);
    runtime.threads.hold(stale, since);
    expect(runtime.threads.holds(threadId)).toBe(false);
    const fresh = await runtime.threads.get(threadId);
    expect(fresh!.participants.some((p) => p.userId === admin.userId)).toBe(false);

    // A change this node never heard of (a notice lost): a cache keeps its copy until its maximum age.
    const care = async () => true;
    const keeps = new ThreadCache(runtime.store, care, CARE_CHECK_MS, 3_600_000);
    const ages = new ThreadCache(runtime.store, care, CARE_CHECK_MS, 0);
    expect((await call(clinic.doctor, 'POST', `/api/threads/${threadId}/participants`, { userId: admin.userId })).statusCode).toBe(200);
    for (const cache of [keeps, ages]) expect((await cache.get(threadId))!.participants.some((p) => p.userId === admin.userId)).toBe(true);
    await runtime.store.threads.updateOne({ _id: threadId }, { $pull: { participants: { userId: admin.userId } } });
    expect((await keeps.get(threadId))!.participants.some((p) => p.userId === admin.userId)).toBe(true);
    expect((await ages.get(threadId))!.participants.some((p) => p.userId === admin.userId)).toBe(false);
  });
});

describe('notices of socket sends (batched, presence in Redis)', () => {
  it('go live to a recipient connected on the other node, and are kept for one who has no socket anywhere', async () => {
    const runtimeA = messagingRuntime(hub.app);
    const runtimeB = messagingRuntime(nodeB);
    const patientOnA = await open(served.base, clinic.patient.token);
    const doctorOnB = await open(baseB, clinic.doctor.token);
    // Node A knows of the doctor's socket on B only through Redis.
    for (let i = 0; i < 1_000 && !(await runtimeA.presence.online(clinic.doctor.userId!)); i++) await hub.app.redis.ping();
    expect(await runtimeA.presence.online(clinic.doctor.userId!)).toBe(true);
    // Notices kept while the doctor had no socket were handed over on connect: wait for this message's.
    const heard: string[] = [];
    let hear: (id: string) => void = () => {};
    doctorOnB.on('notification', (n: { data: { messageId: string } }) => {
      heard.push(n.data.messageId);
      hear(n.data.messageId);
    });
    const live = await emitAck<Ack>(patientOnA, 'message:send', { threadId, clientMessageId: 'notice-live-0', body: 'Hello?' });
    expect(live.ok).toBe(true);
    if (!heard.includes(live.message!.id))
      await new Promise<void>((resolve) => {
        hear = (id) => id === live.message!.id && resolve();
      });
    expect(heard.filter((id) => id === live.message!.id)).toHaveLength(1);
    await runtimeA.notices.settled();
    const pending = hub.app.mongo.db.collection('pending_notifications');
    expect(await pending.countDocuments({ userId: clinic.doctor.userId, 'data.messageId': live.message!.id })).toBe(0);

    doctorOnB.disconnect();
    for (let i = 0; i < 1_000 && (await runtimeB.presence.online(clinic.doctor.userId!)); i++) await nodeB.redis.ping();
    expect(await runtimeA.presence.online(clinic.doctor.userId!)).toBe(false);
    const away = await emitAck<Ack>(patientOnA, 'message:send', { threadId, clientMessageId: 'notice-away-0', body: 'Anyone?' });
    expect(away.ok).toBe(true);
    await runtimeA.notices.settled();
    expect(await pending.countDocuments({ userId: clinic.doctor.userId, 'data.messageId': away.message!.id })).toBe(1);
    // In the inbox either way, once each.
    const inbox = hub.app.mongo.db.collection('inbox');
    for (const m of [live, away])
      expect(await inbox.countDocuments({ userId: clinic.doctor.userId, 'data.messageId': m.message!.id })).toBe(1);
  });
});
