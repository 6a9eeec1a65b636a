import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { users } from './users.js';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const BLOOD_TYPES = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

/**
 * A name column without spaces or punctuation, in SQL. [:alnum:] is Unicode-aware in MariaDB (PCRE2)
 * and MySQL 8 (ICU), so letters with accents stay; the collation compares them with their plain forms.
 */
const NAME_KEY = (column: 'first_name' | 'last_name') => sql.raw(`regexp_replace(${column}, '[^[:alnum:]]+', '')`);

export const patients = mysqlTable(
  'patients',
  {
    id: idColumn(),
    /** Set when the patient can log in to the portal. */
    userId: idRef('user_id').references(() => users.id),
    firstName: varchar('first_name', { length: 100 }).notNull(),
    lastName: varchar('last_name', { length: 100 }).notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    gender: mysqlEnum('gender', GENDERS).notNull().default('unknown'),
    /** E.164 where it could be normalised, as entered otherwise. */
    phone: varchar('phone', { length: 32 }).notNull(),
    email: varchar('email', { length: 254 }),
    addressLine: varchar('address_line', { length: 200 }),
    city: varchar('city', { length: 100 }),
    postalCode: varchar('postal_code', { length: 20 }),
    country: varchar('country', { length: 2 }),
    emergencyContactName: varchar('emergency_contact_name', { length: 200 }),
    emergencyContactPhone: varchar('emergency_contact_phone', { length: 32 }),
    emergencyContactRelation: varchar('emergency_contact_relation', { length: 50 }),
    bloodType: mysqlEnum('blood_type', BLOOD_TYPES),
    preferredLanguage: varchar('preferred_language', { length: 35 }).notNull().default('en'),
    timezone: varchar('timezone', { length: 64 }).notNull(),
    /** Channels the patient accepts reminders and notices on ("STOP" by SMS turns sms off). */
    notifyEmail: boolean('notify_email').notNull().default(true),
    notifySms: boolean('notify_sms').notNull().default(true),
    notifyInApp: boolean('notify_in_app').notNull().default(true),
    deletedAt: instant('deleted_at'),
    /**
     * Registered on purpose although a patient with the same names and birth date existed
     * (POST /api/patients with allowDuplicate): such a record takes no identity key.
     */
    registeredAsDuplicate: boolean('registered_as_duplicate').notNull().default(false),
    /**
     * The names without spaces or punctuation ("O'Brien" → "OBrien", "Mary-Jane" → "MaryJane"), for
     * search and duplicate checks. The database's collation (utf8mb4_unicode_520_ci) already
     * ignores case and accents, so "obrien" and "jose" find O'Brien and José through these.
     */
    firstNameKey: varchar('first_name_key', { length: 100 }).generatedAlwaysAs(sql`(${NAME_KEY('first_name')})`, { mode: 'stored' }),
    lastNameKey: varchar('last_name_key', { length: 100 }).generatedAlwaysAs(sql`(${NAME_KEY('last_name')})`, { mode: 'stored' }),
    /**
     * Who the patient is (name keys and birth date) while the record is current and was not
     * registered as a deliberate duplicate; NULL otherwise. Its unique index is what stops two desks
     * registering the same person at the same moment: the second insert fails and is answered
     * 409 DUPLICATE_PATIENT like any other duplicate.
     */
    identityKey: varchar('identity_key', { length: 220 }).generatedAlwaysAs(
      sql`(case when deleted_at is null and not registered_as_duplicate then concat_ws('|', ${NAME_KEY('last_name')}, ${NAME_KEY('first_name')}, date_of_birth) end)`,
      { mode: 'stored' },
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('patients_user_unique').on(t.userId),
    uniqueIndex('patients_identity_unique').on(t.identityKey),
    index('patients_name_idx').on(t.lastName, t.firstName),
    index('patients_name_key_idx').on(t.lastNameKey, t.firstNameKey),
    index('patients_first_name_key_idx').on(t.firstNameKey),
    index('patients_phone_idx').on(t.phone),
  ],
);

export const specialties = mysqlTable(
  'specialties',
  {
    id: idColumn(),
    name: varchar('name', { length: 100 }).notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('specialties_name_unique').on(t.name)],
);

export const doctors = mysqlTable(
  'doctors',
  {
    id: idColumn(),
    userId: idRef('user_id')
      .notNull()
      .references(() => users.id),
    firstName: varchar('first_name', { length: 100 }).notNull(),
    lastName: varchar('last_name', { length: 100 }).notNull(),
    specialtyId: idRef('specialty_id')
      .notNull()
      .references(() => specialties.id),
    licenseNumber: varchar('license_number', { length: 50 }).notNull(),
    /** When the licence runs out (the admin console warns ahead of it); null when not recorded. */
    licenseExpiresOn: date('license_expires_on', { mode: 'string' }),
    /** What patients read about the doctor when they choose one. */
    bio: text('bio'),
    /** BCP 47 tags of the languages the doctor consults in (e.g. ["en", "pt-BR"]). */
    languages: json('languages').$type<string[]>(),
    /** Home location: where the doctor's room is and where walk-ins queue. */
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    room: varchar('room', { length: 50 }).notNull(),
    /** Letter(s) in front of this doctor's queue tickets ("A" → A-007), unique per location. */
    ticketPrefix: varchar('ticket_prefix', { length: 3 }).notNull().default('A'),
    consultationMinutes: smallint('consultation_minutes').notNull(),
    /** The doctor's own consultation fee (minor units); where set it replaces the appointment type's price. */
    feeMinor: int('fee_minor'),
    active: boolean('active').notNull().default(true),
    /** Minutes the doctor is running late, set by staff: shifts every ETA of their queue. */
    delayMinutes: smallint('delay_minutes').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('doctors_user_unique').on(t.userId),
    uniqueIndex('doctors_license_unique').on(t.licenseNumber),
    index('doctors_location_idx').on(t.locationId),
    index('doctors_specialty_idx').on(t.specialtyId),
  ],
);

/**
 * Every specialty of a doctor (a doctor may have several); `doctors.specialty_id` is the first,
 * the one lists and the board show.
 */
export const doctorSpecialties = mysqlTable(
  'doctor_specialties',
  {
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    specialtyId: idRef('specialty_id')
      .notNull()
      .references(() => specialties.id),
  },
  (t) => [primaryKey({ columns: [t.doctorId, t.specialtyId] }), index('doctor_specialties_specialty_idx').on(t.specialtyId)],
);
