// Billing's PDFs (receipts, invoices), fetched with the bearer token and opened or saved by
// client/src/lib/pdf.ts like every PDF of the hub.
export { downloadPdf, openPdf } from '../../lib/pdf';

/** One payment's receipt. */
export const paymentReceipt = (paymentId: string) => `/api/payments/${paymentId}/receipt.pdf`;
/** Every payment and refund on an invoice so far (404 NOT_FOUND before the first payment). */
export const invoiceReceipt = (invoiceId: string) => `/api/invoices/${invoiceId}/receipt.pdf`;
/** The invoice itself, with its lines. */
export const invoicePdf = (invoiceId: string) => `/api/invoices/${invoiceId}/invoice.pdf`;
