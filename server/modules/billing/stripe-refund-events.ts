// Stripe's word on refunds (refund.created / refund.updated / refund.failed, charge.refunded):
// a refund the desk asked for through Stripe was recorded `pending` (refunds.ts); this settles it
// as succeeded or failed once Stripe says so. A refund the hub knows nothing about (made in
// Stripe's dashboard) is kept for review: the hub's figures do not show that money leaving.
import { and, eq } from 'drizzle-orm';
import { ID_PATTERN } from '../../../db/ids.js';
import { payments, refunds } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { appendBillingEvent } from './events.js';
import { lockPayment, settleRefund } from './ledger.js';
import { type GatewayRefund, refundAmount, refundStatusOf, type StripeGateway, type VerifiedEvent } from './stripe-gateway.js';
import type { Decision } from './stripe-webhook.js';

const isId = (v: unknown): v is string => typeof v === 'string' && new RegExp(ID_PATTERN).test(v);

/** A refund object as it comes in an event (unchecked beyond the fields read). */
function refundFromObject(o: Record<string, unknown>): GatewayRefund | null {
  if (typeof o.id !== 'string' || !Number.isSafeInteger(o.amount)) return null;
  const pi = o.payment_intent;
  const metadata = o.metadata && typeof o.metadata === 'object' ? (o.metadata as Record<string, unknown>) : {};
  return {
    id: o.id,
    paymentIntentId: typeof pi === 'string' ? pi : typeof (pi as { id?: unknown })?.id === 'string' ? (pi as { id: string }).id : null,
    ...refundAmount(o.amount as number, o.currency),
    status: refundStatusOf(typeof o.status === 'string' ? o.status : null),
    metadata: Object.fromEntries(Object.entries(metadata).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

/** The refunds an event is about; for a charge.refunded without its refund list, asked of Stripe. */
export async function refundsToSettle(gateway: StripeGateway, event: VerifiedEvent): Promise<GatewayRefund[]> {
  if (event.type.startsWith('refund.')) {
    const refund = refundFromObject(event.object);
    return refund ? [refund] : [];
  }
  if (event.type !== 'charge.refunded') return [];
  const listed = (event.object.refunds as { data?: unknown } | undefined)?.data;
  if (Array.isArray(listed)) return listed.map((o) => refundFromObject(o as Record<string, unknown>)).filter((r) => r !== null);
  const pi = event.object.payment_intent;
  return typeof pi === 'string' ? gateway.refundsOf(pi) : [];
}

export async function settleGatewayRefund(tx: Tx, r: GatewayRefund): Promise<Decision> {
  const base = { objectId: r.id, amountMinor: r.amountMinor, currency: r.currency };
  const stripeSays = `${r.stripeAmount} ${r.currency ?? '(no currency)'} in Stripe's units`;
  if (r.metadata.kind === 'excess') return { ...base, outcome: 'ignored', note: `${r.id}: the automatic refund of an excess payment` };
  let paymentId = isId(r.metadata.paymentId) ? r.metadata.paymentId : null;
  if (!paymentId && r.paymentIntentId) {
    const [byIntent] = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.gateway, 'stripe'), eq(payments.gatewayPaymentId, r.paymentIntentId)));
    paymentId = byIntent?.id ?? null;
  }
  const [exists] = paymentId ? await tx.select({ id: payments.id }).from(payments).where(eq(payments.id, paymentId)) : [];
  if (!exists) return { ...base, outcome: 'ignored', note: `${r.id}: not about a payment of this hub` };
  // Waits for a refund of this payment being recorded right now (refunds.ts holds the same lock).
  const { invoice, payment } = await lockPayment(tx, exists.id);
  const about = { ...base, invoiceId: invoice.id, currency: payment.currency };
  const [row] = await tx.select().from(refunds).where(eq(refunds.gatewayRefundId, r.id)).for('update');
  if (!row || row.paymentId !== payment.id) {
    return {
      ...about,
      outcome: 'needs_review',
      note: `${r.id}: a refund of ${stripeSays} made outside the hub (Stripe's dashboard?); the hub's figures do not show it`,
    };
  }
  if (r.amountMinor === null || r.currency !== payment.currency || r.amountMinor !== row.amountMinor) {
    return {
      ...about,
      outcome: 'needs_review',
      note: `${r.id}: Stripe says ${stripeSays}, the hub recorded ${row.amountMinor} ${payment.currency}; settle it by hand`,
    };
  }
  if (r.status === 'pending') return { ...about, outcome: 'ignored', note: `${r.id}: still pending` };
  if (row.status === r.status) return { ...about, outcome: 'already_recorded', note: `${r.id}: ${row.status} already` };
  if (row.status !== 'pending') {
    // Stripe changed its mind (a refund that succeeded, then failed: the money may be back with the clinic).
    return {
      ...about,
      outcome: 'needs_review',
      note: `${r.id}: recorded ${row.status}, now reported ${r.status} by Stripe; the hub's figures still say ${row.status}`,
    };
  }
  if (r.status === 'failed') {
    // A failed refund gives the money back to the invoice's paid figure; if the invoice was paid
    // again or voided meanwhile, that would be more than it is worth: a person decides instead.
    const paidAfter = invoice.paidMinor + row.amountMinor;
    if (invoice.status === 'void' || paidAfter > invoice.totalMinor) {
      return {
        ...about,
        outcome: 'needs_review',
        note:
          `${r.id}: failed, but giving ${row.amountMinor} back to the invoice would make it ` +
          `${invoice.status === 'void' ? 'a void invoice with money on it' : `paid ${paidAfter} of ${invoice.totalMinor}`}; ` +
          'the refund stays pending: refund again in Stripe or settle it at the desk',
      };
    }
  }
  const settled = await settleRefund(tx, invoice, payment, row, r.status);
  if (r.status === 'failed') await appendBillingEvent(tx, 'invoice.changed', settled.invoice, { refund: settled.refund });
  return { ...about, outcome: 'recorded', note: `${r.id}: ${r.status}` };
}
