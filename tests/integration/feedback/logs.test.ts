// The logs of feedback traffic hold request ids and routes, never the link's token, the patient's
// words or the doctor's reply — nor when a request is refused (a forged token, a bad body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, feedbackClinic, feedbackToken, give, giveByLink, patientAfterVisit } from '../../support/feedback.js';
import { logCapture } from '../../support/log-capture.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

const logs = logCapture();

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ LOG_LEVEL: 'info' }, { logStream: logs.stream });
});
afterAll(() => hub.close());

describe('logs of feedback', () => {
  it('never hold a link token or the words of feedback, replies and reports', async () => {
    const clinic = await feedbackClinic(hub);
    const first = await patientAfterVisit(hub, clinic);
    const second = await patientAfterVisit(hub, clinic);
    const token = feedbackToken(hub, first.visitId);
    const forged = `${token.slice(0, -4)}AAAA`;
    await hub.app.inject({ method: 'POST', url: '/api/feedback/link', payload: { token } });
    expect((await giveByLink(hub, forged, { ratings: { overall: 5 } })).statusCode).toBe(404);
    expect((await giveByLink(hub, token, { ratings: { overall: 9 }, comment: 'Okapi bad body' })).statusCode).toBe(400);
    const viaLink = await giveByLink(hub, token, { ratings: { overall: 2 }, comment: 'Okapi comment', wentWell: 'Tapir well' });
    expect(viaLink.statusCode).toBe(201);
    const viaPortal = await give(hub, second.patient, second.visitId, { ratings: { overall: 5 }, suggestions: 'Ibex idea' });
    const id = viaPortal.json().id;
    await call(hub, clinic.admin, 'POST', `/api/feedback/${id}/moderate`, { status: 'approved' });
    await call(hub, second.doctor, 'POST', `/api/feedback/${id}/reply`, { body: 'Gazelle reply' });
    await call(hub, second.patient, 'POST', `/api/feedback/${id}/reply/report`, { reason: 'Gerenuk reason' });
    const text = logs.text();
    expect(text).toContain('/api/feedback/link/submit');
    for (const secret of [token, forged, token.split('.')[2]!, 'Okapi', 'Tapir', 'Ibex', 'Gazelle', 'Gerenuk']) {
      expect(text).not.toContain(secret);
    }
  });
});
