import { Type } from 'typebox';
import { Email, Id, Instant, Paging, Password, Text } from '../../http/schemas.js';

/** The doctor's own consultation fee, billed instead of the appointment type's price; null: the type's price applies. */
const FeeMinor = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
  description: 'The doctor’s own consultation fee in minor units of the visit location’s currency; null: the appointment type’s price',
});

export const CreateDoctorBody = Type.Object(
  {
    firstName: Text(100),
    lastName: Text(100),
    email: Email,
    password: Type.Optional(Password),
    specialization: Text(100, 2),
    licenseNumber: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9/ -]{1,48}[A-Za-z0-9]$', description: 'Unique licence number' }),
    locationId: Id,
    room: Text(50),
    consultationMinutes: Type.Integer({ minimum: 5, maximum: 240, description: 'Default visit length' }),
    feeMinor: Type.Optional(FeeMinor),
  },
  { additionalProperties: false },
);

/** Changes to a doctor (more fields may join feeMinor). */
export const UpdateDoctorBody = Type.Object({ feeMinor: Type.Optional(FeeMinor) }, { additionalProperties: false, minProperties: 1 });

export const ListDoctorsQuery = Type.Object(
  // Empty values mean "any", so a form can send every filter field as it stands.
  { specialization: Type.Optional(Text(100, 0)), locationId: Type.Optional(Type.Union([Id, Type.Literal('')])), ...Paging },
  { additionalProperties: false },
);

export const Doctor = Type.Object({
  id: Id,
  userId: Id,
  firstName: Type.String(),
  lastName: Type.String(),
  displayName: Type.String({ description: 'How screens and patients see the doctor, e.g. "Dr. Ana Costa"' }),
  specialization: Type.String(),
  licenseNumber: Type.String(),
  locationId: Id,
  room: Type.String(),
  consultationMinutes: Type.Integer(),
  ticketPrefix: Type.String({ description: 'Letters in front of this doctor’s queue tickets, e.g. "A" in A-007' }),
  feeMinor: Type.Union([Type.Integer(), Type.Null()], { description: 'Own consultation fee (minor units); null: the type’s price' }),
  active: Type.Boolean(),
  createdAt: Instant,
});

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, local time of the location' });

const Break = Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false });
export const ScheduleRule = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }),
    start: ClockTime,
    end: ClockTime,
    locationId: Id,
    breaks: Type.Optional(Type.Array(Break, { maxItems: 5, description: 'Pauses inside the window, e.g. lunch' })),
  },
  { additionalProperties: false },
);
export const ScheduleBody = Type.Object({ rules: Type.Array(ScheduleRule, { maxItems: 70 }) }, { additionalProperties: false });
export const Schedule = Type.Object({
  doctorId: Id,
  rules: Type.Array(
    Type.Object({
      weekday: Type.Integer(),
      start: Type.String(),
      end: Type.String(),
      locationId: Id,
      breaks: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
    }),
  ),
});

export const UnavailabilityBody = Type.Object(
  { startAt: Instant, endAt: Instant, reason: Type.Optional(Text(200)) },
  { additionalProperties: false },
);
export const Unavailability = Type.Object({
  id: Id,
  doctorId: Id,
  startAt: Instant,
  endAt: Instant,
  reason: Type.Union([Type.String(), Type.Null()]),
});

/** Fields of a doctor, their schedule and their time off that the audit log keeps (never a time-off reason). */
export const DOCTOR_AUDIT_FIELDS = [
  'id',
  'userId',
  'firstName',
  'lastName',
  'displayName',
  'specialization',
  'licenseNumber',
  'locationId',
  'room',
  'consultationMinutes',
  'ticketPrefix',
  'feeMinor',
  'active',
  'delayMinutes',
  'rules',
  'doctorId',
  'startAt',
  'endAt',
  'createdAt',
] as const;
