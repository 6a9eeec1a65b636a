// The desk's day: GET /api/cash-ups/expected, POST /api/cash-ups, GET /api/cash-ups and
// GET /api/billing/takings (admins and receptionists). cash-up.ts holds the rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { BILLING_STAFF } from './access.js';
import { closeCashUp, expectedCashUp, listCashUps, takings } from './cash-up.js';
import { CASH_UP_AUDIT_FIELDS, CashUpList, CashUpListQuery, ExpectedCashUpQuery, TakingsQuery } from './desk-schemas.js';
import { CashUp, CashUpBody, Takings } from './schemas.js';

const cashUpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['billing'], security: bearer };
  const dayRule = 'day is the location’s local calendar day (its time zone); a day that has not begun there is 400 VALIDATION_FAILED.';

  app.get(
    '/api/cash-ups/expected',
    {
      schema: {
        ...common,
        summary: 'What a desk’s drawer should hold at the end of a day, by method (payments taken there less refunds given there)',
        description: `Online (Stripe) payments are in no drawer and are left out. desk defaults to "front". ${dayRule}`,
        querystring: ExpectedCashUpQuery,
        response: { 200: CashUp, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => expectedCashUp(app.db, userOf(request), request.query),
  );

  app.post(
    '/api/cash-ups',
    {
      config: auditCreates(CASH_UP_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Close a desk’s day: what was counted, by method, beside what was expected, and the difference',
        description: `A method not counted counts 0; differenceMinor = counted − expected over all methods (negative: short). ${dayRule} 409 CASH_UP_EXISTS when that desk’s day is closed already.`,
        body: CashUpBody,
        response: { 201: CashUp, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request, reply) => reply.code(201).send(await closeCashUp(app.db, userOf(request), request.body)),
  );

  app.get(
    '/api/cash-ups',
    {
      schema: {
        ...common,
        summary: 'The closed days of a location’s desks, newest first (from and to: local days, inclusive)',
        querystring: CashUpListQuery,
        response: { 200: CashUpList, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => listCashUps(app.db, userOf(request), request.query),
  );

  app.get(
    '/api/billing/takings',
    {
      schema: {
        ...common,
        summary: 'A location’s takings on a day (today there by default): received, refunded, net by method, and what is still owed',
        description: `Every payment (desk and online) and every refund that succeeded, at the location that day. outstandingMinor is owed now on its open and partly paid invoices. ${dayRule}`,
        querystring: TakingsQuery,
        response: { 200: Takings, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => takings(app.db, userOf(request), request.query),
  );
};

export default cashUpRoutes;
