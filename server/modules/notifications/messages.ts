// The words of every notification. Nothing clinical ever leaves the app: no reason for the
// visit, no doctor or specialty (a specialty can say what a patient is treated for), no notes.
// What a message may hold: the clinic location, the local time, the booking reference.
// Prescription notices have words of their own (prescription-messages.ts).
import { createEvent } from 'ics';
import { DateTime } from 'luxon';
import type { VisitNotificationKind } from '../../../db/schema/index.js';

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
}

/** "Tuesday 3 December 2026 at 09:30 CET", in the location's zone. */
export function localVisitTime(facts: VisitFacts): string {
  return DateTime.fromJSDate(facts.startAt, { zone: facts.locationZone }).toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ");
}

const HEADLINES: Record<VisitNotificationKind, { title: string; lead: (when: string, where: string) => string }> = {
  confirmation: { title: 'Appointment booked', lead: (when, where) => `Your appointment at ${where} is booked for ${when}.` },
  reminder: { title: 'Appointment reminder', lead: (when, where) => `This is a reminder of your appointment at ${where} on ${when}.` },
  moved: { title: 'Appointment moved', lead: (when, where) => `Your appointment at ${where} has been moved to ${when}.` },
  cancelled: { title: 'Appointment cancelled', lead: (when, where) => `Your appointment at ${where} on ${when} has been cancelled.` },
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderEmail(facts: VisitFacts): {
  subject: string;
  text: string;
  html: string;
  ics: string;
  icsMethod: 'REQUEST' | 'CANCEL';
} {
  const when = localVisitTime(facts);
  const { title, lead } = HEADLINES[facts.kind];
  const sentence = lead(when, facts.locationName);
  const after =
    facts.kind === 'cancelled'
      ? `To book again, call us on ${facts.locationPhone}.`
      : `Address: ${facts.locationAddress}. To change or cancel, call us on ${facts.locationPhone}.`;
  const text = [
    `Hello ${facts.patientFirstName},`,
    '',
    sentence,
    after,
    `Booking reference: ${facts.bookingReference}`,
    '',
    facts.locationName,
  ].join('\n');
  const html = [
    `<p>Hello ${escapeHtml(facts.patientFirstName)},</p>`,
    `<p>${escapeHtml(sentence)}</p>`,
    `<p>${escapeHtml(after)}</p>`,
    `<p>Booking reference: <strong>${escapeHtml(facts.bookingReference)}</strong></p>`,
    `<p>${escapeHtml(facts.locationName)}</p>`,
  ].join('\n');
  const icsMethod = facts.kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  return { subject: `${title}: ${facts.locationName}, ${when}`, text, html, ics: calendarEvent(facts, icsMethod), icsMethod };
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
  const when = localVisitTime(facts);
  const { lead } = HEADLINES[facts.kind];
  const reply = facts.kind === 'cancelled' ? '' : ' Reply C to confirm, STOP to opt out.';
  return `${lead(when, facts.locationName)} Ref ${facts.bookingReference}.${reply}`;
}

export function renderInApp(facts: VisitFacts): { type: string; title: string; body: string; data: Record<string, unknown> } {
  const { title, lead } = HEADLINES[facts.kind];
  return {
    type: `appointment_${facts.kind}`,
    title,
    body: lead(localVisitTime(facts), facts.locationName),
    data: { appointmentId: facts.appointmentId, startAt: facts.startAt.toISOString(), bookingReference: facts.bookingReference },
  };
}
