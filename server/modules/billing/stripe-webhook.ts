// What a verified Stripe event does. Each event is kept once in stripe_events (its id is the key,
// inserted first in the transaction): a redelivery, even a concurrent one, waits on that row and
// then finds it taken, so nothing runs twice. Whatever happens, the event is kept with its outcome,
// and one that cannot be matched is `needs_review` for a person: money Stripe took is never lost.
//
// - payment_intent.succeeded with metadata.invoiceId: a card payment (gateway stripe, the
//   PaymentIntent's id unique) of amount_received, under the invoice's lock. Unknown invoice, no
//   metadata, another currency → needs_review. More than is owed (the patient paid at the desk
//   meanwhile) → what is owed is recorded and the excess (or all) refunded through Stripe at once.
// - payment_intent.payment_failed: the checkout failed, "payment failed" goes out; unless the
//   payment had succeeded already (events arrive out of order), then nothing changes.
// - refund.* and charge.refunded: settle refunds that were pending (stripe-refund-events.ts).
import { and, eq, inArray, ne } from 'drizzle-orm';
import { isDuplicateKey } from '../../../db/errors.js';
import { ID_PATTERN } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { invoices, onlineCheckouts, payments, type StripeEventOutcome, stripeEvents } from '../../../db/schema/index.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { appendBillingEvent } from './events.js';
import { balanceOf, lockInvoice, recordPayment } from './ledger.js';
import type { GatewayRefund, StripeGateway, VerifiedEvent } from './stripe-gateway.js';
import { refundsToSettle, settleGatewayRefund } from './stripe-refund-events.js';

export interface Decision {
  outcome: StripeEventOutcome;
  note?: string;
  objectId?: string | null;
  invoiceId?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  /** An amount paid beyond what was owed, to give back through Stripe once the event is stored. */
  refundExcess?: { paymentIntentId: string; amountMinor: number; invoiceId: string | null };
}

/** A string Stripe sent, or null; ids longer than the columns hold (100) are not Stripe's and are dropped. */
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : null);
const cur = (v: unknown): string | null => (typeof v === 'string' && /^[A-Za-z]{3}$/.test(v) ? v.toUpperCase() : null);
const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);
const metadataOf = (o: Record<string, unknown>) =>
  o.metadata && typeof o.metadata === 'object' ? (o.metadata as Record<string, unknown>) : {};
const note = (text: string) => text.slice(0, 300);

export class StripeWebhookProcessor {
  constructor(
    private readonly db: Database,
    private readonly gateway: StripeGateway,
  ) {}

  async handle(event: VerifiedEvent, now = new Date()): Promise<{ outcome: StripeEventOutcome; duplicate: boolean }> {
    const [seen] = await this.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
    if (seen) return { outcome: seen.outcome, duplicate: true };
    // charge.refunded of recent API versions does not list its refunds: asked before the transaction.
    const listed = await refundsToSettle(this.gateway, event);
    let decision: Decision;
    try {
      decision = await transactionWithRetry(this.db, async (tx) => {
        await tx.insert(stripeEvents).values({
          id: event.id,
          type: event.type.slice(0, 100),
          objectId: str(event.object.id),
          outcome: 'ignored',
          occurredAt: new Date(event.created * 1000),
          receivedAt: now,
        });
        const d = await this.apply(tx, event, listed);
        await tx
          .update(stripeEvents)
          .set({
            outcome: d.outcome,
            note: d.note ? note(d.note) : null,
            objectId: d.objectId ?? str(event.object.id),
            invoiceId: d.invoiceId ?? null,
            amountMinor: d.amountMinor ?? null,
            currency: d.currency ?? null,
          })
          .where(eq(stripeEvents.id, event.id));
        return d;
      });
    } catch (err) {
      // The same event delivered concurrently: the other delivery stored it.
      if (!isDuplicateKey(err, 'PRIMARY')) throw err;
      const [stored] = await this.db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
      return { outcome: stored?.outcome ?? 'ignored', duplicate: true };
    }
    if (decision.refundExcess) await this.refundExcess(event.id, decision);
    return { outcome: decision.outcome, duplicate: false };
  }

