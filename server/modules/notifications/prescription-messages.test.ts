// Prescription notices say the number, the clinic and where to look; nothing clinical, and they
// are never voided by their visit, only by their prescription or refill request.
import { describe, expect, it } from 'vitest';
import type { PrescriptionNoticeSubject } from '../prescriptions/notice-repository.js';
import { dedupeKeyOf, jobIdOfRow, planPrescriptionNotice } from './plan.js';
import { prescriptionNoticeVoidReason } from './prescription-facts.js';
import {
  type PrescriptionFacts,
  portalUrlOf,
  renderPrescriptionEmail,
  renderPrescriptionInApp,
  renderPrescriptionSms,
} from './prescription-messages.js';

const facts: PrescriptionFacts = {
  about: 'prescription',
  kind: 'prescription_issued',
  prescriptionId: '01JRX',
  refillRequestId: null,
  number: 'RX-2026-000123',
  patientFirstName: 'Ana <b>',
  locationName: 'Rivers & Sons Clinic',
  locationAddress: '1 Main St',
  locationPhone: '+1 212 555 0100',
  portalUrl: portalUrlOf('https://hub.example/'),
};
const subject: PrescriptionNoticeSubject = {
  prescriptionId: '01JRX',
  refillRequestId: '01JREFILL',
  number: 'RX-2026-000123',
  appointmentId: '01JAPPT',
  patientId: '01JPAT',
  prescriptionStatus: 'active',
  refillStatus: 'approved',
};
const utc = (iso: string) => new Date(iso);

describe('prescription messages', () => {
  it('issued: the number, the clinic and the portal link, in every channel', () => {
    const sentence =
      'Your prescription RX-2026-000123 from Rivers & Sons Clinic is ready. View it in your portal: https://hub.example/patient';
    expect(renderPrescriptionSms(facts)).toBe(sentence);
    const mail = renderPrescriptionEmail(facts);
    expect(mail.subject).toBe('New prescription: RX-2026-000123');
    expect(mail.text).toContain(sentence);
    expect(mail.text).toContain('1 Main St. Phone: +1 212 555 0100');
    expect(mail.html).toContain('Ana &lt;b&gt;');
    expect(renderPrescriptionInApp(facts)).toEqual({
      type: 'prescription_issued',
      title: 'New prescription',
      body: 'Prescription RX-2026-000123 is ready to view',
      data: { prescriptionId: '01JRX', number: 'RX-2026-000123' },
    });
  });
  it('a refused refill asks the patient to call, and names no reason', () => {
    const denied = { ...facts, kind: 'refill_denied' as const, refillRequestId: '01JREFILL' };
    expect(renderPrescriptionSms(denied)).toBe(
      'Rivers & Sons Clinic: Your refill request for prescription RX-2026-000123 was not approved. Please contact the clinic on +1 212 555 0100.',
    );
    expect(renderPrescriptionInApp(denied)).toMatchObject({
      type: 'refill_denied',
      data: { refillRequestId: '01JREFILL', prescriptionId: '01JRX' },
    });
  });
});

describe('prescription notice plan', () => {
  it('one row per channel, keyed by the subject, never by the visit', () => {
    const planned = planPrescriptionNotice(
      'refill_approved',
      '01JREFILL',
      utc('2026-03-02T09:00:00Z'),
      'UTC',
      { startHour: 0, endHour: 0 },
      utc('2026-03-02T12:00:00Z'),
    );
    expect(planned.map((p) => [p.channel, p.status, p.dueAt.toISOString()])).toEqual([
      ['email', 'scheduled', '2026-03-02T12:00:00.000Z'],
      ['sms', 'scheduled', '2026-03-02T12:00:00.000Z'],
      ['in_app', 'scheduled', '2026-03-02T12:00:00.000Z'],
    ]);
    const row = { ...planned[0]!, appointmentId: '01JAPPT' };
    expect(jobIdOfRow(row)).toBe('refill_approved-01JREFILL');
    expect(dedupeKeyOf(row)).toBe('refill_approved-01JREFILL-email');
    expect(dedupeKeyOf({ ...row, startAt: utc('2026-03-09T09:00:00Z') })).toBe(dedupeKeyOf(row)); // a moved visit changes nothing
  });
  it('waits out quiet hours even though its visit is over', () => {
    const [first] = planPrescriptionNotice(
      'prescription_issued',
      '01JRX',
      utc('2026-03-02T18:00:00Z'),
      'UTC',
      { startHour: 21, endHour: 8 },
      utc('2026-03-02T22:30:00Z'),
    );
    expect(first?.dueAt.toISOString()).toBe('2026-03-03T08:00:00.000Z');
  });
  it('is void once its prescription or refill no longer says what the message would', () => {
    const visit = { patientId: '01JPAT' };
    expect(prescriptionNoticeVoidReason('refill_approved', subject, visit)).toBeNull();
    expect(prescriptionNoticeVoidReason('refill_approved', { ...subject, prescriptionStatus: 'cancelled' }, visit)).toBe(
      'prescription_cancelled',
    );
    expect(
      prescriptionNoticeVoidReason('refill_denied', { ...subject, refillStatus: 'denied', prescriptionStatus: 'cancelled' }, visit),
    ).toBeNull();
    expect(prescriptionNoticeVoidReason('prescription_issued', { ...subject, prescriptionStatus: 'draft' }, visit)).toBe(
      'prescription_not_signed',
    );
    expect(prescriptionNoticeVoidReason('prescription_issued', subject, { patientId: '01JOTHER' })).toBe('patient_mismatch');
    expect(prescriptionNoticeVoidReason('prescription_issued', null, visit)).toBe('prescription_gone');
  });
});
