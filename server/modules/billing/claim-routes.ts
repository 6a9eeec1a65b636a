// Insurance claims at the desk: POST /api/invoices/:id/claims, POST /api/claims/:id/decision and
// GET /api/claims (admins and receptionists). claims.ts holds the rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { BILLING_STAFF } from './access.js';
import { decideClaim, listClaims, readClaim, submitClaim } from './claims.js';
import { CLAIM_AUDIT_FIELDS, ClaimList, ClaimListQuery } from './desk-schemas.js';
import { ClaimBody, ClaimDecisionBody, InsuranceClaim } from './schemas.js';

const claimRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const common = { tags: ['billing'], security: bearer };

  app.post(
    '/api/invoices/:id/claims',
    {
      config: auditCreates(CLAIM_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Claim (part of) the invoice’s balance from the patient’s insurer: the invoice shows insurance pending',
        description:
          'The rest of the balance is the patient’s share (patientShareMinor). 409 OVERPAYMENT above the balance ' +
          '(details.balanceMinor), NOTHING_TO_PAY when nothing is owed, CLAIM_PENDING while another claim waits, INVOICE_VOID.',
        params: IdParams,
        body: ClaimBody,
        response: { 201: InsuranceClaim, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request, reply) => {
      const claim = await submitClaim(app.db, userOf(request), request.params.id, request.body);
      // The entry is about the new claim, not the invoice in the path.
      request.auditTarget = { type: 'claims', id: claim.id };
      return reply.code(201).send(claim);
    },
  );

  app.post(
    '/api/claims/:id/decision',
    {
      config: auditChanges(CLAIM_AUDIT_FIELDS, ({ id }: { id: string }, actor) => readClaim(app.db, actor, id)),
      schema: {
        ...common,
        summary: 'Record the insurer’s answer: approved (an insurance payment of approvedMinor) or denied (with a reason)',
        description:
          'approvedMinor defaults to what was claimed; never more (400), never above the balance (409 OVERPAYMENT). ' +
          'A denial needs a reason and takes no approvedMinor (400). 409 CLAIM_DECIDED for a claim answered already.',
        params: IdParams,
        body: ClaimDecisionBody,
        response: { 200: InsuranceClaim, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => decideClaim(app.db, userOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/claims',
    {
      schema: {
        ...common,
        summary: 'Insurance claims, newest first, with the invoice number and patient name',
        querystring: ClaimListQuery,
        response: { 200: ClaimList, ...errors(400, 401, 403) },
      },
      onRequest: allow(...BILLING_STAFF),
    },
    async (request) => listClaims(app.db, userOf(request), request.query),
  );
};

export default claimRoutes;
