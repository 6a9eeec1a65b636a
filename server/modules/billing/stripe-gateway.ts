// Stripe, behind the few calls billing makes: create a PaymentIntent, refund one, list its refunds,
// and verify a webhook's signature. The only file that imports the `stripe` SDK, so that its types
// and errors stop here: callers get plain shapes, and any failure of Stripe (refused, unreachable,
// timed out) is 502 PAYMENT_PROVIDER_ERROR. Every POST carries an idempotency key chosen by the
// caller, so a retry (ours, or the SDK's own after a dropped connection) never charges or refunds twice.
//
// Amounts: Stripe's "smallest currency unit" is the ISO 4217 minor unit the hub keeps (cents, yen).
// Stripe wants the currency in lower case.
import Stripe from 'stripe';
import type { StripeSettings } from '../../config.js';
import { AppError, ErrorCode } from '../../errors.js';

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
  amountMinor: number;
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
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: input.amountMinor,
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
        amountMinor: intent.amount,
        currency: intent.currency.toUpperCase(),
        status: intent.status,
      };
    } catch (err) {
      throw providerError(err);
    }
  }

  /** Refunds (part of) a PaymentIntent. `metadata` says which of ours it is (ids only: no reasons, no names). */
  async refund(
    input: { paymentIntentId: string; amountMinor: number; metadata: Record<string, string> },
    idempotencyKey: string,
  ): Promise<GatewayRefund> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: input.paymentIntentId, amount: input.amountMinor, metadata: input.metadata },
        { idempotencyKey },
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

function presentRefund(refund: Stripe.Refund): GatewayRefund {
  const pi = refund.payment_intent;
  return {
    id: refund.id,
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    amountMinor: refund.amount,
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
