// What a verified Stripe event does. Each event is kept once in stripe_events (its id is the key,
// inserted first in the transaction): a redelivery, even a concurrent one, waits on that row and
// then finds it taken, so nothing runs twice. Whatever happens, the event is kept with its outcome,
// and one that cannot be matched is `needs_review` for a person: money Stripe took is never lost.
// A business refusal while processing (an AppError) is also kept `needs_review`, with its code in
// the note, and answered 200: a 5xx would make Stripe redeliver it for days to the same refusal.
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
import { AppError } from '../../errors.js';
import { appendBillingEvent } from './events.js';
import { lockInvoice, payableOf, recordPayment } from './ledger.js';
import { fromStripeAmount, type GatewayRefund, type StripeGateway, stripeDigits, type VerifiedEvent } from './stripe-gateway.js';
import { refundsToSettle, settleGatewayRefund } from './stripe-refund-events.js';

export interface Decision {
  outcome: StripeEventOutcome;
  note?: string;
  objectId?: string | null;
  invoiceId?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  /** An amount paid beyond what was owed, to give back through Stripe once the event is stored. */
  refundExcess?: { paymentIntentId: string; amountMinor: number; currency: string; invoiceId: string | null };
}

interface IntentFacts {
  invoiceKnown: boolean;
  /** The invoice of the online_checkouts row of this PaymentIntent, if the hub made it. */
  checkoutInvoiceId: string | null;
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
    const facts = event.type === 'payment_intent.succeeded' ? await this.intentFacts(event.object) : null;
    let decision: Decision;
    try {
      decision = await transactionWithRetry(this.db, async (tx) => {
        await tx.insert(stripeEvents).values({ ...this.eventRow(event, now), outcome: 'ignored' });
        const d = await this.apply(tx, event, listed, facts);
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
      if (isDuplicateKey(err, 'PRIMARY')) return this.storedAlready(event.id);
      // Another event about the same PaymentIntent recorded its payment first.
      if (isDuplicateKey(err, 'payments_gateway_unique')) {
        return this.storeOnly(event, now, 'already_recorded', 'This PaymentIntent was recorded already (by a concurrent event)');
      }
      // A business refusal (an AppError) will refuse again on every redelivery: keep the event for a
      // person and answer 200, rather than a 5xx that makes Stripe retry for days. Anything else
      // (the database down) is a 500, and Stripe's retry is welcome.
      if (!(err instanceof AppError)) throw err;
      return this.storeOnly(event, now, 'needs_review', `Refused while processing: ${err.code}: ${err.message}`);
    }
    if (decision.refundExcess) await this.refundExcess(event.id, decision);
    return { outcome: decision.outcome, duplicate: false };
  }

  private eventRow(event: VerifiedEvent, now: Date) {
    return {
      id: event.id,
      type: event.type.slice(0, 100),
      objectId: str(event.object.id),
      occurredAt: new Date(event.created * 1000),
      receivedAt: now,
    };
  }

  /** Keeps the event with this outcome and nothing else (its own transaction rolled back). */
  private async storeOnly(event: VerifiedEvent, now: Date, outcome: StripeEventOutcome, text: string) {
    try {
      await this.db.insert(stripeEvents).values({ ...this.eventRow(event, now), outcome, note: note(text) });
    } catch (err) {
      if (isDuplicateKey(err, 'PRIMARY')) return this.storedAlready(event.id);
      throw err;
    }
    return { outcome, duplicate: false };
  }

  private async storedAlready(eventId: string) {
    const [stored] = await this.db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
    return { outcome: stored?.outcome ?? ('ignored' as const), duplicate: true };
  }

  protected apply(tx: Tx, event: VerifiedEvent, listed: GatewayRefund[], facts: IntentFacts | null): Promise<Decision> {
    switch (event.type) {
      case 'payment_intent.succeeded':
        return this.paymentSucceeded(tx, event.id, event.object, facts);
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

  /**
   * What a payment_intent.succeeded needs to know before its transaction: whether its invoice exists
   * and which invoice its checkout was made for. Read before (invoices and checkouts are never
   * deleted, nor moved to another invoice) so that the transaction's first read is the invoice's
   * lock: its plain reads then see all that was committed until the lock was granted (InnoDB takes
   * REPEATABLE READ's snapshot at the first plain read). And no connection is taken while the
   * transaction holds one.
   */
  private async intentFacts(intent: Record<string, unknown>): Promise<IntentFacts> {
    const invoiceId = str(metadataOf(intent).invoiceId);
    const paymentIntentId = str(intent.id);
    const known =
      invoiceId && new RegExp(ID_PATTERN).test(invoiceId)
        ? await this.db.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, invoiceId))
        : [];
    const [checkout] = paymentIntentId
      ? await this.db
          .select({ invoiceId: onlineCheckouts.invoiceId })
          .from(onlineCheckouts)
          .where(eq(onlineCheckouts.paymentIntentId, paymentIntentId))
      : [];
    return { invoiceKnown: known.length > 0, checkoutInvoiceId: checkout?.invoiceId ?? null };
  }

  private async paymentSucceeded(tx: Tx, eventId: string, intent: Record<string, unknown>, facts: IntentFacts | null): Promise<Decision> {
    const paymentIntentId = str(intent.id);
    const received = int(intent.amount_received);
    const currency = cur(intent.currency);
    const invoiceId = str(metadataOf(intent).invoiceId);
    const amountMinor = received !== null && currency ? fromStripeAmount(received, currency) : null;
    const base = { objectId: paymentIntentId, amountMinor, currency };
    if (!paymentIntentId || received === null || received <= 0 || !currency) {
      return { ...base, outcome: 'needs_review', note: 'A PaymentIntent without an id, amount received or currency' };
    }
    if (amountMinor === null) {
      return {
        ...base,
        outcome: 'needs_review',
        note: `Stripe's amount ${received} ${currency} (${stripeDigits(currency)} decimals) is not a whole number of the hub's ${currency} units; match it by hand`,
      };
    }
    if (!invoiceId) {
      return {
        ...base,
        outcome: 'needs_review',
        note: 'Paid without metadata.invoiceId: not through the hub’s checkout; match it by hand',
      };
    }
    if (!facts?.invoiceKnown) return { ...base, outcome: 'needs_review', note: 'metadata.invoiceId names no invoice of this hub' };
    if (facts.checkoutInvoiceId && facts.checkoutInvoiceId !== invoiceId) {
      return {
        ...base,
        invoiceId: facts.checkoutInvoiceId,
        outcome: 'needs_review',
        note: `metadata.invoiceId ${invoiceId} is not the invoice ${facts.checkoutInvoiceId} this PaymentIntent was made for; nothing recorded`,
      };
    }

    const invoice = await lockInvoice(tx, invoiceId);
    const about = { ...base, invoiceId };
    // Plain reads, not FOR UPDATE: a locking read of a payment that does not exist yet takes a gap
    // lock, and two deliveries for different invoices then deadlock on each other's inserts. Events
    // about one PaymentIntent queue on the invoice's lock anyway; should one still slip through, the
    // unique index (gateway, gateway_payment_id) refuses its insert (handle(): already_recorded).
    const [already] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.gateway, 'stripe'), eq(payments.gatewayPaymentId, paymentIntentId)));
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
      );
    if (earlier) return { ...about, outcome: 'already_recorded', note: `Handled already with event ${earlier.id}` };
    if (currency !== invoice.currency) {
      return { ...about, outcome: 'needs_review', note: `Paid in ${currency}; the invoice is in ${invoice.currency}` };
    }
    // What the patient owes now: the balance less a pending insurance claim's part (the insurer's).
    const owed = await payableOf(tx, invoice);
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
      refundExcess: { paymentIntentId, amountMinor: excess, currency, invoiceId },
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
    // A plain read (no gap lock on a payment that may never exist: see paymentSucceeded).
    const [paid] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.gateway, 'stripe'), eq(payments.gatewayPaymentId, paymentIntentId)));
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
          currency: excess.currency,
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
