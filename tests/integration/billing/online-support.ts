// Helpers of the online-payment and refund tests: a hub with Stripe pointed at the local fake, a
// checkout, a webhook delivery, desk payments made through the ledger, and an invoice paid online.
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { payments, stripeEvents } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { lockInvoice, recordPayment } from '../../../server/modules/billing/ledger.js';
import { invoiceFixture } from '../../support/billing.js';
import { bearer } from '../../support/factories.js';
import type { PrescribingClinic } from '../../support/prescribing.js';
import { StripeFake } from '../../support/stripe-fake.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

export async function stripeHub(): Promise<{ hub: TestHub; fake: StripeFake }> {
  const fake = await StripeFake.start();
  const hub = await startTestHub(fake.env);
  return { hub, fake };
}

export function checkout(hub: TestHub, token: string, invoiceId: string, headers: Record<string, string> = {}) {
  return hub.app.inject({ method: 'POST', url: `/api/invoices/${invoiceId}/checkout`, headers: { ...bearer(token), ...headers } });
}

export function deliver(hub: TestHub, signed: { payload: string; headers: Record<string, string> }): Promise<LightMyRequestResponse> {
  return hub.app.inject({ method: 'POST', url: '/api/payments/stripe/webhook', headers: signed.headers, payload: signed.payload });
}

export function refund(hub: TestHub, token: string, paymentId: string, body: object, headers: Record<string, string> = {}) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/payments/${paymentId}/refunds`,
    headers: { ...bearer(token), ...headers },
    payload: body,
  });
}

/** A payment taken at the desk, straight through the ledger (as the desk's route does). */
export async function deskPayment(hub: TestHub, invoiceId: string, amountMinor: number, receivedBy: string | null = null): Promise<string> {
  return transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    const { payment } = await recordPayment(tx, invoice, { method: 'cash', gateway: 'desk', amountMinor, receivedBy });
    return payment.id;
  });
}

export const paymentsOf = (hub: TestHub, invoiceId: string) => hub.app.db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
export const storedEvent = async (hub: TestHub, eventId: string) =>
  (await hub.app.db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId)))[0];

/** An invoice of `amounts` that the clinic's patient paid in full online: checkout, card accepted, webhook. */
export async function paidOnline(hub: TestHub, fake: StripeFake, amounts: number[], clinic?: PrescribingClinic) {
  const fx = await invoiceFixture(hub, amounts, clinic);
  const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
  if (res.statusCode !== 201) throw new Error(`checkout: ${res.statusCode} ${res.body}`);
  const { paymentIntentId } = res.json() as { paymentIntentId: string };
  const delivered = await deliver(hub, fake.signedEvent('payment_intent.succeeded', fake.succeed(paymentIntentId)));
  if (delivered.statusCode !== 200) throw new Error(`webhook: ${delivered.statusCode} ${delivered.body}`);
  const [payment] = await paymentsOf(hub, fx.invoiceId);
  return { ...fx, paymentIntentId, paymentId: payment!.id };
}
