// Stripe, behind the few calls billing makes: create a PaymentIntent, refund one, list its refunds,
// and verify a webhook's signature. The only file that imports the `stripe` SDK, so that its types
// and errors stop here: callers get plain shapes, and any failure of Stripe (refused, unreachable,
// timed out) is 502 PAYMENT_PROVIDER_ERROR. Every POST carries an idempotency key chosen by the
// caller, so a retry (ours, or the SDK's own after a dropped connection) never charges or refunds twice.
//
// Amounts: the hub's minor units follow Intl (money.ts currencyDigits); Stripe's "smallest currency
// unit" does not always (ISK is 0 digits for Intl and 2 for Stripe, LYD 3 and 2). Every amount
// crosses here through toStripeAmount / fromStripeAmount, which refuse what does not convert
// exactly rather than round money. Stripe wants the currency in lower case.
import Stripe from 'stripe';
import type { StripeSettings } from '../../config.js';
import { AppError, ErrorCode } from '../../errors.js';
import { currencyDigits } from './money.js';

// Stripe's own list (docs.stripe.com/currencies): zero-decimal currencies, and three-decimal ones whose
// amounts must end in 0. Every other currency is 2 decimals for Stripe, whatever ISO 4217 or Intl say.
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Digits after the decimal point in Stripe's amounts of `currency` (upper case). */
export function stripeDigits(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** `amount` with `from` digits written with `to` digits; null when that would drop a non-zero digit. */
function rescale(amount: number, from: number, to: number): number | null {
  if (!Number.isSafeInteger(amount)) return null;
  if (to >= from) {
    const scaled = amount * 10 ** (to - from);
    return Number.isSafeInteger(scaled) ? scaled : null;
  }
  const factor = 10 ** (from - to);
  return amount % factor === 0 ? amount / factor : null;
}

/** The hub's minor units of `currency` as Stripe's amount; null when Stripe cannot take exactly that. */
export function toStripeAmount(minor: number, currency: string): number | null {
  const amount = rescale(minor, currencyDigits(currency), stripeDigits(currency));
  if (amount === null) return null;
  // Stripe refuses three-decimal amounts that do not end in 0 (its card networks charge hundredths).
  return STRIPE_THREE_DECIMAL.has(currency) && amount % 10 !== 0 ? null : amount;
}

/** Stripe's amount of `currency` as the hub's minor units; null when it has more precision than the hub keeps. */
export function fromStripeAmount(amount: number, currency: string): number | null {
  return rescale(amount, stripeDigits(currency), currencyDigits(currency));
}

/** The Stripe amount of `minor`, or 409 naming the currency when Stripe cannot take exactly that amount. */
export function stripeAmountOrRefuse(minor: number, currency: string, what: string): number {
  const amount = toStripeAmount(minor, currency);
  if (amount === null) {
    throw new AppError(
      409,
      ErrorCode.ONLINE_PAYMENT_DISABLED,
      `${what} cannot go through Stripe in ${currency}: Stripe writes ${currency} with ${stripeDigits(currency)} decimals` +
        `${STRIPE_THREE_DECIMAL.has(currency) ? ' (the last one 0)' : ''} and this amount does not convert exactly; please use the desk`,
      { currency },
    );
  }
  return amount;
}

export interface CreatedIntent {
  id: string;
  clientSecret: string;
  amountMinor: number;
  /** Upper case, as the hub writes currencies. */
  currency: string;
  status: string;
}

export type GatewayRefundStatus = 'pending' | 'succeeded' | 'failed';

export interface GatewayRefund {
  id: string;
  paymentIntentId: string | null;
  /** In the hub's minor units; null when Stripe's amount does not convert exactly (kept for review). */
  amountMinor: number | null;
  /** Stripe's own amount and currency (upper case, null when Stripe did not say), for notes. */
  stripeAmount: number;
  currency: string | null;
  status: GatewayRefundStatus;
  /** What the hub wrote on it: paymentId (a refund made at the desk's request) or kind "excess". */
  metadata: Record<string, string>;
}

/** What the webhook reads of a verified event; `object` is Stripe's, unchecked beyond being an object. */
export interface VerifiedEvent {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  object: Record<string, unknown>;
}

/** Stripe's refund states in the hub's three: requires_action waits like pending; canceled moved no money. */
export function refundStatusOf(status: string | null | undefined): GatewayRefundStatus {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

const providerError = (err: unknown) => {
  const e = err as { type?: string; code?: string; statusCode?: number };
  // Stripe's error type and code only: its messages may quote what was sent.
  return new AppError(502, ErrorCode.PAYMENT_PROVIDER_ERROR, 'The payment provider refused or did not answer; nothing was recorded', {
    providerType: e.type ?? 'unknown',
    ...(e.code ? { providerCode: e.code } : {}),
  });
};

const invalidSignature = () => new AppError(400, ErrorCode.INVALID_SIGNATURE, 'Stripe-Signature does not match the body');

/**
 * A refund is asked of Stripe while the desk's transaction holds the invoice's and the payment's
 * locks (refunds.ts: so that a refund can never be issued twice, nor beyond the payment). Every
 * other payment, refund or webhook of that invoice waits meanwhile, and so does a MySQL connection:
 * the call gets a short timeout and at most one retry (the same idempotency key), not the 20 s and
 * two retries of the other calls. A refund that times out is a 502 with nothing recorded; asking
 * again with the same Idempotency-Key reaches the same Stripe refund.
 */
export const REFUND_CALL = { timeout: 8_000, maxNetworkRetries: 1 } as const;

export class StripeGateway {
  private readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    const api = settings.apiUrl ? new URL(settings.apiUrl) : null;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(api && {
        host: api.hostname,
        port: api.port || (api.protocol === 'https:' ? 443 : 80),
        protocol: api.protocol === 'https:' ? 'https' : 'http',
      }),
    });
  }

  get publishableKey(): string | null {
    return this.settings.publishableKey;
  }

  async createPaymentIntent(
    input: { amountMinor: number; currency: string; description: string; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<CreatedIntent> {
    const amount = stripeAmountOrRefuse(input.amountMinor, input.currency, 'Paying this invoice online');
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount,
          currency: input.currency.toLowerCase(),
          description: input.description,
          metadata: input.metadata,
          automatic_payment_methods: { enabled: true },
        },
        { idempotencyKey },
      );
      if (!intent.client_secret) throw Object.assign(new Error('no client secret'), { type: 'api_error' });
      return {
        id: intent.id,
        clientSecret: intent.client_secret,
        // Stripe answers the amount it was given: back in the hub's units exactly.
        amountMinor: fromStripeAmount(intent.amount, input.currency) ?? input.amountMinor,
        currency: intent.currency.toUpperCase(),
        status: intent.status,
      };
    } catch (err) {
      throw providerError(err);
    }
  }

  /** Refunds (part of) a PaymentIntent. `metadata` says which of ours it is (ids only: no reasons, no names). */
  async refund(
    input: { paymentIntentId: string; amountMinor: number; currency: string; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<GatewayRefund> {
    const amount = stripeAmountOrRefuse(input.amountMinor, input.currency, 'This refund');
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount, metadata: input.metadata },
        { idempotencyKey, ...REFUND_CALL },
      );
      return presentRefund(refund);
    } catch (err) {
      throw providerError(err);
    }
  }

  /** The refunds of a PaymentIntent (a charge.refunded event of recent API versions does not list them). */
  async refundsOf(paymentIntentId: string): Promise<GatewayRefund[]> {
    try {
      const list = await this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 });
      return list.data.map(presentRefund);
    } catch (err) {
      throw providerError(err);
    }
  }

  /** The event, if `signature` is Stripe's over exactly these bytes with our webhook secret (and fresh); else 400. */
  verifyEvent(rawBody: Buffer, signature: string | undefined): VerifiedEvent {
    if (!signature) throw invalidSignature();
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.settings.webhookSecret);
    } catch {
      throw invalidSignature();
    }
    const object = (event as { data?: { object?: unknown } }).data?.object;
    if (typeof event.id !== 'string' || typeof event.type !== 'string' || typeof event.created !== 'number' || !isObject(object)) {
      throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'Not a Stripe event (id, type, created, data.object)');
    }
    return { id: event.id, type: event.type, created: event.created, object };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A refund's amount in Stripe's terms and the hub's (null when inexact or the currency is unknown). */
export function refundAmount(stripeAmount: number, currency: unknown): Pick<GatewayRefund, 'amountMinor' | 'stripeAmount' | 'currency'> {
  const upper = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
  return { amountMinor: upper ? fromStripeAmount(stripeAmount, upper) : null, stripeAmount, currency: upper };
}

function presentRefund(refund: Stripe.Refund): GatewayRefund {
  const pi = refund.payment_intent;
  return {
    id: refund.id,
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    ...refundAmount(refund.amount, refund.currency),
    status: refundStatusOf(refund.status),
    metadata: { ...(refund.metadata ?? {}) },
  };
}

/** The gateway when online payment is configured; null turns checkout and the webhook into 409 ONLINE_PAYMENT_DISABLED. */
export const stripeGatewayFor = (settings: StripeSettings | null) => (settings ? new StripeGateway(settings) : null);

export function requireGateway(gateway: StripeGateway | null): StripeGateway {
  if (!gateway) {
    throw new AppError(409, ErrorCode.ONLINE_PAYMENT_DISABLED, 'Online payment is not set up at this clinic; please pay at the desk');
  }
  return gateway;
}
