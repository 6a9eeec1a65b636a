import { Type } from 'typebox';
import { Email, Id, Instant, Paging, Password, Text } from '../../http/schemas.js';

/** The doctor's own consultation fee, billed instead of the appointment type's price; null: the type's price applies. */
const FeeMinor = Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()], {
  description: 'The doctor’s own consultation fee in minor units of the visit location’s currency; null: the appointment type’s price',
});

const Language = Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 tag, e.g. en, pt-BR' });
const LicenseNumber = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9/ -]{1,48}[A-Za-z0-9]$', description: 'Unique licence number' });
const Specialty = Text(100, 2);
/** Years 1970-2099 only: year 0000 would be refused by MySQL (a 500). */
const LicenseExpiry = Type.String({
  format: 'date',
  pattern: '^(19[7-9][0-9]|20[0-9][0-9])-',
  description: 'YYYY-MM-DD the licence runs out; null: not recorded',
});

export const CreateDoctorBody = Type.Object(
  {
    firstName: Text(100),
    lastName: Text(100),
    email: Email,
    password: Type.Optional(Password),
    specialization: Specialty,
    licenseNumber: LicenseNumber,
    locationId: Id,
    room: Text(50),
    consultationMinutes: Type.Integer({ minimum: 5, maximum: 240, description: 'Default visit length' }),
    feeMinor: Type.Optional(FeeMinor),
  },
  { additionalProperties: false },
);

/** Changes to a doctor's profile; fields left out stay as they are. */
export const UpdateDoctorBody = Type.Object(
  {
    firstName: Type.Optional(Text(100)),
    lastName: Type.Optional(Text(100)),
    specialties: Type.Optional(
      Type.Array(Specialty, {
        minItems: 1,
        maxItems: 10,
        description: 'Every specialty, the main one first (lists and the board show it); unknown ones are added',
      }),
    ),
    bio: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'What patients read; null clears it' })),
    languages: Type.Optional(Type.Array(Language, { maxItems: 20, description: 'Languages the doctor consults in (BCP 47)' })),
    feeMinor: Type.Optional(FeeMinor),
    licenseNumber: Type.Optional(LicenseNumber),
    licenseExpiresOn: Type.Optional(Type.Union([LicenseExpiry, Type.Null()])),
    room: Type.Optional(Text(50)),
    consultationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240, description: 'Default visit length' })),
    active: Type.Optional(
      Type.Boolean({
        description:
          'false: the doctor takes no new bookings or walk-ins and leaves the lists; past visits, records and today’s queue stay. true: back again',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListDoctorsQuery = Type.Object(
  // Empty values mean "any", so a form can send every filter field as it stands.
  {
    specialization: Type.Optional(Text(100, 0)),
    locationId: Type.Optional(Type.Union([Id, Type.Literal('')])),
    includeInactive: Type.Optional(Type.Boolean({ description: 'Deactivated doctors too (admins only; 403 for others)' })),
    ...Paging,
  },
  { additionalProperties: false },
);

export const Doctor = Type.Object({
  id: Id,
  userId: Id,
  firstName: Type.String(),
  lastName: Type.String(),
  displayName: Type.String({ description: 'How screens and patients see the doctor, e.g. "Dr. Ana Costa"' }),
  specialization: Type.String({ description: 'The main specialty' }),
  specialties: Type.Array(Type.String(), { description: 'Every specialty: the main one first, the others by name' }),
  bio: Type.Union([Type.String(), Type.Null()]),
  languages: Type.Array(Type.String(), { description: 'BCP 47 tags of the languages the doctor consults in' }),
  licenseNumber: Type.String(),
  licenseExpiresOn: Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()]),
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
export const UpdateUnavailabilityBody = Type.Object(
  {
    startAt: Type.Optional(Instant),
    endAt: Type.Optional(Instant),
    reason: Type.Optional(Type.Union([Text(200), Type.Null()], { description: 'null: no reason' })),
  },
  { additionalProperties: false, minProperties: 1 },
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
  'specialties',
  'bio',
  'languages',
  'licenseNumber',
  'licenseExpiresOn',
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
