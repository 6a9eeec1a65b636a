// Billing's reads beyond one invoice: the invoice list with its filters, the invoice a visit or a
// dispense bills onto (locked), and single payments. Writes of money stay in ledger.ts.
import { and, desc, eq, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { type InvoiceStatus, insuranceClaims, invoices, payments } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import type { InvoiceRow, PaymentRow } from './ledger.js';

type Reader = Database | Tx;

export interface InvoiceFilter {
  patientId?: string;
  appointmentId?: string;
  locationId?: string;
  status?: InvoiceStatus;
  /** Created at or after (inclusive). */
  from?: Date;
  /** Created before (exclusive). */
  to?: Date;
  limit: number;
}

/** Invoices matching the filter, newest first. */
export function listInvoiceRows(db: Reader, f: InvoiceFilter): Promise<InvoiceRow[]> {
  const where: (SQL | undefined)[] = [
    f.patientId ? eq(invoices.patientId, f.patientId) : undefined,
    f.appointmentId ? eq(invoices.appointmentId, f.appointmentId) : undefined,
    f.locationId ? eq(invoices.locationId, f.locationId) : undefined,
    f.status ? eq(invoices.status, f.status) : undefined,
    f.from ? gte(invoices.createdAt, f.from) : undefined,
    f.to ? lt(invoices.createdAt, f.to) : undefined,
  ];
  return db
    .select()
    .from(invoices)
    .where(and(...where))
    .orderBy(desc(invoices.createdAt), desc(invoices.number))
    .limit(f.limit);
}

/** Which of these invoices have an insurance claim waiting for the insurer. */
export async function invoicesWithPendingClaims(db: Reader, invoiceIds: string[]): Promise<Set<string>> {
  if (!invoiceIds.length) return new Set();
  const rows = await db
    .selectDistinct({ id: insuranceClaims.invoiceId })
    .from(insuranceClaims)
    .where(and(inArray(insuranceClaims.invoiceId, invoiceIds), eq(insuranceClaims.status, 'pending')));
  return new Set(rows.map((r) => r.id));
}

/**
 * The visit's own (consultation) invoice, locked; null before the visit is completed. A locking
 * read that finds nothing gap-locks the unique index, which blocks other visits' invoices being
 * made meanwhile: call it only where the visit is known to be billed, or the wait is worth it.
 */
export async function lockVisitInvoice(tx: Tx, appointmentId: string): Promise<InvoiceRow | null> {
  const [row] = await tx.select().from(invoices).where(eq(invoices.visitAppointmentId, appointmentId)).for('update');
  return row ?? null;
}

/** The visit's own invoice, read without a lock (see lockVisitInvoice); null when there is none. */
export async function findVisitInvoice(db: Reader, appointmentId: string): Promise<InvoiceRow | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.visitAppointmentId, appointmentId));
  return row ?? null;
}

/** An unpaid, not void pharmacy invoice of the visit at this location (the newest), locked; null when there is none. */
export async function lockOpenPharmacyInvoice(tx: Tx, appointmentId: string, locationId: string): Promise<InvoiceRow | null> {
  const [row] = await tx
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.appointmentId, appointmentId),
        eq(invoices.locationId, locationId),
        isNull(invoices.visitAppointmentId),
        inArray(invoices.status, ['open', 'partially_paid']),
      ),
    )
    .orderBy(desc(invoices.createdAt))
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function findPayment(db: Reader, paymentId: string): Promise<PaymentRow | null> {
  const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
  return row ?? null;
}

export async function findInvoiceRow(db: Reader, invoiceId: string): Promise<InvoiceRow | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  return row ?? null;
}

/** Whether anything was ever billed at the location (its currency is then fixed: amounts are in it). */
export async function locationHasInvoices(db: Reader, locationId: string): Promise<boolean> {
  const [row] = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.locationId, locationId)).limit(1);
  return row !== undefined;
}
