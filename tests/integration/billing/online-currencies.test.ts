// Online payment in currencies whose digits Stripe and the hub (Intl) do not agree on: the amounts
// sent to Stripe and read back from its events are converted exactly, refused where they cannot be.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoices, refunds } from '../../../db/schema/index.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { checkout, deliver, paymentsOf, refund, storedEvent, stripeHub } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  ({ hub, fake } = await stripeHub());
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

/** An invoice of `amount` minor units of `currency` (the fixture's USD rewritten before anything is paid). */
async function invoiceIn(currency: string, amount: number) {
  const fx = await invoiceFixture(hub, [amount]);
  await hub.app.db.update(invoices).set({ currency }).where(eq(invoices.id, fx.invoiceId));
  return fx;
}

const intentsSent = () => fake.requestsTo('POST', '/v1/payment_intents');

describe('checkout', () => {
  it.each([
    ['ISK', 1_500, 150_000],
    ['HUF', 4_200, 420_000],
    ['JPY', 5_000, 5_000],
    ['LYD', 12_340, 1_234],
    ['KWD', 1_230, 1_230],
  ])('asks Stripe for the right amount of %s', async (currency, minor, stripeAmount) => {
    const fx = await invoiceIn(currency, minor);
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amountMinor: minor, currency });
    const sent = intentsSent().at(-1)!;
    expect(sent.body).toMatchObject({ amount: String(stripeAmount), currency: currency.toLowerCase() });
  });

  it.each([
    ['LYD', 12_345],
    ['KWD', 1_235],
  ])('refuses %s %i, which Stripe cannot take exactly, naming the currency', async (currency, minor) => {
    const fx = await invoiceIn(currency, minor);
    const before = intentsSent().length;
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ONLINE_PAYMENT_DISABLED' });
    expect(res.json().message).toContain(currency);
    expect(intentsSent()).toHaveLength(before);
  });
});

describe('the webhook and refunds', () => {
  it('records Stripe’s ISK amount in the hub’s units, and refunds in Stripe’s', async () => {
    const fx = await invoiceIn('ISK', 2_000);
    const pi = (await checkout(hub, fx.clinic.patient.token, fx.invoiceId)).json().paymentIntentId as string;
    const paid = await deliver(hub, fake.signedEvent('payment_intent.succeeded', fake.succeed(pi)));
    expect(paid.json().outcome).toBe('recorded');
    const [payment] = await paymentsOf(hub, fx.invoiceId);
    expect(payment).toMatchObject({ amountMinor: 2_000, currency: 'ISK' });
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ status: 'paid', paidMinor: 2_000 });

    const res = await refund(hub, fx.clinic.admin.token, payment!.id, { amountMinor: 500, reason: 'Partly' });
    expect(res.statusCode, res.body).toBe(201);
    const sent = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi);
    expect(sent.map((r) => r.body.amount)).toEqual(['50000']);
    const [row] = await hub.app.db.select().from(refunds).where(eq(refunds.paymentId, payment!.id));
    const stripeRefund = fake.refunds.get(row!.gatewayRefundId!)!;
    stripeRefund.status = 'succeeded';
    const settled = await deliver(hub, fake.signedEvent('refund.updated', { ...stripeRefund }));
    expect(settled.json().outcome).toBe('recorded');
    expect((await storedEvent(hub, settled.json().eventId))!).toMatchObject({ amountMinor: 500, currency: 'ISK' });
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 1_500 });
  });

  it('keeps for review an amount received that is not a whole number of the hub’s units', async () => {
    const fx = await invoiceIn('ISK', 2_000);
    const pi = (await checkout(hub, fx.clinic.patient.token, fx.invoiceId)).json().paymentIntentId as string;
    const event = fake.signedEvent('payment_intent.succeeded', fake.succeed(pi, 199_950));
    const res = await deliver(hub, event);
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('needs_review');
    expect((await storedEvent(hub, event.eventId))!.note).toMatch(/199950 ISK/);
    expect(await paymentsOf(hub, fx.invoiceId)).toEqual([]);
  });
});
