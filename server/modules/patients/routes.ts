// Patient records: POST /api/patients and GET /api/patients?query= (staff), GET /api/patients/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { allow, PEOPLE, STAFF, userOf } from '../auth/principal.js';
import { assertCanReadPatient } from './access.js';
import { CreatePatientBody, Patient, SearchPatientsQuery } from './schemas.js';
import { PatientsService } from './service.js';

const patientsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new PatientsService(app.db, app.config.defaultTimezone);
  const common = { tags: ['patients'], security: bearer };

  app.post(
    '/api/patients',
    {
      schema: {
        ...common,
        summary: 'Register a patient',
        description: 'With email and password the patient can log in to the portal.',
        body: CreatePatientBody,
        response: { 201: Patient, ...errors(400, 401, 403, 409) },
      },
      onRequest: allow(...STAFF),
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/api/patients',
    {
      schema: {
        ...common,
        summary: 'Search patients by name, phone or email',
        querystring: SearchPatientsQuery,
        response: {
          200: Type.Object({ patients: Type.Array(Patient), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
      onRequest: allow(...STAFF),
    },
    async (request) => service.search({ query: request.query.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.get(
    '/api/patients/:id',
    {
      schema: { ...common, summary: 'One patient record', params: IdParams, response: { 200: Patient, ...errors(400, 401, 403, 404) } },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      await assertCanReadPatient(app.db, userOf(request), request.params.id);
      return service.get(request.params.id);
    },
  );
};

export default patientsRoutes;
