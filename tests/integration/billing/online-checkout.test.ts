// Checkout (POST /api/invoices/:id/checkout): a Stripe PaymentIntent for the balance, made through
// the real SDK against the local Stripe fake; what Stripe received is read from the fake.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineCheckouts } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { lockInvoice, voidInvoice } from '../../../server/modules/billing/ledger.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { bearer, doctor as newDoctor, patient as newPatient } from '../../support/factories.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { checkout, deliver, deskPayment, paymentsOf, stripeHub } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  ({ hub, fake } = await stripeHub());
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

const checkoutsOf = (invoiceId: string) => hub.app.db.select().from(onlineCheckouts).where(eq(onlineCheckouts.invoiceId, invoiceId));

describe('checkout', () => {
  it('creates a PaymentIntent for the balance with the invoice in its metadata', async () => {
    const fx = await invoiceFixture(hub, [4_000, 1_250]);
    await deskPayment(hub, fx.invoiceId, 1_000);
    const before = fake.requestsTo('POST', '/v1/payment_intents').length;
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json();
    expect(answer).toMatchObject({
      provider: 'stripe',
      amountMinor: 4_250,
      currency: 'USD',
      publishableKey: fake.env.STRIPE_PUBLISHABLE_KEY,
    });
    expect(answer.clientSecret).toMatch(new RegExp(`^${answer.paymentIntentId}_secret_`));

    const sent = fake.requestsTo('POST', '/v1/payment_intents');
    expect(sent.length).toBe(before + 1);
    const request = sent.at(-1)!;
    expect(request.body).toMatchObject({
      amount: '4250',
      currency: 'usd',
      metadata: { invoiceId: fx.invoiceId, patientId: fx.clinic.patient.patientId },
    });
    expect((request.body.metadata as { invoiceNumber: string }).invoiceNumber).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(request.idempotencyKey).toContain(fx.invoiceId);
    expect(await checkoutsOf(fx.invoiceId)).toEqual([
      expect.objectContaining({ paymentIntentId: answer.paymentIntentId, amountMinor: 4_250, currency: 'USD', status: 'requires_payment' }),
    ]);
    await expectInvoiceConsistent(hub.app.db, fx.invoiceId);
  });

  it('gives a double click the same PaymentIntent (one row), and a changed balance a new one', async () => {
    const fx = await invoiceFixture(hub, [3_000]);
    const [a, b] = await Promise.all([
      checkout(hub, fx.clinic.patient.token, fx.invoiceId),
      checkout(hub, fx.clinic.patient.token, fx.invoiceId),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().paymentIntentId).toBe(b.json().paymentIntentId);
    expect(await checkoutsOf(fx.invoiceId)).toHaveLength(1);

    await deskPayment(hub, fx.invoiceId, 500);
    const c = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(c.json()).toMatchObject({ amountMinor: 2_500 });
    expect(c.json().paymentIntentId).not.toBe(a.json().paymentIntentId);
    expect(await checkoutsOf(fx.invoiceId)).toHaveLength(2);
  });

  it('replays its answer for a retried Idempotency-Key', async () => {
    const fx = await invoiceFixture(hub, [2_000]);
    const key = { 'idempotency-key': `checkout-${fx.invoiceId}` };
    const first = await checkout(hub, fx.clinic.patient.token, fx.invoiceId, key);
    const again = await checkout(hub, fx.clinic.patient.token, fx.invoiceId, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('refuses what cannot be paid: nothing owed, a void invoice', async () => {
    const paid = await invoiceFixture(hub, [1_000]);
    await deskPayment(hub, paid.invoiceId, 1_000);
    const res = await checkout(hub, paid.clinic.patient.token, paid.invoiceId);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOTHING_TO_PAY');

    const voided = await invoiceFixture(hub, [1_000], paid.clinic);
    await transactionWithRetry(hub.app.db, async (tx) =>
      voidInvoice(tx, await lockInvoice(tx, voided.invoiceId), 'Billed in error', paid.clinic.admin.userId!),
    );
    const refused = await checkout(hub, paid.clinic.patient.token, voided.invoiceId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('INVOICE_VOID');
    expect(await checkoutsOf(voided.invoiceId)).toEqual([]);
  });

  it('lets only the invoice’s own patient pay: another patient 404, staff and doctors 403', async () => {
    const fx = await invoiceFixture(hub, [1_500]);
    const other = await newPatient(hub);
    const otherRes = await checkout(hub, other.token, fx.invoiceId);
    expect(otherRes.statusCode).toBe(404);
    expect(otherRes.json().code).toBe('NOT_FOUND');
    for (const actor of [fx.clinic.receptionist, fx.clinic.admin, fx.clinic.doctor, await newDoctor(hub, fx.clinic.location.id)]) {
      const res = await checkout(hub, actor.token, fx.invoiceId);
      expect(res.statusCode, actor.role).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect(await checkoutsOf(fx.invoiceId)).toEqual([]);
  });

  it('answers 502 when Stripe refuses, recording nothing', async () => {
    const fx = await invoiceFixture(hub, [1_800]);
    fake.failNext({ status: 500, type: 'api_error', path: '/v1/payment_intents' });
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(res.body).not.toContain('sk_test');
    expect(await checkoutsOf(fx.invoiceId)).toEqual([]);
    // The next try goes through.
    expect((await checkout(hub, fx.clinic.patient.token, fx.invoiceId)).statusCode).toBe(201);
  });
});

describe('checkout beside a pending insurance claim', () => {
  it('asks the patient for their share only; money paid beyond it online is recorded up to the share and the rest refunded', async () => {
    const fx = await invoiceFixture(hub, [5_000]);
    const claim = await hub.app.inject({
      method: 'POST',
      url: `/api/invoices/${fx.invoiceId}/claims`,
      headers: bearer(fx.clinic.receptionist.token),
      payload: { provider: 'Acme Health', policyNumber: 'P-9', claimedMinor: 3_000 },
    });
    expect(claim.statusCode, claim.body).toBe(201);
    const res = await checkout(hub, fx.clinic.patient.token, fx.invoiceId);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amountMinor: 2_000 });
    expect(fake.requestsTo('POST', '/v1/payment_intents').at(-1)!.body).toMatchObject({ amount: '2000' });

    // A PaymentIntent made before the claim, for the whole balance, succeeds afterwards: the share is
    // recorded, the insurer's part goes back to the card, and the claim can still be approved.
    const intent = fake.succeed(res.json().paymentIntentId, 5_000);
    const delivered = await deliver(hub, fake.signedEvent('payment_intent.succeeded', intent));
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect((await paymentsOf(hub, fx.invoiceId)).map((p) => p.amountMinor)).toEqual([2_000]);
    expect(fake.requestsTo('POST', '/v1/refunds').at(-1)!.body).toMatchObject({ amount: '3000', payment_intent: intent.id });
    const approved = await hub.app.inject({
      method: 'POST',
      url: `/api/claims/${claim.json().id}/decision`,
      headers: bearer(fx.clinic.receptionist.token),
      payload: { status: 'approved' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await expectInvoiceConsistent(hub.app.db, fx.invoiceId)).toMatchObject({ paidMinor: 5_000, status: 'paid' });
  });
});
