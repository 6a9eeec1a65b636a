// Patient records: POST /api/patients and GET /api/patients?query= (staff), GET /api/patients/:id,
// PATCH /api/patients/:id (contact details and notification preferences: staff, or the patient).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, STAFF, userOf } from '../auth/principal.js';
import { assertCanChangePatient, assertCanReadPatient } from './access.js';
import {
  CreatePatientBody,
  DuplicatePatientError,
  PATIENT_AUDIT_FIELDS,
  Patient,
  SearchPatientsQuery,
  UpdatePatientBody,
} from './schemas.js';
import { PatientsService } from './service.js';

const patientsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new PatientsService(app.db, app.config.defaultTimezone, app.config.defaultPhoneCountry);
  const phones =
    'Phone numbers are stored in E.164: one written without +country is read in address.country, else in ' +
    'DEFAULT_PHONE_COUNTRY; a number that is not valid there is refused with 400 INVALID_PHONE.';
  const common = { tags: ['patients'], security: bearer };

  app.post(
    '/api/patients',
    {
      config: { ...auditCreates(PATIENT_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Register a patient',
        description:
          `With email and password the patient can log in to the portal. ${phones} Notification preferences default to all on. ` +
          'A patient with the same first and last name (ignoring case, accents, spaces and punctuation) and birth date is ' +
          'refused with 409 DUPLICATE_PATIENT listing them in matches (also details.matches), unless allowDuplicate is true; ' +
          'a phone number alone is no match (families share them). A unique key on the names and birth date makes two desks ' +
          'registering the same person at once get one record and one 409. A birth date must be 1900-01-01 or later and not ' +
          'in the future: a refused field answers 400 VALIDATION_FAILED with field and a sentence for people in reason.',
        body: CreatePatientBody,
        response: { 201: Patient, ...errors(400, 401, 403), 409: DuplicatePatientError },
      },
      onRequest: allow(...STAFF),
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body)),
  );

  app.get(
    '/api/patients',
    {
      config: expensive,
      schema: {
        ...common,
        summary: 'Search patients by name, phone or email',
        description:
          'Names match from their start, ignoring case, accents, spaces and punctuation ("obrien" and "o brien" find ' +
          'O\'Brien, "jose" finds José), first name first or last name first. A query that reads as a phone number (in any ' +
          'format) also finds the patient with that number.',
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
      schema: {
        ...common,
        summary: 'One patient record',
        description:
          'Staff read every record, a patient their own, and a doctor a patient they have a care relationship with: a visit ' +
          'together that is booked or happened (not cancelled, not a no-show) and starts at most CARE_RELATIONSHIP_DAYS ago.',
        params: IdParams,
        response: { 200: Patient, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      await assertCanReadPatient(app.db, userOf(request), request.params.id, app.config);
      return service.get(request.params.id);
    },
  );

  app.patch(
    '/api/patients/:id',
    {
      config: auditChanges(PATIENT_AUDIT_FIELDS, async ({ id }: { id: string }, actor) => {
        assertCanChangePatient(actor, id);
        return service.get(id);
      }),
      schema: {
        ...common,
        summary: "Change a patient's contact details and notification preferences",
        description:
          `Staff for any patient; a patient for their own record. Fields left out stay as they are. ${phones} ` +
          'Names, birth date, email and clinical fields are not changed here.',
        params: IdParams,
        body: UpdatePatientBody,
        response: { 200: Patient, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...STAFF, 'patient'),
      // Someone else's record is refused before the body is looked at (403, not 400).
      preValidation: async (request) => assertCanChangePatient(userOf(request), request.params.id),
    },
    async (request) => service.update(request.params.id, request.body),
  );
};

export default patientsRoutes;
