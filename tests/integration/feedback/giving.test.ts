// Giving feedback: only the patient of a completed visit, once per visit however many requests
// race (portal and link together), within FEEDBACK_WINDOW_DAYS; the signed link works once and only
// for its visit. Real MariaDB and the Mongo driver (the double when MONGO_URL is unset).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../../db/schema/index.js';
import { feedbackCollection } from '../../../server/modules/feedback/store.js';
import { type Actor, bearer, patient } from '../../support/factories.js';
import {
  call,
  type FeedbackClinic,
  feedbackClinic,
  feedbackToken,
  fiveStars,
  give,
  giveByLink,
  patientAfterVisit,
  visitInProgress,
} from '../../support/feedback.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let clinic: FeedbackClinic;
const stored = (appointmentId: string) => feedbackCollection(hub.app.mongo.db).countDocuments({ appointmentId });

beforeAll(async () => {
  hub = await startTestHub();
  clinic = await feedbackClinic(hub);
});
afterAll(() => hub.close());

describe('the patient of a completed visit', () => {
  it('gives feedback once: 201 pending, then 409 FEEDBACK_EXISTS', async () => {
    const { patient: who, visitId, doctor } = await patientAfterVisit(hub, clinic);
    const first = await give(hub, who, visitId, {
      ratings: fiveStars,
      comment: '  Thorough and kind  ',
      wentWell: 'Short wait',
      suggestions: '',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ id: expect.any(String), status: 'pending' });
    const doc = await feedbackCollection(hub.app.mongo.db).findOne({ appointmentId: visitId });
    expect(doc).toMatchObject({
      patientId: who.patientId,
      doctorId: doctor.doctorId,
      locationId: clinic.location.id,
      ratings: fiveStars,
      comment: 'Thorough and kind',
      wentWell: 'Short wait',
      suggestions: null,
      anonymous: false,
      channel: 'portal',
      status: 'pending',
      sentiment: { label: 'positive' },
      followUp: null,
    });
    const again = await give(hub, who, visitId, { ratings: { overall: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FEEDBACK_EXISTS');
    expect(await stored(visitId)).toBe(1);

    const mine = await call(hub, who, 'GET', '/api/feedback/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().feedback).toEqual([
      expect.objectContaining({ appointmentId: visitId, status: 'pending', comment: 'Thorough and kind', reply: null }),
    ]);
  });

  it('keeps exactly one entry when twelve submissions race, through the portal and the link at once', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const token = feedbackToken(hub, visitId);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? give(hub, who, visitId, { ratings: { overall: 1 + (i % 5) } })
          : giveByLink(hub, token, { ratings: { overall: 1 + (i % 5) } }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().code).toBe('FEEDBACK_EXISTS');
    expect(await stored(visitId)).toBe(1);
  });

  it('is refused for a visit not completed (409 VISIT_NOT_COMPLETED), writing nothing', async () => {
    const who = await patient(hub);
    const inProgress = await visitInProgress(hub, clinic, { patientId: who.patientId });
    const res = await give(hub, who, inProgress.id, { ratings: { overall: 4 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VISIT_NOT_COMPLETED');
    const link = await giveByLink(hub, feedbackToken(hub, inProgress.id), { ratings: { overall: 4 } });
    expect(link.json().code).toBe('VISIT_NOT_COMPLETED');
    // A no-show and a cancelled visit are not completed either.
    for (const status of ['no_show', 'cancelled'] as const) {
      await hub.app.db.update(appointments).set({ status }).where(eq(appointments.id, inProgress.id));
      const refused = await give(hub, who, inProgress.id, { ratings: { overall: 4 } });
      expect(refused.json().code, status).toBe('VISIT_NOT_COMPLETED');
    }
    expect(await stored(inProgress.id)).toBe(0);
  });

  it('is 404 for another patient’s visit and 403 for staff and doctors', async () => {
    const { visitId, doctor } = await patientAfterVisit(hub, clinic);
    const stranger = await patient(hub);
    const res = await give(hub, stranger, visitId, { ratings: { overall: 5 } });
    expect(res.statusCode).toBe(404);
    for (const actor of [clinic.admin, clinic.receptionist, doctor] as Actor[]) {
      expect((await give(hub, actor, visitId, { ratings: { overall: 5 } })).statusCode).toBe(403);
    }
    expect(
      (await hub.app.inject({ method: 'POST', url: `/api/appointments/${visitId}/feedback`, payload: { ratings: { overall: 5 } } }))
        .statusCode,
    ).toBe(401);
    expect(await stored(visitId)).toBe(0);
  });

  it('closes FEEDBACK_WINDOW_DAYS after the visit (409 FEEDBACK_CLOSED)', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const longAgo = new Date(Date.now() - 31 * 86_400_000);
    await hub.app.db
      .update(appointments)
      .set({ startAt: longAgo, endAt: new Date(longAgo.getTime() + 900_000) })
      .where(eq(appointments.id, visitId));
    const res = await give(hub, who, visitId, { ratings: { overall: 5 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('FEEDBACK_CLOSED');
    expect(await stored(visitId)).toBe(0);
  });
});

describe('the feedback link', () => {
  it('opens the form without signing in, naming the visit but not the patient, and works once', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const token = feedbackToken(hub, visitId);
    const opened = await hub.app.inject({ method: 'POST', url: '/api/feedback/link', payload: { token } });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({
      given: false,
      visit: { doctorName: expect.stringMatching(/^Dr /), locationName: expect.any(String) },
    });
    expect(opened.body).not.toContain(who.patientId);
    expect(opened.body).not.toContain('Paula');

    const first = await giveByLink(hub, token, { ratings: { overall: 4 }, anonymous: true });
    expect(first.statusCode, first.body).toBe(201);
    const doc = await feedbackCollection(hub.app.mongo.db).findOne({ appointmentId: visitId });
    expect(doc).toMatchObject({ channel: 'link', anonymous: true, patientId: who.patientId });

    const second = await giveByLink(hub, token, { ratings: { overall: 2 } });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('FEEDBACK_EXISTS');
    expect((await hub.app.inject({ method: 'POST', url: '/api/feedback/link', payload: { token } })).json().given).toBe(true);
    // After the link, the portal is closed for that visit too.
    expect((await give(hub, who, visitId, { ratings: { overall: 3 } })).json().code).toBe('FEEDBACK_EXISTS');
    expect(await stored(visitId)).toBe(1);
  });

  it('works only for its own visit: a token altered to name another visit, or expired, or from another key, is 404', async () => {
    const a = await patientAfterVisit(hub, clinic);
    const b = await patientAfterVisit(hub, clinic);
    const token = feedbackToken(hub, a.visitId);
    const [, expiry, signature] = token.split('.');
    const forged = [
      `${b.visitId}.${expiry}.${signature}`,
      feedbackToken(hub, b.visitId, new Date(Date.now() - 1000)),
      `${token.slice(0, -2)}AA`,
      token.replace(/\.[0-9a-z]+\./, `.${(Number.parseInt(expiry!, 36) + 86_400).toString(36)}.`),
    ];
    for (const t of forged) {
      const res = await giveByLink(hub, t, { ratings: { overall: 5 } });
      expect(res.statusCode, t).toBe(404);
      expect(res.json().code).toBe('FEEDBACK_LINK_INVALID');
      expect((await hub.app.inject({ method: 'POST', url: '/api/feedback/link', payload: { token: t } })).statusCode).toBe(404);
    }
    expect(await stored(a.visitId)).toBe(0);
    expect(await stored(b.visitId)).toBe(0);
    // The real one still works, and only for a.
    expect((await giveByLink(hub, token, { ratings: { overall: 5 } })).statusCode).toBe(201);
    expect(await stored(a.visitId)).toBe(1);
    expect(await stored(b.visitId)).toBe(0);
  });

  it('carries no bearer: a signed-in caller’s token does not change whose feedback it is', async () => {
    const { patient: who, visitId } = await patientAfterVisit(hub, clinic);
    const other = await patient(hub);
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/feedback/link/submit',
      headers: bearer(other.token),
      payload: { token: feedbackToken(hub, visitId), ratings: { overall: 5 } },
    });
    expect(res.statusCode).toBe(201);
    expect((await feedbackCollection(hub.app.mongo.db).findOne({ appointmentId: visitId }))?.patientId).toBe(who.patientId);
  });
});
