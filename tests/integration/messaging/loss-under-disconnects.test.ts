// Loss test: 20 patients each send 100 messages to their doctor while every connection (the
// doctor's too) is closed under it every second. Clients retry until acked, with the same
// clientMessageId. Afterwards the stored set equals the sent set, nothing is duplicated, each
// sender's order is kept, and the doctor has seen every message (live, recovered, or caught up).
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, patient } from '../../support/factories.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

const CLIENTS = 20;
const MESSAGES = 100;

let served: ServedClinic;
let hub: TestHub;
let base: string;
let clinic: ServedClinic['clinic'];
let sockets: Socket[];

beforeAll(async () => {
  served = await servedClinic();
  ({ hub, clinic, base, sockets } = served);
});
afterAll(() => served.close());

/** Sends until acknowledged, waiting for the connection to come back between tries. */
async function sendUntilAcked(socket: Socket, payload: { threadId: string; clientMessageId: string; body: string }) {
  let last: unknown = null;
  for (let attempt = 0; attempt < 200; attempt++) {
    if (!socket.connected) await connected(socket).catch(() => undefined);
    try {
      const ack = (await socket.timeout(2_000).emitWithAck('message:send', payload)) as { ok: boolean; message?: { id: string } };
      if (ack.ok) return ack.message!.id;
      last = ack;
    } catch {
      // no ack (the connection was cut): try again with the same clientMessageId
    }
  }
  throw new Error(`never acked: ${payload.clientMessageId} (${JSON.stringify(last)})`);
}

describe('messages under connection chaos', () => {
  it('lose nothing and duplicate nothing', { timeout: 180_000 }, async () => {
    const patients: (Actor & { threadId?: string })[] = [];
    for (let k = 0; k < CLIENTS; k++) {
      const p = await patient(hub);
      // A visit links them (a walk-in needs no slot).
      await hub.app.inject({
        method: 'POST',
        url: '/api/walk-ins',
        headers: bearer(clinic.receptionist.token),
        payload: { doctorId: clinic.doctor.doctorId, patientId: p.patientId },
      });
      const thread = await hub.app.inject({
        method: 'POST',
        url: '/api/threads',
        headers: bearer(p.token),
        payload: { doctorId: clinic.doctor.doctorId },
      });
      expect(thread.statusCode).toBe(201);
      patients.push({ ...p, threadId: thread.json().id });
    }

    // The doctor listens to every thread; on a reconnect that was not recovered it joins again.
    const seenByDoctor = new Map<string, Set<string>>();
    const doctorSocket = client(base, clinic.doctor.token);
    sockets.push(doctorSocket);
    const joinAll = async () => {
      for (const p of patients)
        await doctorSocket
          .timeout(5_000)
          .emitWithAck('thread:join', { threadId: p.threadId })
          .catch(() => undefined);
    };
    doctorSocket.on('message:new', ({ threadId, message }: { threadId: string; message: { id: string } }) => {
      if (!seenByDoctor.has(threadId)) seenByDoctor.set(threadId, new Set());
      seenByDoctor.get(threadId)!.add(message.id);
    });
    doctorSocket.on('connect', () => {
      if (!doctorSocket.recovered) void joinAll();
    });
    await connected(doctorSocket);
    await joinAll();

    const patientSockets = patients.map((p) => {
      const s = client(base, p.token);
      sockets.push(s);
      return s;
    });
    await Promise.all(patientSockets.map(connected));
    let cuts = 0;
    for (const s of [doctorSocket, ...patientSockets]) s.on('disconnect', () => cuts++);

    // Chaos: every second, cut every connection under its feet (the clients reconnect).
    const chaos = setInterval(() => {
      for (const s of [doctorSocket, ...patientSockets]) if (s.connected) s.io.engine.close();
    }, 1_000);

    const sent = new Map<string, string[]>(); // patient userId → message ids in send order
    try {
      await Promise.all(
        patients.map(async (p, k) => {
          const ids: string[] = [];
          for (let i = 0; i < MESSAGES; i++) {
            ids.push(
              await sendUntilAcked(patientSockets[k]!, {
                threadId: p.threadId!,
                clientMessageId: `c${String(k).padStart(2, '0')}-msg-${String(i).padStart(3, '0')}`,
                body: `message ${i} from ${k}`,
              }),
            );
          }
          sent.set(p.userId!, ids);
        }),
      );
    } finally {
      clearInterval(chaos);
    }

    // The chaos really happened: every client lost its connection at least once.
    expect(cuts).toBeGreaterThanOrEqual(CLIENTS);

    // What the database holds: exactly what was sent, once, in each sender's order.
    const stored = await hub.app.mongo.db.collection('messages').find({}).sort({ _id: 1 }).toArray();
    expect(stored).toHaveLength(CLIENTS * MESSAGES);
    expect(new Set(stored.map((m) => `${m.senderId}/${m.clientMessageId}`)).size).toBe(CLIENTS * MESSAGES);
    for (const p of patients) {
      const mine = stored.filter((m) => m.senderId === p.userId).map((m) => String(m.clientMessageId));
      expect(mine).toEqual([...mine].sort());
      expect(stored.filter((m) => m.senderId === p.userId).map((m) => String(m._id))).toEqual(sent.get(p.userId!));
    }

    // The doctor catches up on anything a reconnect did not recover, from the REST history.
    await connected(doctorSocket);
    for (const p of patients) {
      const seen = seenByDoctor.get(p.threadId!) ?? new Set<string>();
      const page = await hub.app.inject({
        method: 'GET',
        url: `/api/threads/${p.threadId}/messages?limit=100`,
        headers: bearer(clinic.doctor.token),
      });
      for (const m of page.json().messages as { id: string }[]) seen.add(m.id);
      expect([...seen].sort()).toEqual([...sent.get(p.userId!)!].sort());
    }
  });
});