  private apply(tx: Tx, event: VerifiedEvent, listed: GatewayRefund[]): Promise<Decision> {
    switch (event.type) {
      case 'payment_intent.succeeded':
        return this.paymentSucceeded(tx, event.id, event.object);
      case 'payment_intent.payment_failed':
        return this.paymentFailed(tx, event.object);
      case 'charge.refunded':
      case 'refund.created':
      case 'refund.updated':
      case 'refund.failed':
        return settleRefunds(tx, listed);
      default:
        return Promise.resolve({ outcome: 'ignored', note: 'Not an event the hub acts on' });
    }
  }

  private async paymentSucceeded(tx: Tx, eventId: string, intent: Record<string, unknown>): Promise<Decision> {
    const paymentIntentId = str(intent.id);
    const amountMinor = int(intent.amount_received);
    const currency = cur(intent.currency);
    const invoiceId = str(metadataOf(intent).invoiceId);
    const base = { objectId: paymentIntentId, amountMinor, currency };
    if (!paymentIntentId || amountMinor === null || amountMinor <= 0 || !currency) {
      return { ...base, outcome: 'needs_review', note: 'A PaymentIntent without an id, amount received or currency' };
    }
    if (!invoiceId) {
      return {
        ...base,
        outcome: 'needs_review',
        note: 'Paid without metadata.invoiceId: not through the hub’s checkout; match it by hand',
      };
    }
    const known = new RegExp(ID_PATTERN).test(invoiceId)
      ? await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, invoiceId))
      : [];
    if (!known.length) return { ...base, outcome: 'needs_review', note: 'metadata.invoiceId names no invoice of this hub' };

    const invoice = await lockInvoice(tx, invoiceId);
    const about = { ...base, invoiceId };
    const [already] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.gateway, 'stripe'), eq(payments.gatewayPaymentId, paymentIntentId)))
      .for('update');
    if (already) {
      await markCheckout(tx, paymentIntentId, 'succeeded');
      return { ...about, outcome: 'already_recorded', note: 'This PaymentIntent was recorded already' };
    }
    // Another event about this PaymentIntent was handled already (its payment refunded in full, or kept for review).
    const [earlier] = await tx
      .select({ id: stripeEvents.id })
      .from(stripeEvents)
      .where(
        and(
          eq(stripeEvents.objectId, paymentIntentId),
          eq(stripeEvents.type, 'payment_intent.succeeded'),
          ne(stripeEvents.id, eventId),
          inArray(stripeEvents.outcome, ['recorded', 'needs_review']),
        ),
      )
      .for('update');
    if (earlier) return { ...about, outcome: 'already_recorded', note: `Handled already with event ${earlier.id}` };
    if (currency !== invoice.currency) {
      return { ...about, outcome: 'needs_review', note: `Paid in ${currency}; the invoice is in ${invoice.currency}` };
    }
    const owed = balanceOf(invoice);
    const kept = Math.min(amountMinor, owed);
    if (kept > 0) {
      const paid = await recordPayment(tx, invoice, {
        method: 'card',
        gateway: 'stripe',
        amountMinor: kept,
        gatewayPaymentId: paymentIntentId,
        desk: 'online',
        receivedBy: null,
      });
      await appendBillingEvent(tx, 'payment.recorded', paid.invoice, { payment: paid.payment });
    }
    await markCheckout(tx, paymentIntentId, 'succeeded');
    if (kept === amountMinor) return { ...about, outcome: 'recorded' };
    const excess = amountMinor - kept;
    return {
      ...about,
      outcome: 'needs_review',
      note: `Paid ${amountMinor} while ${owed} was owed: ${kept} recorded, ${excess} being refunded automatically through Stripe`,
      refundExcess: { paymentIntentId, amountMinor: excess, invoiceId },
    };
  }

  private async paymentFailed(tx: Tx, intent: Record<string, unknown>): Promise<Decision> {
    const paymentIntentId = str(intent.id);
    const base = { objectId: paymentIntentId, amountMinor: int(intent.amount), currency: cur(intent.currency) };
    if (!paymentIntentId) return { ...base, outcome: 'ignored', note: 'A PaymentIntent without an id' };
    const [checkout] = await tx.select().from(onlineCheckouts).where(eq(onlineCheckouts.paymentIntentId, paymentIntentId)).for('update');
    const invoiceId = checkout?.invoiceId ?? str(metadataOf(intent).invoiceId);
    const [invoice] =
      invoiceId && new RegExp(ID_PATTERN).test(invoiceId) ? await tx.select().from(invoices).where(eq(invoices.id, invoiceId)) : [];
    if (!invoice) return { ...base, outcome: 'ignored', note: 'Not about an invoice of this hub' };
    const [paid] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.gateway, 'stripe'), eq(payments.gatewayPaymentId, paymentIntentId)))
      .for('update');
    if (paid || checkout?.status === 'succeeded') {
      return { ...base, invoiceId: invoice.id, outcome: 'ignored', note: 'Arrived after the payment succeeded: nothing changed' };
    }
    const error = intent.last_payment_error as { code?: unknown; decline_code?: unknown } | null | undefined;
    await markCheckout(tx, paymentIntentId, 'failed', str(error?.decline_code) ?? str(error?.code));
    await appendBillingEvent(tx, 'payment.failed', invoice, checkout ? { checkoutId: checkout.id } : {});
    return { ...base, invoiceId: invoice.id, outcome: 'failed_payment' };
  }

  /** Gives back what was paid beyond the balance; the event's note says whether that worked. */
  private async refundExcess(eventId: string, d: Decision) {
    const excess = d.refundExcess!;
    let outcome: string;
    try {
      const refund = await this.gateway.refund(
        {
          paymentIntentId: excess.paymentIntentId,
          amountMinor: excess.amountMinor,
          metadata: { kind: 'excess', invoiceId: excess.invoiceId ?? '' },
        },
        `excess-${excess.paymentIntentId}`,
      );
      outcome = `${excess.amountMinor} refunded automatically through Stripe (${refund.id}, ${refund.status})`;
    } catch {
      outcome = `the automatic refund of ${excess.amountMinor} failed: refund it in Stripe's dashboard`;
    }
    const text = (d.note ?? '').replace(/, \d+ being refunded automatically through Stripe$/, '');
    await this.db
      .update(stripeEvents)
      .set({ note: note(`${text}; ${outcome}`) })
      .where(eq(stripeEvents.id, eventId));
  }
}

async function markCheckout(tx: Tx, paymentIntentId: string, status: 'succeeded' | 'failed', failureCode: string | null = null) {
  await tx
    .update(onlineCheckouts)
    .set({ status, failureCode: failureCode?.slice(0, 100) ?? null })
    .where(eq(onlineCheckouts.paymentIntentId, paymentIntentId));
}

/** Settles each refund in turn; the event's outcome is the most telling of theirs. */
async function settleRefunds(tx: Tx, refunds: GatewayRefund[]): Promise<Decision> {
  if (!refunds.length) return { outcome: 'ignored', note: 'No refund in the event' };
  const decisions: Decision[] = [];
  for (const refund of refunds) decisions.push(await settleGatewayRefund(tx, refund));
  const rank: StripeEventOutcome[] = ['needs_review', 'recorded', 'already_recorded', 'ignored'];
  const first = rank.map((o) => decisions.find((d) => d.outcome === o)).find(Boolean) ?? decisions[0]!;
  return {
    ...first,
    note:
      decisions
        .map((d) => d.note)
        .filter(Boolean)
        .join('; ') || undefined,
  };
}
