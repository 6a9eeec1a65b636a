// Adding a line by hand (a dressing, a certificate): description, quantity, unit price and why. The
// unit price is read from the typed text into minor units; the invoice's version goes along, so a
// change made meanwhile at another desk is refused (CONFLICT) rather than overwritten.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Invoice, LineInput } from '../../lib/contract';
import { amountText, parseMinor } from '../../lib/money';
import { Problem } from './Problem';

interface Props {
  id?: string;
  invoice: Invoice;
  onAdded: (invoice: Invoice, description: string) => void;
  onStale: () => void;
  onClose: () => void;
}

type Field = 'description' | 'quantity' | 'price' | 'reason';

export function AddLineForm({ id: formId, invoice, onAdded, onStale, onClose }: Props) {
  const id = useId();
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const count = /^\d{1,5}$/.test(quantity.trim()) ? Number(quantity.trim()) : null;
  const unit = parseMinor(price, invoice.currency);
  const problems: Partial<Record<Field, string>> = {
    ...(description.trim() ? {} : { description: 'Describe what is charged.' }),
    ...(count && count <= 10_000 ? {} : { quantity: 'A whole number from 1 to 10,000.' }),
    ...(unit === undefined || unit === null ? { price: `Type the price of one, e.g. ${amountText(1250, invoice.currency)}.` } : {}),
    ...(reason.trim() ? {} : { reason: 'Say why the line is added: it is kept with the invoice.' }),
  };
  const problem = (f: Field) => (checked ? problems[f] : undefined);
  const describe = (f: Field) => (problem(f) ? { 'aria-invalid': true, 'aria-describedby': `${id}-${f}-problem` } : {});
  const note = (f: Field) =>
    problem(f) ? (
      <small className="error" id={`${id}-${f}-problem`}>
        {problem(f)}
      </small>
    ) : null;

  async function add(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setChecked(true);
    const wrong = (Object.keys(problems) as Field[])[0];
    if (wrong || !count || unit === null || unit === undefined) {
      document.getElementById(`${id}-${wrong ?? 'description'}`)?.focus();
      return;
    }
    const body: LineInput = {
      description: description.trim(),
      quantity: count,
      unitAmountMinor: unit,
      reason: reason.trim(),
      baseVersion: invoice.version,
    };
    setBusy(true);
    setError(null);
    try {
      onAdded(await api<Invoice>('POST', `/api/invoices/${invoice.id}/lines`, body), body.description);
    } catch (err) {
      setError(err);
      setBusy(false);
      onStale();
    }
  }

  return (
    <form id={formId} className="billing-add stack" aria-labelledby={`${id}-title`} onSubmit={add} noValidate>
      <h3 id={`${id}-title`}>Add a line</h3>
      <div className="billing-add-grid">
        <div className="field billing-add-description">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            ref={first}
            id={`${id}-description`}
            maxLength={200}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            {...describe('description')}
          />
          {note('description')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-quantity`}>Quantity</label>
          <input
            id={`${id}-quantity`}
            inputMode="numeric"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            {...describe('quantity')}
          />
          {note('quantity')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-price`}>Unit price ({invoice.currency})</label>
          <input
            id={`${id}-price`}
            inputMode="decimal"
            autoComplete="off"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            {...describe('price')}
          />
          {note('price')}
        </div>
        <div className="field billing-add-reason">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <input id={`${id}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} {...describe('reason')} />
          {note('reason')}
        </div>
      </div>
      <Problem error={error} currency={invoice.currency} />
      <div className="row">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Adding…' : 'Add line'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
