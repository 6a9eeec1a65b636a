// "Ready for pickup" (a fill dispensed in full) says the number and the clinic, on every channel;
// never a medicine or dose (its facts do not carry one). Its subject is the completing dispense.
import { describe, expect, it } from 'vitest';
import { subjectOfEvent } from '../notifications/prescription-facts.js';
import {
  type PrescriptionFacts,
  renderPrescriptionEmail,
  renderPrescriptionInApp,
  renderPrescriptionSms,
} from '../notifications/prescription-messages.js';

const facts: PrescriptionFacts = {
  about: 'prescription',
  kind: 'prescription_ready',
  prescriptionId: '01JRX',
  refillRequestId: null,
  number: 'RX-2026-000123',
  patientFirstName: 'Ana',
  locationName: 'Rivers Clinic',
  locationAddress: '1 Main St',
  locationPhone: '+1 212 555 0100',
  portalUrl: 'https://hub.example/patient',
};

describe('ready for pickup', () => {
  it('names the number and the clinic once, on email, SMS and in-app', () => {
    const sentence = 'Your prescription RX-2026-000123 is ready for pickup at Rivers Clinic.';
    const email = renderPrescriptionEmail(facts);
    expect(email.subject).toBe('Ready for pickup: RX-2026-000123');
    expect(email.text).toContain(sentence);
    expect(renderPrescriptionSms(facts)).toBe(sentence);
    expect(renderPrescriptionInApp(facts)).toEqual({
      type: 'prescription_ready',
      title: 'Ready for pickup',
      body: 'Prescription RX-2026-000123 is ready for pickup',
      data: { prescriptionId: '01JRX', number: 'RX-2026-000123' },
    });
  });

  it('is about the dispense that completed the fill, so each fill of a refilled prescription has its own', () => {
    const payload = { prescriptionId: '01JRX', dispenseId: '01JDISPENSE' };
    expect(subjectOfEvent('prescription_ready', payload, '01JRX')).toBe('01JDISPENSE');
    expect(subjectOfEvent('prescription_ready', { prescriptionId: '01JRX' }, '01JRX')).toBeNull();
    expect(subjectOfEvent('prescription_issued', payload, '01JRX')).toBe('01JRX');
  });
});
