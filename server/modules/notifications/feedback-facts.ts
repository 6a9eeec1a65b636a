// What a feedback request needs, read now: the visit as a notification sees it (scheduling's
// read: the patient's contact and preferences, the location), its completion time and doctor
// (scheduling's and doctors' repositories), and whether its feedback was given (the feedback
// module's store in MongoDB). The planner and the sender both use it, so each decides on the
// current state, never on what an outbox event or a job was given.
import type { Db } from 'mongodb';
import type { Database } from '../../../db/mysql.js';
import { feedbackLinkUrl, signFeedbackToken } from '../feedback/link.js';
import { feedbackGivenFor } from '../feedback/store.js';
import { loadAppointment } from '../scheduling/appointments-repository.js';
import { doctorNameOf } from './doctor-name.js';
import { loadVisit, type Visit } from './facts.js';
import type { FeedbackFacts } from './feedback-messages.js';

const DAY_MS = 86_400_000;

/** The visit, with when it was completed and by which doctor; null when there is no such visit. */
export async function loadFeedbackVisit(db: Database, appointmentId: string): Promise<FeedbackVisit | null> {
  const visit = await loadVisit(db, appointmentId);
  if (!visit) return null;
  const { completedAt, doctorId } = await loadAppointment(db, appointmentId);
  return { ...visit, completedAt, doctorId };
}

export type FeedbackVisit = Visit & { completedAt: Date | null; doctorId: string };

/** Until when feedback is taken and the link works: the visit's start + FEEDBACK_WINDOW_DAYS (the feedback contract). */
export function feedbackWindowEnd(visitStart: Date, windowDays: number): Date {
  return new Date(visitStart.getTime() + windowDays * DAY_MS);
}

/** Why the request no longer makes sense, from MySQL alone (cheap; the feedback itself is asked after), or null. */
export function feedbackRequestVoidReason(
  visit: Pick<FeedbackVisit, 'status' | 'startAt'> | null,
  windowDays: number,
  now: Date,
): string | null {
  if (!visit) return 'appointment_gone';
  // Only a completed visit is asked about: a completion is final, so this is a guard, not a race.
  if (visit.status !== 'completed') return `appointment_${visit.status}`;
  if (now.getTime() >= feedbackWindowEnd(visit.startAt, windowDays).getTime()) return 'feedback_window_closed';
  return null;
}

/** The same, with the feedback store: a visit whose feedback was given (portal or link) is not asked about again. */
export async function feedbackRequestGoneReason(
  mongo: Db,
  visit: FeedbackVisit | null,
  windowDays: number,
  now: Date,
): Promise<string | null> {
  const reason = feedbackRequestVoidReason(visit, windowDays, now);
  if (reason || !visit) return reason ?? 'appointment_gone';
  return (await feedbackGivenFor(mongo, visit.id)) ? 'feedback_given' : null;
}

/**
 * The words' facts, with the signed link (it expires with the window). Built only once a row is
 * claimed; the link is a key to the form and goes nowhere but into the message.
 */
export async function feedbackFacts(
  db: Database,
  visit: FeedbackVisit,
  link: { secret: string; windowDays: number; publicUrl: string },
): Promise<FeedbackFacts> {
  const expiresAt = feedbackWindowEnd(visit.startAt, link.windowDays);
  return {
    about: 'feedback',
    appointmentId: visit.id,
    patientFirstName: visit.firstName,
    doctorName: await doctorNameOf(db, visit.doctorId),
    locationName: visit.locationName,
    locationZone: visit.locationZone,
    startAt: visit.startAt,
    url: feedbackLinkUrl(link.publicUrl, signFeedbackToken(link.secret, visit.id, expiresAt)),
    expiresAt,
  };
}
