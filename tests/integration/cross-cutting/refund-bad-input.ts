// The bad-input table's cases for refunds, checkout, the Stripe webhook and the events needing
// review (issue 16): each a 4xx with a stable code, nothing written (payments, refunds, checkouts,
// Stripe events included). The table's hub has online payment on with an API address where nothing
// answers: no case may reach Stripe, and none does (each is refused before).
import { newId } from '../../../db/ids.js';
import { stripeEvents } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, lockPayment, recordPayment, recordRefund, voidInvoice } from '../../../server/modules/billing/ledger.js';
import type { BadInputCase } from '../../support/bad-input.js';
import { patient } from '../../support/factories.js';
import type { TestHub } from '../../support/test-hub.js';

export interface RefundFixtures {
  /** A desk payment of 2,000 with 500 refunded: 1,500 left (its invoice owes 500 again). */
  paymentId: string;
  /** The patient's invoices: one paid in full, one void; and another patient's open one. */
  paidInvoiceId: string;
  voidInvoiceId: string;
  othersInvoiceId: string;
  /** An event that needs no review. */
  recordedEventId: string;
}

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

/** Made before the table's snapshot, through the ledger, for the patient's visit; `adminId` voids. */
export async function refundFixtures(
  hub: TestHub,
  ids: { patientId: string; appointmentId: string; locationId: string; adminId: string },
): Promise<RefundFixtures> {
  const other = await patient(hub, false);
  const invoice = (patientId: string, then: 'pay' | 'void' | 'open') =>
    transactionWithRetry(hub.app.db, async (tx) => {
      const created = await createInvoice(tx, { ...ids, patientId, currency: 'USD', createdBy: null });
      const open = await addLines(tx, created, [
        { kind: 'other', description: 'Table service', quantity: 1, unitAmountMinor: 2_000, createdBy: null },
      ]);
      if (then === 'void') await voidInvoice(tx, open, 'Billed in error', ids.adminId);
      if (then !== 'pay') return { invoiceId: created.id, paymentId: '' };
      const { payment } = await recordPayment(tx, open, { method: 'cash', gateway: 'desk', amountMinor: 2_000, receivedBy: null });
      return { invoiceId: created.id, paymentId: payment.id };
    });
  const paid = await invoice(ids.patientId, 'pay');
  await transactionWithRetry(hub.app.db, async (tx) => {
    const { invoice: locked, payment } = await lockPayment(tx, paid.paymentId);
    await recordRefund(tx, locked, payment, { amountMinor: 500, reason: 'Partly refunded', refundedBy: ids.adminId });
  });
  const recordedEventId = `evt_table${newId()}`;
  const now = new Date();
  await hub.app.db
    .insert(stripeEvents)
    .values({ id: recordedEventId, type: 'payment_intent.succeeded', outcome: 'recorded', occurredAt: now, receivedAt: now });
  return {
    paymentId: paid.paymentId,
    paidInvoiceId: (await invoice(ids.patientId, 'pay')).invoiceId,
    voidInvoiceId: (await invoice(ids.patientId, 'void')).invoiceId,
    othersInvoiceId: (await invoice(other.patientId, 'open')).invoiceId,
    recordedEventId,
  };
}

