import { Type } from 'typebox';
import { APPOINTMENT_STATUSES } from '../../../db/schema/scheduling.js';
import { CalendarDate, Id, Instant, Paging, Text } from '../../http/schemas.js';

const TypeKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'An appointment type key, e.g. "first-visit"' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const BookBody = Type.Object(
  {
    doctorId: Id,
    patientId: Type.Optional(Id),
    startAt: Instant,
    reason: Type.Optional(Text(500)),
    type: Type.Optional(TypeKey),
    overbook: Type.Optional(
      Type.Object({ reason: Text(200, 3) }, { additionalProperties: false, description: 'Staff only: book over another visit on purpose' }),
    ),
  },
  { additionalProperties: false },
);

export const WeeklyBookBody = Type.Object(
  {
    doctorId: Id,
    patientId: Type.Optional(Id),
    startAt: Instant,
    occurrences: Type.Integer({ minimum: 2, maximum: 12, description: 'How many weeks in a row, this one included' }),
    reason: Type.Optional(Text(500)),
    type: Type.Optional(TypeKey),
  },
  { additionalProperties: false },
);

export const RescheduleBody = Type.Object({ startAt: Instant, type: Type.Optional(TypeKey) }, { additionalProperties: false });
export const CancelBody = Type.Object({ reason: Type.Optional(Text(200)) }, { additionalProperties: false });

/** Action endpoints take no body; sending fields is a mistake worth a 400. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const WalkInBody = Type.Object(
  {
    doctorId: Id,
    patientId: Id,
    reason: Type.Optional(Text(500)),
    priority: Type.Optional(Type.Union([Type.Literal('regular'), Type.Literal('urgent')])),
    allowDuplicate: Type.Optional(
      Type.Boolean({
        description:
          'Add the walk-in although the patient already has a visit with this doctor today (otherwise 409 DUPLICATE_VISIT names it)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const HoldBody = Type.Object(
  { patientId: Type.Optional(Id), startAt: Instant, type: Type.Optional(TypeKey) },
  { additionalProperties: false },
);

export const Hold = Type.Object({ id: Id, doctorId: Id, patientId: Id, startAt: Instant, endAt: Instant, expiresAt: Instant });

export const AvailabilityQuery = Type.Object(
  { from: CalendarDate, to: CalendarDate, type: Type.Optional(TypeKey) },
  { additionalProperties: false },
);

export const Availability = Type.Object({
  doctorId: Id,
  slots: Type.Array(Type.Object({ startAt: Instant, endAt: Instant, locationId: Id })),
});

export const ListQuery = Type.Object(
  {
    doctorId: Type.Optional(Id),
    patientId: Type.Optional(Id),
    date: Type.Optional(CalendarDate),
    status: Type.Optional(Type.Union(APPOINTMENT_STATUSES.map((s) => Type.Literal(s)))),
    ...Paging,
  },
  { additionalProperties: false },
);

export const Appointment = Type.Object({
  id: Id,
  bookingReference: Type.String(),
  doctorId: Id,
  patientId: Id,
  locationId: Id,
  startAt: Instant,
  endAt: Instant,
  status: Type.String(),
  type: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  priority: Type.String(),
  walkIn: Type.Boolean(),
  ticket: Nullable(Type.String()),
  overbooked: Type.Boolean(),
  overbookReason: Nullable(Type.String()),
  rescheduledFromId: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
  calledAt: Nullable(Type.String()),
  startedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  cancelledBy: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  noShowAt: Nullable(Type.String()),
  createdAt: Instant,
  cancelGraceEndsAt: Type.String({
    format: 'date-time',
    description:
      'Until then the patient who booked this visit may cancel it online even inside the cut-off (createdAt + PATIENT_CANCEL_GRACE_MINUTES, 10)',
  }),
});

export const AppointmentList = Type.Object({
  appointments: Type.Array(Appointment),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9._:-]{8,100}$', description: 'Makes a retried POST return the first answer' }),
    ),
  },
  { additionalProperties: true },
);

const Person = Type.Object({ id: Id, name: Type.String() });
export const Queue = Type.Object({
  doctorId: Id,
  seq: Type.Integer(),
  delayMinutes: Type.Integer({ description: 'How late the doctor is running; already in every ETA' }),
  nowServing: Type.Union([
    Type.Object({
      appointmentId: Id,
      ticket: Type.String(),
      patient: Person,
      status: Type.String(),
      calledAt: Type.Union([Instant, Type.Null()], { description: 'When the patient was called' }),
      noShowAllowedFrom: Type.Union([Instant, Type.Null()], {
        description:
          'For a called visit: from when it may be marked a no-show (NO_SHOW_AFTER_CALL, 5 minutes, after the call); null once in progress',
      }),
    }),
    Type.Null(),
  ]),
  waiting: Type.Array(
    Type.Object({
      appointmentId: Id,
      ticket: Type.String(),
      patient: Person,
      reason: Nullable(Type.String()),
      priority: Type.String(),
      checkedInAt: Instant,
      etaMinutes: Type.Integer(),
      triagedAt: Type.Union([Instant, Type.Null()], {
        description: 'When the visit’s latest triage vitals were taken (a nurse at check-in); null: not triaged yet',
      }),
    }),
  ),
});

export const DelayBody = Type.Object(
  { minutes: Type.Integer({ minimum: 0, maximum: 240, description: 'How late the doctor is running (0 = on time)' }) },
  { additionalProperties: false },
);

/** The consultation's price in minor units of the location's currency (1500 USD = $15.00); null: not priced (billed 0). */
const PriceMinor = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
  description: 'Consultation price in minor units of the visit location’s currency; null: not priced',
});
export const AppointmentTypeBody = Type.Object(
  { key: TypeKey, name: Text(100), durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }), priceMinor: Type.Optional(PriceMinor) },
  { additionalProperties: false },
);
export const UpdateAppointmentTypeBody = Type.Object(
  {
    name: Type.Optional(Text(100)),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480 })),
    priceMinor: Type.Optional(PriceMinor),
    active: Type.Optional(
      Type.Boolean({ description: 'false: no longer offered (left out of the list, refused for new bookings); visits keep theirs' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ListAppointmentTypesQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean({ description: 'Retired types too (admins only; 403 for others)' })) },
  { additionalProperties: false },
);
export const AppointmentType = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.String(),
  durationMinutes: Type.Integer(),
  priceMinor: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
});

/** Fields of a visit whose old and new values the audit log keeps (never the reason or other free text). */
export const APPOINTMENT_AUDIT_FIELDS = [
  'id',
  'bookingReference',
  'doctorId',
  'patientId',
  'locationId',
  'startAt',
  'endAt',
  'status',
  'type',
  'priority',
  'walkIn',
  'ticket',
  'overbooked',
  'rescheduledFromId',
  'createdBy',
  'confirmedAt',
  'checkedInAt',
  'calledAt',
  'startedAt',
  'completedAt',
  'cancelledAt',
  'cancelledBy',
  'noShowAt',
  'createdAt',
] as const;
/** Fields of a slot hold, an appointment type and a doctor's delay that the audit log keeps. */
export const HOLD_AUDIT_FIELDS = ['id', 'doctorId', 'patientId', 'startAt', 'endAt', 'expiresAt'] as const;
export const APPOINTMENT_TYPE_AUDIT_FIELDS = ['id', 'key', 'name', 'durationMinutes', 'priceMinor', 'active'] as const;
export const DELAY_AUDIT_FIELDS = ['doctorId', 'delayMinutes'] as const;
