// An invoice's figures at a glance: status, total, paid (less refunds), balance, and whether an
// insurance claim is still waiting for the insurer.
import type { Invoice } from '../../lib/contract';
import { money } from '../../lib/money';
import { INVOICE_STATUS } from './words';

export function StatusPill({ invoice }: { invoice: Pick<Invoice, 'status' | 'insurancePending'> }) {
  return (
    <>
      <span className={`billing-status s-${invoice.status}`}>{INVOICE_STATUS[invoice.status] ?? invoice.status}</span>
      {invoice.insurancePending ? <span className="billing-status s-insurance">Insurance pending</span> : null}
    </>
  );
}

export function Totals({ invoice }: { invoice: Invoice }) {
  const { currency } = invoice;
  return (
    <dl className="billing-totals">
      <div>
        <dt>Total</dt>
        <dd>{money(invoice.totalMinor, currency)}</dd>
      </div>
      <div>
        <dt>Paid</dt>
        <dd>{money(invoice.paidMinor, currency)}</dd>
      </div>
      <div className="balance">
        <dt>Balance</dt>
        <dd>{money(invoice.balanceMinor, currency)}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <StatusPill invoice={invoice} />
        </dd>
      </div>
    </dl>
  );
}
