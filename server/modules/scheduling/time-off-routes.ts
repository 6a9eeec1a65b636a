// POST /api/doctors/:id/unavailability/affected: the visits a time off would fall on, before it is
// saved. Here rather than in the doctors module because it reads visits (scheduling's table).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors, Id, IdParams, Instant } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { allow } from '../auth/principal.js';
import { visitsAffectedByTimeOff } from './time-off.js';

const AffectedBody = Type.Object(
  {
    startAt: Instant,
    endAt: Instant,
    excludeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const AffectedVisit = Type.Object({
  id: Id,
  startAt: Instant,
  endAt: Instant,
  patientId: Id,
  patientName: Type.String(),
  status: Type.String(),
  alreadyAffected: Type.Boolean({ description: 'Inside the time off named by excludeId as it is saved now' }),
});

const timeOffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/doctors/:id/unavailability/affected',
    {
      // Reads only; declared like a creation so the audit log names who looked.
      config: auditCreates([]),
      schema: {
        tags: ['doctors'],
        security: bearer,
        summary: 'The booked visits a time off would fall on (asked before saving it)',
        description:
          'Visits of the doctor still to happen or under way that overlap [startAt, endAt), soonest first (at most 500). Saving the ' +
          'time off (POST /api/doctors/:id/unavailability or PATCH /api/unavailability/:id) keeps them booked: call the patients to ' +
          'move them. excludeId: the time off being edited (404 if it is not this doctor’s); each visit then says whether it lies in ' +
          'that time off as saved now (alreadyAffected). Nothing is changed.',
        params: IdParams,
        body: AffectedBody,
        response: { 200: Type.Object({ visits: Type.Array(AffectedVisit) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => visitsAffectedByTimeOff(app.db, request.params.id, request.body),
  );
};

export default timeOffRoutes;
