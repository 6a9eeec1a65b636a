// Insurance claims ("insurance pending" in the seeds): reception asks an insurer to pay part of an
// invoice's balance; the rest is the patient's share. One claim waits at a time per invoice. The
// insurer's answer is recorded once: an approval is an insurance payment through the ledger (the
// only writer of money), a denial records nothing but its reason.
// Locks: the invoice first (lockInvoice), then the claim, the order the ledger uses for payments,
// so two decisions of one claim queue behind each other and the second sees the first's outcome.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { newId } from '../../../db/ids.js';
import type { Database } from '../../../db/mysql.js';
import { type ClaimStatus, insuranceClaims, invoices } from '../../../db/schema/index.js';
import { type Tx, transactionWithRetry } from '../../../db/transactions.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../errors.js';
import type { UserPrincipal } from '../auth/principal.js';
import { patientLogin } from '../patients/repository.js';
import { assertBillingStaff } from './access.js';
import { appendBillingEvent } from './events.js';
import { balanceOf, lockInvoice, recordPayment } from './ledger.js';
import { presentClaim } from './reading.js';

export type ClaimRow = typeof insuranceClaims.$inferSelect;

export interface ClaimInput {
  provider: string;
  policyNumber: string;
  claimedMinor: number;
}

export interface DecisionInput {
  status: 'approved' | 'denied';
  approvedMinor?: number;
  reason?: string;
}

async function findClaim(db: Database | Tx, claimId: string): Promise<ClaimRow | null> {
  const [row] = await db.select().from(insuranceClaims).where(eq(insuranceClaims.id, claimId));
  return row ?? null;
}

/** The claim as the API shows it (with the patient's share from its invoice now); 404 when there is none. */
export async function readClaim(db: Database | Tx, actor: UserPrincipal, claimId: string) {
  assertBillingStaff(actor);
  const claim = await findClaim(db, claimId);
  if (!claim) throw notFound('Claim');
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, claim.invoiceId));
  return presentClaim(claim, invoice!);
}

/**
 * Submits a claim for (part of) an invoice's balance: refused on a void invoice, while another
 * claim waits, when nothing is owed, or above the balance (OVERPAYMENT, details.balanceMinor).
 */
export async function submitClaim(db: Database, actor: UserPrincipal, invoiceId: string, input: ClaimInput, now = new Date()) {
  assertBillingStaff(actor);
  return transactionWithRetry(db, async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (invoice.status === 'void') throw new AppError(409, ErrorCode.INVOICE_VOID, 'This invoice is void');
    const [pending] = await tx
      .select({ id: insuranceClaims.id })
      .from(insuranceClaims)
      .where(and(eq(insuranceClaims.invoiceId, invoice.id), eq(insuranceClaims.status, 'pending')));
    if (pending)
      throw new AppError(409, ErrorCode.CLAIM_PENDING, 'A claim for this invoice is waiting for the insurer', { claimId: pending.id });
    const balanceMinor = balanceOf(invoice);
    if (balanceMinor <= 0) throw new AppError(409, ErrorCode.NOTHING_TO_PAY, 'Nothing is owed on this invoice', { balanceMinor });
    if (input.claimedMinor > balanceMinor) {
      throw new AppError(409, ErrorCode.OVERPAYMENT, `The claim exceeds the balance of ${balanceMinor}`, { balanceMinor });
    }
    const claim: ClaimRow = {
      id: newId(),
      invoiceId: invoice.id,
      provider: input.provider.trim(),
      policyNumber: input.policyNumber.trim(),
      claimedMinor: input.claimedMinor,
      status: 'pending',
      approvedMinor: null,
      decisionReason: null,
      decidedBy: null,
      decidedAt: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(insuranceClaims).values(claim);
    await appendBillingEvent(tx, 'claim.submitted', invoice, { claimId: claim.id });
    return presentClaim(claim, invoice);
  });
}

/**
 * Records the insurer's answer once (CLAIM_DECIDED for a second, concurrent ones included). An
 * approval of `approvedMinor` (default: all that was claimed; never more, never above the balance)
 * is an insurance payment on the invoice; a denial needs its reason and moves no money.
 */
