// The money ledger: the only code that writes invoices' totals, payments and refunds. Every change
// runs inside the caller's transaction with the invoice row locked (FOR UPDATE) first, so two
// payments of one invoice queue behind each other and each sees the balance the other left:
// OVERPAYMENT is decided on committed truth, whatever the concurrency. The totals are recomputed
// from the lines and payments each time (never incremented), and CHECK constraints in the table
// refuse a paid amount above the total or a refund above its payment should a bug try.
// Long file: every write of money stays in this one file on purpose, so its locking can be reviewed in one place.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import {
  billingCounters,
  type InvoiceLineKind,
  type InvoiceStatus,
  insuranceClaims,
  invoiceLines,
  invoices,
  type PaymentGateway,
  type PaymentMethod,
  payments,
  type RefundStatus,
  refunds,
} from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { AppError, badRequest, ErrorCode } from '../../errors.js';
import { locationZone } from '../locations/repository.js';

export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;

/** open → partially_paid → paid; void is final. An invoice with nothing billed is open (nothing is owed). */
export function invoiceStatusOf(totalMinor: number, paidMinor: number, voided: boolean): InvoiceStatus {
  if (voided) return 'void';
  if (totalMinor > 0 && paidMinor >= totalMinor) return 'paid';
  return paidMinor > 0 ? 'partially_paid' : 'open';
}

type CounterKind = 'invoice' | 'receipt';

/** The counter of `kind` for the location's current year: its year and its row's condition. */
async function counterOf(tx: Tx, kind: CounterKind, locationId: string, now: Date) {
  const year = DateTime.fromJSDate(now, { zone: await locationZone(tx, locationId) }).year;
  return { kind, year, where: and(eq(billingCounters.kind, kind), eq(billingCounters.year, year)) };
}

/**
 * Runs `lock` (which takes the counter row's exclusive lock and says whether the row was there);
 * when it was not, makes the year's row and runs it again. Only the year's first number inserts:
 * an INSERT on an existing key takes a shared lock first, and two of those on one row deadlock.
 */
async function withCounterRow(tx: Tx, counter: { kind: CounterKind; year: number }, lock: () => Promise<boolean>): Promise<void> {
  if (await lock()) return;
  await tx.insert(billingCounters).ignore().values({ kind: counter.kind, year: counter.year, lastNumber: 0 });
  await lock();
}

/**
 * Takes the lock of the INV-/RCT- counter now, before a transaction's locking reads of invoices.
 * A locking read that finds no invoice gap-locks the index, and a transaction holding such a gap
 * while it waits for the counter deadlocks with one that holds the counter while it inserts an
 * invoice into that gap (bench:dispense: dozens a second). Taken first, the counter orders them.
 */
export async function lockBillingCounter(tx: Tx, kind: CounterKind, locationId: string, now: Date): Promise<void> {
  const counter = await counterOf(tx, kind, locationId, now);
  await withCounterRow(tx, counter, async () => {
    const rows = await tx.select({ n: billingCounters.lastNumber }).from(billingCounters).where(counter.where).for('update');
    return rows.length > 0;
  });
}

/** The next INV-/RCT- number of the location's current year: gapless, since it rolls back with the transaction. */
export async function nextBillingNumber(tx: Tx, kind: CounterKind, locationId: string, now: Date): Promise<string> {
  const counter = await counterOf(tx, kind, locationId, now);
  await withCounterRow(tx, counter, async () => {
    const [bumped] = await tx
      .update(billingCounters)
      .set({ lastNumber: sql`${billingCounters.lastNumber} + 1` })
      .where(counter.where);
    return bumped.affectedRows > 0;
  });
  const [row] = await tx.select({ n: billingCounters.lastNumber }).from(billingCounters).where(counter.where);
  return `${kind === 'invoice' ? 'INV' : 'RCT'}-${counter.year}-${String(row!.n).padStart(6, '0')}`;
}

/** Locks the invoice for the rest of the transaction; 404 when there is none. */
export async function lockInvoice(tx: Tx, invoiceId: string): Promise<InvoiceRow> {
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
  if (!row) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such invoice');
  return row;
}

/** Locks a payment (and, first, its invoice: always invoice before payment, so locks never cross). */
export async function lockPayment(tx: Tx, paymentId: string): Promise<{ invoice: InvoiceRow; payment: PaymentRow }> {
  const [peek] = await tx.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.id, paymentId));
  if (!peek) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such payment');
  const invoice = await lockInvoice(tx, peek.invoiceId);
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
  return { invoice, payment: payment! };
}

