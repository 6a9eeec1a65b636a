// Paying an invoice by card with Stripe's Payment Element, in its own chunk (loaded only when a
// patient chooses to pay online). Stripe.js comes from Stripe's servers: `@stripe/stripe-js/pure`
// fetches it when loadStripe() is called, not when this module is imported. The card details go
// from Stripe's frame to Stripe, never through the hub; confirmPayment() sends the patient to
// Stripe's checks (3-D Secure) and back to `returnUrl`, the invoice in the portal. The hub records the
// payment when Stripe's webhook says it succeeded.
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { type FormEvent, useEffect, useState } from 'react';
import { Loading } from '../../../components/ui';
import type { CheckoutAnswer } from '../../../lib/contract';
import { money } from '../../../lib/money';

/** One Stripe.js per publishable key for the page's life (loadStripe may only load the script once). */
const stripes = new Map<string, Promise<Stripe | null>>();

interface Props {
  answer: CheckoutAnswer & { publishableKey: string };
  returnUrl: string;
  /** Stripe.js could not be loaded (offline, blocked): the portal offers the desk instead. */
  onUnavailable: () => void;
}

export default function StripePayment({ answer, returnUrl, onUnavailable }: Props) {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  useEffect(() => {
    let current = true;
    let loading = stripes.get(answer.publishableKey);
    if (!loading) {
      loading = loadStripe(answer.publishableKey);
      stripes.set(answer.publishableKey, loading);
    }
    loading
      .then((s) => {
        if (!current) return;
        if (s) setStripe(s);
        else onUnavailable();
      })
      .catch(() => {
        stripes.delete(answer.publishableKey);
        if (current) onUnavailable();
      });
    return () => {
      current = false;
    };
  }, [answer.publishableKey, onUnavailable]);

  if (!stripe) return <Loading what="Opening the secure card form" />;
  return (
    <Elements stripe={stripe} options={{ clientSecret: answer.clientSecret }}>
      <CardForm answer={answer} returnUrl={returnUrl} />
    </Elements>
  );
}

function CardForm({ answer, returnUrl }: { answer: CheckoutAnswer; returnUrl: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function pay(e: FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || busy) return;
    setBusy(true);
    setProblem(null);
    // On success the browser leaves for returnUrl; only a refusal comes back here.
    const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: returnUrl } });
    setProblem(error.message ?? 'The card payment did not go through. Nothing was charged; please try again.');
    setBusy(false);
  }

  return (
    <form className="stack billing-card-form" onSubmit={pay} aria-label="Card payment">
      <PaymentElement />
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={!stripe || !elements} aria-disabled={busy || undefined}>
        {busy ? 'Paying…' : `Pay ${money(answer.amountMinor, answer.currency)}`}
      </button>
    </form>
  );
}
