// Vital signs and triage over HTTP: POST /api/patients/:id/vitals (the care team; a nurse's set for
// a checked-in or called visit is its triage), GET /api/patients/:id/vitals (the series for the
// plot), GET /api/locations/:id/triage (the nurse's list). A new set reaches the followed chart
// as chart:changed {part:'vitals'}; a triage also updates the doctor's queue and the location's
// triage list through the outbox.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditClinicalRead, auditCreates } from '../audit/rules.js';
import { allow, userOf } from '../auth/principal.js';
import { accessReasonOf } from './access.js';
import { announceChartChange } from './live.js';
import { RecordService } from './service.js';
import { TriageList, VITALS_AUDIT_FIELDS, VitalsBody, VitalsOut, VitalsQuery } from './vitals-schemas.js';
import { VitalsService } from './vitals-service.js';

const vitalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const record = new RecordService(app.db, {
    careRelationshipDays: app.config.careRelationshipDays,
    staffCanReadRecords: app.config.staffCanReadRecords,
  });
  const vitals = new VitalsService(app.db, record);
  const common = { tags: ['record'], security: bearer };

  app.post(
    '/api/patients/:id/vitals',
    {
      config: auditCreates(VITALS_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Record a set of vital signs (doctor, nurse)',
        description:
          'At least one measure; ranges as a note’s vitals; diastolic below systolic; takenAt (default now) not in the future. ' +
          'appointmentId: a visit of this patient. A nurse’s set for a visit that is checked in or called is its triage ' +
          '(source "triage": the doctor’s queue shows triagedAt); any other set is "direct".',
        params: IdParams,
        body: VitalsBody,
        response: { 201: VitalsOut, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'nurse'),
    },
    async (request, reply) => {
      const saved = await vitals.add(userOf(request), request.params.id, request.body);
      announceChartChange(app.io, saved.vitals.patientId, 'vitals');
      return reply.status(201).send(saved.vitals);
    },
  );

  app.get(
    '/api/patients/:id/vitals',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'The patient’s vital signs over time, oldest first (for a plot)',
        description: 'from/to bound takenAt (inclusive); limit 1-1000 (default 500). Who may read: as GET /api/patients/:id/record.',
        params: IdParams,
        querystring: VitalsQuery,
        response: { 200: Type.Object({ vitals: Type.Array(VitalsOut) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('doctor', 'nurse', 'patient', 'admin', 'receptionist'),
    },
    async (request) => vitals.series(userOf(request), request.params.id, accessReasonOf(request), request.query),
  );

  app.get(
    '/api/locations/:id/triage',
    {
      config: auditClinicalRead,
      schema: {
        ...common,
        summary: 'Today’s visits in the queue at a location, for triage (its nurses, admins)',
        description: 'Checked-in, called and in-progress visits of today (the location’s day), oldest check-in first, with triagedAt.',
        params: IdParams,
        response: { 200: TriageList, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('nurse', 'admin'),
    },
    async (request) => vitals.triageList(userOf(request), request.params.id),
  );
};

export default vitalsRoutes;