/** What is still owed. */
export const balanceOf = (invoice: Pick<InvoiceRow, 'totalMinor' | 'paidMinor' | 'status'>) =>
  invoice.status === 'void' ? 0 : invoice.totalMinor - invoice.paidMinor;

/**
 * Rewrites the invoice's total (lines not voided), paid (payments less refunds) and status from
 * their sources, and bumps its version. Call with the invoice locked, after every change.
 *
 * The sums are locking reads on purpose. InnoDB's plain reads see the transaction's snapshot, taken
 * at its first plain read, which may be older than the invoice lock: a webhook that looked the
 * invoice up, then waited for the lock while the desk took a payment, would sum the payments as
 * they were before that payment and write a paid figure that forgets it. A locking read sees what
 * is committed now, and every writer of these rows holds the invoice lock, so nothing moves under it.
 */
export async function settleInvoice(tx: Tx, invoice: InvoiceRow): Promise<InvoiceRow> {
  const [lines] = await tx
    .select({ total: sql<string | null>`sum(${invoiceLines.amountMinor})` })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoice.id), isNull(invoiceLines.voidedAt)))
    .for('update');
  const [paid] = await tx
    .select({ paid: sql<string | null>`sum(${payments.amountMinor} - ${payments.refundedMinor})` })
    .from(payments)
    .where(eq(payments.invoiceId, invoice.id))
    .for('update');
  const totalMinor = Number(lines?.total ?? 0);
  const paidMinor = Number(paid?.paid ?? 0);
  const status = invoiceStatusOf(totalMinor, paidMinor, invoice.status === 'void');
  const next = { totalMinor, paidMinor, status, version: invoice.version + 1 };
  await tx.update(invoices).set(next).where(eq(invoices.id, invoice.id));
  return { ...invoice, ...next, updatedAt: new Date() };
}

export interface NewInvoice {
  patientId: string;
  appointmentId: string;
  /** Set for the visit's own (consultation) invoice: unique per visit. */
  visitAppointmentId?: string | null;
  locationId: string;
  currency: string;
  createdBy: string | null;
}

/** A new open invoice with its number, empty until lines are added. */
export async function createInvoice(tx: Tx, input: NewInvoice, now = new Date()): Promise<InvoiceRow> {
  const row = {
    id: newId(),
    number: await nextBillingNumber(tx, 'invoice', input.locationId, now),
    patientId: input.patientId,
    appointmentId: input.appointmentId,
    visitAppointmentId: input.visitAppointmentId ?? null,
    locationId: input.locationId,
    currency: input.currency,
    status: 'open' as const,
    totalMinor: 0,
    paidMinor: 0,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(invoices).values(row);
  const [stored] = await tx.select().from(invoices).where(eq(invoices.id, row.id));
  return stored!;
}

/** The largest line (quantity × unit) and invoice total: far below the INT columns' limit, so no sum overflows into a 500. */
export const MAX_LINE_MINOR = 100_000_000;
export const MAX_INVOICE_MINOR = 1_000_000_000;

export interface NewLine {
  kind: InvoiceLineKind;
  description: string;
  quantity: number;
  unitAmountMinor: number;
  dispenseLineId?: string | null;
  reason?: string | null;
  createdBy: string | null;
}

/**
 * Adds lines to a locked invoice and settles it. Refused on a void invoice; on a paid one only the
 * system may add (a dispense after payment re-opens the balance), never staff (INVOICE_PAID).
 */
export async function addLines(tx: Tx, invoice: InvoiceRow, lines: NewLine[], opts: { bySystem?: boolean } = {}) {
  if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void');
  if (invoice.status === 'paid' && !opts.bySystem) throw new AppError(409, ErrorCode.INVOICE_PAID, 'This invoice is paid in full');
  if (!lines.length) return invoice;
  const added = lines.reduce((sum, line) => {
    const amount = line.quantity * line.unitAmountMinor;
    if (amount > MAX_LINE_MINOR) throw badRequest(`A line may come to at most ${MAX_LINE_MINOR} minor units`, { maxMinor: MAX_LINE_MINOR });
    return sum + amount;
  }, 0);
  if (invoice.totalMinor + added > MAX_INVOICE_MINOR) {
    throw badRequest(`An invoice may come to at most ${MAX_INVOICE_MINOR} minor units`, { maxMinor: MAX_INVOICE_MINOR });
  }
  const [last] = await tx
    .select({ n: sql<number | null>`max(${invoiceLines.position})` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice.id))
    .for('update'); // the current last line, not the snapshot's (see settleInvoice)
  let position = Number(last?.n ?? 0);
  await tx.insert(invoiceLines).values(
    lines.map((line) => ({
      id: newId(),
      invoiceId: invoice.id,
      position: ++position,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      amountMinor: line.quantity * line.unitAmountMinor,
      dispenseLineId: line.dispenseLineId ?? null,
      reason: line.reason ?? null,
      createdBy: line.createdBy,
    })),
  );
  return settleInvoice(tx, invoice);
}

/** Voids one line of a locked invoice (kept, struck through), refusing to leave less owed than was paid. */
export async function voidLine(tx: Tx, invoice: InvoiceRow, lineId: string, reason: string, by: string, now = new Date()) {
  if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void');
  if (invoice.status === 'paid') throw new AppError(409, ErrorCode.INVOICE_PAID, 'This invoice is paid in full');
  const [line] = await tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoice.id)))
    .for('update'); // whether it is voided now, not in the snapshot (see settleInvoice)
  if (!line) throw new AppError(404, ErrorCode.NOT_FOUND, 'No such line on this invoice');
  if (line.voidedAt) throw new AppError(409, ErrorCode.LINE_VOIDED, 'This line is voided already');
  if (invoice.totalMinor - line.amountMinor < invoice.paidMinor) {
    throw new AppError(409, ErrorCode.LINE_BELOW_PAID, 'Voiding this line would leave less owed than was paid; refund first', {
      paidMinor: invoice.paidMinor,
    });
  }
  await tx.update(invoiceLines).set({ voidedAt: now, voidedBy: by, voidReason: reason }).where(eq(invoiceLines.id, lineId));
  return settleInvoice(tx, invoice);
}

