// The Stripe webhook: events signed with the SDK's own helper, the PaymentIntents made by a real
// checkout against the local Stripe fake. Pays once per event and per PaymentIntent, whatever the
// redeliveries, concurrency and order; refuses bad signatures; keeps what it cannot match for review.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineCheckouts, outboxEvents, stripeEvents } from '../../../db/schema/index.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { bearer } from '../../support/factories.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { checkout, deliver, deskPayment, paymentsOf, storedEvent, stripeHub } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  ({ hub, fake } = await stripeHub());
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

/** An invoice with a checkout started: its PaymentIntent at the fake. */
async function checkedOut(amounts = [5_000]) {
  const fx = await invoiceFixture(hub, amounts);
  const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
  expect(res.statusCode, res.body).toBe(201);
  return { ...fx, pi: res.json().paymentIntentId as string };
}

const eventsAbout = (objectId: string) => hub.app.db.select().from(stripeEvents).where(eq(stripeEvents.objectId, objectId));
const outboxOf = (invoiceId: string, type: string) =>
  hub.app.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, invoiceId), eq(outboxEvents.type, type)));

describe('payment_intent.succeeded', () => {
  it('pays once, even when the same event is delivered twice', async () => {
    const { invoiceId, pi } = await checkedOut([5_000]);
    const event = fake.signedEvent('payment_intent.succeeded', fake.succeed(pi));
    const first = await deliver(hub, event);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true, eventId: event.eventId, outcome: 'recorded', duplicate: false });
    const again = await deliver(hub, event);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'recorded', duplicate: true });

    const paid = await paymentsOf(hub, invoiceId);
    expect(paid).toEqual([expect.objectContaining({ amountMinor: 5_000, method: 'card', gateway: 'stripe', gatewayPaymentId: pi })]);
    const invoice = await expectInvoiceConsistent(hub.app.db, invoiceId);
    expect(invoice).toMatchObject({ status: 'paid', paidMinor: 5_000 });
    const [row] = await hub.app.db.select().from(onlineCheckouts).where(eq(onlineCheckouts.paymentIntentId, pi));
    expect(row!.status).toBe('succeeded');
    expect(await outboxOf(invoiceId, 'payment.recorded')).toHaveLength(1);
  });

  it('pays once when the same event arrives concurrently', async () => {
    const { invoiceId, pi } = await checkedOut([2_500]);
    const event = fake.signedEvent('payment_intent.succeeded', fake.succeed(pi));
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(hub, event)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(200));
    expect(answers.filter((a) => a.json().duplicate === false)).toHaveLength(1);
    expect(await paymentsOf(hub, invoiceId)).toHaveLength(1);
    expect(await eventsAbout(pi)).toHaveLength(1);
    await expectInvoiceConsistent(hub.app.db, invoiceId);
  });

  it('pays once for two different events about one PaymentIntent, even at once', async () => {
    const { invoiceId, pi } = await checkedOut([3_000]);
    const intent = fake.succeed(pi);
    const [a, b] = await Promise.all([
      deliver(hub, fake.signedEvent('payment_intent.succeeded', intent)),
      deliver(hub, fake.signedEvent('payment_intent.succeeded', intent)),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().outcome, b.json().outcome].sort()).toEqual(['already_recorded', 'recorded']);
    expect(await paymentsOf(hub, invoiceId)).toHaveLength(1);
    expect(await eventsAbout(pi)).toHaveLength(2);
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).paidMinor).toBe(3_000);
  });

  it('keeps an event for an unknown invoice for review, lists it for admins, and lets them mark it reviewed', async () => {
    const fx = await invoiceFixture(hub, [1_000]);
    const intent = fake.foreignIntent(1_000, 'usd', { invoiceId: '01JAAAAAAAAAAAAAAAAAAAAAAA' });
    const event = fake.signedEvent('payment_intent.succeeded', intent);
    const res = await deliver(hub, event);
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('needs_review');
    expect(await storedEvent(hub, event.eventId)).toMatchObject({ outcome: 'needs_review', amountMinor: 1_000, currency: 'USD' });

    const admin = fx.clinic.admin;
    const listed = await hub.app.inject({
      method: 'GET',
      url: '/api/payments/stripe/events?outcome=needs_review',
      headers: bearer(admin.token),
    });
    expect(listed.statusCode).toBe(200);
    const mine = listed.json().events.find((e: { id: string }) => e.id === event.eventId);
    expect(mine).toMatchObject({ objectId: intent.id, outcome: 'needs_review', reviewedAt: null });
    expect(mine.note).toMatch(/no invoice/);
    const asDesk = await hub.app.inject({
      method: 'GET',
      url: '/api/payments/stripe/events',
      headers: bearer(fx.clinic.receptionist.token),
    });
    expect(asDesk.statusCode).toBe(403);

    const review = (token: string) =>
      hub.app.inject({
        method: 'POST',
        url: `/api/payments/stripe/events/${event.eventId}/review`,
        headers: bearer(token),
        payload: { note: 'Refunded by hand' },
      });
    expect((await review(fx.clinic.receptionist.token)).statusCode).toBe(403);
    const reviewed = await review(admin.token);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ reviewedBy: admin.userId, note: expect.stringContaining('Refunded by hand') });
    expect((await review(admin.token)).json().code).toBe('CONFLICT');
    const open = await hub.app.inject({ method: 'GET', url: '/api/payments/stripe/events?reviewed=false', headers: bearer(admin.token) });
    expect(open.json().events.map((e: { id: string }) => e.id)).not.toContain(event.eventId);
  });

  it('keeps a payment without metadata or in another currency for review, recording nothing', async () => {
    const { invoiceId } = await checkedOut([1_000]);
    for (const [intent, why] of [
      [fake.foreignIntent(1_000, 'usd', {}), /metadata.invoiceId/],
      [fake.foreignIntent(1_000, 'eur', { invoiceId }), /EUR/],
    ] as const) {
      const event = fake.signedEvent('payment_intent.succeeded', intent);
      expect((await deliver(hub, event)).json().outcome).toBe('needs_review');
      expect((await storedEvent(hub, event.eventId))!.note).toMatch(why);
    }
    expect(await paymentsOf(hub, invoiceId)).toEqual([]);
    await expectInvoiceConsistent(hub.app.db, invoiceId);
  });

  it('records what was owed when the desk took part meanwhile, and refunds the excess through Stripe', async () => {
    const { invoiceId, pi } = await checkedOut([4_000]);
    await deskPayment(hub, invoiceId, 1_500);
    const event = fake.signedEvent('payment_intent.succeeded', fake.succeed(pi));
    expect((await deliver(hub, event)).json().outcome).toBe('needs_review');
    const paid = await paymentsOf(hub, invoiceId);
    expect(paid.find((p) => p.gateway === 'stripe')).toMatchObject({ amountMinor: 2_500, gatewayPaymentId: pi });
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');
    const refunds = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi);
    expect(refunds).toEqual([
      expect.objectContaining({ idempotencyKey: `excess-${pi}`, body: expect.objectContaining({ amount: '1500' }) }),
    ]);
    expect((await storedEvent(hub, event.eventId))!.note).toMatch(/1500 refunded automatically through Stripe \(re_/);
  });

  it('refunds everything when the desk was paid in full meanwhile, once for all events about the PaymentIntent', async () => {
    const { invoiceId, pi } = await checkedOut([1_800]);
    await deskPayment(hub, invoiceId, 1_800);
    const intent = fake.succeed(pi);
    expect((await deliver(hub, fake.signedEvent('payment_intent.succeeded', intent))).json().outcome).toBe('needs_review');
    expect((await deliver(hub, fake.signedEvent('payment_intent.succeeded', intent))).json().outcome).toBe('already_recorded');
    expect((await paymentsOf(hub, invoiceId)).map((p) => p.gateway)).toEqual(['desk']);
    const refunds = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === pi);
    expect(refunds.map((r) => r.body.amount)).toEqual(['1800']);
    expect(await expectInvoiceConsistent(hub.app.db, invoiceId)).toMatchObject({ paidMinor: 1_800, status: 'paid' });
  });

  it('ignores event types it does not act on, but keeps them', async () => {
    const event = fake.signedEvent('customer.created', { id: 'cus_123', object: 'customer' });
    const res = await deliver(hub, event);
    expect(res.json()).toMatchObject({ outcome: 'ignored', duplicate: false });
    expect(await storedEvent(hub, event.eventId)).toMatchObject({ type: 'customer.created', outcome: 'ignored' });
  });
});

