// Taking a payment at the desk: the method (cash, card on the terminal, insurance), the amount
// (starting at the balance; typed text read into minor units, never a float) and, for a card, the
// terminal's reference. Sent under an Idempotency-Key made once per attempt (attempt.ts): a double
// click, or "Try again" after a lost answer, records one payment. The hub refuses more than is owed
// (OVERPAYMENT, with the balance), also when two desks pay at once.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Invoice, Payment, PaymentInput } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { amountText, minorDigits, money, parseMinor } from '../../lib/money';
import { useAttempt } from './attempt';
import { Problem } from './Problem';
import { METHOD } from './words';

const METHODS = ['cash', 'card', 'insurance'] as const;
type DeskMethod = (typeof METHODS)[number];

interface Props {
  invoice: Invoice;
  onPaid: (payment: Payment) => void;
  /** The hub refused: the invoice may have changed meanwhile, read it again. */
  onStale: () => void;
}

export function PaymentForm({ invoice, onPaid, onStale }: Props) {
  const id = useId();
  const { currency, balanceMinor } = invoice;
  const [method, setMethod] = useState<DeskMethod>('cash');
  const [amount, setAmount] = useState(() => amountText(balanceMinor, currency));
  const [reference, setReference] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = useAttempt();
  const amountField = useRef<HTMLInputElement>(null);
  const referenceField = useRef<HTMLInputElement>(null);

  // A new balance (a line added, another payment): the amount starts at it again.
  useEffect(() => setAmount(amountText(balanceMinor, currency)), [balanceMinor, currency]);

  const amountMinor = parseMinor(amount, currency);
  const amountProblem =
    amountMinor === undefined || amountMinor === null || amountMinor <= 0
      ? `Type the amount taken, e.g. ${amountText(balanceMinor, currency)}${minorDigits(currency) ? '' : ' (whole units)'}.`
      : null;
  const referenceProblem = method === 'card' && !reference.trim() ? 'Type the reference the card terminal printed.' : null;

  async function pay(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setChecked(true);
    if (amountProblem || referenceProblem || !amountMinor) {
      (amountProblem ? amountField : referenceField).current?.focus();
      return;
    }
    const body: PaymentInput = { method, amountMinor, ...(reference.trim() && method !== 'cash' ? { reference: reference.trim() } : {}) };
    setBusy(true);
    setError(null);
    try {
      const payment = await attempt.send<Payment>(`/api/invoices/${invoice.id}/payments`, body);
      setChecked(false);
      setReference('');
      onPaid(payment);
    } catch (err) {
      setError(err);
      // A refusal may mean the invoice changed (another desk took a payment): show it as it is now.
      // Without an answer the key is kept and "Try again" repeats the attempt instead.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) onStale();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="billing-pay stack" aria-labelledby={`${id}-title`} onSubmit={pay} noValidate>
      <h3 id={`${id}-title`}>Take a payment</h3>
      <fieldset className="billing-methods">
        <legend>Method</legend>
        {METHODS.map((m) => (
          <label key={m}>
            <input type="radio" name={`${id}-method`} value={m} checked={method === m} onChange={() => setMethod(m)} /> {METHOD[m]}
          </label>
        ))}
      </fieldset>
      <div className="row billing-pay-fields">
        <div className="field">
          <label htmlFor={`${id}-amount`}>Amount ({currency})</label>
          <input
            ref={amountField}
            id={`${id}-amount`}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            aria-invalid={checked && amountProblem ? true : undefined}
            aria-describedby={checked && amountProblem ? `${id}-amount-problem` : undefined}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        {method !== 'cash' ? (
          <div className="field">
            <label htmlFor={`${id}-reference`}>{method === 'card' ? 'Card terminal reference' : 'Insurer’s reference (optional)'}</label>
            <input
              ref={referenceField}
              id={`${id}-reference`}
              autoComplete="off"
              maxLength={100}
              value={reference}
              aria-invalid={checked && referenceProblem ? true : undefined}
              aria-describedby={checked && referenceProblem ? `${id}-reference-problem` : undefined}
              onChange={(e) => setReference(e.target.value)}
            />
          </div>
        ) : null}
      </div>
      {checked && amountProblem ? (
        <p className="error" id={`${id}-amount-problem`}>
          {amountProblem}
        </p>
      ) : null}
      {checked && referenceProblem ? (
        <p className="error" id={`${id}-reference-problem`}>
          {referenceProblem}
        </p>
      ) : null}
      <Problem error={error} currency={currency} />
      <div className="row">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {busy ? 'Taking payment…' : attempt.pending ? 'Try again' : `Take ${amountMinor ? money(amountMinor, currency) : 'payment'}`}
        </button>
      </div>
    </form>
  );
}
