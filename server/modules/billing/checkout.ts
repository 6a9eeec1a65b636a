// A patient pays their invoice online: a Stripe PaymentIntent for what is owed now, whose client
// secret the browser confirms with Stripe.js. Nothing is paid here; the webhook records the
// payment when Stripe says it succeeded (stripe-webhook.ts).
//
// Stripe's idempotency key is made of the invoice, its version and its balance: a double click, a
// retry or a second tab gets the same PaymentIntent back (and one online_checkouts row), while a
// changed invoice (a line added, a desk payment) gets a new one for the new balance.
import { eq } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { invoices, onlineCheckouts } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { claimKey, type IdempotencyContext, recordAnswer } from '../scheduling/idempotency.js';
import { assertCanReadInvoice } from './access.js';
import { balanceOf, payableOf } from './ledger.js';
import { requireGateway, type StripeGateway } from './stripe-gateway.js';

export interface CheckoutAnswerView {
  provider: 'stripe';
  clientSecret: string;
  paymentIntentId: string;
  amountMinor: number;
  currency: string;
  publishableKey: string | null;
}

export async function startCheckout(
  db: Database,
  gateway: StripeGateway | null,
  actor: UserPrincipal,
  invoiceId: string,
  ctx: IdempotencyContext | null,
): Promise<CheckoutAnswerView> {
  const stripe = requireGateway(gateway);
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) throw notFound('Invoice');
  assertCanReadInvoice(actor, invoice);
  if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void');
  const balanceMinor = balanceOf(invoice);
  // The patient pays their share: what a pending insurance claim asks of the insurer is not theirs to pay.
  const payableMinor = await payableOf(db, invoice);
  if (payableMinor <= 0)
    throw new AppError(409, ErrorCode.NOTHING_TO_PAY, 'Nothing is owed on this invoice', { balanceMinor, payableMinor });

  // Before any row is written: a refusal by Stripe leaves nothing behind (502).
  const intent = await stripe.createPaymentIntent(
    {
      amountMinor: payableMinor,
      currency: invoice.currency,
      description: `Invoice ${invoice.number}`,
      metadata: { invoiceId: invoice.id, invoiceNumber: invoice.number, patientId: invoice.patientId },
    },
    `checkout-${invoice.id}-v${invoice.version}-${payableMinor}`,
  );
  const answer: CheckoutAnswerView = {
    provider: 'stripe',
    clientSecret: intent.clientSecret,
    paymentIntentId: intent.id,
    amountMinor: intent.amountMinor,
    currency: intent.currency,
    publishableKey: stripe.publishableKey,
  };
  await transactionWithRetry(db, async (tx) => {
    await claimKey(tx, ctx);
    // The same PaymentIntent again (double click, retry): its row is there already.
    await tx
      .insert(onlineCheckouts)
      .values({
        id: newId(),
        invoiceId: invoice.id,
        paymentIntentId: intent.id,
        amountMinor: intent.amountMinor,
        currency: intent.currency,
        status: 'requires_payment',
        createdBy: actor.userId,
      })
      .onDuplicateKeyUpdate({ set: { paymentIntentId: intent.id } });
    await recordAnswer(tx, ctx, 201, answer);
  });
  return answer;
}