/** Voids a locked invoice that holds no money (payments refunded in full first). */
export async function voidInvoice(tx: Tx, invoice: InvoiceRow, reason: string, by: string, now = new Date()) {
  if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void already');
  if (invoice.paidMinor > 0) {
    throw new AppError(409, ErrorCode.INVOICE_HAS_PAYMENTS, 'Refund the payments on this invoice before voiding it', {
      paidMinor: invoice.paidMinor,
    });
  }
  const next = { status: 'void' as const, voidReason: reason, voidedBy: by, voidedAt: now, version: invoice.version + 1 };
  await tx.update(invoices).set(next).where(eq(invoices.id, invoice.id));
  return { ...invoice, ...next };
}

export interface NewPayment {
  method: PaymentMethod;
  gateway: PaymentGateway;
  amountMinor: number;
  reference?: string | null;
  gatewayPaymentId?: string | null;
  /** Where the money came in; defaults to the invoice's location and the front desk. */
  locationId?: string;
  desk?: string;
  receivedBy: string | null;
  claimId?: string | null;
}

/**
 * What pending insurance claims on a locked invoice ask of the insurer (but `exceptClaimId`'s own):
 * that part of the balance is the insurer's to pay, not the patient's, until the claim is decided.
 */
export async function reservedForInsurance(tx: Tx | Database, invoiceId: string, exceptClaimId: string | null = null): Promise<number> {
  const [row] = await tx
    .select({ reserved: sql<string | null>`sum(${insuranceClaims.claimedMinor})` })
    .from(insuranceClaims)
    .where(
      and(
        eq(insuranceClaims.invoiceId, invoiceId),
        eq(insuranceClaims.status, 'pending'),
        exceptClaimId ? ne(insuranceClaims.id, exceptClaimId) : undefined,
      ),
    )
    .for('update');
  return Number(row?.reserved ?? 0);
}

/** What can be paid on a locked invoice now: the balance less what pending claims leave to the insurer. */
export async function payableOf(tx: Tx | Database, invoice: InvoiceRow, exceptClaimId: string | null = null): Promise<number> {
  return Math.max(0, balanceOf(invoice) - (await reservedForInsurance(tx, invoice.id, exceptClaimId)));
}

/**
 * Records money received on a locked invoice: refused on a void one (INVOICE_VOID) or above what
 * can be paid (OVERPAYMENT, also when nothing can): the balance, less what a pending insurance claim
 * leaves to the insurer (an insurer's payment is the claim's own, so its claim does not count).
 * Returns the payment and the settled invoice.
 */
