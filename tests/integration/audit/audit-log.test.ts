// The audit log: one entry per change (HTTP and socket), reads of clinical content, auth events
// and refusals, with who, when, where and which fields changed (values only where not clinical); admins only.
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
      expect(found[0]!.changes).not.toBeNull();
    }
    const cancel = await auditOf({ requestId: changes[3]!.requestId });
    expect(cancel[0]).toMatchObject({ action: 'POST /api/appointments/:id/cancel', targetId: visitId });
    expect(cancel[0]!.changes).toContainEqual({ field: 'status', from: 'confirmed', to: 'cancelled' });
    // The reason was free text: named as changed, its words not kept.
    expect(cancel[0]!.changes).toContainEqual({ field: 'cancelReason' });
    expect(JSON.stringify(cancel[0])).not.toContain('Audit test');

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
    expect(denied).toMatchObject({ action: 'auth.login', outcome: 'denied', changes: null });
    // Which account was tried: its id, and a keyed hash of the email (never the email or password).
    expect(denied).toMatchObject({
      targetType: 'users',
      targetId: clinic.patient.userId,
      targetKey: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(JSON.stringify(denied)).not.toContain(clinic.patient.email!);
    expect(JSON.stringify(denied)).not.toContain('wrong password');
    const goodLogin = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: clinic.patient.email, password: PASSWORD },
    });
    expect((await auditOf({ requestId: String(goodLogin.headers['x-request-id']) }))[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'ok',
      changes: null,
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

describe('refusals', () => {
  it('a 404 on a protected resource is one denied entry', async () => {
    const missing = await call(clinic.patient, 'GET', '/api/appointments/01JZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(missing.res.statusCode).toBe(404);
    expect(await auditOf({ requestId: missing.requestId })).toEqual([
      expect.objectContaining({ outcome: 'denied', statusCode: 404, actorId: clinic.patient.userId, changes: null }),
    ]);
  });

  it('every socket refusal is an entry: a read receipt for a thread that is not yours, a heartbeat from a person', async () => {
    const other = await (await import('../../support/factories.js')).patient(hub);
    const s = client(base, other.token);
    sockets.push(s);
    await connected(s);
    const thread = (await call(clinic.patient, 'POST', '/api/threads', { doctorId: clinic.doctor.doctorId })).res.json();
    expect((await emitAck<{ ok: boolean }>(s, 'message:read', { threadId: thread.id, messageId: thread.id })).ok).toBe(false);
    expect((await emitAck<{ ok: boolean }>(s, 'display:heartbeat', {})).ok).toBe(false);
    expect(await auditOf({ action: 'socket message:read', actorId: other.userId, outcome: 'denied' })).toHaveLength(1);
    expect(await auditOf({ action: 'socket display:heartbeat', actorId: other.userId, outcome: 'denied' })).toHaveLength(1);
  });

  it('a flood of forged tokens is summarised: one entry per address and minute, with a count and a short user agent', async () => {
    const before = await entries().countDocuments({});
    const userAgent = `flood/${'x'.repeat(4_000)}`;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        hub.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization: `Bearer forged.token.${i}xxxxxxxxxx`, 'user-agent': userAgent },
        }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 401)).toBe(true);
    const [summary] = await auditOf({ action: 'GET /api/me', outcome: 'denied', count: { $gte: 60 } });
    expect(summary).toMatchObject({ actorId: null, statusCode: 401, ip: '127.0.0.1' });
    expect(summary!.userAgent!.length).toBeLessThanOrEqual(201);
    // Sixty refusals, at most a couple of documents (a minute boundary may split them).
    expect((await entries().countDocuments({})) - before).toBeLessThanOrEqual(2);
    expect(JSON.stringify(summary)).not.toContain('forged.token');
  });
});

describe('older entries', () => {
  it('are scrubbed of the documents they kept by the migration, which is safe to run again', async () => {
    const { scrubAuditContent } = await import('../../../db/mongo/setup.js');
    const id = (await import('../../../db/ids.js')).newId();
    await entries().insertOne({
      _id: id as never,
      at: new Date('2026-11-20T10:00:00Z'),
      action: 'PUT /api/notes/:id',
      outcome: 'ok',
      before: { soap: { subjective: 'Old note text' } },
      after: { soap: { subjective: 'Newer note text' } },
    });
    expect(await scrubAuditContent(hub.app.mongo.db)).toBeGreaterThanOrEqual(1);
    const scrubbed = await entries().findOne({ _id: id as never });
    expect(scrubbed).toMatchObject({ action: 'PUT /api/notes/:id', outcome: 'ok', changes: null, scrubbed: true });
    expect(scrubbed).not.toHaveProperty('before');
    expect(scrubbed).not.toHaveProperty('after');
    expect(await scrubAuditContent(hub.app.mongo.db)).toBe(0);
  });
});
