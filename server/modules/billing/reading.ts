// An invoice as the API shows it (schemas.ts Invoice): the row with its lines, payments, refunds and
// insurance claims, read in one round of queries. Totals come from the row (the ledger keeps them),
// the balance is derived, and each payment's status from what was refunded of it.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { insuranceClaims, invoiceLines, invoices, payments, refunds } from '../../../db/schema/index.js';
import type { Tx } from '../../../db/transactions.js';
import { notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { patientLogin } from '../patients/repository.js';
import { assertCanReadInvoice } from './access.js';
import { balanceOf, type InvoiceRow, type PaymentRow, type RefundRow } from './ledger.js';
import type { InvoiceView } from './schemas.js';

type Reader = Database | Tx;
type ClaimRow = typeof insuranceClaims.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

export function presentPayment(p: PaymentRow): InvoiceView['payments'][number] {
  return {
    id: p.id,
    invoiceId: p.invoiceId,
    receiptNumber: p.receiptNumber,
    method: p.method,
    gateway: p.gateway,
    amountMinor: p.amountMinor,
    refundedMinor: p.refundedMinor,
    currency: p.currency,
    reference: p.reference,
    status: p.refundedMinor === 0 ? 'succeeded' : p.refundedMinor >= p.amountMinor ? 'refunded' : 'partially_refunded',
    desk: p.desk,
    receivedBy: p.receivedBy,
    receivedAt: p.receivedAt.toISOString(),
  };
}

export function presentRefund(r: RefundRow, currency: string): InvoiceView['refunds'][number] {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amountMinor: r.amountMinor,
    currency,
    reason: r.reason,
    status: r.status,
    refundedBy: r.refundedBy,
    refundedAt: r.refundedAt.toISOString(),
  };
}

/** A claim with the patient's share: what the claim leaves of the invoice's balance for the patient. */
export function presentClaim(c: ClaimRow, invoice: Pick<InvoiceRow, 'totalMinor' | 'paidMinor' | 'status'>): InvoiceView['claims'][number] {
  const covered = c.status === 'approved' ? (c.approvedMinor ?? 0) : c.status === 'pending' ? c.claimedMinor : 0;
  const owedBeforeInsurance = balanceOf(invoice) + (c.status === 'approved' ? (c.approvedMinor ?? 0) : 0);
  return {
    id: c.id,
    invoiceId: c.invoiceId,
    provider: c.provider,
    policyNumber: c.policyNumber,
    claimedMinor: c.claimedMinor,
    patientShareMinor: Math.max(0, owedBeforeInsurance - covered),
    status: c.status,
    approvedMinor: c.approvedMinor,
    decisionReason: c.decisionReason,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

const presentLine = (l: LineRow): InvoiceView['lines'][number] => ({
  id: l.id,
  kind: l.kind,
  description: l.description,
  quantity: l.quantity,
  unitAmountMinor: l.unitAmountMinor,
  amountMinor: l.amountMinor,
  reason: l.reason,
  createdAt: l.createdAt.toISOString(),
  voided: l.voidedAt !== null,
  voidedAt: l.voidedAt?.toISOString() ?? null,
  voidReason: l.voidReason,
});

/** The invoice as the API shows it, whoever asks (no access check); 404 when there is none. */
export async function loadInvoiceView(db: Reader, invoiceId: string): Promise<InvoiceView> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw notFound('Invoice');
  return presentInvoice(db, row);
}

/** The invoice if `actor` may read it (access.ts): 404 for a patient's look at another's. */
export async function readInvoice(db: Reader, actor: Principal, invoiceId: string): Promise<InvoiceView> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw notFound('Invoice');
  assertCanReadInvoice(actor, row);
  return presentInvoice(db, row);
}

/** A stored row with everything under it. */
export async function presentInvoice(db: Reader, row: InvoiceRow): Promise<InvoiceView> {
  const [lines, paid, claims, patient] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, row.id)).orderBy(asc(invoiceLines.position)),
    db.select().from(payments).where(eq(payments.invoiceId, row.id)).orderBy(asc(payments.receivedAt), asc(payments.id)),
    db.select().from(insuranceClaims).where(eq(insuranceClaims.invoiceId, row.id)).orderBy(asc(insuranceClaims.createdAt)),
    patientLogin(db, row.patientId),
  ]);
  const refundRows = paid.length
    ? await db
        .select()
        .from(refunds)
        .where(
          inArray(
            refunds.paymentId,
            paid.map((p) => p.id),
          ),
        )
        .orderBy(asc(refunds.refundedAt), asc(refunds.id))
    : [];
  return {
    id: row.id,
    number: row.number,
    patientId: row.patientId,
    patientName: patient ? `${patient.firstName} ${patient.lastName}` : '',
    appointmentId: row.appointmentId,
    locationId: row.locationId,
    status: row.status,
    insurancePending: claims.some((c) => c.status === 'pending'),
    currency: row.currency,
    lines: lines.map(presentLine),
    totalMinor: row.totalMinor,
    paidMinor: row.paidMinor,
    balanceMinor: balanceOf(row),
    payments: paid.map(presentPayment),
    refunds: refundRows.map((r) => presentRefund(r, row.currency)),
    claims: claims.map((c) => presentClaim(c, row)),
    voidReason: row.voidReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
