// Online payment through Stripe: POST /api/invoices/:id/checkout (the patient, their own invoice),
// POST /api/payments/stripe/webhook (Stripe, signed; no bearer token) and, for admins, the events
// that need a person: GET /api/payments/stripe/events, POST /api/payments/stripe/events/:id/review.
// Without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, checkout and the webhook answer
// 409 ONLINE_PAYMENT_DISABLED; the rest of the hub runs as ever.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bodyDefaultsToEmpty } from '../../http/empty-body.js';
import { runIdempotent } from '../../http/idempotent.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { IdempotencyHeaders } from '../scheduling/schemas.js';
import { startCheckout } from './checkout.js';
import { ReviewBody, StripeEventList, StripeEventParams, StripeEventQuery, StripeEventView, WebhookAnswer } from './online-schemas.js';
import { CheckoutAnswer } from './schemas.js';
import { listStripeEvents, readStripeEvent, reviewStripeEvent } from './stripe-events.js';
import { requireGateway, type StripeGateway, stripeGatewayFor } from './stripe-gateway.js';
import { StripeWebhookProcessor } from './stripe-webhook.js';

/** Stripe signs the exact bytes it sent: this scope keeps the body as a Buffer (every other route keeps parsing JSON). */
function webhookRoutes(gateway: StripeGateway | null): FastifyPluginAsyncTypebox {
  return async (app) => {
    const processor = gateway ? new StripeWebhookProcessor(app.db, gateway) : null;
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post(
      '/api/payments/stripe/webhook',
      {
        // Public, so limited per address; but Stripe sends from a few addresses, in bursts when the
        // clinic is busy: a count of its own, well above the public check's (RATE_LIMIT_PUBLIC).
        config: {
          ...auditCreates(['eventId', 'outcome', 'duplicate']),
          rateLimit: { max: app.config.limits.stripeWebhookPerIp, timeWindow: app.config.limits.windowSeconds * 1000 },
        },
        bodyLimit: 524_288,
        schema: {
          tags: ['billing'],
          summary: 'Stripe’s events (point the webhook endpoint of your Stripe account here)',
          description:
            'No bearer token: authenticated by the `Stripe-Signature` header over the raw body with STRIPE_WEBHOOK_SECRET; ' +
            'a missing, stale or wrong signature is 400 INVALID_SIGNATURE and stores nothing. Each event is stored once by ' +
            'its id (a redelivery answers 200 `duplicate: true`). payment_intent.succeeded records the card payment of the ' +
            'invoice in metadata.invoiceId; payment_intent.payment_failed marks the checkout failed; refund.* and ' +
            'charge.refunded settle pending refunds; anything it cannot match is kept `needs_review` and still answered ' +
            '200, so Stripe stops retrying (also when processing is refused: the note names the error code). 409 ' +
            'ONLINE_PAYMENT_DISABLED when Stripe is not set up; 502 when a charge.refunded without its refunds cannot be ' +
            'completed from Stripe (nothing stored: Stripe delivers it again). ' +
            `Limited to ${app.config.limits.stripeWebhookPerIp} calls per address per ${app.config.limits.windowSeconds} s (RATE_LIMIT_STRIPE_WEBHOOK).`,
          headers: Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 4096 })) }, { additionalProperties: true }),
          response: { 200: WebhookAnswer, ...errors(400, 409, 413, 415, 502) },
        },
      },
      async (request) => {
        const stripe = requireGateway(gateway);
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const event = stripe.verifyEvent(raw, request.headers['stripe-signature']);
        const result = await processor!.handle(event);
        request.auditTarget = { type: 'stripe-events', id: event.id };
        return { received: true as const, eventId: event.id, ...result };
      },
    );
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const gateway = stripeGatewayFor(app.config.stripe);

  app.post(
    '/api/invoices/:id/checkout',
    {
      config: { ...auditCreates(['provider', 'paymentIntentId', 'amountMinor', 'currency']), ...expensive },
      schema: {
        tags: ['billing'],
        security: bearer,
        summary: 'Pay an invoice online: a Stripe PaymentIntent for the balance',
        description:
          'The patient, for their own invoice (another’s is 404). Answers the client secret that Stripe.js confirms; the ' +
          'payment is recorded when Stripe’s webhook says it succeeded. Asking again for an unchanged invoice gives the ' +
          'same PaymentIntent. 409 ONLINE_PAYMENT_DISABLED when Stripe is not set up, NOTHING_TO_PAY, INVOICE_VOID; ' +
          '502 PAYMENT_PROVIDER_ERROR when Stripe refuses (nothing recorded).',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 201: CheckoutAnswer, ...errors(400, 401, 403, 404, 409, 422, 502) },
      },
      onRequest: allow('patient'),
      preValidation: bodyDefaultsToEmpty,
    },
    async (request, reply) => {
      const actor = userOf(request);
      return runIdempotent(app.db, request, reply, `checkout:${request.params.id}`, (ctx) =>
        startCheckout(app.db, gateway, actor, request.params.id, ctx),
      );
    },
  );

  await app.register(webhookRoutes(gateway));

  app.get(
    '/api/payments/stripe/events',
    {
      schema: {
        tags: ['billing'],
        security: bearer,
        summary: 'Stripe events by outcome (default: those needing review), newest first',
        description: 'Admins. `needs_review`: payments or refunds the hub could not match; the note says why.',
        querystring: StripeEventQuery,
        response: { 200: StripeEventList, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request) => listStripeEvents(app.db, request.query),
  );

  app.post(
    '/api/payments/stripe/events/:id/review',
    {
      config: auditChanges(['outcome', 'reviewedBy', 'reviewedAt'], ({ id }: { id: string }) => readStripeEvent(app.db, id)),
      schema: {
        tags: ['billing'],
        security: bearer,
        summary: 'Mark a Stripe event needing review as reviewed, with a note',
        description: 'Admins, once per event; 409 CONFLICT for an event that needs no review or was reviewed already.',
        params: StripeEventParams,
        body: ReviewBody,
        response: { 200: StripeEventView, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin'),
      preValidation: bodyDefaultsToEmpty,
    },
    async (request) => reviewStripeEvent(app.db, userOf(request), request.params.id, request.body.note),
  );
};
export default routes;
