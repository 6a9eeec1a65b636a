// Desk payments over HTTP: POST /api/invoices/:id/payments (with Idempotency-Key) and
// GET /api/payments/:id. Taking money is the desk's (admins, receptionists); a patient pays online
// (online-routes.ts) and reads the payments on their own invoices.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runIdempotent } from '../../http/idempotent.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { IdempotencyHeaders } from '../scheduling/schemas.js';
import { BILLING_STAFF } from './access.js';
import { InvoicesService } from './invoices.js';
import { readPayment, takeDeskPayment } from './payments.js';
import { INVOICE_AUDIT_FIELDS, Payment, PaymentBody } from './schemas.js';

const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const invoices = new InvoicesService(app.db);
  const common = { tags: ['billing'], security: bearer };

  app.post(
    '/api/invoices/:id/payments',
    {
      // Before: the invoice's money state; after: the payment (its receipt number, method, amount).
      config: { ...auditChanges(INVOICE_AUDIT_FIELDS, ({ id }: { id: string }, actor) => invoices.state(actor, id)), ...expensive },
      schema: {
        ...common,
        summary: 'Take a payment at the desk (cash, card terminal, insurance, wallet)',
        description:
          'amountMinor in minor units of the invoice’s currency, at most the balance: 409 OVERPAYMENT (details.balanceMinor) above ' +
          'it (also when nothing is owed: balanceMinor 0), INVOICE_VOID on a void invoice. reference: the card terminal’s or insurer’s ' +
          'reference; desk: the cash drawer (default "front"). A retry with the same Idempotency-Key answers with the first payment ' +
          'and records nothing more. Answers 201 with the payment and its receipt number (RCT-YYYY-NNNNNN, gapless).',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: PaymentBody,
        response: { 201: Payment, ...errors(400, 401, 403, 404, 409, 422) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request, reply) => {
      const actor = userOf(request);
      const invoiceId = request.params.id;
      return runIdempotent(app.db, request, reply, `invoice-payment:${invoiceId}`, (ctx) =>
        takeDeskPayment(app.db, actor, invoiceId, request.body, ctx),
      );
    },
  );

  app.get(
    '/api/payments/:id',
    {
      schema: {
        ...common,
        summary: 'One payment with its receipt number and what was refunded of it',
        description: 'The desk reads every payment; a patient one on their own invoice (another’s is 404).',
        params: IdParams,
        response: { 200: Payment, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...BILLING_STAFF, 'patient'),
    },
    async (request) => readPayment(app.db, userOf(request), request.params.id),
  );
};

export default paymentRoutes;
