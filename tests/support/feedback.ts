// Feedback test support: a clinic whose visits are completed through the API (check-in, call,
// start, complete), each with a doctor of its own, for patients who sign in to the portal; a
// feedback link signed exactly as the worker signs one; and calls as an actor or as nobody.
import { newId } from '../../db/ids.js';
import { signFeedbackToken } from '../../server/modules/feedback/link.js';
import type { FeedbackDoc } from '../../server/modules/feedback/store.js';
import { type BillingClinic, billingClinic, call, completedVisit, visitInProgress } from './billing.js';
import { type Actor, bearer, patient } from './factories.js';
import type { TestHub } from './test-hub.js';

export type FeedbackClinic = BillingClinic;
export const feedbackClinic = billingClinic;
export { call, visitInProgress };

/** A patient with a portal login and one completed visit; the visit's doctor is the visit's own. */
export async function patientAfterVisit(hub: TestHub, clinic: FeedbackClinic) {
  const who = await patient(hub);
  const visit = await completedVisit(hub, clinic, { patientId: who.patientId });
  return { patient: who, visitId: visit.id, doctor: visit.doctor as Actor & { doctorId: string } };
}

/** Another completed visit of this patient (a doctor of its own). */
export async function anotherVisit(hub: TestHub, clinic: FeedbackClinic, patientId: string) {
  const visit = await completedVisit(hub, clinic, { patientId });
  return { visitId: visit.id, doctor: visit.doctor as Actor & { doctorId: string } };
}

/** The token a feedback request's link carries (the hub's own secret), valid for 30 days unless said. */
export function feedbackToken(hub: TestHub, appointmentId: string, expiresAt = new Date(Date.now() + 30 * 86_400_000)): string {
  return signFeedbackToken(hub.app.config.jwtSecret, appointmentId, expiresAt);
}

export const fiveStars = { overall: 5, waitTime: 4, communication: 5, staffCourtesy: 5, cleanliness: 4, easeOfBooking: 5 };

export const give = (hub: TestHub, who: Actor, visitId: string, body: object) =>
  call(hub, who, 'POST', `/api/appointments/${visitId}/feedback`, body);

export const giveByLink = (hub: TestHub, token: string, body: object) =>
  hub.app.inject({ method: 'POST', url: '/api/feedback/link/submit', payload: { token, ...body } });

export const asAdmin = (hub: TestHub, admin: Actor) => (method: 'GET' | 'POST', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(admin.token), ...(payload ? { payload } : {}) });

/** A feedback document as the feedback module stores it (pending, named, listed at once), for tests that need one in place. */
export function feedbackDoc(
  about: Pick<FeedbackDoc, 'appointmentId' | 'patientId' | 'doctorId' | 'locationId' | 'visitAt'> & Partial<FeedbackDoc>,
): FeedbackDoc {
  const now = new Date();
  return {
    _id: newId(),
    visitDay: about.visitAt.toISOString().slice(0, 10),
    ratings: { overall: 4 },
    comment: null,
    wentWell: null,
    suggestions: null,
    anonymous: false,
    channel: 'portal',
    sentiment: null,
    status: 'pending',
    moderation: null,
    reply: null,
    helpfulBy: [],
    helpfulCount: 0,
    followUp: null,
    listedFrom: now,
    createdAt: now,
    updatedAt: now,
    ...about,
  };
}
