// The access matrix's rows for online payment and refunds (issue 16): checkout is the invoice's own
// patient's (another patient: 404), refunds the billing desk's (admins, receptionists), the Stripe
// events needing review the admins'. The webhook is public and answers to Stripe's signature, not to
// a caller: tests/integration/billing/webhook.test.ts covers it. Each refund gets a fresh desk
// payment and each review a fresh event, so every caller's answer is about its role.
import { newId } from '../../../db/ids.js';
import { stripeEvents } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, lockInvoice, recordPayment } from '../../../server/modules/billing/ledger.js';
import type { Endpoint } from '../../support/access-matrix.js';
import type { TestHub } from '../../support/test-hub.js';

export interface OnlineBillingWorld {
  hub: TestHub;
  /** An open invoice of the matrix's patient, far from paid: checkout always has a balance. */
  invoiceId: string;
  /** An invoice on which each refund row takes a fresh desk payment. */
  refundInvoiceId: string;
}

/** Two invoices of the patient's visit, made through the ledger (the matrix's hub has online payment on). */
export async function onlineBillingWorld(hub: TestHub, patientId: string, appointmentId: string, locationId: string) {
  const make = (amount: number) =>
    transactionWithRetry(hub.app.db, async (tx) => {
      const invoice = await createInvoice(tx, { patientId, appointmentId, locationId, currency: 'USD', createdBy: null });
      await addLines(tx, invoice, [
        { kind: 'other', description: 'Matrix service', quantity: 1, unitAmountMinor: amount, createdBy: null },
      ]);
      return invoice.id;
    });
  return { hub, invoiceId: await make(500_000), refundInvoiceId: await make(10_000_000) };
}

async function freshPayment(w: OnlineBillingWorld): Promise<string> {
  return transactionWithRetry(w.hub.app.db, async (tx) => {
    const invoice = await lockInvoice(tx, w.refundInvoiceId);
    return (await recordPayment(tx, invoice, { method: 'cash', gateway: 'desk', amountMinor: 100, receivedBy: null })).payment.id;
  });
}

async function freshEventNeedingReview(w: OnlineBillingWorld): Promise<string> {
  const id = `evt_matrix${newId()}`;
  const now = new Date();
  await w.hub.app.db
    .insert(stripeEvents)
    .values({ id, type: 'payment_intent.succeeded', outcome: 'needs_review', occurredAt: now, receivedAt: now });
  return id;
}

export function onlineBillingEndpoints(world: () => OnlineBillingWorld): Endpoint[] {
  return [
    {
      name: 'POST /api/invoices/:id/checkout',
      method: 'POST',
      url: () => `/api/invoices/${world().invoiceId}/checkout`,
      allowed: ['patient'],
      hidden: ['otherPatient'],
    },
    {
      name: 'POST /api/payments/:id/refunds',
      method: 'POST',
      url: async () => `/api/payments/${await freshPayment(world())}/refunds`,
      body: () => ({ amountMinor: 100, reason: 'Matrix refund' }),
      allowed: ['admin', 'receptionist'],
    },
    { name: 'GET /api/payments/stripe/events', method: 'GET', url: () => '/api/payments/stripe/events', allowed: ['admin'] },
    {
      name: 'POST /api/payments/stripe/events/:id/review',
      method: 'POST',
      url: async () => `/api/payments/stripe/events/${await freshEventNeedingReview(world())}/review`,
      body: () => ({ note: 'Matrix review' }),
      allowed: ['admin'],
    },
  ];
}
