// GET /api/locations/:id/board: what a waiting-room screen shows.
// Until appointments and check-ins exist (scheduling module) every queue is empty; the live
// pushes over Socket.IO come with the board module's real-time part.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, eq } from 'drizzle-orm';
import { doctors, locations } from '../../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { allow, principalOf } from '../auth/principal.js';
import { doctorDisplayName } from '../doctors/service.js';
import { assertCanReadBoard } from './access.js';
import { Board } from './schemas.js';

const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/locations/:id/board',
    {
      schema: {
        tags: ['locations'],
        summary: 'The waiting-room board of a location',
        description: 'Readable by staff and by that location’s display token. Carries no full names, reasons or contacts.',
        security: bearer,
        params: IdParams,
        response: { 200: Board, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'display'),
    },
    async (request) => {
      const locationId = request.params.id;
      assertCanReadBoard(principalOf(request), locationId);
      const [location] = await app.db.select({ id: locations.id }).from(locations).where(eq(locations.id, locationId));
      if (!location) throw notFound('Location');
      const rows = await app.db
        .select({ id: doctors.id, firstName: doctors.firstName, lastName: doctors.lastName, room: doctors.room })
        .from(doctors)
        .where(and(eq(doctors.locationId, locationId), eq(doctors.active, true)))
        .orderBy(asc(doctors.room), asc(doctors.lastName));
      return {
        locationId,
        seq: 0,
        generatedAt: new Date().toISOString(),
        doctors: rows.map((d) => ({ doctorId: d.id, name: doctorDisplayName(d), room: d.room, nowServing: null, waiting: [] })),
      };
    },
  );
};

export default boardRoutes;
