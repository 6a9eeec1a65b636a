// The access matrix's rows for billing's PDFs (issue 16): the desk (admins, receptionists) prints
// any invoice or receipt, a patient only their own (another patient's is a 404, so ids cannot be
// probed), clinicians, pharmacists and screens nothing. One invoice with one payment serves every
// caller: reading changes nothing.
import { transactionWithRetry } from '../../../db/transactions.js';
import { addLines, createInvoice, recordPayment } from '../../../server/modules/billing/ledger.js';
import type { Endpoint } from '../../support/access-matrix.js';
import type { TestHub } from '../../support/test-hub.js';

export interface BillingDocumentWorld {
  invoiceId: string;
  paymentId: string;
}

/** An invoice of the patient's visit at the location, part paid in cash, made through the ledger. */
export async function billingDocumentWorld(
  hub: TestHub,
  visit: { patientId: string; appointmentId: string; locationId: string },
): Promise<BillingDocumentWorld> {
  return transactionWithRetry(hub.app.db, async (tx) => {
    const invoice = await createInvoice(tx, { ...visit, currency: 'USD', createdBy: null });
    const billed = await addLines(tx, invoice, [
      { kind: 'consultation', description: 'Matrix consultation', quantity: 1, unitAmountMinor: 5_000, createdBy: null },
    ]);
    const { payment } = await recordPayment(tx, billed, { method: 'cash', gateway: 'desk', amountMinor: 1_000, receivedBy: null });
    return { invoiceId: invoice.id, paymentId: payment.id };
  });
}

const DESK_AND_PATIENT: Endpoint['allowed'] = ['admin', 'receptionist', 'patient'];

export function billingDocumentEndpoints(world: () => BillingDocumentWorld): Endpoint[] {
  return [
    {
      name: 'GET /api/invoices/:id/invoice.pdf',
      method: 'GET',
      url: () => `/api/invoices/${world().invoiceId}/invoice.pdf`,
      allowed: DESK_AND_PATIENT,
      hidden: ['otherPatient'],
    },
    {
      name: 'GET /api/invoices/:id/receipt.pdf',
      method: 'GET',
      url: () => `/api/invoices/${world().invoiceId}/receipt.pdf`,
      allowed: DESK_AND_PATIENT,
      hidden: ['otherPatient'],
    },
    {
      name: 'GET /api/payments/:id/receipt.pdf',
      method: 'GET',
      url: () => `/api/payments/${world().paymentId}/receipt.pdf`,
      allowed: DESK_AND_PATIENT,
      hidden: ['otherPatient'],
    },
  ];
}
