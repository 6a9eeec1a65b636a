// What billing's PDFs print, read and checked before anything is drawn: the invoice as the caller may
// see it (reading.ts readInvoice: staff every invoice, a patient their own, another's is a 404) and
// the location that issued it (name, address, phone, time zone, language, paper). The renderers
// (invoice-pdf.ts, receipt-pdf.ts) read no database and decide nothing about access.
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/mysql.js';
import { payments } from '../../../db/schema/index.js';
import { AppError, ErrorCode, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { getLocation } from '../locations/repository.js';
import type { PaperSize } from '../prescriptions/printout.js';
import type { PrintClinic } from './pdf-layout.js';
import { readInvoice } from './reading.js';
import type { InvoiceView } from './schemas.js';

export interface BillingPrintout {
  clinic: PrintClinic;
  invoice: InvoiceView;
  paper: PaperSize;
  /** ISO instant of the download: a receipt of the invoice so far is dated by it. */
  printedAt: string;
}

/** The invoice and its location, if `actor` may read it; `paper` as asked, else the location's (US units: Letter). */
export async function invoicePrintout(db: Database, actor: Principal, invoiceId: string, paper?: PaperSize): Promise<BillingPrintout> {
  const invoice = await readInvoice(db, actor, invoiceId);
  const location = await getLocation(db, invoice.locationId);
  return {
    clinic: {
      name: location.name,
      address: location.address,
      phone: location.phone,
      timeZone: location.timezone,
      language: location.language,
    },
    invoice,
    paper: paper ?? (location.units === 'us' ? 'LETTER' : 'A4'),
    printedAt: new Date().toISOString(),
  };
}

/** The invoice of a payment, with the payment's id; another patient's payment is a 404 like a missing one. */
export async function paymentPrintout(
  db: Database,
  actor: Principal,
  paymentId: string,
  paper?: PaperSize,
): Promise<BillingPrintout & { paymentId: string }> {
  const [row] = await db.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.id, paymentId));
  if (!row) throw notFound('Payment');
  try {
    return { ...(await invoicePrintout(db, actor, row.invoiceId, paper)), paymentId };
  } catch (err) {
    // Said of the payment asked for, not of an invoice the caller never named.
    if (err instanceof AppError && err.statusCode === 404) throw notFound('Payment');
    throw err;
  }
}

/** A receipt needs money received: 404 before the first payment. */
export function assertHasPayments(printout: BillingPrintout): void {
  if (printout.invoice.payments.length === 0) throw new AppError(404, ErrorCode.NOT_FOUND, 'No payment on this invoice yet');
}

/** A card reference shows only its last 4 characters; other references (a claim number) as they are. */
export function printedReference(method: string, reference: string | null): string {
  if (!reference) return '—';
  if (method !== 'card' || reference.length <= 4) return reference;
  return `•••• ${reference.slice(-4)}`;
}

/** A file name that cannot break the header: the document number's letters, digits and dashes only. */
export function pdfFileName(number: string, suffix = ''): string {
  const safe = `${number}${suffix}`.replace(/[^A-Za-z0-9-]/g, '') || 'document';
  return `${safe}.pdf`;
}
