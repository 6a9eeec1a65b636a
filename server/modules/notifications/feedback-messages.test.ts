// A feedback request asks about the visit (doctor, clinic, the clinic's local day) and carries
// the signed link; nothing clinical, HTML escaped. Its job and key are one per visit, and it is
// void for a visit that is not completed or whose window has closed.
import { describe, expect, it } from 'vitest';
import { feedbackLinkUrl, signFeedbackToken, verifyFeedbackToken } from '../feedback/link.js';
import { feedbackRequestVoidReason, feedbackWindowEnd } from './feedback-facts.js';
import { type FeedbackFacts, isFeedbackFacts, renderFeedbackEmail, renderFeedbackInApp, renderFeedbackSms } from './feedback-messages.js';
import { dedupeKeyOf, jobIdOfRow } from './plan.js';

const secret = 'a-test-secret-of-at-least-32-characters!';
const visitId = '01JF0000000000000000000000';
const startAt = new Date('2026-12-03T23:30:00Z'); // Friday 4 December 00:30 in Berlin
const expiresAt = feedbackWindowEnd(startAt, 30);
const url = feedbackLinkUrl('https://hub.example/', signFeedbackToken(secret, visitId, expiresAt));
const facts: FeedbackFacts = {
  about: 'feedback',
  appointmentId: visitId,
  patientFirstName: 'Ana <b>',
  doctorName: 'Dr. Dana Doe',
  locationName: 'Rivers & Sons Clinic',
  locationZone: 'Europe/Berlin',
  startAt,
  url,
  expiresAt,
};
const question = 'How was your visit with Dr. Dana Doe at Rivers & Sons Clinic on Friday 4 December 2026?';

describe('feedback request messages', () => {
  it('email: the question, the link and until when it works, in text and escaped HTML', () => {
    const mail = renderFeedbackEmail(facts);
    expect(mail.subject).toBe('How was your visit to Rivers & Sons Clinic?');
    expect(mail.text).toContain(`${question} Rate it here: ${url}`);
    expect(mail.text).toContain('works once, until Sunday 3 January 2027.');
    expect(mail.text).toContain('Hello Ana <b>,');
    expect(mail.html).toContain('Hello Ana &lt;b&gt;,');
    expect(mail.html).toContain('Rivers &amp; Sons Clinic');
    expect(mail.html).toContain(`<a href="${url}">${url}</a>`);
    expect(mail.html).not.toContain('<b>');
  });

  it('SMS: short, the day without its weekday, and the link', () => {
    expect(renderFeedbackSms(facts)).toBe(
      `How was your visit with Dr. Dana Doe at Rivers & Sons Clinic on 4 Dec 2026? Rate it here: ${url}`,
    );
  });

  it('in-app: the question, with the visit and the link as data', () => {
    expect(renderFeedbackInApp(facts)).toEqual({
      type: 'feedback_request',
      title: 'How was your visit?',
      body: `${question} Rate it here.`,
      data: { appointmentId: visitId, url },
    });
  });

  it('names the clinic alone when the doctor is gone', () => {
    expect(renderFeedbackSms({ ...facts, doctorName: null })).toMatch(/^How was your visit at Rivers & Sons Clinic on 4 Dec 2026\?/);
  });

  it('the link opens the visit’s form until the window closes', () => {
    const token = new URL(url).hash.replace(/^#t=/, '');
    expect(url.startsWith('https://hub.example/feedback#t=')).toBe(true);
    expect(verifyFeedbackToken(secret, token, new Date('2026-12-20T00:00:00Z'))).toEqual({ appointmentId: visitId, expiresAt });
    expect(verifyFeedbackToken(secret, token, new Date(expiresAt.getTime() + 1000))).toBeNull();
  });

  it('are told apart from other facts', () => {
    expect(isFeedbackFacts(facts)).toBe(true);
    expect(isFeedbackFacts({ about: 'prescription' })).toBe(false);
  });
});

describe('feedback request rules', () => {
  it('one job and one row per channel per visit', () => {
    const row = { appointmentId: visitId, kind: 'feedback_request' as const, offset: null, startAt, subjectId: visitId };
    expect(jobIdOfRow(row)).toBe(`feedback_request-${visitId}`);
    expect(dedupeKeyOf({ ...row, channel: 'sms' })).toBe(`feedback_request-${visitId}-sms`);
  });

  it('the window is the visit’s start plus FEEDBACK_WINDOW_DAYS', () => {
    expect(feedbackWindowEnd(startAt, 30).toISOString()).toBe('2027-01-02T23:30:00.000Z');
  });

  it('void for a visit not completed, gone, or past its window', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    expect(feedbackRequestVoidReason({ status: 'completed', startAt }, 30, now)).toBeNull();
    expect(feedbackRequestVoidReason({ status: 'no_show', startAt }, 30, now)).toBe('appointment_no_show');
    expect(feedbackRequestVoidReason({ status: 'cancelled', startAt }, 30, now)).toBe('appointment_cancelled');
    expect(feedbackRequestVoidReason(null, 30, now)).toBe('appointment_gone');
    expect(feedbackRequestVoidReason({ status: 'completed', startAt }, 30, expiresAt)).toBe('feedback_window_closed');
    expect(feedbackRequestVoidReason({ status: 'completed', startAt }, 30, new Date(expiresAt.getTime() - 1))).toBeNull();
  });
});
