import { Type } from 'typebox';
import { BLOOD_TYPES, GENDERS } from '../../../db/schema/people.js';
import { CalendarDate, Email, Id, Instant, Paging, Password, Phone, Text, Timezone } from '../../http/schemas.js';

const EmergencyContact = Type.Object({ name: Text(200), phone: Phone, relation: Type.Optional(Text(50)) }, { additionalProperties: false });

/** The channels a patient accepts reminders and notices on; any subset may be sent, the rest stays. */
const NotificationPreferencesInput = Type.Object(
  {
    email: Type.Optional(Type.Boolean()),
    sms: Type.Optional(Type.Boolean({ description: 'Also set by replying STOP / START to an SMS' })),
    inApp: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Channels the patient accepts reminders and notices on (all on by default)' },
);

const Address = Type.Object(
  {
    line: Type.Optional(Text(200)),
    city: Type.Optional(Text(100)),
    postalCode: Type.Optional(Text(20)),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  },
  { additionalProperties: false },
);

export const CreatePatientBody = Type.Object(
  {
    firstName: Text(100),
    lastName: Text(100),
    dateOfBirth: CalendarDate,
    phone: Phone,
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    gender: Type.Optional(Type.Union(GENDERS.map((g) => Type.Literal(g)))),
    address: Type.Optional(Address),
    emergencyContact: Type.Optional(EmergencyContact),
    bloodType: Type.Optional(Type.Union(BLOOD_TYPES.map((b) => Type.Literal(b)))),
    allergies: Type.Optional(Type.Array(Text(100), { maxItems: 50 })),
    preferredLanguage: Type.Optional(
      Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47, e.g. en, de-DE' }),
    ),
    timezone: Type.Optional(Timezone),
    notificationPreferences: Type.Optional(NotificationPreferencesInput),
    allowDuplicate: Type.Optional(
      Type.Boolean({
        description:
          'Register even though a patient with the same names and birth date exists (the desk has checked it is another person). ' +
          'Without it such a registration is refused with 409 DUPLICATE_PATIENT.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A patient already registered with the same names and birth date, as the desk sees it in a 409 (staff only). */
const DuplicateMatch = Type.Object({
  id: Id,
  firstName: Type.String(),
  lastName: Type.String(),
  dateOfBirth: Type.String({ description: 'YYYY-MM-DD' }),
  maskedPhone: Type.String({ description: 'Only the last four digits shown, e.g. •••••••0111: families share numbers' }),
  hasLogin: Type.Boolean({ description: 'The record has a portal login (and so the patient’s own history and messages)' }),
});

/** 409 DUPLICATE_PATIENT: the error body plus the records the person may already have (at most 5, oldest first). */
export const DuplicatePatientError = Type.Object(
  {
    statusCode: Type.Literal(409),
    error: Type.String(),
    message: Type.String(),
    code: Type.String({ description: 'DUPLICATE_PATIENT, or another 409 code (EMAIL_TAKEN)' }),
    matches: Type.Optional(Type.Array(DuplicateMatch, { description: 'With DUPLICATE_PATIENT: who is already registered' })),
    details: Type.Optional(
      Type.Object({ matches: Type.Array(DuplicateMatch) }, { description: 'The same matches, as API.md names them (details.matches)' }),
    ),
  },
  { additionalProperties: true },
);

/**
 * PATCH /api/patients/:id: contact details and notification preferences, which staff and the
 * patient themself may change. Address fields sent replace those stored, the others stay.
 * Identity (names, birth date, email, login) and clinical fields are not changed here.
 */
export const UpdatePatientBody = Type.Object(
  {
    phone: Type.Optional(Phone),
    address: Type.Optional(Address),
    emergencyContact: Type.Optional(Type.Union([EmergencyContact, Type.Null()], { description: 'null removes it' })),
    preferredLanguage: Type.Optional(
      Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47, e.g. en, de-DE' }),
    ),
    timezone: Type.Optional(Timezone),
    notificationPreferences: Type.Optional(NotificationPreferencesInput),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SearchPatientsQuery = Type.Object(
  { query: Type.Optional(Type.String({ maxLength: 100, description: 'Name, phone or email; empty lists everyone' })), ...Paging },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Patient = Type.Object({
  id: Id,
  userId: Type.Union([Id, Type.Null()]),
  firstName: Type.String(),
  lastName: Type.String(),
  dateOfBirth: Type.String(),
  gender: Type.String(),
  phone: Type.String(),
  email: Nullable(Type.String()),
  address: Type.Object({
    line: Nullable(Type.String()),
    city: Nullable(Type.String()),
    postalCode: Nullable(Type.String()),
    country: Nullable(Type.String()),
  }),
  emergencyContact: Type.Union([
    Type.Object({ name: Type.String(), phone: Type.String(), relation: Nullable(Type.String()) }),
    Type.Null(),
  ]),
  bloodType: Nullable(Type.String()),
  allergies: Type.Array(Type.String()),
  preferredLanguage: Type.String(),
  timezone: Type.String(),
  notificationPreferences: Type.Object({ email: Type.Boolean(), sms: Type.Boolean(), inApp: Type.Boolean() }),
  createdAt: Instant,
});

/** Fields of a patient whose old and new values the audit log keeps: identity and contact, never allergies or blood type. */
export const PATIENT_AUDIT_FIELDS = [
  'id',
  'userId',
  'firstName',
  'lastName',
  'dateOfBirth',
  'gender',
  'phone',
  'email',
  'address',
  'preferredLanguage',
  'timezone',
  'notificationPreferences',
  'createdAt',
] as const;
