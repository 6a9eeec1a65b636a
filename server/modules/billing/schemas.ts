// Billing's API shapes (API.md "Billing"): invoices with their lines, payments, refunds, insurance
// claims, online checkout and the daily cash-up. Amounts are integer minor units of `currency`
// (ISO 4217, the location's): 1050 USD is $10.50, 1050 JPY is ¥1,050.
import { type Static, Type } from 'typebox';
import { CLAIM_STATUSES, INVOICE_LINE_KINDS, INVOICE_STATUSES, PAYMENT_METHODS } from '../../../db/schema/index.js';
import { CalendarDate, Id, Written } from '../../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const At = Type.String({ format: 'date-time' });
/** An amount typed by staff: a positive whole number of minor units, at most 100 million (1,000,000.00). */
export const AmountMinor = Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'Minor units (cents), > 0' });
export const Reason = Written(500);
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. USD' });
/** A desk of a location (cash drawer): letters, digits, dashes; "front" when not said. */
export const Desk = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
  description: 'The desk (cash drawer) at the location; default "front"',
});

export const InvoiceLine = Type.Object({
  id: Id,
  kind: Type.Enum(INVOICE_LINE_KINDS),
  description: Type.String(),
  quantity: Type.Integer(),
  unitAmountMinor: Type.Integer(),
  amountMinor: Type.Integer(),
  /** Why staff added it (manual lines). */
  reason: Nullable(Type.String()),
  createdAt: At,
  voided: Type.Boolean(),
  voidedAt: Nullable(At),
  voidReason: Nullable(Type.String()),
});

export const Payment = Type.Object({
  id: Id,
  invoiceId: Id,
  receiptNumber: Type.String({ description: 'RCT-YYYY-NNNNNN' }),
  method: Type.Enum(PAYMENT_METHODS),
  gateway: Type.Union([Type.Literal('desk'), Type.Literal('stripe')]),
  amountMinor: Type.Integer(),
  refundedMinor: Type.Integer(),
  currency: Type.String(),
  reference: Nullable(Type.String()),
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('partially_refunded'), Type.Literal('refunded')]),
  desk: Type.String(),
  receivedBy: Nullable(Id),
  receivedAt: At,
});

export const Refund = Type.Object({
  id: Id,
  paymentId: Id,
  amountMinor: Type.Integer(),
  currency: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('pending'), Type.Literal('failed')]),
  refundedBy: Nullable(Id),
  refundedAt: At,
});

export const InsuranceClaim = Type.Object({
  id: Id,
  invoiceId: Id,
  provider: Type.String(),
  policyNumber: Type.String(),
  claimedMinor: Type.Integer(),
  /** What the patient pays: the balance at claim time less what is claimed. */
  patientShareMinor: Type.Integer(),
  status: Type.Enum(CLAIM_STATUSES),
  approvedMinor: Nullable(Type.Integer()),
  decisionReason: Nullable(Type.String()),
  decidedAt: Nullable(At),
  createdAt: At,
});

export const Invoice = Type.Object({
  id: Id,
  number: Type.String({ description: 'INV-YYYY-NNNNNN, gapless per year' }),
  patientId: Id,
  /** Name as staff see it; a patient sees their own. */
  patientName: Type.String(),
  appointmentId: Id,
  locationId: Id,
  status: Type.Enum(INVOICE_STATUSES),
  /** True while an insurance claim on it waits for the insurer. */
  insurancePending: Type.Boolean(),
  currency: Type.String(),
  lines: Type.Array(InvoiceLine),
  totalMinor: Type.Integer(),
  paidMinor: Type.Integer({ description: 'Payments less refunds' }),
  balanceMinor: Type.Integer(),
  payments: Type.Array(Payment),
  refunds: Type.Array(Refund),
  claims: Type.Array(InsuranceClaim),
  voidReason: Nullable(Type.String()),
  createdAt: At,
  updatedAt: At,
  version: Type.Integer(),
});
export type InvoiceView = Static<typeof Invoice>;

export const InvoiceSummary = Type.Pick(Invoice, [
  'id',
  'number',
  'patientId',
  'patientName',
  'appointmentId',
  'locationId',
  'status',
  'insurancePending',
  'currency',
  'totalMinor',
  'paidMinor',
  'balanceMinor',
  'createdAt',
]);

