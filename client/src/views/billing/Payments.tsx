// The payments on an invoice, each with its receipt number, when, how and how much, and its
// refunds (amount, reason, state). `actions` adds a payment's buttons (the desk: print the receipt,
// refund).
import type { ReactNode } from 'react';
import type { Invoice, Payment } from '../../lib/contract';
import { dayAndTime } from '../../lib/datetime';
import { money } from '../../lib/money';
import { methodOf, PAYMENT_STATUS, REFUND_STATUS } from './words';

interface Props {
  invoice: Invoice;
  timeZone?: string;
  actions?: (payment: Payment) => ReactNode;
}

export function Payments({ invoice, timeZone, actions }: Props) {
  if (!invoice.payments.length) return <p className="muted">No payments yet.</p>;
  return (
    <ul className="billing-payments" aria-label={`Payments on ${invoice.number}`}>
      {invoice.payments.map((p) => {
        const refunds = invoice.refunds.filter((r) => r.paymentId === p.id);
        return (
          <li key={p.id} className="billing-payment">
            <div className="row">
              <strong className="billing-receipt">{p.receiptNumber}</strong>
              <span>{money(p.amountMinor, p.currency)}</span>
              <span>{methodOf(p)}</span>
              {p.reference ? <span className="muted">ref. {p.reference}</span> : null}
              <span className="muted">{dayAndTime(p.receivedAt, timeZone)}</span>
              <span className={`billing-status s-${p.status}`}>{PAYMENT_STATUS[p.status] ?? p.status}</span>
              <span className="spacer" />
              {actions?.(p)}
            </div>
            {refunds.length ? (
              <ul className="billing-refunds" aria-label={`Refunds of ${p.receiptNumber}`}>
                {refunds.map((r) => (
                  <li key={r.id}>
                    Refund of {money(r.amountMinor, r.currency)} on {dayAndTime(r.refundedAt, timeZone)}:{' '}
                    {REFUND_STATUS[r.status] ?? r.status}. <span className="muted">Reason: {r.reason}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
