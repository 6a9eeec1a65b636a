// POST /api/payments/:id/refunds: the billing desk (admins, receptionists) gives money back, with a
// reason, under an Idempotency-Key; refunds.ts says how (at the desk, or through Stripe).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runIdempotent } from '../../http/idempotent.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { IdempotencyHeaders } from '../scheduling/schemas.js';
import { BILLING_STAFF } from './access.js';
import { REFUND_AUDIT_FIELDS, RefundAnswer } from './online-schemas.js';
import { refundPayment, refundState } from './refunds.js';
import { RefundBody } from './schemas.js';
import { stripeGatewayFor } from './stripe-gateway.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const gateway = stripeGatewayFor(app.config.stripe);

  app.post(
    '/api/payments/:id/refunds',
    {
      config: {
        ...auditChanges(REFUND_AUDIT_FIELDS, ({ id }: { id: string }, actor) => refundState(app.db, actor, id)),
        ...expensive,
      },
      schema: {
        tags: ['billing'],
        security: bearer,
        summary: 'Refund (part of) a payment, with a reason',
        description:
          'Admins and receptionists. A desk payment is refunded at the desk (succeeded at once, from `desk`, default the ' +
          'payment’s); a Stripe payment through Stripe first, then recorded `pending` until Stripe’s webhook says it ' +
          'succeeded (or `succeeded` when Stripe says so at once). 409 REFUND_EXCEEDS_PAYMENT above what is left of the ' +
          'payment (details.refundableMinor), also under concurrent refunds; 502 PAYMENT_PROVIDER_ERROR when Stripe refuses ' +
          '(nothing recorded). A retry with the same Idempotency-Key answers as the first and refunds once. The answer ' +
          'carries the payment’s and the invoice’s figures after the refund.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: RefundBody,
        response: { 201: RefundAnswer, ...errors(400, 401, 403, 404, 409, 422, 502) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request, reply) => {
      const actor = userOf(request);
      return runIdempotent(app.db, request, reply, `refund:${request.params.id}`, (ctx) =>
        refundPayment(app.db, gateway, actor, request.params.id, request.body, ctx),
      );
    },
  );
};
export default routes;
