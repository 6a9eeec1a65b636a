// After feedback is given: admins publish or reject it, the rated doctor replies once, patients
// report a reply, and the doctor's rating rolls up published (approved) entries only, per
// dimension. Low ratings and negative words open a follow-up the location's admins hear about.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserLocations } from '../../../server/modules/users/repository.js';
import { type Actor, patient, staff } from '../../support/factories.js';
import { anotherVisit, call, type FeedbackClinic, feedbackClinic, give, patientAfterVisit } from '../../support/feedback.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: FeedbackClinic;

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await feedbackClinic(hub);
});
afterAll(() => hub.close());

const moderate = (id: string, status: 'approved' | 'rejected', reason?: string) =>
  call(hub, clinic.admin, 'POST', `/api/feedback/${id}/moderate`, { status, ...(reason ? { reason } : {}) });

/** One doctor with several patients' completed visits: every visit gets a doctor of its own, so the doctor is the first visit's. */
async function doctorWithFeedback(ratings: object[]) {
  const first = await patientAfterVisit(hub, clinic);
  const ids: string[] = [];
  for (const [i, r] of ratings.entries()) {
    // Each entry about a different visit with the same doctor: its patient gets a visit with that doctor via the API.
    const who = i === 0 ? first.patient : await patient(hub);
    const visitId = i === 0 ? first.visitId : await visitWith(first.doctor, who.patientId);
    const res = await give(hub, who, visitId, { ratings: r });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  return { doctor: first.doctor, ids };
}

/** A completed walk-in of this patient with this doctor. */
async function visitWith(doctor: Actor, patientId: string): Promise<string> {
  const walkIn = await call(hub, clinic.receptionist, 'POST', '/api/walk-ins', {
    doctorId: doctor.doctorId,
    patientId,
    allowDuplicate: true,
  });
  const id = walkIn.json().id as string;
  for (const step of ['call-next', 'start', 'complete']) {
    const url = step === 'call-next' ? `/api/doctors/${doctor.doctorId}/queue/call-next` : `/api/appointments/${id}/${step}`;
    const res = await call(hub, doctor, 'POST', url);
    expect(res.statusCode, `${step}: ${res.body}`).toBeLessThan(300);
  }
  return id;
}

describe('the rating of a doctor', () => {
  it('counts approved entries only, per dimension', async () => {
    const { doctor, ids } = await doctorWithFeedback([
      { overall: 5, waitTime: 2 },
      { overall: 4, communication: 5 },
      { overall: 1, waitTime: 1 },
      { overall: 2 },
    ]);
    const rating = () => call(hub, clinic.receptionist, 'GET', `/api/doctors/${doctor.doctorId}/rating`);
    expect((await rating()).json()).toMatchObject({ average: null, count: 0, dimensions: { overall: { average: null, count: 0 } } });

    expect((await moderate(ids[0]!, 'approved')).statusCode).toBe(200);
    expect((await moderate(ids[1]!, 'approved')).statusCode).toBe(200);
    expect((await moderate(ids[2]!, 'rejected', 'Names a member of staff')).statusCode).toBe(200);
    // ids[3] stays pending.
    const r = (await rating()).json();
    expect(r).toEqual({
      doctorId: doctor.doctorId,
      average: 4.5,
      count: 2,
      dimensions: {
        overall: { average: 4.5, count: 2 },
        waitTime: { average: 2, count: 1 },
        communication: { average: 5, count: 1 },
        staffCourtesy: { average: null, count: 0 },
        cleanliness: { average: null, count: 0 },
        easeOfBooking: { average: null, count: 0 },
      },
    });
    // Withdrawing an approval takes the entry out again.
    await moderate(ids[1]!, 'rejected', 'Posted by mistake');
    expect((await rating()).json()).toMatchObject({ average: 5, count: 1 });

    const reviews = await call(hub, await patient(hub), 'GET', `/api/doctors/${doctor.doctorId}/reviews`);
    expect(reviews.json().reviews.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
  });

  it('a rejection needs a reason, which its author sees', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const id = (await give(hub, who, visitId, { ratings: { overall: 3 } })).json().id;
    const bare = await moderate(id, 'rejected');
    expect(bare.statusCode).toBe(400);
    expect((await moderate(id, 'rejected', 'Contains a phone number')).json().status).toBe('rejected');
    const mine = (await call(hub, who, 'GET', '/api/feedback/mine')).json().feedback[0];
    expect(mine).toMatchObject({ status: 'rejected', moderationReason: 'Contains a phone number' });
  });
});

describe('the doctor’s reply', () => {
  it('is allowed once, on published feedback about them, and patients may report it', async () => {
    const { patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic);
    const id = (await give(hub, who, visitId, { ratings: { overall: 4 }, comment: 'Good visit' })).json().id;
    const reply = (as: Actor, body = 'Thank you for your kind words') => call(hub, as, 'POST', `/api/feedback/${id}/reply`, { body });

    const early = await reply(doctor);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('FEEDBACK_NOT_APPROVED');
    await moderate(id, 'approved');
    const other = await patientAfterVisit(hub, clinic);
    expect((await reply(other.doctor)).statusCode).toBe(404);

    const [a, b] = await Promise.all([reply(doctor, 'First'), reply(doctor, 'Second')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((x) => x.statusCode === 409)?.json().code).toBe('REPLY_EXISTS');

    const mine = (await call(hub, who, 'GET', '/api/feedback/mine')).json().feedback[0];
    expect(mine.reply).toMatchObject({ body: expect.stringMatching(/First|Second/), reportedByYou: false });

    // Reported by two patients (the second report of one of them is a no-op).
    const reader = await patient(hub);
    for (const as of [who, reader, reader]) {
      const res = await call(hub, as, 'POST', `/api/feedback/${id}/reply/report`, { reason: 'Reveals my diagnosis' });
      expect(res.statusCode, res.body).toBe(200);
    }
    const listed = await call(hub, clinic.admin, 'GET', '/api/feedback?reported=true&limit=100');
    const entry = listed.json().feedback.find((f: { id: string }) => f.id === id);
    expect(entry.reply).toMatchObject({ hidden: false, reportCount: 2 });

    const hidden = await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/reply/moderate`, { hidden: true });
    expect(hidden.json().reply.hidden).toBe(true);
    const reviews = (await call(hub, reader, 'GET', `/api/doctors/${doctor.doctorId}/reviews`)).json().reviews;
    expect(reviews).toEqual([expect.objectContaining({ id, reply: null })]);
    const again = await call(hub, reader, 'POST', `/api/feedback/${id}/reply/report`, { reason: 'x' });
    expect(again.json().code).toBe('NO_REPLY');
  });

  it('counts helpful marks once per patient, not the author’s own', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const id = (await give(hub, who, visitId, { ratings: { overall: 5 } })).json().id;
    const reader = await patient(hub);
    expect((await call(hub, reader, 'POST', `/api/feedback/${id}/helpful`)).json().code).toBe('FEEDBACK_NOT_APPROVED');
    await moderate(id, 'approved');
    await call(hub, reader, 'POST', `/api/feedback/${id}/helpful`);
    await call(hub, who, 'POST', `/api/feedback/${id}/helpful`);
    const last = await call(hub, reader, 'POST', `/api/feedback/${id}/helpful`);
    expect(last.json()).toEqual({ helpfulCount: 1 });
  });
});

describe('doctors read their own published feedback', () => {
  it('sees approved entries about them only, without moderation or follow-up detail', async () => {
    const { patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic);
    const second = await anotherVisit(hub, clinic, who.patientId);
    const published = (await give(hub, who, visitId, { ratings: { overall: 1 }, comment: 'Awful and rude' })).json().id;
    await give(hub, who, second.visitId, { ratings: { overall: 5 } });
    await moderate(published, 'approved');
    const own = await call(hub, doctor, 'GET', '/api/feedback');
    expect(own.statusCode).toBe(200);
    expect(own.json().feedback).toEqual([expect.objectContaining({ id: published, moderation: null, followUp: null })]);
    expect((await call(hub, doctor, 'GET', `/api/feedback?doctorId=${second.doctor.doctorId}`)).statusCode).toBe(403);
    expect((await call(hub, doctor, 'GET', '/api/feedback?status=pending')).statusCode).toBe(403);
    expect((await call(hub, second.doctor, 'GET', '/api/feedback')).json().feedback).toEqual([]);
  });
});

describe('follow-up', () => {
  it('opens for a low rating or negative words, tells the location’s admins without the text, and closes', async () => {
    const locationAdmin = await staff(hub, 'admin');
    await setUserLocations(hub.app.db, locationAdmin.userId!, [clinic.location.id]);
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const second = await anotherVisit(hub, clinic, who.patientId);
    const third = await anotherVisit(hub, clinic, who.patientId);
    const low = (await give(hub, who, visitId, { ratings: { overall: 2 } })).json().id;
    const words = (
      await give(hub, who, second.visitId, { ratings: { overall: 4 }, comment: 'The receptionist was rude and unhelpful' })
    ).json().id;
    const fine = (await give(hub, who, third.visitId, { ratings: { overall: 4 }, comment: 'Great care' })).json().id;

    const open = (await call(hub, clinic.admin, 'GET', '/api/feedback?followUp=open&limit=100')).json().feedback;
    const byId = new Map(open.map((f: { id: string }) => [f.id, f]));
    expect(byId.get(low)).toMatchObject({ followUp: { status: 'open', reasons: ['low_rating'] } });
    expect(byId.get(words)).toMatchObject({ followUp: { reasons: ['negative_sentiment'] }, sentiment: { label: 'negative' } });
    expect(byId.has(fine)).toBe(false);

    // The location's admin was offline: the notice waits for their next connect, naming only the entry.
    const waiting = await hub.app.mongo.db.collection('pending_notifications').find({ userId: locationAdmin.userId }).toArray();
    expect(waiting.map((n) => n.data.feedbackId).sort()).toEqual([low, words].sort());
    expect(JSON.stringify(waiting)).not.toContain('rude');
    expect(waiting[0]).toMatchObject({ type: 'feedback_follow_up' });

    const closed = await call(hub, clinic.admin, 'POST', `/api/feedback/${low}/follow-up`, {
      status: 'done',
      note: 'Called the patient back',
    });
    expect(closed.json().followUp).toMatchObject({ status: 'done', note: 'Called the patient back' });
    expect((await call(hub, clinic.admin, 'POST', `/api/feedback/${fine}/follow-up`, { status: 'done' })).statusCode).toBe(404);
  });
});
