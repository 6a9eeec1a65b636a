// The invoice the checkout panel works on: found by its visit (GET /api/invoices?appointmentId=,
// then the invoice itself), or opened by id. A visit may have more than one (medicines dispensed at
// another location are billed there): the list is kept so the desk can switch. Every change answers
// with the invoice as it now stands (`show`); payments and refunds read it again (`reload`). An
// answer to an older question never replaces the newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Invoice, InvoiceList, InvoiceSummary } from '../../lib/contract';

export interface InvoiceTarget {
  appointmentId?: string;
  invoiceId?: string;
}

export function useInvoice(target: InvoiceTarget) {
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const [others, setOthers] = useState<InvoiceSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(target.invoiceId ?? null);
  const [error, setError] = useState<unknown>(null);
  const [none, setNone] = useState(false);
  const asked = useRef(0);

  const reload = useCallback(async () => {
    const n = ++asked.current;
    try {
      let id = chosen;
      if (!id && target.appointmentId) {
        const { invoices } = await api<InvoiceList>('GET', `/api/invoices?appointmentId=${encodeURIComponent(target.appointmentId)}`);
        if (n !== asked.current) return;
        setOthers(invoices);
        // The one still owed on first, else the newest.
        id = (invoices.find((i) => i.status === 'open' || i.status === 'partially_paid') ?? invoices[0])?.id ?? null;
        if (!id) {
          setNone(true);
          setError(null);
          return;
        }
      }
      if (!id) return;
      const answer = await api<Invoice>('GET', `/api/invoices/${id}`);
      if (n !== asked.current) return;
      setInvoice(answer);
      setNone(false);
      setError(null);
    } catch (err) {
      if (n === asked.current) setError(err);
    }
  }, [chosen, target.appointmentId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const show = useCallback((fresh: Invoice) => {
    asked.current++;
    setInvoice(fresh);
    setError(null);
  }, []);

  return { invoice, others, none, error, reload, show, choose: setChosen };
}
