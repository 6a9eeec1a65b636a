// The webhook under load and against odd events: deliveries for many invoices at once (no
// deadlock, no 500), a PaymentIntent whose metadata names another invoice than its checkout's, and a
// business refusal while processing (kept for review and answered 200, so Stripe stops retrying).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../../db/schema/index.js';
import { AppError, ErrorCode } from '../../../server/errors.js';
import { stripeGatewayFor } from '../../../server/modules/billing/stripe-gateway.js';
import { StripeWebhookProcessor } from '../../../server/modules/billing/stripe-webhook.js';
import { expectInvoiceConsistent, invoiceFixture } from '../../support/billing.js';
import { prescribingClinic } from '../../support/prescribing.js';
import type { StripeFake } from '../../support/stripe-fake.js';
import type { TestHub } from '../../support/test-hub.js';
import { checkout, deliver, paymentsOf, storedEvent, stripeHub } from './online-support.js';

let hub: TestHub;
let fake: StripeFake;

beforeAll(async () => {
  ({ hub, fake } = await stripeHub());
});
afterAll(async () => {
  await hub.close();
  await fake.close();
});

describe('many deliveries at once', () => {
  it('records 20 payments of 20 invoices delivered concurrently, every answer 200', async () => {
    const clinic = await prescribingClinic(hub);
    const invoicesAndIntents: { invoiceId: string; pi: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const fx = await invoiceFixture(hub, [1_000 + i], clinic);
      const res = await checkout(hub, clinic.patient.token, fx.invoiceId);
      expect(res.statusCode, res.body).toBe(201);
      invoicesAndIntents.push({ invoiceId: fx.invoiceId, pi: res.json().paymentIntentId });
    }
    const events = invoicesAndIntents.map(({ pi }) => fake.signedEvent('payment_intent.succeeded', fake.succeed(pi)));
    const answers = await Promise.all(events.map((e) => deliver(hub, e)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => a.json().outcome)).toEqual(Array(20).fill('recorded'));
    const recorded = await Promise.all(invoicesAndIntents.map(({ invoiceId }) => paymentsOf(hub, invoiceId)));
    expect(recorded.flat()).toHaveLength(20);
    for (const { invoiceId } of invoicesAndIntents) expect((await expectInvoiceConsistent(hub.app.db, invoiceId)).status).toBe('paid');
  });
});

describe('a PaymentIntent about another invoice', () => {
  it('is kept for review when metadata.invoiceId is not the invoice of its checkout', async () => {
    const a = await invoiceFixture(hub, [1_000]);
    const b = await invoiceFixture(hub, [1_000], a.clinic);
    const pi = (await checkout(hub, a.clinic.patient.token, a.invoiceId)).json().paymentIntentId as string;
    const intent = fake.succeed(pi);
    const event = fake.signedEvent('payment_intent.succeeded', {
      ...intent,
      metadata: { ...(intent.metadata as object), invoiceId: b.invoiceId },
    });
    const res = await deliver(hub, event);
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('needs_review');
    expect((await storedEvent(hub, event.eventId))!.note).toMatch(/not the invoice/);
    expect(await paymentsOf(hub, a.invoiceId)).toEqual([]);
    expect(await paymentsOf(hub, b.invoiceId)).toEqual([]);
  });
});

describe('a refusal while processing', () => {
  /** The processor with its work replaced by a throw, to see what handle() makes of it. */
  class Throwing extends StripeWebhookProcessor {
    constructor(private readonly error: Error) {
      super(hub.app.db, stripeGatewayFor(hub.app.config.stripe)!);
    }
    protected override apply(): never {
      throw this.error;
    }
  }
  const verified = (type: string) => {
    const signed = fake.signedEvent(type, { id: `pi_refused${Date.now()}`, object: 'payment_intent' });
    return {
      eventId: signed.eventId,
      event: stripeGatewayFor(hub.app.config.stripe)!.verifyEvent(Buffer.from(signed.payload), signed.headers['stripe-signature']),
    };
  };

  it('keeps an AppError for review with its code, and stores nothing else', async () => {
    const { eventId, event } = verified('payment_intent.succeeded');
    const result = await new Throwing(new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void')).handle(event);
    expect(result).toEqual({ outcome: 'needs_review', duplicate: false });
    expect((await storedEvent(hub, eventId))!.note).toMatch(/INVOICE_VOID/);
    expect(
      await hub.app.db
        .select()
        .from(payments)
        .where(eq(payments.gatewayPaymentId, String(event.object.id))),
    ).toEqual([]);
  });

  it('lets any other error through (Stripe retries), storing nothing', async () => {
    const { eventId, event } = verified('payment_intent.succeeded');
    await expect(new Throwing(new Error('database down')).handle(event)).rejects.toThrow('database down');
    expect(await storedEvent(hub, eventId)).toBeUndefined();
  });
});
