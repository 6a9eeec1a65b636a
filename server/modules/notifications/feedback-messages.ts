// The words of a feedback request: "How was your visit with Dr. X at <clinic> on <day>? Rate it
// here: <link>". What they may hold: the doctor's name (the patient chose to see them; no
// specialty, which can say what a patient is treated for), the clinic, the visit's local day and
// the signed link. Never the reason for the visit or anything from the record: the facts they are
// built from do not carry them. The link is a one-time key to the form: these texts are the only
// place it may go, never a log line or a notification_log reason.
// The words are the admin's template or the built-in one (templates/defaults.ts).
import type { NotificationChannel } from '../../../db/schema/index.js';
import type { NotificationPayload } from '../live/events.js';
import { compose, type ValuesIn } from './templates/compose.js';
import { localDate } from './templates/dates.js';
import type { Wording } from './templates/render.js';

export interface FeedbackFacts {
  about: 'feedback';
  appointmentId: string;
  patientFirstName: string;
  /** "Dr. Dana Doc"; null if the doctor's record is gone (the sentence then names the clinic only). */
  doctorName: string | null;
  locationName: string;
  /** The location's zone: the visit's day is the clinic's day. */
  locationZone: string;
  startAt: Date;
  /** The signed link to the form (PUBLIC_URL/feedback#t=<token>). */
  url: string;
  /** When the link stops working: the visit's start + FEEDBACK_WINDOW_DAYS. */
  expiresAt: Date;
  /** The admin's wording the sender found for this message's channel; none: the built-in wording. */
  wording?: Wording | null;
}

export function isFeedbackFacts(facts: object): facts is FeedbackFacts {
  return (facts as Partial<FeedbackFacts>).about === 'feedback';
}

/**
 * What a feedback request's wording may say ({{placeholders}}, templates/catalogue.ts). The visit's
 * day is the clinic's: long in email and in-app ("Tuesday 3 December 2026"), short in an SMS ("3 Dec 2026").
 */
function values(facts: FeedbackFacts, channel: NotificationChannel): ValuesIn {
  return (language) => ({
    patientFirstName: facts.patientFirstName,
    doctorName: facts.doctorName ?? '',
    locationName: facts.locationName,
    visitDay: localDate(facts.startAt, facts.locationZone, channel === 'sms' ? 'shortDay' : 'day', language),
    link: facts.url,
    linkExpiresOn: localDate(facts.expiresAt, facts.locationZone, 'day', language),
  });
}

const words = (facts: FeedbackFacts, channel: NotificationChannel) =>
  compose('feedback_request', channel, facts.wording, values(facts, channel));

export function renderFeedbackEmail(facts: FeedbackFacts): { subject: string; text: string; html: string } {
  const { subject, text, html } = words(facts, 'email');
  return { subject: subject ?? '', text, html };
}

export function renderFeedbackSms(facts: FeedbackFacts): string {
  return words(facts, 'sms').text;
}

/** The portal's in-app notice: the visit's id and the form's link, which the portal opens. */
export function renderFeedbackInApp(facts: FeedbackFacts): NotificationPayload {
  const { subject, text } = words(facts, 'in_app');
  return { type: 'feedback_request', title: subject ?? '', body: text, data: { appointmentId: facts.appointmentId, url: facts.url } };
}
