// Payments taken at the desk (cash, the card terminal, an insurer's remittance, a wallet): one
// transaction claims the Idempotency-Key, locks the invoice, lets the ledger refuse an amount above
// the balance (OVERPAYMENT: decided on the locked row, so ten concurrent payments of 1,000 against
// 5,000 owed make exactly five), records the payment with its receipt number and appends
// payment.recorded. A retry with the same key replays the first answer (http/idempotent.ts).
import type { Database } from '../../../db/mysql.js';
import type { PaymentMethod } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { claimKey, type IdempotencyContext, recordAnswer } from '../scheduling/idempotency.js';
import { assertBillingStaff, assertCanReadInvoice } from './access.js';
import { appendBillingEvent } from './events.js';
import { lockInvoice, recordPayment } from './ledger.js';
import { presentPayment } from './reading.js';
import { findInvoiceRow, findPayment } from './repository.js';

export interface DeskPayment {
  method: PaymentMethod;
  amountMinor: number;
  reference?: string;
  desk?: string;
}

export async function takeDeskPayment(
  db: Database,
  actor: UserPrincipal,
  invoiceId: string,
  input: DeskPayment,
  idem: IdempotencyContext | null,
) {
  assertBillingStaff(actor);
  return transactionWithRetry(db, async (tx) => {
    await claimKey(tx, idem);
    const invoice = await lockInvoice(tx, invoiceId);
    const { payment, invoice: settled } = await recordPayment(tx, invoice, {
      method: input.method,
      gateway: 'desk',
      amountMinor: input.amountMinor,
      reference: input.reference?.trim() || null,
      desk: input.desk,
      receivedBy: actor.userId,
    });
    await appendBillingEvent(tx, 'payment.recorded', settled, { payment });
    const answer = presentPayment(payment);
    await recordAnswer(tx, idem, 201, answer);
    return answer;
  });
}

/** One payment: staff read any; a patient only one on their own invoice (another's is 404). */
export async function readPayment(db: Database, actor: UserPrincipal, paymentId: string) {
  const payment = await findPayment(db, paymentId);
  if (!payment) throw notFound('Payment');
  const invoice = await findInvoiceRow(db, payment.invoiceId);
  if (!invoice) throw notFound('Payment');
  try {
    assertCanReadInvoice(actor, invoice);
  } catch (err) {
    // The patient's 404 names the payment they asked for, not the invoice behind it.
    if (actor.role === 'patient') throw notFound('Payment');
    throw err;
  }
  return presentPayment(payment);
}
