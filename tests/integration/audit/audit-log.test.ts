// The audit log: one entry per change (HTTP and socket), reads of clinical content, auth events
// and refusals, with who, when, where and the state after; readable by admins only.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, bearer, PASSWORD } from '../../support/factories.js';
import { at } from '../../support/scheduling.js';
import { type ServedClinic, servedClinic } from '../../support/served-clinic.js';
import { client, connected, emitAck } from '../../support/sockets.js';
import type { TestHub } from '../../support/test-hub.js';

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

const entries = () => hub.app.mongo.db.collection('audit_events');
/** Audit entries are written just after the response: wait (bounded) for them to land. */
async function auditOf(filter: Record<string, unknown>, expected = 1) {
  for (let i = 0; i < 200; i++) {
    const found = await entries().find(filter).toArray();
    if (found.length >= expected) return found;
    await hub.app.redis.ping();
  }
  return entries().find(filter).toArray();
}
const call = async (actor: Actor, method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await hub.app.inject({
    method,
    url,
    headers: { ...bearer(actor.token), 'user-agent': 'audit-test/1.0' },
    ...(payload ? { payload } : {}),
  });
  return { res, requestId: String(res.headers['x-request-id']) };
};

describe('audit log', () => {
  it('every change in scheduling and messaging leaves exactly one entry', async () => {
    const doctorId = clinic.doctor.doctorId!;
    const changes = [
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId,
        patientId: clinic.patient.patientId,
        startAt: at(2, '10:00'),
      }),
      await call(clinic.receptionist, 'POST', '/api/walk-ins', { doctorId, patientId: clinic.patient.patientId }),
    ];
    const visitId = changes[0]!.res.json().id;
    changes.push(await call(clinic.patient, 'POST', `/api/appointments/${visitId}/confirm`));
    changes.push(await call(clinic.receptionist, 'POST', `/api/appointments/${visitId}/cancel`, { reason: 'Audit test' }));
    const thread = await call(clinic.patient, 'POST', '/api/threads', { doctorId });
    changes.push(thread);
    changes.push(
      await call(clinic.patient, 'POST', `/api/threads/${thread.res.json().id}/messages`, {
        clientMessageId: 'audit-msg-0001',
        body: 'Hello',
      }),
    );
    for (const change of changes) {
      expect(change.res.statusCode).toBeLessThan(300);
      const found = await auditOf({ requestId: change.requestId });
      expect(found, change.res.body.slice(0, 80)).toHaveLength(1);
      expect(found[0]).toMatchObject({ outcome: 'ok', userAgent: 'audit-test/1.0', ip: '127.0.0.1' });
      expect(found[0]!.actorId).toMatch(/^[0-9A-Z]{26}$/);
      expect(found[0]!.after).not.toBeNull();
    }
    const cancel = await auditOf({ requestId: changes[3]!.requestId });
    expect(cancel[0]).toMatchObject({
      action: 'POST /api/appointments/:id/cancel',
      targetId: visitId,
      before: { status: 'confirmed' },
      after: { status: 'cancelled' },
    });

    // Over Socket.IO too.
    const s = client(base, clinic.patient.token);
    sockets.push(s);
    await connected(s);
    const sent = await emitAck<{ message: { id: string } }>(s, 'message:send', {
      threadId: thread.res.json().id,
      clientMessageId: 'audit-msg-0002',
      body: 'Via socket',
    });
    expect(await auditOf({ action: 'socket message:send', targetId: sent.message.id })).toHaveLength(1);
  });

  it('records reads of clinical content, logins that fail and requests refused', async () => {
    const thread = (await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).res.json();
    const read = await call(clinic.doctor, 'GET', `/api/threads/${thread.id}/messages`);
    expect(await auditOf({ requestId: read.requestId })).toEqual([
      expect.objectContaining({ action: 'read /api/threads/:id/messages', targetId: thread.id }),
    ]);

    const badLogin = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.patient.email, password: 'wrong password!' },
    });
    const [denied] = await auditOf({ requestId: String(badLogin.headers['x-request-id']) });
    expect(denied).toMatchObject({ action: 'auth.login', outcome: 'denied', after: null });
    expect(JSON.stringify(denied)).not.toContain('wrong password');
    const goodLogin = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.patient.email, password: PASSWORD },
    });
    expect((await auditOf({ requestId: String(goodLogin.headers['x-request-id']) }))[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'ok',
      after: null,
    });

    const refused = await call(clinic.patient, 'GET', '/api/users');
    expect((await auditOf({ requestId: refused.requestId }))[0]).toMatchObject({ outcome: 'denied', statusCode: 403 });
  });

  it('records refusals on sockets too: a bad handshake and a forbidden subscription', async () => {
    const bad = client(base, 'not-a-real-token-at-all');
    sockets.push(bad);
    await new Promise((resolve) => bad.once('connect_error', resolve));
    expect((await auditOf({ action: 'socket handshake', outcome: 'denied' })).length).toBeGreaterThanOrEqual(1);
    const s = client(base, clinic.patient.token);
    sockets.push(s);
    await connected(s);
    const refused = await emitAck<{ ok: boolean }>(s, 'queue:subscribe', { doctorId: clinic.doctor.doctorId });
    expect(refused.ok).toBe(false);
    const [entry] = await auditOf({ action: 'socket queue:subscribe', actorId: clinic.patient.userId });
    expect(entry).toMatchObject({ outcome: 'denied', statusCode: 403, actorRole: 'patient' });
  });

  it('admins search it by target, actor and time; nobody else reads it', async () => {
    const visit = (
      await call(clinic.receptionist, 'POST', '/api/appointments', {
        doctorId: clinic.doctor.doctorId,
        patientId: clinic.patient.patientId,
        startAt: at(3, '10:00'),
      })
    ).res.json();
    await auditOf({ targetId: visit.id });
    const byTarget = await call(clinic.admin, 'GET', `/api/audit?targetId=${visit.id}`);
    expect(byTarget.res.statusCode).toBe(200);
    expect(byTarget.res.json().entries).toEqual([expect.objectContaining({ targetId: visit.id, actorId: clinic.receptionist.userId })]);
    const byActor = (
      await call(clinic.admin, 'GET', `/api/audit?actorId=${clinic.receptionist.userId}&from=2020-01-01T00:00:00Z`)
    ).res.json();
    expect(byActor.entries.length).toBeGreaterThan(0);
    expect((await call(clinic.doctor, 'GET', '/api/audit')).res.statusCode).toBe(403);
  });
});
