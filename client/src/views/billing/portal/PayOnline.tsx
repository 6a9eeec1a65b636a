// "Pay online" for an invoice with something owed: the hub makes a Stripe PaymentIntent for the
// balance (POST /api/invoices/:id/checkout) and the card form opens (StripePayment, its own chunk).
// When the clinic has no online payment (409 ONLINE_PAYMENT_DISABLED, or no publishable key) or
// Stripe.js cannot be loaded, the patient is told to pay at the desk instead.
import { lazy, Suspense, useCallback, useState } from 'react';
import { Loading } from '../../../components/ui';
import type { CheckoutAnswer, Invoice } from '../../../lib/contract';
import { ApiError, SENTENCES } from '../../../lib/errors';
import { useAttempt } from '../attempt';
import { Problem } from '../Problem';

const StripePayment = lazy(() => import('./StripePayment'));

interface Props {
  invoice: Invoice;
}

type State =
  | { step: 'idle' }
  | { step: 'asking' }
  | { step: 'card'; answer: CheckoutAnswer & { publishableKey: string } }
  /** Online payment is off at this clinic, or Stripe.js could not be loaded in this browser. */
  | { step: 'desk'; why: 'disabled' | 'unloaded' };

/** Where Stripe sends the patient back: this invoice in the portal. */
export const returnUrlFor = (invoiceId: string) => `${window.location.origin}/patient?invoice=${encodeURIComponent(invoiceId)}#invoices`;

export function PayOnline({ invoice }: Props) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const attempt = useAttempt();
  const unavailable = useCallback(() => setState({ step: 'desk', why: 'unloaded' }), []);

  async function start() {
    setState({ step: 'asking' });
    setError(null);
    try {
      const answer = await attempt.send<CheckoutAnswer>(`/api/invoices/${invoice.id}/checkout`, {});
      if (answer.publishableKey) setState({ step: 'card', answer: { ...answer, publishableKey: answer.publishableKey } });
      else setState({ step: 'desk', why: 'disabled' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ONLINE_PAYMENT_DISABLED') return setState({ step: 'desk', why: 'disabled' });
      setError(err);
      setState({ step: 'idle' });
    }
  }

  if (state.step === 'desk')
    return (
      <div className="billing-desk-only" role="alert">
        <p className="error">
          {state.why === 'disabled'
            ? SENTENCES.ONLINE_PAYMENT_DISABLED
            : 'The secure card form could not be loaded. Check the connection and try again later, or pay at the desk.'}
        </p>
        <p>Pay at the desk: reception takes cash and cards, and can print your receipt.</p>
      </div>
    );
  if (state.step === 'card')
    return (
      <Suspense fallback={<Loading what="Opening the secure card form" />}>
        <StripePayment answer={state.answer} returnUrl={returnUrlFor(invoice.id)} onUnavailable={unavailable} />
      </Suspense>
    );
  return (
    <>
      <Problem error={error} currency={invoice.currency} />
      <button
        type="button"
        className="primary"
        aria-disabled={state.step === 'asking' || undefined}
        onClick={() => state.step === 'idle' && start()}
      >
        {state.step === 'asking' ? 'Preparing payment…' : 'Pay online'}
      </button>
    </>
  );
}
