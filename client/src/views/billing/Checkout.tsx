// Checkout at reception: the visit's invoice with its number, lines (voided ones struck through
// with the reason), total, paid, balance, status and any pending insurance claim; add or void a
// line, void the invoice (each with a reason); take a payment; print a receipt (the PDF, opened to
// print); refund a payment. The heading takes focus when the panel opens, and every outcome is
// written into a status line (and focused, since the control used may be gone).
import { useEffect, useRef, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Invoice, InvoiceLine, Payment, RefundAnswer } from '../../lib/contract';
import { money } from '../../lib/money';
import { AddLineForm } from './AddLineForm';
import { invoicePdf, invoiceReceipt, openPdf, paymentReceipt } from './documents';
import { Lines } from './Lines';
import { PaymentForm } from './PaymentForm';
import { Payments } from './Payments';
import { Problem } from './Problem';
import { RefundDialog } from './RefundDialog';
import { StatusPill, Totals } from './Totals';
import { type InvoiceTarget, useInvoice } from './use-invoice';
import { VoidDialog } from './VoidDialog';
import { INVOICE_STATUS, METHOD } from './words';
import './billing.css';

interface Props {
  target: InvoiceTarget;
  /** Who and which visit, for the heading: "Karl Vogt, 10:30". */
  who: string;
  timeZone: string;
  onClose: () => void;
  /** A payment or refund was recorded (today's takings changed). */
  onMoneyMoved?: () => void;
}

type Ask = { kind: 'line'; line: InvoiceLine } | { kind: 'invoice' } | { kind: 'refund'; payment: Payment } | null;