export async function decideClaim(db: Database, actor: UserPrincipal, claimId: string, input: DecisionInput, now = new Date()) {
  assertBillingStaff(actor);
  if (input.status === 'denied') {
    if (input.approvedMinor !== undefined) throw invalidField('approvedMinor', 'A denied claim approves no amount');
    if (!input.reason?.trim()) throw invalidField('reason', 'Say why the insurer denied the claim');
  }
  const peek = await findClaim(db, claimId);
  if (!peek) throw notFound('Claim');
  return transactionWithRetry(db, async (tx) => {
    let invoice = await lockInvoice(tx, peek.invoiceId);
    const [claim] = await tx.select().from(insuranceClaims).where(eq(insuranceClaims.id, claimId)).for('update');
    if (!claim) throw notFound('Claim');
    if (claim.status !== 'pending') {
      throw new AppError(409, ErrorCode.CLAIM_DECIDED, `This claim was ${claim.status} already`, { status: claim.status });
    }
    const decided = {
      status: input.status as ClaimStatus,
      approvedMinor: null as number | null,
      decisionReason: input.reason?.trim() || null,
      decidedBy: actor.userId,
      decidedAt: now,
      updatedAt: now,
    };
    if (input.status === 'approved') {
      const approvedMinor = input.approvedMinor ?? claim.claimedMinor;
      if (approvedMinor > claim.claimedMinor) {
        throw new AppError(400, ErrorCode.VALIDATION_FAILED, 'approvedMinor: The insurer cannot approve more than was claimed', {
          field: 'approvedMinor',
          reason: 'The insurer cannot approve more than was claimed',
          claimedMinor: claim.claimedMinor,
        });
      }
      const paid = await recordPayment(
        tx,
        invoice,
        {
          method: 'insurance',
          gateway: 'desk',
          amountMinor: approvedMinor,
          reference: claim.provider.slice(0, 100),
          receivedBy: actor.userId,
          claimId,
        },
        now,
      );
      invoice = paid.invoice;
      decided.approvedMinor = approvedMinor;
      await tx.update(insuranceClaims).set(decided).where(eq(insuranceClaims.id, claimId));
      await appendBillingEvent(tx, 'claim.decided', invoice, { claimId });
      await appendBillingEvent(tx, 'payment.recorded', invoice, { payment: paid.payment, claimId });
    } else {
      await tx.update(insuranceClaims).set(decided).where(eq(insuranceClaims.id, claimId));
      await appendBillingEvent(tx, 'claim.decided', invoice, { claimId });
    }
    return presentClaim({ ...claim, ...decided }, invoice);
  });
}

/** Claims for reception's list, newest first, with each invoice's number and patient's name. */
export async function listClaims(db: Database, actor: UserPrincipal, query: { status?: ClaimStatus; locationId?: string; limit?: number }) {
  assertBillingStaff(actor);
  const where: SQL[] = [];
  if (query.status) where.push(eq(insuranceClaims.status, query.status));
  if (query.locationId) where.push(eq(invoices.locationId, query.locationId));
  const rows = await db
    .select({ claim: insuranceClaims, invoice: invoices })
    .from(insuranceClaims)
    .innerJoin(invoices, eq(invoices.id, insuranceClaims.invoiceId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(insuranceClaims.createdAt), desc(insuranceClaims.id))
    .limit(query.limit ?? 100);
  // Names through the patients module (its table), once per patient.
  const names = new Map<string, string>();
  for (const patientId of new Set(rows.map((r) => r.invoice.patientId))) {
    const p = await patientLogin(db, patientId);
    names.set(patientId, p ? `${p.firstName} ${p.lastName}` : '');
  }
  return {
    claims: rows.map(({ claim, invoice }) => ({
      ...presentClaim(claim, invoice),
      invoiceNumber: invoice.number,
      patientId: invoice.patientId,
      patientName: names.get(invoice.patientId) ?? '',
      locationId: invoice.locationId,
      currency: invoice.currency,
    })),
  };
}
