// Refunding a payment, in full or in part, always with a reason. The amount starts at what is still
// refundable on it; it is read from the typed text into minor units (lib/money.ts), never through a
// float. Sent with an Idempotency-Key per attempt, so a retry cannot refund twice. A card payment
// made online is refunded through the card provider first and may show as pending.
import { useId, useState } from 'react';
import type { Payment, RefundAnswer } from '../../lib/contract';
import { amountText, minorDigits, money, parseMinor } from '../../lib/money';
import { useAttempt } from './attempt';
import { ModalForm } from './ModalForm';
import { methodOf } from './words';

interface Props {
  payment: Payment;
  onDone: (refund: RefundAnswer) => void;
  onCancel: () => void;
}

export function RefundDialog({ payment, onDone, onCancel }: Props) {
  const id = useId();
  const refundable = payment.amountMinor - payment.refundedMinor;
  const [amount, setAmount] = useState(() => amountText(refundable, payment.currency));
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = useAttempt();

  const amountMinor = parseMinor(amount, payment.currency);
  const amountProblem =
    amountMinor === undefined || amountMinor === null || amountMinor <= 0
      ? `Type the amount to refund, e.g. ${amountText(refundable, payment.currency)}${minorDigits(payment.currency) ? '' : ' (whole units)'}.`
      : amountMinor > refundable
        ? `At most ${money(refundable, payment.currency)} can be refunded on this payment.`
        : null;
  const reasonProblem = reason.trim() ? null : 'Give a reason for the refund: it is kept with the payment.';

  async function submit() {
    setChecked(true);
    if (amountProblem || reasonProblem || !amountMinor) {
      document.getElementById(amountProblem ? `${id}-amount` : `${id}-reason`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await attempt.send<RefundAnswer>(`/api/payments/${payment.id}/refunds`, { amountMinor, reason: reason.trim() }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <ModalForm
      title={`Refund ${payment.receiptNumber}`}
      confirm={attempt.pending ? 'Try again' : 'Refund'}
      danger
      busy={busy}
      error={error}
      currency={payment.currency}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <p>
        {methodOf(payment)} payment of {money(payment.amountMinor, payment.currency)}
        {payment.refundedMinor ? `, ${money(payment.refundedMinor, payment.currency)} refunded already` : ''}.
        {payment.gateway === 'stripe' ? ' The money goes back to the card it was paid with.' : ''}
      </p>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Amount to refund ({payment.currency})</label>
        <input
          id={`${id}-amount`}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          aria-invalid={checked && amountProblem ? true : undefined}
          aria-describedby={checked && amountProblem ? `${id}-amount-problem` : undefined}
          onChange={(e) => setAmount(e.target.value)}
        />
        {checked && amountProblem ? (
          <p className="error" id={`${id}-amount-problem`}>
            {amountProblem}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason for the refund</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          maxLength={500}
          required
          aria-invalid={checked && reasonProblem ? true : undefined}
          aria-describedby={checked && reasonProblem ? `${id}-reason-problem` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {checked && reasonProblem ? (
          <p className="error" id={`${id}-reason-problem`}>
            {reasonProblem}
          </p>
        ) : null}
      </div>
    </ModalForm>
  );
}
