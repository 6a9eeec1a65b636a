import { boolean, date, index, json, mysqlEnum, mysqlTable, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { users } from './users.js';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const BLOOD_TYPES = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;

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
    allergies: json('allergies').$type<string[]>().notNull(),
    preferredLanguage: varchar('preferred_language', { length: 35 }).notNull().default('en'),
    timezone: varchar('timezone', { length: 64 }).notNull(),
    /** Channels the patient accepts reminders and notices on ("STOP" by SMS turns sms off). */
    notifyEmail: boolean('notify_email').notNull().default(true),
    notifySms: boolean('notify_sms').notNull().default(true),
    notifyInApp: boolean('notify_in_app').notNull().default(true),
    deletedAt: instant('deleted_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('patients_user_unique').on(t.userId),
    index('patients_name_idx').on(t.lastName, t.firstName),
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
    /** Home location: where the doctor's room is and where walk-ins queue. */
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    room: varchar('room', { length: 50 }).notNull(),
    /** Letter(s) in front of this doctor's queue tickets ("A" → A-007), unique per location. */
    ticketPrefix: varchar('ticket_prefix', { length: 3 }).notNull().default('A'),
    consultationMinutes: smallint('consultation_minutes').notNull(),
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
