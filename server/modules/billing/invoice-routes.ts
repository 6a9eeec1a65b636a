// Invoices over HTTP: the list and one invoice (the desk reads all; a patient their own), and the
// desk's changes by hand: add a line, void a line, void the invoice, each with a reason. Every
// change is audited with the invoice's money state before and after (no line text or reasons).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { BILLING_STAFF } from './access.js';
import { InvoicesService } from './invoices.js';
import { AddLineBody, INVOICE_AUDIT_FIELDS, Invoice, InvoiceList, InvoiceListQuery, LineParams, VoidBody } from './schemas.js';

const invoiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new InvoicesService(app.db);
  const common = { tags: ['billing'], security: bearer };
  const invoiceChanges = auditChanges(INVOICE_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.state(actor, id));

  app.get(
    '/api/invoices',
    {
      schema: {
        ...common,
        summary: 'Invoices, newest first, with their totals (no lines)',
        description:
          'The desk (admins, receptionists) filters by patient, visit, location, status and the local days of creation (from/to ' +
          'inclusive, in the location’s time zone, UTC without locationId). A patient gets their own invoices only, whatever the query.',
        querystring: InvoiceListQuery,
        response: { 200: InvoiceList, ...errors(400, 401, 403) },
      },
      onRequest: allow(...BILLING_STAFF, 'patient'),
    },
    async (request) => service.list(userOf(request), request.query),
  );

  app.get(
    '/api/invoices/:id',
    {
      schema: {
        ...common,
        summary: 'One invoice with its lines, payments, refunds and insurance claims',
        description: 'The desk reads every invoice; a patient their own (another’s is 404).',
        params: IdParams,
        response: { 200: Invoice, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...BILLING_STAFF, 'patient'),
    },
    async (request) => service.get(userOf(request), request.params.id),
  );

  app.post(
    '/api/invoices/:id/lines',
    {
      config: invoiceChanges,
      schema: {
        ...common,
        summary: 'Add a line by hand, with a reason',
        description:
          'quantity (1 to 10,000, default 1) × unitAmountMinor (minor units of the invoice’s currency); the line may come to at most ' +
          '100,000,000. With baseVersion (the invoice’s version as loaded), 409 CONFLICT when it changed since. 409 INVOICE_PAID on a ' +
          'paid invoice, INVOICE_VOID on a void one. Answers 201 with the invoice as it now stands.',
        params: IdParams,
        body: AddLineBody,
        response: { 201: Invoice, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request, reply) => reply.status(201).send(await service.addLine(userOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/invoices/:id/lines/:lineId/void',
    {
      config: invoiceChanges,
      schema: {
        ...common,
        summary: 'Void one line, with a reason (kept, struck through)',
        description:
          '409 LINE_VOIDED when voided already, INVOICE_PAID on a paid invoice, LINE_BELOW_PAID when the invoice would owe less ' +
          'than was paid on it (refund first). Answers with the invoice as it now stands.',
        params: LineParams,
        body: VoidBody,
        response: { 200: Invoice, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => service.voidLine(userOf(request), request.params.id, request.params.lineId, request.body.reason),
  );

  app.post(
    '/api/invoices/:id/void',
    {
      config: invoiceChanges,
      schema: {
        ...common,
        summary: 'Void the invoice, with a reason',
        description:
          'Only an invoice holding no money: 409 INVOICE_HAS_PAYMENTS while payments are not refunded in full, INVOICE_VOID when ' +
          'void already. Its number stays taken (numbers are gapless).',
        params: IdParams,
        body: VoidBody,
        response: { 200: Invoice, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => service.voidInvoice(userOf(request), request.params.id, request.body.reason),
  );
};

export default invoiceRoutes;
