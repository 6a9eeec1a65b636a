// Doctors, their weekly schedules and unavailability.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { forbidden } from '../../errors.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, userOf } from '../auth/principal.js';
import { assertCanSeeDoctorCalendar } from './access.js';
import { ScheduleService } from './schedule-service.js';
import {
  CreateDoctorBody,
  DOCTOR_AUDIT_FIELDS,
  Doctor,
  ListDoctorsQuery,
  Schedule,
  ScheduleBody,
  Unavailability,
  UnavailabilityBody,
  UpdateDoctorBody,
  UpdateUnavailabilityBody,
} from './schemas.js';
import { DoctorsService } from './service.js';

const doctorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const doctors = new DoctorsService(app.db);
  const schedules = new ScheduleService(app.db, doctors);
  const common = { tags: ['doctors'], security: bearer };

  app.post(
    '/api/doctors',
    {
      config: { ...auditCreates(DOCTOR_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Add a doctor (creates their login)',
        description:
          'Without a password the doctor cannot log in until one is set. Unknown specializations are added. feeMinor (optional): the ' +
          'doctor’s own consultation fee in minor units of the visit location’s currency, billed instead of the appointment type’s price.',
        body: CreateDoctorBody,
        response: { 201: Doctor, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => reply.status(201).send(await doctors.create(request.body)),
  );

  app.get(
    '/api/doctors',
    {
      schema: {
        ...common,
        summary: 'Active doctors, filtered by specialization and location',
        description:
          'specialization matches any of a doctor’s specialties (ignoring case). Deactivated doctors are left out unless an admin ' +
          'asks for them with includeInactive=true (403 for anyone else).',
        querystring: ListDoctorsQuery,
        response: { 200: Type.Object({ doctors: Type.Array(Doctor) }), ...errors(400, 401, 403) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      if (request.query.includeInactive && userOf(request).role !== 'admin') throw forbidden('Only admins list deactivated doctors');
      return doctors.list({ ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 });
    },
  );

  app.get(
    '/api/doctors/:id',
    {
      schema: {
        ...common,
        summary: 'One doctor',
        description: 'Deactivated doctors too (active false): their past visits and prescriptions still name them.',
        params: IdParams,
        response: { 200: Doctor, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => doctors.get(request.params.id),
  );

  app.patch(
    '/api/doctors/:id',
    {
      config: auditChanges(DOCTOR_AUDIT_FIELDS, ({ id }: { id: string }) => doctors.get(id)),
      schema: {
        ...common,
        summary: 'Change a doctor’s profile, fee, or deactivate them',
        description:
          'Fields left out stay as they are. specialties: every specialty, the main one first (unknown ones are added). Names change ' +
          'on the doctor’s login too. feeMinor: minor units of the visit location’s currency, billed instead of the appointment ' +
          'type’s price; null: the type’s price applies again. Visits completed from then on are billed at it; invoices already made ' +
          'keep theirs. active false: the doctor leaves GET /api/doctors and availability, and new bookings, holds and walk-ins are ' +
          'refused with 409 DOCTOR_INACTIVE; visits already booked, records and today’s queue stay (list future visits with ' +
          'POST /api/doctors/:id/unavailability/affected). Their login keeps working: end it with DELETE /api/users/:id. ' +
          '409 LICENSE_TAKEN for another doctor’s licence number.',
        params: IdParams,
        body: UpdateDoctorBody,
        response: { 200: Doctor, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin'),
    },
    async (request) => {
      const doctor = await doctors.update(request.params.id, request.body);
      // What the waiting-room boards show of a doctor: their name, room, visit length (the waits) and whether they are there.
      const { firstName, lastName, room, consultationMinutes, active } = request.body;
      if ([firstName, lastName, room, consultationMinutes, active].some((v) => v !== undefined))
        await app.live.refreshBoards({ doctorId: doctor.id }).catch((err) => request.log.warn({ err }, 'could not push the boards again'));
      return doctor;
    },
  );

  app.put(
    '/api/doctors/:id/schedule',
    {
      config: auditChanges(DOCTOR_AUDIT_FIELDS, ({ id }: { id: string }) => schedules.get(id)),
      schema: {
        ...common,
        summary: 'Replace the weekly schedule',
        description: 'Times are local to each rule’s location. Rules on one weekday must not overlap (400 SCHEDULE_OVERLAP).',
        params: IdParams,
        body: ScheduleBody,
        response: { 200: Schedule, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => schedules.replace(request.params.id, request.body.rules),
  );

  app.get(
    '/api/doctors/:id/schedule',
    {
      schema: { ...common, summary: 'The weekly schedule', params: IdParams, response: { 200: Schedule, ...errors(400, 401, 403, 404) } },
      onRequest: allow(...PEOPLE),
    },
    async (request) => schedules.get(request.params.id),
  );

  app.post(
    '/api/doctors/:id/unavailability',
    {
      config: { ...auditCreates(DOCTOR_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Record leave, a holiday or other time off',
        params: IdParams,
        body: UnavailabilityBody,
        response: { 201: Unavailability, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) =>
      reply.status(201).send(await schedules.addUnavailability(request.params.id, request.body, userOf(request).userId)),
  );

  app.get(
    '/api/doctors/:id/unavailability',
    {
      schema: {
        ...common,
        summary: 'Current and future time off',
        params: IdParams,
        response: { 200: Type.Object({ unavailability: Type.Array(Unavailability) }), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin', 'receptionist', 'doctor'),
    },
    async (request) => {
      assertCanSeeDoctorCalendar(userOf(request), request.params.id);
      return schedules.listUnavailability(request.params.id);
    },
  );

  app.patch(
    '/api/unavailability/:id',
    {
      config: auditChanges(DOCTOR_AUDIT_FIELDS, ({ id }: { id: string }) => schedules.getUnavailability(id)),
      schema: {
        ...common,
        summary: 'Move, stretch or re-label a time off',
        description:
          'Fields left out stay as they are; reason null removes it. Visits already booked in the new range stay booked (list them ' +
          'first with POST /api/doctors/:id/unavailability/affected); new bookings there are refused. startAt must stay before ' +
          'endAt, at most 366 days apart.',
        params: IdParams,
        body: UpdateUnavailabilityBody,
        response: { 200: Unavailability, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request) => schedules.updateUnavailability(request.params.id, request.body),
  );

  app.delete(
    '/api/unavailability/:id',
    {
      config: auditChanges(DOCTOR_AUDIT_FIELDS, ({ id }: { id: string }) => schedules.getUnavailability(id)),
      schema: {
        ...common,
        summary: 'Remove a time off (its time is bookable again)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
      onRequest: allow('admin'),
    },
    async (request, reply) => {
      await schedules.deleteUnavailability(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default doctorsRoutes;