export async function recordPayment(tx: Tx, invoice: InvoiceRow, input: NewPayment, now = new Date()) {
  if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void');
  const balanceMinor = balanceOf(invoice);
  const reservedMinor = await reservedForInsurance(tx, invoice.id, input.claimId ?? null);
  const payableMinor = Math.max(0, balanceMinor - reservedMinor);
  // An amount above what is owed is OVERPAYMENT even when nothing is owed any more: the payments
  // that lose a race for the last of the balance all answer alike, with the balance they met.
  // (A checkout, which asks no amount, says NOTHING_TO_PAY itself before it gets here.)
  if (input.amountMinor > payableMinor) {
    const message = reservedMinor
      ? `The payment exceeds the ${payableMinor} the patient owes (${reservedMinor} of the balance is claimed from the insurer)`
      : `The payment exceeds the balance of ${balanceMinor}`;
    throw new AppError(409, ErrorCode.OVERPAYMENT, message, {
      balanceMinor,
      ...(reservedMinor && { payableMinor, reservedForInsuranceMinor: reservedMinor }),
    });
  }
  if (balanceMinor <= 0) throw new AppError(409, ErrorCode.NOTHING_TO_PAY, 'Nothing is owed on this invoice', { balanceMinor });
  const payment: PaymentRow = {
    id: newId(),
    invoiceId: invoice.id,
    receiptNumber: await nextBillingNumber(tx, 'receipt', invoice.locationId, now),
    method: input.method,
    gateway: input.gateway,
    amountMinor: input.amountMinor,
    refundedMinor: 0,
    currency: invoice.currency,
    reference: input.reference ?? null,
    gatewayPaymentId: input.gatewayPaymentId ?? null,
    locationId: input.locationId ?? invoice.locationId,
    desk: input.desk ?? 'front',
    receivedBy: input.receivedBy,
    receivedAt: now,
    claimId: input.claimId ?? null,
  };
  await tx.insert(payments).values(payment);
  return { payment, invoice: await settleInvoice(tx, invoice) };
}

export interface NewRefund {
  amountMinor: number;
  reason: string;
  status?: RefundStatus;
  gatewayRefundId?: string | null;
  locationId?: string;
  desk?: string;
  refundedBy: string | null;
}

/**
 * Records money given back on a locked payment (and its locked invoice): never above what is left
 * of the payment (REFUND_EXCEEDS_PAYMENT). A refund that failed at the gateway is kept for the
 * record but moves no money.
 */
export async function recordRefund(tx: Tx, invoice: InvoiceRow, payment: PaymentRow, input: NewRefund, now = new Date()) {
  const refundableMinor = payment.amountMinor - payment.refundedMinor;
  const status = input.status ?? 'succeeded';
  if (status !== 'failed' && input.amountMinor > refundableMinor) {
    throw new AppError(409, ErrorCode.REFUND_EXCEEDS_PAYMENT, `At most ${refundableMinor} can be refunded on this payment`, {
      refundableMinor,
    });
  }
  const refund: RefundRow = {
    id: newId(),
    paymentId: payment.id,
    amountMinor: input.amountMinor,
    reason: input.reason,
    status,
    gatewayRefundId: input.gatewayRefundId ?? null,
    locationId: input.locationId ?? payment.locationId,
    desk: input.desk ?? payment.desk,
    refundedBy: input.refundedBy,
    refundedAt: now,
  };
  await tx.insert(refunds).values(refund);
  const refundedMinor = status === 'failed' ? payment.refundedMinor : payment.refundedMinor + input.amountMinor;
  if (refundedMinor !== payment.refundedMinor) await tx.update(payments).set({ refundedMinor }).where(eq(payments.id, payment.id));
  return { refund, payment: { ...payment, refundedMinor }, invoice: await settleInvoice(tx, invoice) };
}

/**
 * Moves a pending refund (a Stripe refund that settles later) to its outcome. A pending refund
 * already counts against the payment (so it cannot be refunded twice); one that fails gives it back.
 */
export async function settleRefund(tx: Tx, invoice: InvoiceRow, payment: PaymentRow, refund: RefundRow, status: 'succeeded' | 'failed') {
  if (refund.status !== 'pending') return { refund, invoice };
  await tx.update(refunds).set({ status }).where(eq(refunds.id, refund.id));
  if (status === 'failed') {
    await tx
      .update(payments)
      .set({ refundedMinor: payment.refundedMinor - refund.amountMinor })
      .where(eq(payments.id, payment.id));
  }
  return { refund: { ...refund, status }, invoice: await settleInvoice(tx, invoice) };
}