describe('out of order', () => {
  it('failed, then succeeded: pays; the failure was told once', async () => {
    const { invoiceId, pi } = await checkedOut([2_000]);
    const failed = await deliver(hub, fake.signedEvent('payment_intent.payment_failed', fake.decline(pi)));
    expect(failed.json().outcome).toBe('failed_payment');
    const [row] = await hub.app.db.select().from(onlineCheckouts).where(eq(onlineCheckouts.paymentIntentId, pi));
    expect(row).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
    expect(await outboxOf(invoiceId, 'payment.failed')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ invoiceId, checkoutId: row!.id }) }),
    ]);
    expect((await deliver(hub, fake.signedEvent('payment_intent.succeeded', fake.succeed(pi)))).json().outcome).toBe('recorded');
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');
  });

  it('succeeded, then failed: stays paid, nothing told', async () => {
    const { invoiceId, pi } = await checkedOut([2_000]);
    const declined = fake.decline(pi);
    await deliver(hub, fake.signedEvent('payment_intent.succeeded', fake.succeed(pi)));
    const late = await deliver(hub, fake.signedEvent('payment_intent.payment_failed', declined));
    expect(late.json().outcome).toBe('ignored');
    const [row] = await hub.app.db.select().from(onlineCheckouts).where(eq(onlineCheckouts.paymentIntentId, pi));
    expect(row!.status).toBe('succeeded');
    expect(await outboxOf(invoiceId, 'payment.failed')).toEqual([]);
    expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');
  });
});

