// Fixtures of the billing PDF tests (documents*.test.ts): an invoice at a location with its own
// currency and language, and payments, refunds and voids made straight through the ledger, inside
// transactionWithRetry with the invoice locked, as the ledger's callers do (until the payment and
// void routes exist, these stand in for them). Each step is followed by the consistency check.
import { asc, eq } from 'drizzle-orm';
import { invoiceLines, locations } from '../../../db/schema/index.js';
import { transactionWithRetry } from '../../../db/transactions.js';
import {
  addLines,
  createInvoice,
  lockInvoice,
  lockPayment,
  recordPayment,
  recordRefund,
  voidInvoice,
  voidLine,
} from '../../../server/modules/billing/ledger.js';
import { expectInvoiceConsistent } from '../../support/billing.js';
import { type PrescribingClinic, prescribingClinic, startedVisit } from '../../support/prescribing.js';
import type { TestHub } from '../../support/test-hub.js';

export interface PricedLine {
  description: string;
  unitAmountMinor: number;
  quantity?: number;
}

export interface PricedInvoice {
  clinic: PrescribingClinic;
  invoiceId: string;
  lineIds: string[];
}

/** A clinic whose location bills in `currency` and writes in `language` (set in its row: no route sets currency yet). */
export async function clinicBilling(hub: TestHub, currency = 'USD', language = 'en', units: 'metric' | 'us' = 'metric') {
  const clinic = await prescribingClinic(hub);
  await hub.app.db.update(locations).set({ currency, language, units }).where(eq(locations.id, clinic.location.id));
  return clinic;
}

/** An open invoice of `lines` for a walk-in of the clinic's patient (or `patientId`), in the location's currency. */
export async function pricedInvoice(
  hub: TestHub,
  clinic: PrescribingClinic,
  lines: PricedLine[],
  patientId = clinic.patient.patientId,
): Promise<PricedInvoice> {
  const [location] = await hub.app.db.select().from(locations).where(eq(locations.id, clinic.location.id));
  const appointmentId = await startedVisit(hub, clinic, patientId);
  const invoiceId = await transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await createInvoice(tx, {
      patientId,
      appointmentId,
      locationId: clinic.location.id,
      currency: location!.currency,
      createdBy: null,
    });
    await addLines(
      tx,
      invoice,
      lines.map((l) => ({
        kind: 'other',
        description: l.description,
        quantity: l.quantity ?? 1,
        unitAmountMinor: l.unitAmountMinor,
        createdBy: null,
      })),
    );
    return invoice.id;
  });
  await expectInvoiceConsistent(hub.app.db, invoiceId);
  const stored = await hub.app.db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .orderBy(asc(invoiceLines.position));
  return { clinic, invoiceId, lineIds: stored.map((l) => l.id) };
}

export async function pay(
  hub: TestHub,
  invoiceId: string,
  amountMinor: number,
  method: 'cash' | 'card' | 'insurance' = 'cash',
  reference?: string,
) {
  const { payment } = await transactionWithRetry(hub.app.db, async (tx) =>
    recordPayment(tx, await lockInvoice(tx, invoiceId), {
      method,
      gateway: 'desk',
      amountMinor,
      reference: reference ?? null,
      receivedBy: null,
    }),
  );
  await expectInvoiceConsistent(hub.app.db, invoiceId);
  return payment;
}

export async function refund(hub: TestHub, invoiceId: string, paymentId: string, amountMinor: number, reason: string) {
  const result = await transactionWithRetry(hub.app.db, async (tx) => {
    const { invoice, payment } = await lockPayment(tx, paymentId);
    return recordRefund(tx, invoice, payment, { amountMinor, reason, refundedBy: null });
  });
  await expectInvoiceConsistent(hub.app.db, invoiceId);
  return result.refund;
}

export async function voidWhole(hub: TestHub, invoiceId: string, reason: string, by: string) {
  await transactionWithRetry(hub.app.db, async (tx) => voidInvoice(tx, await lockInvoice(tx, invoiceId), reason, by));
  await expectInvoiceConsistent(hub.app.db, invoiceId);
}

export async function voidOneLine(hub: TestHub, invoiceId: string, lineId: string, reason: string, by: string) {
  await transactionWithRetry(hub.app.db, async (tx) => voidLine(tx, await lockInvoice(tx, invoiceId), lineId, reason, by));
  await expectInvoiceConsistent(hub.app.db, invoiceId);
}
