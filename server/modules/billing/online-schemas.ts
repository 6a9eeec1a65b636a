// Shapes of online payment and refunds beyond schemas.ts: what the webhook answers, the Stripe
// events kept for review, and the answer of a refund (schemas.ts Refund with the figures it moved).
import { Type } from 'typebox';
import { INVOICE_STATUSES, STRIPE_EVENT_OUTCOMES } from '../../../db/schema/index.js';
import { Id, Written } from '../../http/schemas.js';
import { Refund } from './schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const At = Type.String({ format: 'date-time' });

export const StripeEventOutcome = Type.Enum(STRIPE_EVENT_OUTCOMES);

export const WebhookAnswer = Type.Object({
  received: Type.Literal(true),
  eventId: Type.String(),
  outcome: StripeEventOutcome,
  /** True when this event id had been received before: nothing was done again. */
  duplicate: Type.Boolean(),
});

/** A Stripe event id (evt_…); the test-mode and live ids look alike. */
export const StripeEventParams = Type.Object(
  { id: Type.String({ pattern: '^evt_[A-Za-z0-9_]{1,250}$', description: 'Stripe event id, evt_…' }) },
  { additionalProperties: false },
);

export const StripeEventQuery = Type.Object(
  {
    outcome: Type.Optional(StripeEventOutcome),
    /** false: only those no one has reviewed yet. */
    reviewed: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object({ note: Type.Optional(Written(200)) }, { additionalProperties: false });

export const StripeEventView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  /** The PaymentIntent, charge or refund it was about. */
  objectId: Nullable(Type.String()),
  invoiceId: Nullable(Id),
  amountMinor: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  outcome: StripeEventOutcome,
  /** What the hub made of it, and (once reviewed) the reviewer's word. */
  note: Nullable(Type.String()),
  occurredAt: At,
  receivedAt: At,
  reviewedBy: Nullable(Id),
  reviewedAt: Nullable(At),
});

export const StripeEventList = Type.Object({ events: Type.Array(StripeEventView) });

/** The refund, with what it did to its payment and invoice (the audit's before/after reads these too). */
export const RefundAnswer = Type.Object({
  ...Refund.properties,
  payment: Type.Object({
    refundedMinor: Type.Integer(),
    status: Type.Union([Type.Literal('succeeded'), Type.Literal('partially_refunded'), Type.Literal('refunded')]),
  }),
  invoice: Type.Object({
    id: Id,
    totalMinor: Type.Integer(),
    paidMinor: Type.Integer(),
    balanceMinor: Type.Integer(),
    status: Type.Enum(INVOICE_STATUSES),
  }),
});

/** Kept with values in the audit log: amounts and states, never the reason (it may be clinical). */
export const REFUND_AUDIT_FIELDS = ['amountMinor', 'currency', 'status', 'paymentId', 'payment', 'invoice'] as const;
