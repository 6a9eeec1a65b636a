// Clinic sites: POST /api/locations (admin), PATCH /api/locations/:id (admin), GET /api/locations,
// GET /api/locations/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden } from '../../errors.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, userOf } from '../auth/principal.js';
import { CreateLocationBody, ListLocationsQuery, LOCATION_AUDIT_FIELDS, Location, UpdateLocationBody } from './schemas.js';
import { LocationsService } from './service.js';

const locationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new LocationsService(app.db);
  const common = { tags: ['locations'], security: bearer };

  app.post(
    '/api/locations',
    {
      config: { ...auditCreates(LOCATION_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Create a clinic location',
        body: CreateLocationBody,
        response: { 201: Location, ...errors(400, 401, 403) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.patch(
    '/api/locations/:id',
    {
      config: auditChanges(LOCATION_AUDIT_FIELDS, ({ id }: { id: string }) => service.get(id)),
      schema: {
        ...common,
        summary: 'Change a location’s details or settings (the time zone stays)',
        description:
          'Settings: the currency it bills in (ISO 4217, 400 UNKNOWN_CURRENCY for a code that is none; existing invoices keep theirs), the patients’ cut-off, board labels, the waiting-room language, the units vitals are shown in (units), and the booking limits of patients who book ' +
          'for themselves (upcoming visits with one doctor, upcoming visits in all, weeks of a series; beyond them a patient’s ' +
          'booking is 409 VISIT_LIMIT_REACHED). active false deactivates the location: it leaves GET /api/locations, doctors’ ' +
          'slots there go from availability and new bookings there are refused (409 SLOT_UNAVAILABLE); booked visits, its board ' +
          'and its history stay. Fields left out stay as they are.',
        params: IdParams,
        body: UpdateLocationBody,
        response: { 200: Location, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => {
      const location = await service.update(request.params.id, request.body);
      // Screens showing initials (or not) change at once, not at the next check-in.
      if (request.body.boardShowsInitials !== undefined)
        await app.live
          .refreshBoards({ locationId: location.id })
          .catch((err) => request.log.warn({ err }, 'could not push the boards again'));
      return location;
    },
  );

  app.get(
    '/api/locations',
    {
      schema: {
        ...common,
        summary: 'All active locations',
        description: 'An admin adds deactivated ones with includeInactive=true.',
        querystring: ListLocationsQuery,
        response: { 200: Type.Object({ locations: Type.Array(Location) }), ...errors(400, 401, 403) },
      },
      // Pharmacists too: their page names their locations and keeps each one's "today" in its zone.
      onRequest: allow(...PEOPLE, 'pharmacist', 'nurse'),
    },
    async (request) => {
      if (request.query.includeInactive && userOf(request).role !== 'admin') throw forbidden('Only admins list deactivated locations');
      return service.list({ includeInactive: request.query.includeInactive });
    },
  );

  app.get(
    '/api/locations/:id',
    {
      schema: {
        ...common,
        summary: 'One location',
        description: 'Deactivated ones too: visits and invoices still name them.',
        params: IdParams,
        response: { 200: Location, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE, 'pharmacist', 'nurse'),
    },
    async (request) => service.get(request.params.id),
  );
};

export default locationsRoutes;
