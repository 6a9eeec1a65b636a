// Scheduling over HTTP: availability, booking (single, weekly, holds), the visit lifecycle,
// walk-ins. The doctor's queue and appointment types are in queue-routes.ts. Access rules live in
// access.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bodyDefaultsToEmpty } from '../../http/empty-body.js';
import { runIdempotent } from '../../http/idempotent.js';
import { expensive } from '../../http/route-limits.js';
import { bearer, errors, IdParams } from '../../http/schemas.js';
import { auditChanges, auditCreates } from '../audit/rules.js';
import { allow, PEOPLE, STAFF, userOf } from '../auth/principal.js';
import { DoctorsService } from '../doctors/service.js';
import { assertCanSee } from './access.js';
import { loadAppointment, presentById } from './appointments-repository.js';
import { availability } from './availability.js';
import { BookingService } from './booking.js';
import { patientCutoff } from './cutoff.js';
import { LifecycleService } from './lifecycle.js';
import { listAppointments } from './listing.js';
import {
  APPOINTMENT_AUDIT_FIELDS,
  Appointment,
  AppointmentList,
  Availability,
  AvailabilityQuery,
  BookBody,
  CancelBody,
  EmptyBody,
  HOLD_AUDIT_FIELDS,
  Hold,
  HoldBody,
  IdempotencyHeaders,
  ListQuery,
  RescheduleBody,
  WalkInBody,
  WeeklyBookBody,
} from './schemas.js';
import { AppointmentTypesService } from './types-service.js';

const schedulingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const booking = new BookingService(app.db);
  const lifecycle = new LifecycleService(app.db);
  const _types = new AppointmentTypesService(app.db);
  const _doctors = new DoctorsService(app.db);
  const common = { tags: ['scheduling'], security: bearer };
  /** The audit "before" of a change to one visit: the visit as the API shows it. */
  const appointmentBefore = auditChanges(APPOINTMENT_AUDIT_FIELDS, async ({ id }: { id: string }, actor) => {
    assertCanSee(actor, await loadAppointment(app.db, id));
    return presentById(app.db, id);
  });

  app.get(
    '/api/doctors/:id/availability',
    {
      config: expensive,
      schema: {
        ...common,
        summary: 'Bookable slots of a doctor (at most 31 days)',
        description:
          'Dates are calendar days in each location’s time zone; slots are UTC instants. A type sets the visit length. ' +
          'Today, walk-ins use up the doctor’s time: no slot starting before the queue’s projected clear time is offered (the current ' +
          'visit, any delay, then one typical visit per waiting patient, around booked visits still to come), and none today once ' +
          'that projection passes the doctor’s last working minute (README, Scheduling). A patient is not offered slots inside ' +
          'the location’s cut-off (patientChangeCutoffHours).',
        params: IdParams,
        querystring: AvailabilityQuery,
        response: { 200: Availability, ...errors(400, 401, 403, 404) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) => availability(app.db, userOf(request), request.params.id, request.query),
  );

  app.post(
    '/api/appointments',
    {
      config: { ...auditCreates(APPOINTMENT_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Book a visit',
        description:
          'A patient books for themself (no patientId); staff name the patient and may overbook with a reason. ' +
          '409 SLOT_UNAVAILABLE when the time is taken, held by someone else or outside working hours; 409 DOCTOR_INACTIVE when the ' +
          'doctor is deactivated; 400 SLOT_NOT_ON_GRID or SLOT_IN_PAST. ' +
          'A patient is held to the location’s booking limits (upcoming visits with one doctor and in all): 409 VISIT_LIMIT_REACHED ' +
          'with limit and max; staff are not.',
        headers: IdempotencyHeaders,
        body: BookBody,
        response: { 201: Appointment, 200: Appointment, ...errors(400, 401, 403, 404, 409, 422) },
      },
      onRequest: allow('admin', 'receptionist', 'patient'),
    },
    async (request, reply) => runIdempotent(app.db, request, reply, 'book', (ctx) => booking.book(userOf(request), request.body, ctx)),
  );

  app.post(
    '/api/appointments/weekly',
    {
      config: { ...auditCreates(APPOINTMENT_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Book the same weekly time for 2 to 12 weeks',
        description:
          'All or nothing: if any week is taken nothing is booked and 409 lists every conflict. A patient’s own series is at most ' +
          'the location’s patientMaxSeriesWeeks long and counts towards their visit limits (409 VISIT_LIMIT_REACHED); staff are not bound.',
        headers: IdempotencyHeaders,
        body: WeeklyBookBody,
        response: { 201: Type.Object({ appointments: Type.Array(Appointment) }), ...errors(400, 401, 403, 404, 409, 422) },
      },
      onRequest: allow('admin', 'receptionist', 'patient'),
    },
    async (request, reply) =>
      runIdempotent(app.db, request, reply, 'book-weekly', (ctx) => booking.bookWeekly(userOf(request), request.body, ctx)),
  );

  app.post(
    '/api/doctors/:id/holds',
    {
      config: { ...auditCreates(HOLD_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'Hold a free slot for five minutes while the patient confirms',
        description:
          'A patient holds one slot at a time (a new hold releases the old one) and none at a booking limit (409 VISIT_LIMIT_REACHED).',
        params: IdParams,
        body: HoldBody,
        response: { 201: Hold, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin', 'receptionist', 'patient'),
    },
    async (request, reply) => reply.status(201).send(await booking.hold(userOf(request), { ...request.body, doctorId: request.params.id })),
  );

  app.delete(
    '/api/holds/:id',
    {
      config: auditCreates(HOLD_AUDIT_FIELDS),
      schema: { ...common, summary: 'Release a hold', params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404) } },
      onRequest: allow('admin', 'receptionist', 'patient'),
    },
    async (request, reply) => {
      await booking.releaseHold(userOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/appointments',
    {
      schema: {
        ...common,
        summary: 'Appointments, filtered; patients see their own, doctors theirs',
        querystring: ListQuery,
        response: { 200: AppointmentList, ...errors(400, 401, 403) },
      },
      onRequest: allow(...PEOPLE),
    },
    async (request) =>
      listAppointments(app.db, userOf(request), { ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.get(
    '/api/appointments/:id',
    {
      schema: { ...common, summary: 'One appointment', params: IdParams, response: { 200: Appointment, ...errors(400, 401, 403, 404) } },
      onRequest: allow(...PEOPLE),
    },
    async (request) => {
      const appointment = await presentById(app.db, request.params.id);
      assertCanSee(userOf(request), appointment);
      return appointment;
    },
  );

  app.post(
    '/api/appointments/:id/reschedule',
    {
      config: { ...appointmentBefore, ...expensive },
      schema: {
        ...common,
        summary: 'Move a visit (the old one is cancelled and the new one links to it, keeping the booking reference)',
        description:
          'Patients cannot move a visit inside the location’s cut-off (409 CHANGE_CUTOFF_PASSED), nor to another location past its ' +
          'booking limits (409 VISIT_LIMIT_REACHED).',
        params: IdParams,
        body: RescheduleBody,
        response: { 200: Appointment, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin', 'receptionist', 'patient'),
    },
    async (request) => booking.reschedule(userOf(request), request.params.id, request.body, patientCutoff),
  );

  app.post(
    '/api/appointments/:id/cancel',
    {
      config: appointmentBefore,
      schema: {
        ...common,
        summary: 'Cancel a visit',
        description:
          'Patients cannot cancel inside the location’s cut-off (409 CHANGE_CUTOFF_PASSED, details.cutoffHours), except a visit they ' +
          'booked themself within PATIENT_CANCEL_GRACE_MINUTES (10) of booking it: the appointment’s cancelGraceEndsAt says until when.',
        params: IdParams,
        body: CancelBody,
        response: { 200: Appointment, ...errors(400, 401, 403, 404, 409) },
      },
      onRequest: allow('admin', 'receptionist', 'patient'),
      preValidation: bodyDefaultsToEmpty,
    },
    async (request) => lifecycle.cancel(userOf(request), request.params.id, request.body?.reason),
  );

  const transitions = [
    ['confirm', 'Confirm a visit', ['admin', 'receptionist', 'patient'], lifecycle.confirm],
    ['check-in', 'Check a patient in; hands out a queue ticket', STAFF, (actor, id) => lifecycle.checkIn(actor, id)],
    [
      'undo-call',
      'Take back a call made less than a minute ago (the patient returns to the head of the queue)',
      ['admin', 'receptionist', 'doctor'],
      lifecycle.undoCall,
    ],
    ['start', 'The patient is in the room', ['admin', 'receptionist', 'doctor'], lifecycle.start],
    ['complete', 'The visit is over', ['admin', 'receptionist', 'doctor'], lifecycle.complete],
    [
      'no-show',
      'The patient did not come: from the visit’s start, or for a called visit NO_SHOW_AFTER_CALL (5 minutes) after the call whatever ' +
        'its start; earlier 409 NO_SHOW_TOO_EARLY with details.allowedFrom',
      ['admin', 'receptionist', 'doctor'],
      lifecycle.noShow,
    ],
  ] as const satisfies readonly (readonly [
    string,
    string,
    readonly string[],
    (actor: ReturnType<typeof userOf>, id: string) => Promise<unknown>,
  ])[];

  for (const [path, summary, roles, run] of transitions) {
    app.post(
      `/api/appointments/:id/${path}`,
      {
        config: appointmentBefore,
        schema: {
          ...common,
          summary,
          params: IdParams,
          body: EmptyBody,
          response: { 200: Appointment, ...errors(400, 401, 403, 404, 409) },
        },
        onRequest: allow(...(roles as readonly ('admin' | 'receptionist' | 'doctor' | 'patient')[])),
        preValidation: bodyDefaultsToEmpty,
      },
      async (request) => run(userOf(request), request.params.id),
    );
  }

  app.post(
    '/api/walk-ins',
    {
      config: { ...auditCreates(APPOINTMENT_AUDIT_FIELDS), ...expensive },
      schema: {
        ...common,
        summary: 'A patient without an appointment: checked in at once and queued',
        description:
          'Queued by arrival, urgent first, never ahead of a booked patient already checked in and waiting. 409 DUPLICATE_VISIT ' +
          '(details.appointmentId, details.startAt, details.status, details.ticket) when the patient already has a visit with this ' +
          'doctor today, booked or queued; allowDuplicate: true adds the walk-in anyway.',
        headers: IdempotencyHeaders,
        body: WalkInBody,
        response: { 201: Appointment, 200: Appointment, ...errors(400, 401, 403, 404, 409, 422) },
      },
      onRequest: allow(...STAFF),
    },
    async (request, reply) => runIdempotent(app.db, request, reply, 'walk-in', (ctx) => booking.walkIn(userOf(request), request.body, ctx)),
  );
};

export default schedulingRoutes;
