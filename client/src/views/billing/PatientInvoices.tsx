// At the desk, the chosen patient's invoices (their visits that were billed), newest first, each
// with its checkout: number, day, total, balance, status. Read again when money moved at the desk.
import { useCallback, useEffect, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { InvoiceList, InvoiceSummary } from '../../lib/contract';
import { dateIn, fullDate } from '../../lib/datetime';
import { money } from '../../lib/money';
import { Problem } from './Problem';
import { StatusPill } from './Totals';
import './billing.css';

interface Props {
  patientId: string;
  name: string;
  timeZone?: string;
  refreshKey?: number;
  onCheckout: (invoice: InvoiceSummary, button: HTMLButtonElement) => void;
}

export function PatientInvoices({ patientId, name, timeZone, refreshKey = 0, onCheckout }: Props) {
  const [invoices, setInvoices] = useState<{ for: string; list: InvoiceSummary[] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const { invoices: list } = await api<InvoiceList>('GET', `/api/invoices?patientId=${encodeURIComponent(patientId)}&limit=20`);
      setInvoices({ for: patientId, list });
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [patientId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const list = invoices?.for === patientId ? invoices.list : null;
  return (
    <section className="card stack" aria-labelledby="patient-invoices-title">
      <h2 id="patient-invoices-title">Invoices · {name}</h2>
      <Problem error={error} />
      {!list && !error ? <Loading what="Loading invoices" /> : null}
      {list && !list.length ? <Empty>No invoices yet. A visit is billed when it is completed.</Empty> : null}
      {list?.length ? (
        <ul className="billing-invoice-list" aria-label={`Invoices of ${name}`}>
          {list.map((i) => (
            <li key={i.id}>
              <span>
                <strong>{i.number}</strong> <span className="muted">{fullDate(dateIn(i.createdAt, timeZone))}</span>
              </span>
              <span>
                {money(i.totalMinor, i.currency)}
                {i.balanceMinor > 0 ? ` · ${money(i.balanceMinor, i.currency)} owed` : ''}
              </span>
              <span>
                <StatusPill invoice={i} />
              </span>
              <button type="button" onClick={(e) => onCheckout(i, e.currentTarget)}>
                Checkout<span className="sr-only"> {i.number}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
