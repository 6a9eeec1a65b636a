// The patient's invoices in the portal: each with its number, date, total, balance and status;
// one opened shows its lines and payments, "Pay online" while something is owed, and "Download
// receipt" once something was paid. The hub only ever lists the patient's own. The address keeps
// the open invoice (?invoice=), which is also where Stripe sends the patient back after paying.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Empty, Loading } from '../../../components/ui';
import { api } from '../../../lib/api';
import type { Invoice, InvoiceList, InvoiceSummary, Location } from '../../../lib/contract';
import { dateIn, fullDate } from '../../../lib/datetime';
import { money } from '../../../lib/money';
import { downloadPdf, invoicePdf, invoiceReceipt } from '../documents';
import { Lines } from '../Lines';
import { Payments } from '../Payments';
import { Problem } from '../Problem';
import { StatusPill, Totals } from '../Totals';
import { PayOnline } from './PayOnline';
import '../billing.css';

interface Props {
  locations: ReadonlyMap<string, Location>;
  /** Changes when the hub says something about a payment (payment_received, payment_failed). */
  refreshKey?: number;
}

const asked = () => new URLSearchParams(window.location.search);

function remember(invoiceId: string | null) {
  const query = asked();
  // Stripe's return adds these; once read they are not kept (a reload must not say "paid" again).
  for (const k of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) query.delete(k);
  if (invoiceId) query.set('invoice', invoiceId);
  else query.delete('invoice');
  const search = query.toString();
  history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
}

export function Invoices({ locations, refreshKey = 0 }: Props) {
  const [list, setList] = useState<InvoiceSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<string | null>(() => asked().get('invoice'));
  /** Stripe's word on a payment just made (redirect_status), for the invoice it was made for. */
  const [returned, setReturned] = useState(() => ({ for: asked().get('invoice'), status: asked().get('redirect_status') }));
  const opener = useRef<HTMLButtonElement | null>(null);
  // Stripe's additions to the address are read once: a reload must not say "thank you" again.
  useEffect(() => {
    if (returned.status) remember(returned.for);
  }, [returned]);
  const zone = (locationId: string) => locations.get(locationId)?.timezone;

  const load = useCallback(async () => {
    try {
      setList((await api<InvoiceList>('GET', '/api/invoices?limit=100')).invoices);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  function open(id: string | null, button?: HTMLButtonElement) {
    if (button) opener.current = button;
    setOpenId(id);
    remember(id);
    if (!id) {
      // Stripe's word was about that visit to the invoice; it is not repeated on the next.
      setReturned({ for: null, status: null });
      void load();
      requestAnimationFrame(() => opener.current?.focus());
    }
  }

  if (openId)
    return (
      <InvoiceDetail
        id={openId}
        zone={zone}
        returned={returned.for === openId ? returned.status : null}
        refreshKey={refreshKey}
        onBack={() => open(null)}
      />
    );
  if (!list) return error ? <Problem error={error} /> : <Loading what="Loading your invoices" />;
  return (
    <>
      <Problem error={error} />
      {list.length === 0 ? <Empty>No invoices yet. After a visit, its invoice appears here.</Empty> : null}
      {list.length ? (
        <table className="billing-portal-list">
          <caption className="sr-only">Your invoices</caption>
          <thead>
            <tr>
              <th scope="col">Invoice</th>
              <th scope="col">Date</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Balance
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <button type="button" className="link" onClick={(e) => open(i.id, e.currentTarget)}>
                    {i.number}
                  </button>
                </th>
                <td>{fullDate(dateIn(i.createdAt, zone(i.locationId)))}</td>
                <td className="num">{money(i.totalMinor, i.currency)}</td>
                <td className="num">{money(i.balanceMinor, i.currency)}</td>
                <td>
                  <StatusPill invoice={i} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

interface DetailProps {
  id: string;
  zone: (locationId: string) => string | undefined;
  /** Stripe's redirect_status when the patient just came back from paying. */
  returned: string | null;
  refreshKey: number;
  onBack: () => void;
}

function InvoiceDetail({ id, zone, returned, refreshKey, onBack }: DetailProps) {
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      setInvoice(await api<Invoice>('GET', `/api/invoices/${encodeURIComponent(id)}`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void load();
  }, [load, refreshKey]);
  // Back from Stripe before its webhook reached the hub: read again for a little while.
  const confirming = returned === 'succeeded' || returned === 'processing';
  const settled = invoice !== null && (invoice.balanceMinor === 0 || invoice.status === 'void');
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!confirming || settled || polls >= 15) return;
    const timer = setTimeout(() => {
      setPolls((n) => n + 1);
      void load();
    }, 2_000);
    return () => clearTimeout(timer);
  }, [confirming, settled, polls, load]);
  // The heading takes focus once the invoice is shown (opened from the list, or back from Stripe).
  const shown = invoice !== null;
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);

  async function download(path: string, name: string) {
    setProblem(null);
    try {
      await downloadPdf(path, name);
    } catch (err) {
      setProblem(err);
    }
  }

  const back = (
    <button type="button" onClick={onBack}>
      Back to your invoices
    </button>
  );
  if (!invoice)
    return (
      <div className="stack">
        {error ? <Problem error={error} /> : <Loading what="Loading the invoice" />}
        <div className="row">{back}</div>
      </div>
    );
  const timeZone = zone(invoice.locationId);
  const owed = invoice.balanceMinor > 0 && invoice.status !== 'void';
  return (
    <article className="stack billing-portal-invoice" aria-labelledby="portal-invoice-title">
      <div className="row">
        <h3 id="portal-invoice-title" ref={heading} tabIndex={-1}>
          Invoice {invoice.number}
        </h3>
        <StatusPill invoice={invoice} />
      </div>
      <p className="muted">{fullDate(dateIn(invoice.createdAt, timeZone))}</p>
      {returned ? (
        <p className={confirming ? 'ok' : 'error'} role="status">
          {returned === 'succeeded'
            ? invoice.balanceMinor === 0
              ? 'Thank you: your payment was received.'
              : 'Thank you: your payment is being confirmed and will show here in a moment.'
            : returned === 'processing'
              ? 'Your payment is being processed. It will show here once the bank confirms it.'
              : 'The card payment did not go through. Nothing was charged; you can try again.'}
        </p>
      ) : null}
      <Totals invoice={invoice} />
      {invoice.voidReason ? <p>This invoice was cancelled: {invoice.voidReason}</p> : null}
      <Lines invoice={invoice} />
      <h4>Payments</h4>
      <Payments invoice={invoice} timeZone={timeZone} />
      <Problem error={problem} currency={invoice.currency} />
      {/* While a payment just made is being confirmed, paying again is not offered. */}
      {owed && !confirming ? (
        <div className="row">
          <PayOnline key={`${invoice.id}-${invoice.balanceMinor}`} invoice={invoice} />
        </div>
      ) : null}
      <div className="row">
        {invoice.status === 'paid' || invoice.status === 'partially_paid' ? (
          <button type="button" onClick={() => download(invoiceReceipt(invoice.id), `${invoice.number}-receipt`)}>
            Download receipt
          </button>
        ) : null}
        <button type="button" onClick={() => download(invoicePdf(invoice.id), invoice.number)}>
          Download invoice
        </button>
        {back}
      </div>
      {owed ? <p className="muted">Still owed: {money(invoice.balanceMinor, invoice.currency)}.</p> : null}
    </article>
  );
}
