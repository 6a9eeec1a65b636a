// Scheduling's routes for the admin console: POST /api/doctors/:id/unavailability/affected (the
// visits a time off would fall on, before it is saved; here rather than in the doctors module
// because it reads visits) and GET /api/locations/:id/today (the live dashboard).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditCreates } from '../audit/rules.js';
import { allow } from '../auth/principal.js';
import { AffectedBody, AffectedVisits, LocationToday } from './admin-schemas.js';
import { visitsAffectedByTimeOff } from './time-off.js';
import { locationToday } from './today.js';

const schedulingAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
        response: { 200: AffectedVisits, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => visitsAffectedByTimeOff(app.db, request.params.id, request.body),
  );

  app.get(
    '/api/locations/:id/today',
    {
      schema: {
        tags: ['locations'],
        security: bearer,
        summary: 'The location’s day so far, live (admin dashboard)',
        description:
          'Read again to refresh (every answer is computed now). Waiting counts checked-in patients not yet called; the average ' +
          'wait is over the patients called today; hours are the location’s local hours.',
        params: IdParams,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: LocationToday, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => locationToday(app.db, request.params.id),
  );
};

export default schedulingAdminRoutes;
