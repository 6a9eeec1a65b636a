import { boolean, index, json, mysqlEnum, mysqlTable, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { users } from './users.js';

/** One span of a day the location is open: ISO weekday (1 Monday … 7 Sunday), local "HH:MM" times. */
export interface OpeningRange {
  weekday: number;
  opens: string;
  closes: string;
}

/** A clinic site. Its IANA time zone is the one weekly schedules are written in. */
export const locations = mysqlTable('locations', {
  id: idColumn(),
  name: varchar('name', { length: 120 }).notNull(),
  address: varchar('address', { length: 300 }).notNull(),
  phone: varchar('phone', { length: 32 }).notNull(),
  timezone: varchar('timezone', { length: 64 }).notNull(),
  /** Patients cannot cancel or move a visit this close to it (staff can). */
  patientChangeCutoffHours: smallint('patient_change_cutoff_hours').notNull().default(24),
  /** Whether the waiting-room board shows patients' initials next to tickets. */
  boardShowsInitials: boolean('board_shows_initials').notNull().default(true),
  /** BCP 47 language of the waiting room: the screens announce calls in it. */
  language: varchar('language', { length: 35 }).notNull().default('en'),
  /**
   * Booking limits for patients who book for themselves (staff may book past them), counted over
   * the patient's upcoming visits at this location, booked and not yet attended
   * (scheduling/visit-limits.ts): with one doctor, in all, and the weeks of one self-booked series.
   */
  patientMaxUpcomingVisitsPerDoctor: smallint('patient_max_upcoming_visits_per_doctor').notNull().default(2),
  patientMaxUpcomingVisits: smallint('patient_max_upcoming_visits').notNull().default(6),
  patientMaxSeriesWeeks: smallint('patient_max_series_weeks').notNull().default(4),
  /**
   * The units staff read and type vitals in: metric (°C, kg, cm) or us (°F, lb, in). Vitals are
   * stored in metric whatever this says; it only changes what the editors show and accept.
   */
  units: mysqlEnum('units', ['metric', 'us']).notNull().default('metric'),
  /** ISO 4217 code every amount billed here is in (integer minor units of it). */
  currency: varchar('currency', { length: 3 }).notNull().default('USD'),
  /**
   * When the doors are open, as ranges per ISO weekday (1 Monday … 7 Sunday), sorted, never
   * overlapping (locations/opening-hours.ts); a day with no range is closed. NULL: not given yet.
   * Shown to patients and staff; doctors' hours are their own (a doctor may see patients by phone
   * outside them), so nothing is refused against these.
   */
  openingHours: json('opening_hours').$type<OpeningRange[]>(),
  /** A deactivated location takes no new bookings and leaves the lists; its history stays. */
  active: boolean('active').notNull().default(true),
  ...timestamps,
});

/**
 * A waiting-room screen. It authenticates with a long-lived device token (only its SHA-256 is
 * stored) that can read its own location's board and nothing else; revoking ends it at once.
 */
export const displayDevices = mysqlTable(
  'display_devices',
  {
    id: idColumn(),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    name: varchar('name', { length: 120 }).notNull(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    createdBy: idRef('created_by').references(() => users.id),
    lastSeenAt: instant('last_seen_at'),
    revokedAt: instant('revoked_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('display_devices_token_unique').on(t.tokenHash), index('display_devices_location_idx').on(t.locationId)],
);
