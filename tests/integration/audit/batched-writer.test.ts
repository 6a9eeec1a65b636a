// The audit writer batches entries (one insertMany per few milliseconds, log.ts). What must hold:
// every recorded entry is written, the promise of record() settles only once its entry is stored,
// and a graceful stop writes whatever is still waiting, including the entries and thread summary
// of a socket message acknowledged just before the stop (written after its ack).
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../support/factories.js';
import { at, bookableClinic } from '../../support/scheduling.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import { dropStores, startServedHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let base: string;
let mongo: MongoClient;
let closed = false;

beforeAll(async () => {
  ({ hub, base } = await startServedHub());
  mongo = new MongoClient(hub.env.MONGO_URL!);
});
afterAll(async () => {
  if (!closed) await hub.app.close();
  await mongo.close();
  await dropStores(hub.env);
});

const entry = (n: number) => ({
  action: 'batch.test',
  outcome: 'ok' as const,
  actorId: null,
  actorRole: null,
  targetType: 'batch',
  targetId: String(n),
  statusCode: null,
  ip: null,
  userAgent: null,
  requestId: null,
});

describe('the batched audit writer', () => {
  it('writes every entry, settling each record() once its entry is stored', async () => {
    const audit = hub.app.audit;
    const written = await Promise.all(
      Array.from({ length: 1_234 }, async (_, n) => {
        await audit.record(entry(n));
        return n;
      }),
    );
    expect(written).toHaveLength(1_234);
    // Each promise settled after its batch was written: all are there now, once each.
    const stored = await audit.entries.find({ action: 'batch.test' }).toArray();
    expect(stored).toHaveLength(1_234);
    expect(new Set(stored.map((e) => e.targetId)).size).toBe(1_234);
    expect(audit.pending).toBe(0);
  });

  it('on a graceful stop, writes what waits, and the audit entry and summary of a message acked just before', async () => {
    const clinic = await bookableClinic(hub);
    await hub.app.inject({
      method: 'POST',
      url: '/api/appointments',
      headers: bearer(clinic.receptionist.token),
      payload: { doctorId: clinic.doctor.doctorId, patientId: clinic.patient.patientId, startAt: at(2, '10:00') },
    });
    const thread = await hub.app.inject({
      method: 'POST',
      url: '/api/threads',
      headers: bearer(clinic.patient.token),
      payload: { doctorId: clinic.doctor.doctorId },
    });
    const threadId = thread.json().id as string;
    const socket = client(base, clinic.patient.token);
    await connected(socket);
    const sent = await emitAck<{ ok: boolean; message: { id: string } }>(socket, 'message:send', {
      threadId,
      clientMessageId: 'stop-msg-0001',
      body: 'Sent just before the stop',
    });
    expect(sent.ok).toBe(true);
    // Entries nobody awaits, still waiting when the stop begins.
    for (let n = 0; n < 700; n++) void hub.app.audit.record({ ...entry(n), action: 'batch.stop' });
    expect(hub.app.audit.pending).toBeGreaterThan(0);
    socket.disconnect();
    await hub.app.close();
    closed = true;

    const db = mongo.db();
    expect(await db.collection('audit_events').countDocuments({ action: 'batch.stop' })).toBe(700);
    expect(await db.collection('audit_events').countDocuments({ action: 'socket message:send', targetId: sent.message.id })).toBe(1);
    const summary = await db.collection('threads').findOne({ _id: threadId as never });
    expect(summary?.lastMessage?.id).toBe(sent.message.id);
    expect(summary?.unread?.[clinic.doctor.userId!]).toBe(1);
  });
});
