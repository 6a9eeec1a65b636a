import { index, json, mysqlTable, smallint, time, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { doctors } from './people.js';

/** A weekly working window of a doctor at a location, in that location's local time. */
export const scheduleRules = mysqlTable(
  'schedule_rules',
  {
    id: idColumn(),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: smallint('weekday').notNull(),
    startTime: time('start_time').notNull(),
    endTime: time('end_time').notNull(),
    /** Pauses inside the window (lunch), local times: [{ start: 'HH:MM', end: 'HH:MM' }]. */
    breaks: json('breaks').$type<{ start: string; end: string }[]>(),
    ...timestamps,
  },
  (t) => [index('schedule_rules_doctor_idx').on(t.doctorId, t.weekday)],
);

/** A period a doctor cannot see patients (leave, holidays, training). */
export const unavailability = mysqlTable(
  'doctor_unavailability',
  {
    id: idColumn(),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    reason: varchar('reason', { length: 200 }),
    createdBy: idRef('created_by'),
    ...timestamps,
  },
  (t) => [index('doctor_unavailability_doctor_idx').on(t.doctorId, t.startAt)],
);
