// Payment notices say the amount, the numbers, the clinic and where the receipt is; never what was
// billed. A failed checkout says nothing was charged and how to pay. One row per payment and channel.
import { describe, expect, it } from 'vitest';
import type { PaymentNoticeSubject } from '../billing/notice-reads.js';
import { NOTICE_OF_PAYMENT_EVENT, paymentNoticeVoidReason, paymentSubjectOfEvent } from './payment-facts.js';
import { invoicePortalUrl, type PaymentFacts, renderPaymentEmail, renderPaymentInApp, renderPaymentSms } from './payment-messages.js';
import { planPaymentNotice } from './payment-planner.js';
import { dedupeKeyOf } from './plan.js';

const received: PaymentFacts = {
  about: 'payment',
  kind: 'payment_received',
  invoiceId: '01JINV',
  invoiceNumber: 'INV-2026-000042',
  paymentId: '01JPAY',
  receiptNumber: 'RCT-2026-000017',
  checkoutId: null,
  amount: '$45.00',
  patientFirstName: 'Ana <b>',
  locationName: 'Rivers & Sons Clinic',
  locationPhone: '+1 212 555 0100',
  receiptUrl: invoicePortalUrl('https://hub.example/', '01JINV'),
};
const failed: PaymentFacts = { ...received, kind: 'payment_failed', paymentId: null, receiptNumber: null, checkoutId: '01JCHK' };

describe('payment messages', () => {
  it('received: amount, invoice and receipt numbers, and the portal link to the receipt, on every channel', () => {
    expect(received.receiptUrl).toBe('https://hub.example/patient?invoice=01JINV#invoices');
    const sentence =
      'We received your payment of $45.00 for invoice INV-2026-000042 (receipt RCT-2026-000017). Your receipt: https://hub.example/patient?invoice=01JINV#invoices';
    const mail = renderPaymentEmail(received);
    expect(mail.subject).toBe('Payment received: INV-2026-000042');
    expect(mail.text).toContain(sentence);
    expect(mail.text).toContain('Rivers & Sons Clinic. Phone: +1 212 555 0100');
    expect(mail.html).toContain('Ana &lt;b&gt;');
    expect(mail.html).toContain('Rivers &amp; Sons Clinic');
    expect(renderPaymentSms(received)).toBe(`Rivers & Sons Clinic: ${sentence}`);
    expect(renderPaymentInApp(received)).toEqual({
      type: 'payment_received',
      title: 'Payment received',
      body: 'Payment of $45.00 received for invoice INV-2026-000042',
      data: {
        invoiceId: '01JINV',
        invoiceNumber: 'INV-2026-000042',
        url: 'https://hub.example/patient?invoice=01JINV#invoices',
        paymentId: '01JPAY',
        receiptNumber: 'RCT-2026-000017',
      },
    });
  });

  it('failed: nothing was charged, try again or pay at the desk', () => {
    const sentence =
      'Your payment of $45.00 for invoice INV-2026-000042 did not go through; nothing was charged. ' +
      'Please try again (https://hub.example/patient?invoice=01JINV#invoices) or pay at the desk.';
    expect(renderPaymentEmail(failed)).toMatchObject({ subject: 'Payment did not go through: INV-2026-000042' });
    expect(renderPaymentEmail(failed).text).toContain(sentence);
    expect(renderPaymentSms(failed)).toBe(`Rivers & Sons Clinic: ${sentence}`);
    expect(renderPaymentInApp(failed)).toMatchObject({ type: 'payment_failed', data: { checkoutId: '01JCHK', invoiceId: '01JINV' } });
  });

  it('the facts carry no lines at all, so no message can name what was billed', () => {
    for (const f of [received, failed]) {
      const all = JSON.stringify([renderPaymentEmail(f), renderPaymentSms(f), renderPaymentInApp(f)]);
      expect(all).not.toMatch(/description|quantity|medic/i);
    }
    expect(Object.keys(received).sort()).not.toContain('lines');
  });

  it('payment.recorded and payment.failed plan notices; a refund plans none', () => {
    expect(NOTICE_OF_PAYMENT_EVENT['payment.recorded']).toBe('payment_received');
    expect(NOTICE_OF_PAYMENT_EVENT['payment.failed']).toBe('payment_failed');
    expect(NOTICE_OF_PAYMENT_EVENT['refund.recorded']).toBeUndefined();
    expect(paymentSubjectOfEvent('payment_received', { paymentId: 'P', checkoutId: 'C' })).toBe('P');
    expect(paymentSubjectOfEvent('payment_failed', { paymentId: 'P', checkoutId: 'C' })).toBe('C');
    expect(paymentSubjectOfEvent('payment_failed', {})).toBeNull();
  });

  it('one row per payment and channel, due now outside quiet hours (Berlin 22:30 → 08:00)', () => {
    const now = new Date('2026-03-10T21:30:00Z'); // 22:30 in Berlin
    const rows = planPaymentNotice(
      'payment_received',
      '01JPAY',
      new Date('2026-03-10T08:00:00Z'),
      'Europe/Berlin',
      { startHour: 21, endHour: 8 },
      now,
    );
    expect(rows.map((r) => r.channel)).toEqual(['email', 'sms', 'in_app']);
    expect(rows.every((r) => r.dueAt.toISOString() === '2026-03-11T07:00:00.000Z' && r.status === 'scheduled')).toBe(true);
    const keys = rows.map((r) => dedupeKeyOf({ ...r, appointmentId: '01JAPPT' }));
    expect(keys).toEqual(['payment_received-01JPAY-email', 'payment_received-01JPAY-sms', 'payment_received-01JPAY-in_app']);
  });

  it('a failed checkout is not worth a "try again" once it went through or the invoice is settled', () => {
    const subject: PaymentNoticeSubject = {
      invoiceId: 'I',
      invoiceNumber: 'INV-2026-000001',
      invoiceStatus: 'open',
      patientId: 'P',
      appointmentId: 'A',
      currency: 'USD',
      amountMinor: 100,
      paymentId: null,
      receiptNumber: null,
      refundedMinor: 0,
      checkoutId: 'C',
      checkoutStatus: 'failed',
    };
    const visit = { patientId: 'P' };
    expect(paymentNoticeVoidReason('payment_failed', subject, visit)).toBeNull();
    expect(paymentNoticeVoidReason('payment_failed', { ...subject, checkoutStatus: 'succeeded' }, visit)).toBe('checkout_succeeded');
    expect(paymentNoticeVoidReason('payment_failed', { ...subject, invoiceStatus: 'paid' }, visit)).toBe('invoice_paid');
    expect(paymentNoticeVoidReason('payment_received', null, visit)).toBe('payment_gone');
    expect(paymentNoticeVoidReason('payment_received', subject, { patientId: 'other' })).toBe('patient_mismatch');
  });
});
