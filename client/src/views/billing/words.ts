// Billing in words: statuses and payment methods as the desk and the patient read them, and every
// refusal as the shared sentence (lib/errors.ts) with the figure the hub sent along where it helps
// ("That is more than is still owed on this invoice. Still owed: £12.50.").
import type { InvoiceStatus, Payment, PaymentMethod, Refund } from '../../lib/contract';
import { ApiError, sentenceFor } from '../../lib/errors';
import { money } from '../../lib/money';

export const INVOICE_STATUS: Record<InvoiceStatus, string> = {
  open: 'Open',
  partially_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
};

export const METHOD: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  insurance: 'Insurance',
  wallet: 'Wallet',
};

export const PAYMENT_STATUS: Record<Payment['status'], string> = {
  succeeded: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

export const REFUND_STATUS: Record<Refund['status'], string> = {
  succeeded: 'Refunded',
  pending: 'Pending at the card provider',
  failed: 'Failed',
};

/** "Cash", "Card (online)": how a payment was made. */
export const methodOf = (p: Pick<Payment, 'method' | 'gateway'>) =>
  p.gateway === 'stripe' ? `${METHOD[p.method] ?? p.method} (online)` : (METHOD[p.method] ?? p.method);

/** A figure the hub added to a refusal (details.balanceMinor…), when it is a whole number. */
function figure(err: ApiError, key: string): number | null {
  const value = err.details[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** The sentence for a refusal; for amounts, with what is still owed or refundable, in `currency`. */
export function explain(error: unknown, currency?: string): string {
  if (typeof error === 'string') return error;
  const sentence = sentenceFor(error);
  if (!(error instanceof ApiError)) return sentence;
  if (error.code === 'OVERPAYMENT') {
    const balance = figure(error, 'balanceMinor');
    if (balance !== null) return `${sentence} Still owed: ${money(balance, currency)}.`;
  }
  if (error.code === 'REFUND_EXCEEDS_PAYMENT') {
    const refundable = figure(error, 'refundableMinor');
    if (refundable !== null) return `${sentence} At most ${money(refundable, currency)} can be refunded.`;
  }
  return sentence;
}
