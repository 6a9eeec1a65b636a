// Refill requests: POST /api/prescriptions/:id/refill-requests (the patient),
// GET /api/refill-requests, POST /api/refill-requests/:id/approve | /deny (the prescriber).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { RefillsService } from './refills.js';
import { REFILL_AUDIT_FIELDS, RefillDecisionBody, RefillRequest, RefillRequestBody, RefillRequestsQuery } from './schemas.js';

const refillRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const refills = new RefillsService(app.db);
  const common = { tags: ['prescriptions'], security: bearer };

  app.post(
    '/api/prescriptions/:id/refill-requests',
    {
      config: { ...auditCreates(REFILL_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Ask the prescriber for another fill (the patient); the prescriber sees it at once',
        description:
          '409 REFILL_PENDING while another request waits; 409 CONTROLLED_SUBSTANCE; 409 PRESCRIPTION_NOT_ACTIVE when cancelled or expired.',
        params: IdParams,
        body: RefillRequestBody,
        response: { 201: RefillRequest, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('patient'),
    },
    async (request, reply) => {
      const created = await refills.request(userOf(request), request.params.id, request.body.note);
      request.auditTarget = { type: 'refill-requests', id: created.id };
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/refill-requests',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Refill requests: a doctor’s on their prescriptions, a patient’s own',
        querystring: RefillRequestsQuery,
        response: { 200: Type.Object({ refillRequests: Type.Array(RefillRequest) }), ...errors(400, 401, 403) },
      },
      onRequest: allow('doctor', 'patient'),
    },
    async (request) => refills.list(userOf(request), request.query),
  );

  for (const decision of ['approve', 'deny'] as const) {
    app.post(
      `/api/refill-requests/:id/${decision}`,
      {
        config: auditChanges(REFILL_AUDIT_FIELDS, ({ id }: { id: string }, actor) => refills.read(actor, id)),
        schema: {
          ...common,
          summary:
            decision === 'approve' ? 'Approve: the prescription gets one more dispensable fill' : 'Deny, with a reason the patient sees',
          params: IdParams,
          body: RefillDecisionBody,
          response: { 200: RefillRequest, ...errors(400, 401, 403, 404, 409) },
        },
        onRequest: allow('doctor'),
      },
      async (request) => refills.decide(userOf(request), request.params.id, decision === 'approve', request.body.reason),
    );
  }
};

export default refillRoutes;
