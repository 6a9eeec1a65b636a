// Anonymous feedback leaks nothing that names its author: no patient id, name, visit id or visit
// time in any doctor-facing or list response, nor in an answer to a change; its id carries the
// visit's day, not the moment it was written. Admins find out only through GET
// /api/feedback/:id/author, and each such read is audited. Feedback's words never reach the audit log.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../../../db/schema/index.js';
import { feedbackCollection } from '../../../server/modules/feedback/store.js';
import { patient } from '../../support/factories.js';
import { call, type FeedbackClinic, feedbackClinic, give, patientAfterVisit } from '../../support/feedback.js';
import { auditSettled } from '../../support/record.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: FeedbackClinic;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await feedbackClinic(hub);
});
afterAll(() => hub.close());

describe('anonymous feedback', () => {
  it('names nobody in any doctor-facing or list response', async () => {
    const { patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic);
    const secretWords = 'Zebra-crossing remark';
    const created = await give(hub, who, visitId, { ratings: { overall: 2 }, comment: secretWords, anonymous: true });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const doc = await feedbackCollection(hub.app.mongo.db).findOne({ _id: id });
    const [named] = await hub.app.db
      .select({ firstName: patients.firstName, lastName: patients.lastName })
      .from(patients)
      .where(eq(patients.id, who.patientId));
    const { firstName, lastName } = named!;

    // Lists show it only from the end of the local day it was given; here that day is made to have ended.
    const listed = async () =>
      (await call(hub, clinic.admin, 'GET', '/api/feedback?limit=100')).json().feedback.map((f: { id: string }) => f.id);
    expect(await listed()).not.toContain(id);
    expect(doc!.listedFrom.getTime()).toBeGreaterThan(Date.now());
    await feedbackCollection(hub.app.mongo.db).updateOne({ _id: id }, { $set: { listedFrom: new Date(Date.now() - 1000) } });
    expect(await listed()).toContain(id);

    const reader = await patient(hub);
    const answers = [
      await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/moderate`, { status: 'approved' }),
      await call(hub, clinic.admin, 'GET', '/api/feedback?limit=100'),
      await call(hub, clinic.admin, 'GET', `/api/feedback?doctorId=${doctor.doctorId}&followUp=open`),
      await call(hub, doctor, 'GET', '/api/feedback'),
      await call(hub, doctor, 'POST', `/api/feedback/${id}/reply`, { body: 'Thank you' }),
      await call(hub, reader, 'GET', `/api/doctors/${doctor.doctorId}/reviews`),
      await call(hub, reader, 'GET', `/api/doctors/${doctor.doctorId}/rating`),
      await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/reply/moderate`, { hidden: false }),
      await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/follow-up`, { status: 'done' }),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(200);
      for (const leak of [
        who.patientId,
        who.userId!,
        visitId,
        firstName!,
        lastName!,
        doc!.visitAt.toISOString(),
        doc!.createdAt.toISOString(),
      ]) {
        expect(res.body, `${res.body} holds ${leak}`).not.toContain(leak);
      }
    }
    const entry = answers[1]!.json().feedback.find((f: { id: string }) => f.id === id);
    expect(entry).toMatchObject({ anonymous: true, patient: null, comment: secretWords });
    // The id is a ULID whose time is the visit's month, not when the patient wrote it.
    expect(id.slice(0, 10)).not.toBe(idTimeOf(doc!.createdAt));
    expect(id.slice(0, 10)).toBe(idTimeOf(new Date(`${doc!.visitDay.slice(0, 7)}-01T00:00:00Z`)));
    // No live notice for its follow-up (it would say when it was written), and its audit entry is a count of the day.
    expect(await hub.app.mongo.db.collection('pending_notifications').countDocuments({ 'data.feedbackId': id })).toBe(0);
    const audited = await hub.app.audit.entries.find({ action: 'POST /api/appointments/:id/feedback' }).toArray();
    expect(audited.filter((e) => e.actorId === who.userId || e.targetId === visitId)).toEqual([]);
    expect(audited).toContainEqual(expect.objectContaining({ actorId: null, ip: null, targetType: 'feedback', count: expect.any(Number) }));
  });

  it('is revealed to admins only through an audited read', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const id = (await give(hub, who, visitId, { ratings: { overall: 4 }, anonymous: true })).json().id;
    const doctorTry = await call(hub, clinic.receptionist, 'GET', `/api/feedback/${id}/author`);
    expect(doctorTry.statusCode).toBe(403);
    const read = await call(hub, clinic.admin, 'GET', `/api/feedback/${id}/author`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ patientId: who.patientId });
    await auditSettled(hub, read);
    const entry = await hub.app.audit.entries.findOne({ requestId: String(read.headers['x-request-id']) });
    expect(entry).toMatchObject({ action: 'read /api/feedback/:id/author', actorId: clinic.admin.userId, targetId: id, outcome: 'ok' });
  });
});

describe('the audit log', () => {
  it('keeps ratings and states but never the feedback’s or the reply’s words', async () => {
    const { patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic);
    const words = { comment: 'Quokka comment text', wentWell: 'Narwhal went well', suggestions: 'Axolotl suggestion' };
    const created = await give(hub, who, visitId, { ratings: { overall: 5 }, ...words });
    const id = created.json().id;
    const approved = await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/moderate`, { status: 'approved' });
    const replied = await call(hub, doctor, 'POST', `/api/feedback/${id}/reply`, { body: 'Pangolin reply text' });
    const reported = await call(hub, who, 'POST', `/api/feedback/${id}/reply/report`, { reason: 'Wombat report reason' });
    for (const res of [created, approved, replied, reported]) await auditSettled(hub, res);
    const entries = await hub.app.audit.entries.find({ targetId: { $in: [id, visitId] } }).toArray();
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(entries);
    for (const secret of ['Quokka', 'Narwhal', 'Axolotl', 'Pangolin', 'Wombat']) expect(text).not.toContain(secret);
    expect(text).toContain('approved');
  });
});

/** The first ten characters of a ULID made at this instant (its time part). */
function idTimeOf(at: Date): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let t = at.getTime();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}
