// Refunds of a payment, by the billing desk, with a reason. Everything happens under the payment's
// lock (ledger.lockPayment: its invoice first, then the payment), so concurrent refunds queue and
// each sees what the others left: never more than was paid goes back (REFUND_EXCEEDS_PAYMENT).
//
// A desk payment is refunded at the desk (cash from the drawer, the terminal's reversal): recorded
// as succeeded. A Stripe payment is refunded through Stripe first, still under the lock, with an
// idempotency key from the request (a retried request reaches the same Stripe refund); it is
// recorded with Stripe's refund id and state: pending until a webhook settles it
// (stripe-refund-events.ts), which counts against the payment meanwhile. Stripe refusing is a
// 502 with nothing recorded. Calling Stripe under the lock is what makes a double or excessive
// refund impossible; its cost (the invoice waits for Stripe) is bounded by the call's short timeout
// and single retry (stripe-gateway.ts REFUND_CALL).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { invoices, payments } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { claimKey, type IdempotencyContext, recordAnswer } from '../scheduling/idempotency.js';
import { assertBillingStaff } from './access.js';
import { appendBillingEvent } from './events.js';
import { balanceOf, type InvoiceRow, lockPayment, type PaymentRow, recordRefund } from './ledger.js';
import { presentPayment, presentRefund } from './reading.js';
import type { StripeGateway } from './stripe-gateway.js';

export interface RefundRequest {
  amountMinor: number;
  reason: string;
  desk?: string;
}

/** What a refund moves: the payment's refunded figure and the invoice's totals (the audit's before and after). */
export function refundFigures(invoice: InvoiceRow, payment: PaymentRow) {
  return {
    payment: { refundedMinor: payment.refundedMinor, status: presentPayment(payment).status },
    invoice: {
      id: invoice.id,
      totalMinor: invoice.totalMinor,
      paidMinor: invoice.paidMinor,
      balanceMinor: balanceOf(invoice),
      status: invoice.status,
    },
  };
}

/** The figures before a refund, for the audit log (staff only; 404 for an unknown payment). A plain read: no lock. */
export async function refundState(db: Database, actor: UserPrincipal, paymentId: string) {
  assertBillingStaff(actor);
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) throw notFound('Payment');
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, payment.invoiceId));
  return refundFigures(invoice!, payment);
}

export async function refundPayment(
  db: Database,
  gateway: StripeGateway | null,
  actor: UserPrincipal,
  paymentId: string,
  body: RefundRequest,
  ctx: IdempotencyContext | null,
) {
  assertBillingStaff(actor);
  const reason = body.reason.trim();
  // One Stripe key per request: the same on a retry of the transaction, and on a retried request
  // with the same Idempotency-Key (which replays before reaching here once this one has committed).
  const stripeKey = `refund-${paymentId}-${ctx ? `${ctx.actorId}-${ctx.key}` : randomUUID()}`;
  return transactionWithRetry(db, async (tx) => {
    await claimKey(tx, ctx);
    const { invoice, payment } = await lockPayment(tx, paymentId);
    const refundableMinor = payment.amountMinor - payment.refundedMinor;
    if (body.amountMinor > refundableMinor) {
      throw new AppError(409, ErrorCode.REFUND_EXCEEDS_PAYMENT, `At most ${refundableMinor} can be refunded on this payment`, {
        refundableMinor,
      });
    }
    let viaStripe: { id: string; status: 'pending' | 'succeeded' | 'failed' } | null = null;
    if (payment.gateway === 'stripe') {
      if (!gateway || !payment.gatewayPaymentId) {
        throw new AppError(
          409,
          ErrorCode.ONLINE_PAYMENT_DISABLED,
          'This online payment can only be refunded through Stripe, which is not set up',
        );
      }
      const refund = await gateway.refund(
        {
          paymentIntentId: payment.gatewayPaymentId,
          amountMinor: body.amountMinor,
          currency: payment.currency,
          metadata: { paymentId: payment.id },
        },
        stripeKey,
      );
      viaStripe = { id: refund.id, status: refund.status };
    }
    const done = await recordRefund(tx, invoice, payment, {
      amountMinor: body.amountMinor,
      reason,
      status: viaStripe?.status ?? 'succeeded',
      gatewayRefundId: viaStripe?.id ?? null,
      ...(body.desk && { desk: body.desk }),
      refundedBy: actor.userId,
    });
    await appendBillingEvent(tx, 'refund.recorded', done.invoice, { refund: done.refund });
    const answer = { ...presentRefund(done.refund, invoice.currency), ...refundFigures(done.invoice, done.payment) };
    await recordAnswer(tx, ctx, 201, answer);
    return answer;
  });
}