export function refundCases(fx: () => RefundFixtures): BadInputCase[] {
  const refundUrl = () => `/api/payments/${fx().paymentId}/refunds`;
  const bad = (
    name: string,
    body: unknown,
    status = 400,
    code = 'VALIDATION_FAILED',
    url: string | (() => string) = refundUrl,
  ): BadInputCase => ({
    name: `refund: ${name}`,
    url,
    body,
    status,
    code,
  });
  const ok = { amountMinor: 100, reason: 'Overcharged' };
  const checkoutOf = (name: string, url: () => string, status: number, code: string, body?: unknown): BadInputCase => ({
    name: `checkout: ${name}`,
    url,
    body,
    as: 'patient',
    status,
    code,
  });
  const webhook = (name: string, payload: string, contentType = 'application/json'): BadInputCase => ({
    name: `stripe webhook: ${name}`,
    url: '/api/payments/stripe/webhook',
    raw: { payload, contentType },
    as: 'none',
    status: 400,
    code: 'INVALID_SIGNATURE',
  });
  return [
    bad('amount 0', { ...ok, amountMinor: 0 }),
    bad('negative amount', { ...ok, amountMinor: -100 }),
    bad('fractional amount', { ...ok, amountMinor: 10.5 }),
    bad('amount as a string', { ...ok, amountMinor: '100' }),
    bad('amount above 100 million', { ...ok, amountMinor: 100_000_001 }),
    bad('amount beyond a safe integer', { ...ok, amountMinor: 2 ** 60 }),
    bad('amount as an operator object', { ...ok, amountMinor: { $gt: 0 } }),
    bad('without a reason', { amountMinor: 100 }),
    bad('a blank reason', { ...ok, reason: '   ' }),
    bad('a reason of 501 characters', { ...ok, reason: 'x'.repeat(501) }),
    bad('a reason as an operator object', { ...ok, reason: { $ne: null } }),
    bad('an unknown field', { ...ok, status: 'succeeded' }),
    bad('a desk with spaces', { ...ok, desk: 'Front Desk' }),
    bad('a body that is an array', [ok]),
    bad('above what is left of the payment', { ...ok, amountMinor: 1_501 }, 409, 'REFUND_EXCEEDS_PAYMENT'),
    bad('a malformed payment id', ok, 400, 'VALIDATION_FAILED', '/api/payments/pay-1/refunds'),
    bad('an unknown payment', ok, 404, 'NOT_FOUND', `/api/payments/${UNKNOWN_ID}/refunds`),
    checkoutOf('a malformed invoice id', () => '/api/invoices/inv-1/checkout', 400, 'VALIDATION_FAILED'),
    checkoutOf('with a body', () => `/api/invoices/${fx().paidInvoiceId}/checkout`, 400, 'VALIDATION_FAILED', { amountMinor: 1 }),
    checkoutOf('nothing owed', () => `/api/invoices/${fx().paidInvoiceId}/checkout`, 409, 'NOTHING_TO_PAY'),
    checkoutOf('a void invoice', () => `/api/invoices/${fx().voidInvoiceId}/checkout`, 409, 'INVOICE_VOID'),
    checkoutOf('another patient’s invoice', () => `/api/invoices/${fx().othersInvoiceId}/checkout`, 404, 'NOT_FOUND'),
    checkoutOf('an unknown invoice', () => `/api/invoices/${UNKNOWN_ID}/checkout`, 404, 'NOT_FOUND'),
    webhook('an event without a signature', JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: {} } })),
    webhook('not JSON and unsigned', '{"id": '),
    {
      name: 'stripe webhook: a form body',
      url: '/api/payments/stripe/webhook',
      raw: { payload: 'id=evt_1', contentType: 'application/x-www-form-urlencoded' },
      as: 'none',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'stripe events: unknown outcome',
      method: 'GET',
      url: '/api/payments/stripe/events?outcome=lost',
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'stripe events: limit 0', method: 'GET', url: '/api/payments/stripe/events?limit=0', status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'stripe events: review of a malformed event id',
      url: '/api/payments/stripe/events/pi_123/review',
      body: {},
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    {
      name: 'stripe events: review of an unknown event',
      url: '/api/payments/stripe/events/evt_unknown/review',
      body: {},
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'stripe events: review of one that needs none',
      url: () => `/api/payments/stripe/events/${fx().recordedEventId}/review`,
      body: {},
      status: 409,
      code: 'CONFLICT',
    },
    {
      name: 'stripe events: a blank review note',
      url: () => `/api/payments/stripe/events/${fx().recordedEventId}/review`,
      body: { note: '  ' },
      status: 400,
      code: 'VALIDATION_FAILED',
    },
  ];
}
