// Billing test support: the consistency check every billing test runs after each step, and an
// invoice to work on. The check reads the tables directly (not the API) and recomputes what the
// ledger keeps: total = Σ lines not voided, paid = Σ (payment − refunded), each payment's refunded =
// Σ of its refunds that did not fail, balance and status derived.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../db/mysql.js';
import { invoiceLines, invoices, payments, refunds } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/transactions.js';
import { addLines, createInvoice, invoiceStatusOf } from '../../server/modules/billing/ledger.js';
import { bearer, json } from './factories.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from './prescribing.js';
import type { TestHub } from './test-hub.js';

/** Fails the test unless the invoice's stored totals and status agree with its lines, payments and refunds. */
export async function expectInvoiceConsistent(db: Database, invoiceId: string) {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  expect(invoice, `invoice ${invoiceId}`).toBeDefined();
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), isNull(invoiceLines.voidedAt)));
  const paid = await db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
  const refundRows = paid.length
    ? await db
        .select()
        .from(refunds)
        .where(
          and(
            inArray(
              refunds.paymentId,
              paid.map((p) => p.id),
            ),
            ne(refunds.status, 'failed'),
          ),
        )
    : [];
  for (const line of lines) expect(line.amountMinor).toBe(line.quantity * line.unitAmountMinor);
  for (const p of paid) {
    const refunded = refundRows.filter((r) => r.paymentId === p.id).reduce((sum, r) => sum + r.amountMinor, 0);
    expect(p.refundedMinor, `refunded of payment ${p.receiptNumber}`).toBe(refunded);
    expect(p.refundedMinor).toBeLessThanOrEqual(p.amountMinor);
  }
  const total = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const paidNet = paid.reduce((sum, p) => sum + p.amountMinor - p.refundedMinor, 0);
  expect(invoice!.totalMinor, 'total').toBe(total);
  expect(invoice!.paidMinor, 'paid').toBe(paidNet);
  expect(invoice!.paidMinor).toBeLessThanOrEqual(invoice!.totalMinor);
  expect(invoice!.status, 'status').toBe(invoiceStatusOf(total, paidNet, invoice!.status === 'void'));
  return invoice!;
}

/** Also checks the API's view of it: balance = total − paid (0 when void). */
export async function expectInvoiceView(hub: TestHub, token: string, invoiceId: string) {
  const stored = await expectInvoiceConsistent(hub.app.db, invoiceId);
  const res = await hub.app.inject({ method: 'GET', url: `/api/invoices/${invoiceId}`, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  const view = json<{ totalMinor: number; paidMinor: number; balanceMinor: number; status: string }>(res);
  expect(view.totalMinor).toBe(stored.totalMinor);
  expect(view.paidMinor).toBe(stored.paidMinor);
  expect(view.balanceMinor).toBe(stored.status === 'void' ? 0 : stored.totalMinor - stored.paidMinor);
  expect(view.status).toBe(stored.status);
  return view;
}

export interface InvoiceFixture {
  clinic: PrescribingClinic;
  appointmentId: string;
  invoiceId: string;
}

/**
 * An open invoice of `amounts` (one line each) for a walk-in visit of the clinic's patient, made
 * straight through the ledger (not through completing the visit), for tests of what comes after.
 */
export async function invoiceFixture(hub: TestHub, amounts: number[] = [5_000], clinic?: PrescribingClinic): Promise<InvoiceFixture> {
  const c = clinic ?? (await prescribingClinic(hub));
  const appointmentId = await startedVisit(hub, c);
  const invoiceId = await transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await createInvoice(tx, {
      patientId: c.patient.patientId,
      appointmentId,
      locationId: c.location.id,
      currency: 'USD',
      createdBy: null,
    });
    await addLines(
      tx,
      invoice,
      amounts.map((unitAmountMinor, i) => ({
        kind: 'other',
        description: `Service ${i + 1}`,
        quantity: 1,
        unitAmountMinor,
        createdBy: null,
      })),
    );
    return invoice.id;
  });
  return { clinic: c, appointmentId, invoiceId };
}