describe('signatures', () => {
  it('refuses a bad, missing or stale signature and a tampered body with 400, storing nothing', async () => {
    const { invoiceId, pi } = await checkedOut([1_000]);
    const good = fake.signedEvent('payment_intent.succeeded', fake.succeed(pi));
    const tampered = good.payload.replace('"amount_received":1000', '"amount_received":1');
    expect(tampered).not.toBe(good.payload);
    const stale = good.headers['stripe-signature'].replace(/t=\d+/, `t=${Math.floor(Date.now() / 1000) - 3_600}`);
    const cases = [
      { ...good, headers: { ...good.headers, 'stripe-signature': 't=1,v1=00' } },
      { ...good, headers: { 'content-type': 'application/json' } },
      { ...good, payload: tampered },
      { ...good, headers: { ...good.headers, 'stripe-signature': stale } },
    ];
    for (const c of cases) {
      const res = await deliver(hub, c);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('INVALID_SIGNATURE');
    }
    expect(await storedEvent(hub, good.eventId)).toBeUndefined();
    expect(await paymentsOf(hub, invoiceId)).toEqual([]);
    // The genuine delivery still works afterwards.
    expect((await deliver(hub, good)).json().outcome).toBe('recorded');
  });

  it('leaves the rest of the API its own JSON parsing', async () => {
    const fx = await invoiceFixture(hub, [1_000]);
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/events/evt_notjson/review',
      headers: { ...bearer(fx.clinic.admin.token), 'content-type': 'application/json' },
      payload: '{"note": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
  });
});
