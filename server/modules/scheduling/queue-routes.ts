// Scheduling over HTTP, the doctor's day: the queue (read it, call the next patient), the doctor's
// delay, and the appointment types visits are booked as. Access rules live in access.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden } from '../../errors.js';
import { bodyDefaultsToEmpty } from '../../http/empty-body.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, STAFF, userOf } from '../auth/principal.js';
import { findDoctor } from '../doctors/repository.js';
import { assertCanWorkQueue } from './access.js';
import { setDoctorDelay } from './delay.js';
import { LifecycleService } from './lifecycle.js';
import { queueView } from './queue-service.js';
import {
  APPOINTMENT_AUDIT_FIELDS,
  APPOINTMENT_TYPE_AUDIT_FIELDS,
  Appointment,
  AppointmentType,
  AppointmentTypeBody,
  DELAY_AUDIT_FIELDS,
  DelayBody,
  EmptyBody,
  ListAppointmentTypesQuery,
  Queue,
  UpdateAppointmentTypeBody,
} from './schemas.js';
import { AppointmentTypesService } from './types-service.js';

const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const lifecycle = new LifecycleService(app.db);
  const types = new AppointmentTypesService(app.db);
  const common = { tags: ['scheduling'], security: bearer };

  app.post(
    '/api/doctors/:id/queue/call-next',
    {
      config: auditCreates(APPOINTMENT_AUDIT_FIELDS),
      schema: {
        ...common,
        summary: 'Call the next waiting patient (409 QUEUE_EMPTY when nobody waits)',
        params: IdParams,
        body: EmptyBody,
        response: { 200: Appointment, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor'),
      preValidation: bodyDefaultsToEmpty,
    },
    async (request) => lifecycle.callNext(userOf(request), request.params.id),
  );

  app.put(
    '/api/doctors/:id/delay',
    {
      config: auditChanges(DELAY_AUDIT_FIELDS, async ({ id }: { id: string }) => {
        const doctor = await findDoctor(app.db, id);
        return { doctorId: doctor.id, delayMinutes: doctor.delayMinutes };
      }),
      schema: {
        ...common,
        summary: 'Set how late a doctor is running; every ETA of their queue shifts',
        params: IdParams,
        body: DelayBody,
        response: { 200: Type.Object({ doctorId: Type.String(), delayMinutes: Type.Integer() }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...STAFF),
    },
    async (request) => setDoctorDelay(app.db, userOf(request), request.params.id, request.body.minutes),
  );

  app.get(
    '/api/doctors/:id/queue',
    {
      schema: {
        ...common,
        summary: 'The doctor’s queue, in order, with ETAs',
        description:
          'Staff and the doctor. A queue holds the patients a doctor sees at every location that day, with names and reasons: ' +
          'nurses read their own location’s triage list instead (GET /api/locations/:id/triage).',
        params: IdParams,
        response: { 200: Queue, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor'),
    },
    async (request) => {
      assertCanWorkQueue(userOf(request), request.params.id);
      return queueView(app.db, request.params.id);
    },
  );

  app.post(
    '/api/appointment-types',
    {
      config: { ...auditCreates(APPOINTMENT_TYPE_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Add an appointment type',
        description: 'priceMinor (optional) is the consultation price in minor units of the visit location’s currency.',
        body: AppointmentTypeBody,
        response: { 201: AppointmentType, ...errors(400, 401, 403, 409) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => reply.status(201).send(await types.create(request.body)),
  );

  app.patch(
    '/api/appointment-types/:id',
    {
      config: auditChanges(APPOINTMENT_TYPE_AUDIT_FIELDS, ({ id }: { id: string }) => types.get(id)),
      schema: {
        ...common,
        summary: 'Change an appointment type’s name, length or price, or retire it',
        description:
          'priceMinor: the consultation price in minor units of the visit location’s currency (null: not priced). A new price ' +
          'bills visits completed from then on; invoices already made keep theirs. active false retires the type: it leaves ' +
          'GET /api/appointment-types and new bookings of it are refused (400); visits booked with it keep it. Fields left out ' +
          'stay as they are.',
        params: IdParams,
        body: UpdateAppointmentTypeBody,
        response: { 200: AppointmentType, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => types.update(request.params.id, request.body),
  );

  app.get(
    '/api/appointment-types',
    {
      schema: {
        ...common,
        summary: 'Appointment types',
        description: 'The types offered; an admin adds retired ones with includeInactive=true.',
        querystring: ListAppointmentTypesQuery,
        response: { 200: Type.Object({ types: Type.Array(AppointmentType) }), ...errors(400, 401, 403) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      if (request.query.includeInactive && userOf(request).role !== 'admin') throw forbidden('Only admins list retired types');
      return types.list({ includeInactive: request.query.includeInactive });
    },
  );
};

export default queueRoutes;
