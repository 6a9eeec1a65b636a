// The pharmacy: GET /api/pharmacy/queue, POST /api/prescriptions/:id/dispense (with
// Idempotency-Key), /hold, /release and /close. Pharmacists of the prescription's location act;
// admins read the queue. The live queue is the `pharmacy:subscribe` socket event (socket.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bodyDefaultsToEmpty } from '../../http/empty-body.js';
import { runIdempotent } from '../../http/idempotent.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, principalOf, userOf } from '../auth/principal.js';
import { IdempotencyHeaders } from '../scheduling/schemas.js';
import { dispensePrescription } from './dispense.js';
import { dispenseHistory } from './history.js';
import {
  DISPENSE_AUDIT_FIELDS,
  Dispense,
  DispenseBody,
  DispenseHistory,
  EmptyBody,
  PHARMACY_STATE_AUDIT_FIELDS,
  PharmacyQueue,
  PharmacyState,
  QueueQuery,
  ReasonBody,
} from './schemas.js';
import { PharmacyService } from './service.js';

const pharmacyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new PharmacyService(app.db);
  const common = { tags: ['pharmacy'], security: bearer };
  const stateChanges = auditChanges(PHARMACY_STATE_AUDIT_FIELDS, ({ id }: { id: string }, actor) => service.state(actor, id));

  app.get(
    '/api/pharmacy/queue',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The location’s prescriptions still to dispense, oldest signed first (on-hold ones flagged)',
        description: 'Its pharmacists and admins. The same view is pushed live: socket event pharmacy:subscribe.',
        querystring: QueueQuery,
        response: { 200: PharmacyQueue, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('pharmacist', 'admin'),
    },
    async (request) => {
      request.auditTarget = { type: 'locations', id: request.query.locationId };
      return service.queue(principalOf(request), request.query.locationId);
    },
  );

  app.post(
    '/api/prescriptions/:id/dispense',
    {
      config: { ...auditCreates(DISPENSE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Dispense (part of) the current fill, from the first-expiring lots unless a lot is named',
        description:
          '409 INSUFFICIENT_STOCK when the unexpired lots are short, LOT_EXPIRED for an expired named lot, NOT_DISPENSABLE for a ' +
          'draft, cancelled, expired, on-hold or fully dispensed prescription; 400 for more than an item has left or a substitution ' +
          'without a reason. A retry with the same Idempotency-Key answers as the first request did and moves stock once.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: DispenseBody,
        response: { 201: Dispense, ...errors(400, 401, 403, 404, 409, 422) },
      },
      onRequest: allow('pharmacist'),
    },
    async (request, reply) => {
      const actor = userOf(request);
      return runIdempotent(app.db, request, reply, `dispense:${request.params.id}`, async (ctx) => {
        const dispense = await dispensePrescription(app.db, actor, request.params.id, request.body, ctx);
        // The entry is about the new dispense, not the prescription in the path.
        request.auditTarget = { type: 'dispenses', id: dispense.id };
        return dispense;
      });
    },
  );

  for (const [action, summary] of [
    ['hold', 'Hold the prescription back, with a reason: not dispensable until released'],
    ['release', 'Release a held prescription: dispensable again'],
    ['close', 'Close the prescription (it is cancelled by the pharmacy), with a reason'],
  ] as const) {
    app.post(
      `/api/prescriptions/:id/${action}`,
      {
        config: stateChanges,
        schema: {
          ...common,
          summary,
          description: '409 NOT_DISPENSABLE unless active or partially dispensed (and, to hold, not on hold already).',
          params: IdParams,
          body: action === 'release' ? EmptyBody : ReasonBody,
          response: { 200: PharmacyState, ...errors(400, 401, 403, 404, 409) },
        },
        onRequest: allow('pharmacist'),
        preValidation: bodyDefaultsToEmpty,
      },
      async (request) => {
        const actor = userOf(request);
        const reason = (request.body as { reason?: string } | undefined)?.reason ?? '';
        if (action === 'hold') return service.hold(actor, request.params.id, reason);
        if (action === 'close') return service.close(actor, request.params.id, reason);
        return service.release(actor, request.params.id);
      },
    );
  }
  app.get(
    '/api/prescriptions/:id/dispenses',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'What was handed out: each dispense with its medicines, lots and quantities, and why a medicine was substituted',
        description:
          'For whoever may read the prescription: its prescriber (and doctors caring for the patient), the patient, pharmacists.',
        params: IdParams,
        response: { 200: DispenseHistory, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'patient', 'pharmacist'),
    },
    async (request) => dispenseHistory(app.db, userOf(request), request.params.id, app.config.careRelationshipDays),
  );
};

export default pharmacyRoutes;
