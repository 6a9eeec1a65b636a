// Billing's PDFs: GET /api/invoices/:id/invoice.pdf, GET /api/invoices/:id/receipt.pdf (what was paid
// on the invoice so far; 404 before the first payment) and GET /api/payments/:id/receipt.pdf (one
// payment). The desk prints any; a patient their own (another's is a 404); nobody else. Each download
// is audited as a read (actor, target id, outcome; never a line's text), and each is declared
// `expensive` like the prescription PDF: a render costs far more than a JSON read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditClinicalRead } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { assertHasPayments, invoicePrintout, paymentPrintout, pdfFileName } from './document-data.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { renderReceiptPdf } from './receipt-pdf.js';

/** Who may ask at all; reading.ts then lets a patient have only their own. */
const READERS = ['admin', 'receptionist', 'patient'] as const;

const PaperQuery = Type.Object(
  {
    paper: Type.Optional(
      Type.Union([Type.Literal('A4'), Type.Literal('LETTER')], { description: 'Default: Letter at a location with US units, else A4' }),
    ),
  },
  { additionalProperties: false },
);

const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** Money papers must not sit in a shared cache (the global no-store is kept; `private` says it twice). */
const privateNoStore = async (_request: unknown, reply: FastifyReply) => {
  reply.header('cache-control', 'private, no-store');
};

function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
}

const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const route = (summary: string, description: string) => ({
    // No HEAD twin: it would build the PDF for nothing, on a rate budget of its own.
    exposeHeadRoute: false,
    config: { ...auditClinicalRead, ...expensive },
    schema: {
      tags: ['billing'],
      security: bearer,
      summary,
      description,
      params: IdParams,
      querystring: PaperQuery,
      response: { 200: Pdf, ...errors(400, 401, 403, 404) },
    },
    onRequest: allow(...READERS),
    onSend: privateNoStore,
  });

  app.get(
    '/api/invoices/:id/invoice.pdf',
    route(
      'The printable invoice (A4 or US Letter)',
      'Lines (voided ones struck through), total, paid, balance due, payments, refunds and claims, in the location’s ' +
        'language and time zone. A patient gets only their own (another’s is 404).',
    ),
    async (request, reply) => {
      const printout = await invoicePrintout(app.db, userOf(request), request.params.id, request.query.paper);
      return sendPdf(reply, pdfFileName(printout.invoice.number), await renderInvoicePdf(printout));
    },
  );

  app.get(
    '/api/invoices/:id/receipt.pdf',
    route(
      'The receipt of what was paid on the invoice so far',
      'Every payment (receipt number, method, card reference masked to its last 4 characters, date, amount) and refund, ' +
        'then "Paid in full" or the balance. 404 NOT_FOUND "No payment on this invoice yet" before the first payment.',
    ),
    async (request, reply) => {
      const printout = await invoicePrintout(app.db, userOf(request), request.params.id, request.query.paper);
      assertHasPayments(printout);
      return sendPdf(reply, pdfFileName(printout.invoice.number, '-receipt'), await renderReceiptPdf(printout));
    },
  );

  app.get(
    '/api/payments/:id/receipt.pdf',
    route('One payment’s receipt, titled with its receipt number', 'A patient gets only their own (another’s is 404).'),
    async (request, reply) => {
      const printout = await paymentPrintout(app.db, userOf(request), request.params.id, request.query.paper);
      const payment = printout.invoice.payments.find((p) => p.id === printout.paymentId)!;
      return sendPdf(reply, pdfFileName(payment.receiptNumber), await renderReceiptPdf(printout, printout.paymentId));
    },
  );
};
export default documentRoutes;
