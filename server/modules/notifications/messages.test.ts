// What leaves the app: the clinic, the local time and the reference; nothing clinical.
import { describe, expect, it } from 'vitest';
import { renderEmail, renderInApp, renderSms, type VisitFacts } from './messages.js';

const facts: VisitFacts = {
  appointmentId: '01JAPPT',
  kind: 'reminder',
  patientFirstName: 'Ana <b>',
  locationName: 'Rivers & Sons Clinic',
  locationAddress: '1 Main St',
  locationPhone: '+1 212 555 0100',
  locationZone: 'America/New_York',
  startAt: new Date('2026-12-04T14:30:00Z'),
  endAt: new Date('2026-12-04T14:45:00Z'),
  bookingReference: 'K7M-4QXR',
};

describe('messages', () => {
  it('state the time in the location’s zone', () => {
    expect(renderSms(facts)).toContain('Friday 4 December 2026 at 09:30 EST');
    expect(renderEmail(facts).text).toContain('at 09:30 EST');
  });
  it('escape HTML and carry a calendar event with a stable UID', () => {
    const mail = renderEmail(facts);
    expect(mail.html).toContain('Ana &lt;b&gt;');
    expect(mail.html).toContain('Rivers &amp; Sons Clinic');
    expect(mail.ics).toContain('UID:01JAPPT@clinic-hub');
    expect(mail.ics).toContain('DTSTART:20261204T143000Z');
    expect(mail.icsMethod).toBe('REQUEST');
    expect(renderEmail({ ...facts, kind: 'cancelled' }).ics).toContain('STATUS:CANCELLED');
  });
  it('in-app carries ids, not names', () => {
    const note = renderInApp(facts);
    expect(note.type).toBe('appointment_reminder');
    expect(note.data).toEqual({ appointmentId: '01JAPPT', startAt: '2026-12-04T14:30:00.000Z', bookingReference: 'K7M-4QXR' });
  });
});