export const InvoiceListQuery = Type.Object(
  {
    patientId: Type.Optional(Id),
    appointmentId: Type.Optional(Id),
    locationId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(INVOICE_STATUSES)),
    /** Local calendar days of creation, inclusive. */
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const AddLineBody = Type.Object(
  {
    description: Written(200),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    unitAmountMinor: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    reason: Reason,
    baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const VoidBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const PaymentBody = Type.Object(
  {
    method: Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('insurance'), Type.Literal('wallet')]),
    amountMinor: AmountMinor,
    reference: Type.Optional(Written(100)),
    desk: Type.Optional(Desk),
  },
  { additionalProperties: false },
);

export const RefundBody = Type.Object(
  { amountMinor: AmountMinor, reason: Reason, desk: Type.Optional(Desk) },
  { additionalProperties: false },
);

export const ClaimBody = Type.Object(
  { provider: Written(120), policyNumber: Written(60), claimedMinor: AmountMinor },
  { additionalProperties: false },
);

export const ClaimDecisionBody = Type.Object(
  {
    status: Type.Union([Type.Literal('approved'), Type.Literal('denied')]),
    approvedMinor: Type.Optional(AmountMinor),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);

export const CheckoutAnswer = Type.Object({
  provider: Type.Literal('stripe'),
  clientSecret: Type.String(),
  paymentIntentId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  publishableKey: Nullable(Type.String()),
});

const ByMethod = Type.Record(Type.String(), Type.Integer(), { description: 'Minor units by payment method' });

/** One method's count: at most 400,000,000 minor units, so the four together (and their difference) fit the INT columns. */
const CountedMinor = Type.Integer({ minimum: 0, maximum: 400_000_000 });

export const CashUpBody = Type.Object(
  {
    locationId: Id,
    desk: Type.Optional(Desk),
    day: CalendarDate,
    counted: Type.Object(
      {
        cash: Type.Optional(CountedMinor),
        card: Type.Optional(CountedMinor),
        insurance: Type.Optional(CountedMinor),
        wallet: Type.Optional(CountedMinor),
      },
      { additionalProperties: false },
    ),
    note: Type.Optional(Reason),
  },
  { additionalProperties: false },
);

export const CashUp = Type.Object({
  id: Nullable(Id),
  locationId: Id,
  desk: Type.String(),
  day: Type.String(),
  currency: Type.String(),
  expected: ByMethod,
  counted: Nullable(ByMethod),
  differenceMinor: Nullable(Type.Integer({ description: 'Counted less expected; negative: short' })),
  note: Nullable(Type.String()),
  closedBy: Nullable(Id),
  closedAt: Nullable(At),
  payments: Type.Integer({ description: 'Payments taken at the desk that day' }),
  refunds: Type.Integer(),
});

/** Today's takings at a location (the reception's figure): received, refunded, net, by method. */
export const Takings = Type.Object({
  locationId: Id,
  day: Type.String(),
  currency: Type.String(),
  receivedMinor: Type.Integer(),
  refundedMinor: Type.Integer(),
  netMinor: Type.Integer(),
  byMethod: ByMethod,
  payments: Type.Integer(),
  outstandingMinor: Type.Integer({ description: 'Owed on the location’s open and partly paid invoices' }),
});

export const LineParams = Type.Object({ id: Id, lineId: Id }, { additionalProperties: false });

export const InvoiceList = Type.Object({ invoices: Type.Array(InvoiceSummary) });

/**
 * What the audit log keeps with values for invoice and payment changes: the money state (totals,
 * status, version) and the payment's figures. Lines (their descriptions name medicines) and
 * reasons are recorded by name only.
 */
export const INVOICE_AUDIT_FIELDS = [
  'id',
  'number',
  'invoiceId',
  'patientId',
  'appointmentId',
  'locationId',
  'status',
  'currency',
  'totalMinor',
  'paidMinor',
  'balanceMinor',
  'version',
  'receiptNumber',
  'method',
  'gateway',
  'amountMinor',
  'refundedMinor',
  'desk',
  'receivedBy',
  'receivedAt',
] as const;
