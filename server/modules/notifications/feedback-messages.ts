// The words of a feedback request: "How was your visit with Dr. X at <clinic> on <day>? Rate it
// here: <link>". What they may hold: the doctor's name (the patient chose to see them; no
// specialty, which can say what a patient is treated for), the clinic, the visit's local day and
// the signed link. Never the reason for the visit or anything from the record: the facts they are
// built from do not carry them. The link is a one-time key to the form: these texts are the only
// place it may go, never a log line or a notification_log reason.
import { DateTime } from 'luxon';
import type { NotificationPayload } from '../live/events.js';
import { escapeHtml } from './messages.js';

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
}

export function isFeedbackFacts(facts: object): facts is FeedbackFacts {
  return (facts as Partial<FeedbackFacts>).about === 'feedback';
}

const TITLE = 'How was your visit?';

/** "Tuesday 3 December 2026" (email, in-app) or "3 Dec 2026" (SMS), in the location's zone. */
function localDay(at: Date, zone: string, format: 'long' | 'short'): string {
  return DateTime.fromJSDate(at, { zone }).toFormat(format === 'long' ? 'cccc d LLLL yyyy' : 'd LLL yyyy');
}

/** The question every channel asks. */
function question(facts: FeedbackFacts, format: 'long' | 'short'): string {
  const withWhom = facts.doctorName ? ` with ${facts.doctorName}` : '';
  return `How was your visit${withWhom} at ${facts.locationName} on ${localDay(facts.startAt, facts.locationZone, format)}?`;
}

export function renderFeedbackEmail(facts: FeedbackFacts): { subject: string; text: string; html: string } {
  const ask = question(facts, 'long');
  const until = `The link is yours alone and works once, until ${localDay(facts.expiresAt, facts.locationZone, 'long')}.`;
  const text = [`Hello ${facts.patientFirstName},`, '', `${ask} Rate it here: ${facts.url}`, '', until, '', facts.locationName].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(facts.patientFirstName)},</p>`,
    `<p>${escapeHtml(ask)}</p>`,
    `<p>Rate it here: <a href="${escapeHtml(facts.url)}">${escapeHtml(facts.url)}</a></p>`,
    `<p>${escapeHtml(until)}</p>`,
    `<p>${escapeHtml(facts.locationName)}</p>`,
  ].join('\n');
  return { subject: `How was your visit to ${facts.locationName}?`, text, html };
}

/** Short: the day without its weekday; the question names the clinic, so a text from a bare number says who asks. */
export function renderFeedbackSms(facts: FeedbackFacts): string {
  return `${question(facts, 'short')} Rate it here: ${facts.url}`;
}

/** The portal's in-app notice: the visit's id and the form's link, which the portal opens. */
export function renderFeedbackInApp(facts: FeedbackFacts): NotificationPayload {
  return {
    type: 'feedback_request',
    title: TITLE,
    body: `${question(facts, 'long')} Rate it here.`,
    data: { appointmentId: facts.appointmentId, url: facts.url },
  };
}