export function Checkout({ target, who, timeZone, onClose, onMoneyMoved }: Props) {
  const { invoice, others, none, error, reload, show, choose } = useInvoice(target);
  const [ask, setAsk] = useState<Ask>(null);
  const [adding, setAdding] = useState(false);
  const [said, setSaid] = useState('');
  const [paid, setPaid] = useState<Payment | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const saidLine = useRef<HTMLDivElement>(null);
  /** The button that opened a dialog or form, focused again when it closes. */
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => heading.current?.focus(), []);

  function tell(message: string) {
    setSaid(message);
    requestAnimationFrame(() => saidLine.current?.focus());
  }

  function closeAsk() {
    setAsk(null);
    const back = opener.current;
    requestAnimationFrame(() => (back?.isConnected ? back : heading.current)?.focus());
  }

  function open(next: Ask, from: HTMLElement) {
    opener.current = from;
    setProblem(null);
    setAsk(next);
  }

  async function print(path: string, name: string) {
    setProblem(null);
    try {
      await openPdf(path, name);
    } catch (err) {
      setProblem(err);
    }
  }

  const title = invoice ? `Checkout · ${who} · ${invoice.number}` : `Checkout · ${who}`;
  const changeable = invoice && invoice.status !== 'paid' && invoice.status !== 'void';

  return (
    <section className="card billing-checkout stack" aria-labelledby="checkout-title">
      <div className="row">
        <h2 id="checkout-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {invoice ? <StatusPill invoice={invoice} /> : null}
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close checkout
        </button>
      </div>
      {others.length > 1 ? (
        <fieldset className="row billing-switch">
          <legend>Invoices of this visit</legend>
          {others.map((o) => (
            <button key={o.id} type="button" aria-pressed={o.id === invoice?.id} onClick={() => choose(o.id)}>
              {o.number} ({INVOICE_STATUS[o.status]}, {money(o.balanceMinor, o.currency)} owed)
            </button>
          ))}
        </fieldset>
      ) : null}
      <div ref={saidLine} className="ok billing-said" role="status" tabIndex={-1}>
        {said}
      </div>
      {paid && invoice?.payments.some((p) => p.id === paid.id) ? (
        <div className="row billing-receipt-ready">
          <span>
            Receipt <strong>{paid.receiptNumber}</strong>
          </span>
          <button type="button" className="primary" onClick={() => print(paymentReceipt(paid.id), paid.receiptNumber)}>
            Print receipt
          </button>
        </div>
      ) : null}
      <Problem error={problem} currency={invoice?.currency} />
      <Problem error={error} currency={invoice?.currency} />
      {none ? <p className="muted">This visit has no invoice yet. Invoices are made when a visit is completed.</p> : null}
      {!invoice && !none && !error ? <Loading what="Loading the invoice" /> : null}
      {invoice ? (
        <>
          <Totals invoice={invoice} />
          {invoice.voidReason ? <p className="billing-why">Void: {invoice.voidReason}</p> : null}
          <Lines invoice={invoice} onVoid={(line, button) => open({ kind: 'line', line }, button)} />
          {changeable ? (
            <div className="row">
              <button
                type="button"
                aria-expanded={adding}
                aria-controls="checkout-add-line"
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setAdding(!adding);
                }}
              >
                Add a line
              </button>
            </div>
          ) : null}
          {changeable && adding ? (
            <AddLineForm
              id="checkout-add-line"
              invoice={invoice}
              onStale={reload}
              onClose={() => {
                setAdding(false);
                requestAnimationFrame(() => opener.current?.focus());
              }}
              onAdded={(fresh, description) => {
                show(fresh);
                setAdding(false);
                onMoneyMoved?.();
                tell(`Added “${description}”. Balance now ${money(fresh.balanceMinor, fresh.currency)}.`);
              }}
            />
          ) : null}
          {changeable && invoice.balanceMinor > 0 ? (
            <PaymentForm
              invoice={invoice}
              onStale={reload}
              onPaid={async (payment) => {
                setPaid(payment);
                onMoneyMoved?.();
                await reload();
                tell(
                  `${METHOD[payment.method]} payment of ${money(payment.amountMinor, payment.currency)} taken. Receipt ${payment.receiptNumber}.`,
                );
              }}
            />
          ) : null}
          <section className="stack" aria-labelledby="checkout-payments">
            <h3 id="checkout-payments">Payments</h3>
            <Payments
              invoice={invoice}
              timeZone={timeZone}
              actions={(p) => (
                <>
                  <button type="button" onClick={() => print(paymentReceipt(p.id), p.receiptNumber)}>
                    Print receipt<span className="sr-only"> {p.receiptNumber}</span>
                  </button>
                  {p.status !== 'refunded' ? (
                    <button type="button" className="danger" onClick={(e) => open({ kind: 'refund', payment: p }, e.currentTarget)}>
                      Refund…<span className="sr-only"> {p.receiptNumber}</span>
                    </button>
                  ) : null}
                </>
              )}
            />
          </section>
          <div className="row billing-invoice-actions">
            <button type="button" onClick={() => print(invoicePdf(invoice.id), invoice.number)}>
              Print invoice
            </button>
            {invoice.payments.length ? (
              <button type="button" onClick={() => print(invoiceReceipt(invoice.id), `${invoice.number}-receipt`)}>
                Print all receipts
              </button>
            ) : null}
            {invoice.status !== 'void' && invoice.paidMinor === 0 ? (
              <button type="button" className="danger" onClick={(e) => open({ kind: 'invoice' }, e.currentTarget)}>
                Void invoice…
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      {invoice && ask?.kind === 'line' ? (
        <VoidDialog
          title={`Void “${ask.line.description}”?`}
          reasonLabel="Reason for voiding the line"
          confirm="Void line"
          onConfirm={(reason) => api<Invoice>('POST', `/api/invoices/${invoice.id}/lines/${ask.line.id}/void`, { reason })}
          onDone={(fresh) => {
            show(fresh);
            setAsk(null);
            onMoneyMoved?.();
            tell(`Voided “${ask.line.description}”. Balance now ${money(fresh.balanceMinor, fresh.currency)}.`);
          }}
          onCancel={closeAsk}
        >
          <p>
            {money(ask.line.amountMinor, invoice.currency)} comes off {invoice.number}. The line stays on the invoice, struck through, with
            your reason.
          </p>
        </VoidDialog>
      ) : null}
      {invoice && ask?.kind === 'invoice' ? (
        <VoidDialog
          title={`Void ${invoice.number}?`}
          reasonLabel="Reason for voiding the invoice"
          confirm="Void invoice"
          onConfirm={(reason) => api<Invoice>('POST', `/api/invoices/${invoice.id}/void`, { reason })}
          onDone={(fresh) => {
            show(fresh);
            setAsk(null);
            onMoneyMoved?.();
            tell(`${fresh.number} is void. Nothing is owed on it.`);
          }}
          onCancel={closeAsk}
        >
          <p>Nothing will be owed on it. Its number stays in the books.</p>
        </VoidDialog>
      ) : null}
      {invoice && ask?.kind === 'refund' ? (
        <RefundDialog
          payment={ask.payment}
          onCancel={closeAsk}
          onDone={async (refund: RefundAnswer) => {
            setAsk(null);
            onMoneyMoved?.();
            await reload();
            tell(
              refund.status === 'pending'
                ? `Refund of ${money(refund.amountMinor, refund.currency)} sent to the card provider; it shows as refunded once they confirm.`
                : `Refunded ${money(refund.amountMinor, refund.currency)} of ${ask.payment.receiptNumber}.`,
            );
          }}
        />
      ) : null}
    </section>
  );
}
