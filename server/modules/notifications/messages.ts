// The messages about a visit. Nothing clinical ever leaves the app: no reason for the visit, no
// specialty (a specialty can say what a patient is treated for), no notes. What a message may
// hold: the clinic location, the local time, the booking reference and, where an admin's wording
// names them, the doctor. The words are the admin's template for the kind, channel and language
// the sender found, else the built-in one (templates/defaults.ts); the calendar entry is built here.
// Prescription, payment and feedback notices have facts of their own (prescription-messages.ts, …).
import { createEvent } from 'ics';
import type { NotificationChannel, VisitNotificationKind } from '../../../db/schema/index.js';
import { TEMPLATE_KIND_OF } from './templates/catalogue.js';
import { compose, type ValuesIn } from './templates/compose.js';
import { localDate } from './templates/dates.js';
import type { Wording } from './templates/render.js';

export interface VisitFacts {
  appointmentId: string;
  /** The calendar entry's id: the first visit of a reschedule chain, so a move updates the entry. */
  calendarId?: string;
  kind: VisitNotificationKind;
  patientFirstName: string;
  locationName: string;
  locationAddress: string;
  locationPhone: string;
  /** The location's zone: a visit happens in the clinic's local time. */
  locationZone: string;
  startAt: Date;
  endAt: Date;
  bookingReference: string;
  /** "Dr. Dana Doc", for a wording that names the doctor (the built-in ones do not); null when the record is gone. */
  doctorName?: string | null;
  /** The admin's wording the sender found for this message's channel; none: the built-in wording. */
  wording?: Wording | null;
}

/** "Tuesday 3 December 2026 at 09:30 CET", in the location's zone (another language: its own words). */
export function localVisitTime(facts: Pick<VisitFacts, 'startAt' | 'locationZone'>, language = 'en'): string {
  return localDate(facts.startAt, facts.locationZone, 'visit', language);
}

/** What a visit's wording may say ({{placeholders}}, templates/catalogue.ts). */
function visitValues(facts: VisitFacts): ValuesIn {
  return (language) => ({
    patientFirstName: facts.patientFirstName,
    startLocal: localVisitTime(facts, language),
    locationName: facts.locationName,
    locationAddress: facts.locationAddress,
    locationPhone: facts.locationPhone,
    bookingReference: facts.bookingReference,
    doctorName: facts.doctorName ?? '',
  });
}

const words = (facts: VisitFacts, channel: NotificationChannel) =>
  compose(TEMPLATE_KIND_OF[facts.kind], channel, facts.wording, visitValues(facts));

export function renderEmail(facts: VisitFacts): {
  subject: string;
  text: string;
  html: string;
  ics: string;
  icsMethod: 'REQUEST' | 'CANCEL';
} {
  const { subject, text, html } = words(facts, 'email');
  const icsMethod = facts.kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return { subject: subject ?? '', text, html, ics: calendarEvent(facts, icsMethod), icsMethod };
}

/** An iCalendar event with a stable UID, so a moved or cancelled visit updates the same entry. */
function calendarEvent(facts: VisitFacts, method: 'REQUEST' | 'CANCEL'): string {
  const { error, value } = createEvent({
    productId: 'clinic-hub/reminders',
    method,
    uid: `${facts.calendarId ?? facts.appointmentId}@clinic-hub`,
    // A later message must win in the calendar: the instant it was built only grows.
    sequence: Math.floor(Date.now() / 1000),
    start: facts.startAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: facts.endAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `Appointment at ${facts.locationName}`,
    location: facts.locationAddress,
    description: `Booking reference ${facts.bookingReference}`,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('calendar event could not be built');
  return value;
}

export function renderSms(facts: VisitFacts): string {
  return words(facts, 'sms').text;
}

export function renderInApp(facts: VisitFacts): { type: string; title: string; body: string; data: Record<string, unknown> } {
  const { subject, text } = words(facts, 'in_app');
  return {
    type: `appointment_${facts.kind}`,
    title: subject ?? '',
    body: text,
    data: { appointmentId: facts.appointmentId, startAt: facts.startAt.toISOString(), bookingReference: facts.bookingReference },
  };
}
