// Billing: invoices per visit with their lines, payments (at the desk and online), refunds,
// insurance claims, the Stripe events received, online checkouts and the daily cash-up of a desk.
// Money is integer minor units of the invoice's currency (ISO 4217, the location's); totals live on
// the invoice row, locked and rewritten in the same transaction as the line, payment or refund that
// changes them, and CHECK constraints keep them consistent whatever the concurrency:
// 0 <= paid <= total, and a payment is never refunded beyond its amount.
import { sql } from 'drizzle-orm';
import { check, date, index, int, json, mysqlEnum, mysqlTable, primaryKey, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { patients } from './people.js';
import { dispenseLines } from './pharmacy.js';
import { appointments } from './scheduling.js';
import { users } from './users.js';

export const INVOICE_STATUSES = ['open', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_LINE_KINDS = ['consultation', 'medication', 'other'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];
export const PAYMENT_METHODS = ['cash', 'card', 'insurance', 'wallet'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Who moved the money: the desk (cash drawer, card terminal, an insurer's remittance) or Stripe online. */
export const PAYMENT_GATEWAYS = ['desk', 'stripe'] as const;
export type PaymentGateway = (typeof PAYMENT_GATEWAYS)[number];
export const REFUND_STATUSES = ['succeeded', 'pending', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export const CLAIM_STATUSES = ['pending', 'approved', 'denied'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CHECKOUT_STATUSES = ['requires_payment', 'succeeded', 'failed', 'cancelled'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];
/** What became of a Stripe event: kept whatever it was, so nothing Stripe sent is lost. */
export const STRIPE_EVENT_OUTCOMES = ['recorded', 'already_recorded', 'needs_review', 'ignored', 'failed_payment'] as const;
export type StripeEventOutcome = (typeof STRIPE_EVENT_OUTCOMES)[number];

/** Gapless numbers per year and kind (INV-2026-000001, RCT-2026-000001), taken inside the creating transaction. */
export const billingCounters = mysqlTable(
  'billing_counters',
  {
    kind: mysqlEnum('kind', ['invoice', 'receipt']).notNull(),
    year: smallint('year').notNull(),
    lastNumber: int('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

export const invoices = mysqlTable(
  'invoices',
  {
    id: idColumn(),
    number: varchar('number', { length: 20 }).notNull(),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    /** The visit billed (every invoice belongs to one). */
    appointmentId: idRef('appointment_id')
      .notNull()
      .references(() => appointments.id),
    /**
     * Set only on the visit's own invoice (the consultation one): unique, so completing a visit twice,
     * or concurrently, can never bill it twice. A pharmacy invoice made later for the same visit has null.
     */
    visitAppointmentId: idRef('visit_appointment_id').references(() => appointments.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    currency: varchar('currency', { length: 3 }).notNull(),
    status: mysqlEnum('status', INVOICE_STATUSES).notNull(),
    /** Sum of the lines not voided. */
    totalMinor: int('total_minor').notNull().default(0),
    /** Payments received less refunds: what the patient has settled. */
    paidMinor: int('paid_minor').notNull().default(0),
    voidReason: varchar('void_reason', { length: 500 }),
    voidedBy: idRef('voided_by').references(() => users.id),
    voidedAt: instant('voided_at'),
    /** Null when the system made it (a completed visit, a dispense). */
    createdBy: idRef('created_by').references(() => users.id),
    version: int('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('invoices_number_unique').on(t.number),
    uniqueIndex('invoices_visit_unique').on(t.visitAppointmentId),
    index('invoices_patient_idx').on(t.patientId, t.createdAt),
    index('invoices_appointment_idx').on(t.appointmentId),
    index('invoices_location_status_idx').on(t.locationId, t.status),
    check('invoices_total_not_negative', sql`${t.totalMinor} >= 0`),
    check('invoices_paid_within_total', sql`${t.paidMinor} >= 0 and ${t.paidMinor} <= ${t.totalMinor}`),
  ],
);

export const invoiceLines = mysqlTable(
  'invoice_lines',
  {
    id: idColumn(),
    invoiceId: idRef('invoice_id')
      .notNull()
      .references(() => invoices.id),
    position: smallint('position').notNull(),
    kind: mysqlEnum('kind', INVOICE_LINE_KINDS).notNull(),
    description: varchar('description', { length: 200 }).notNull(),
    quantity: int('quantity').notNull(),
    unitAmountMinor: int('unit_amount_minor').notNull(),
    amountMinor: int('amount_minor').notNull(),
    /** The dispensed medicine this line bills: unique, so a dispense is billed once. */
    dispenseLineId: idRef('dispense_line_id').references(() => dispenseLines.id),
    reason: varchar('reason', { length: 500 }),
    createdBy: idRef('created_by').references(() => users.id),
    createdAt: instant('created_at')
      .notNull()
      .$defaultFn(() => new Date()),
    voidedAt: instant('voided_at'),
    voidedBy: idRef('voided_by').references(() => users.id),
    voidReason: varchar('void_reason', { length: 500 }),
  },
  (t) => [
    index('invoice_lines_invoice_idx').on(t.invoiceId, t.position),
    uniqueIndex('invoice_lines_dispense_unique').on(t.dispenseLineId),
    check('invoice_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('invoice_lines_unit_not_negative', sql`${t.unitAmountMinor} >= 0`),
    check('invoice_lines_amount_product', sql`${t.amountMinor} = ${t.quantity} * ${t.unitAmountMinor}`),
  ],
);

export const payments = mysqlTable(
  'payments',
  {
    id: idColumn(),
    invoiceId: idRef('invoice_id')
      .notNull()
      .references(() => invoices.id),
    /** RCT-YYYY-NNNNNN, gapless per year. */
    receiptNumber: varchar('receipt_number', { length: 20 }).notNull(),
    method: mysqlEnum('method', PAYMENT_METHODS).notNull(),
    gateway: mysqlEnum('gateway', PAYMENT_GATEWAYS).notNull(),
    amountMinor: int('amount_minor').notNull(),
    refundedMinor: int('refunded_minor').notNull().default(0),
    currency: varchar('currency', { length: 3 }).notNull(),
    /** The card terminal's or insurer's reference, typed at the desk. */
    reference: varchar('reference', { length: 100 }),
    /** The gateway's id for the money (a Stripe PaymentIntent): unique, so one charge is recorded once. */
    gatewayPaymentId: varchar('gateway_payment_id', { length: 100 }),
    /** Where the money came in: the location and its desk (the cash-up's unit). */
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    desk: varchar('desk', { length: 40 }).notNull().default('front'),
    receivedBy: idRef('received_by').references(() => users.id),
    receivedAt: instant('received_at').notNull(),
    /** The insurance claim whose approval this payment is. */
    claimId: idRef('claim_id'),
  },
  (t) => [
    uniqueIndex('payments_receipt_unique').on(t.receiptNumber),
    uniqueIndex('payments_gateway_unique').on(t.gateway, t.gatewayPaymentId),
    index('payments_invoice_idx').on(t.invoiceId),
    index('payments_location_received_idx').on(t.locationId, t.receivedAt),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
    check('payments_refunded_within_amount', sql`${t.refundedMinor} >= 0 and ${t.refundedMinor} <= ${t.amountMinor}`),
  ],
);

export const refunds = mysqlTable(
  'refunds',
  {
    id: idColumn(),
    paymentId: idRef('payment_id')
      .notNull()
      .references(() => payments.id),
    amountMinor: int('amount_minor').notNull(),
    reason: varchar('reason', { length: 500 }).notNull(),
    status: mysqlEnum('status', REFUND_STATUSES).notNull(),
    /** Stripe's refund id for an online payment. */
    gatewayRefundId: varchar('gateway_refund_id', { length: 100 }),
    /** Where the money went out (a cash refund leaves this desk's drawer). */
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    desk: varchar('desk', { length: 40 }).notNull().default('front'),
    refundedBy: idRef('refunded_by').references(() => users.id),
    refundedAt: instant('refunded_at').notNull(),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId),
    uniqueIndex('refunds_gateway_unique').on(t.gatewayRefundId),
    index('refunds_location_at_idx').on(t.locationId, t.refundedAt),
    check('refunds_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);

export const insuranceClaims = mysqlTable(
  'insurance_claims',
  {
    id: idColumn(),
    invoiceId: idRef('invoice_id')
      .notNull()
      .references(() => invoices.id),
    provider: varchar('provider', { length: 120 }).notNull(),
    policyNumber: varchar('policy_number', { length: 60 }).notNull(),
    /** What the insurer is asked to pay; the rest of the balance is the patient's share. */
    claimedMinor: int('claimed_minor').notNull(),
    status: mysqlEnum('status', CLAIM_STATUSES).notNull(),
    approvedMinor: int('approved_minor'),
    decisionReason: varchar('decision_reason', { length: 500 }),
    decidedBy: idRef('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    createdBy: idRef('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('insurance_claims_invoice_idx').on(t.invoiceId),
    index('insurance_claims_status_idx').on(t.status, t.createdAt),
    check('insurance_claims_claimed_positive', sql`${t.claimedMinor} > 0`),
  ],
);

/** A PaymentIntent made for a patient paying an invoice online; one open at a time per invoice. */
export const onlineCheckouts = mysqlTable(
  'online_checkouts',
  {
    id: idColumn(),
    invoiceId: idRef('invoice_id')
      .notNull()
      .references(() => invoices.id),
    paymentIntentId: varchar('payment_intent_id', { length: 100 }).notNull(),
    amountMinor: int('amount_minor').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    status: mysqlEnum('status', CHECKOUT_STATUSES).notNull(),
    failureCode: varchar('failure_code', { length: 100 }),
    createdBy: idRef('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('online_checkouts_intent_unique').on(t.paymentIntentId), index('online_checkouts_invoice_idx').on(t.invoiceId)],
);

/**
 * Every verified Stripe event, once (the event id is the key): what it was about and what became
 * of it. An event that cannot be matched to an invoice is kept `needs_review` for a person.
 */
export const stripeEvents = mysqlTable(
  'stripe_events',
  {
    id: varchar('id', { length: 255 }).primaryKey(),
    type: varchar('type', { length: 100 }).notNull(),
    objectId: varchar('object_id', { length: 100 }),
    invoiceId: idRef('invoice_id'),
    amountMinor: int('amount_minor'),
    currency: varchar('currency', { length: 3 }),
    outcome: mysqlEnum('outcome', STRIPE_EVENT_OUTCOMES).notNull(),
    note: varchar('note', { length: 300 }),
    /** Stripe's `created` (when the event happened), for ordering out-of-order deliveries. */
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull(),
    reviewedBy: idRef('reviewed_by').references(() => users.id),
    reviewedAt: instant('reviewed_at'),
  },
  (t) => [index('stripe_events_object_idx').on(t.objectId), index('stripe_events_outcome_idx').on(t.outcome, t.receivedAt)],
);

/** The close of one desk's day: what the payments say should be there, by method, and what was counted. */
export const cashUps = mysqlTable(
  'cash_ups',
  {
    id: idColumn(),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    desk: varchar('desk', { length: 40 }).notNull(),
    /** The location's local calendar day. */
    day: date('day', { mode: 'string' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    /** {cash: 12000, card: 4500, …}: payments less refunds of the day at this desk. */
    expected: json('expected').$type<Record<string, number>>().notNull(),
    counted: json('counted').$type<Record<string, number>>().notNull(),
    differenceMinor: int('difference_minor').notNull(),
    note: varchar('note', { length: 500 }),
    closedBy: idRef('closed_by')
      .notNull()
      .references(() => users.id),
    closedAt: instant('closed_at').notNull(),
  },
  (t) => [uniqueIndex('cash_ups_desk_day_unique').on(t.locationId, t.desk, t.day)],
);
