import { sql } from 'drizzle-orm';
import { boolean, date, index, int, json, mysqlEnum, mysqlTable, primaryKey, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { doctors, patients } from './people.js';
import { users } from './users.js';

export const APPOINTMENT_STATUSES = [
  'scheduled',
  'confirmed',
  'checked_in',
  'called',
  'in_progress',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const PRIORITIES = ['regular', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Kinds of visit with their length, e.g. "follow-up" 15 min, "first-visit" 30 min. */
export const appointmentTypes = mysqlTable(
  'appointment_types',
  {
    id: idColumn(),
    /** Stable key clients send as `type` (lowercase letters, digits, dashes). */
    key: varchar('key', { length: 40 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    durationMinutes: smallint('duration_minutes').notNull(),
    /** The consultation's price in minor units of the location's currency; null: not priced (billed 0). */
    priceMinor: int('price_minor'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('appointment_types_key_unique').on(t.key)],
);

export const appointments = mysqlTable(
  'appointments',
  {
    id: idColumn(),
    bookingReference: varchar('booking_reference', { length: 8 }).notNull(),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    typeId: idRef('type_id').references(() => appointmentTypes.id),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    status: mysqlEnum('status', APPOINTMENT_STATUSES).notNull(),
    reason: varchar('reason', { length: 500 }),
    priority: mysqlEnum('priority', PRIORITIES).notNull().default('regular'),
    /** Came without an appointment: queued by check-in time, holds no slot. */
    walkIn: boolean('walk_in').notNull().default(false),
    /** Booked on purpose over another visit by staff; the reason and who did it are kept. */
    overbooked: boolean('overbooked').notNull().default(false),
    overbookReason: varchar('overbook_reason', { length: 200 }),
    ticket: varchar('ticket', { length: 12 }),
    /** A call was undone: the patient goes back to the head of the queue. */
    frontOfQueue: boolean('front_of_queue').notNull().default(false),
    ticketDate: date('ticket_date', { mode: 'string' }),
    /** The appointment this one replaced (reschedule). */
    rescheduledFromId: idRef('rescheduled_from_id'),
    createdBy: idRef('created_by').references(() => users.id),
    confirmedAt: instant('confirmed_at'),
    confirmedBy: idRef('confirmed_by'),
    checkedInAt: instant('checked_in_at'),
    checkedInBy: idRef('checked_in_by'),
    calledAt: instant('called_at'),
    calledBy: idRef('called_by'),
    startedAt: instant('started_at'),
    startedBy: idRef('started_by'),
    completedAt: instant('completed_at'),
    completedBy: idRef('completed_by'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: idRef('cancelled_by'),
    cancelReason: varchar('cancel_reason', { length: 200 }),
    noShowAt: instant('no_show_at'),
    noShowBy: idRef('no_show_by'),
    /**
     * The start while the visit holds its slot, NULL otherwise (cancelled, no-show, walk-in,
     * deliberate overbooking). The unique index on (doctor, active_start) is the database's own
     * guarantee that two visits never hold the same start, whatever the application does.
     */
    activeStart: instant('active_start').generatedAlwaysAs(
      sql`(case when status in ('cancelled', 'no_show') or walk_in or overbooked then null else start_at end)`,
      { mode: 'stored' },
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('appointments_reference_unique').on(t.bookingReference),
    uniqueIndex('appointments_doctor_active_start_unique').on(t.doctorId, t.activeStart),
    uniqueIndex('appointments_ticket_unique').on(t.locationId, t.ticketDate, t.ticket),
    index('appointments_doctor_start_idx').on(t.doctorId, t.startAt),
    index('appointments_patient_start_idx').on(t.patientId, t.startAt),
    index('appointments_location_start_idx').on(t.locationId, t.startAt),
    index('appointments_status_idx').on(t.status),
  ],
);

/** Per location, local day and ticket prefix: the last ticket number handed out. */
export const ticketCounters = mysqlTable(
  'ticket_counters',
  {
    locationId: idRef('location_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    prefix: varchar('prefix', { length: 3 }).notNull(),
    lastNumber: int('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.day, t.prefix] })],
);

/** A slot a patient is looking at, kept from others for a few minutes while they confirm. */
export const slotHolds = mysqlTable(
  'slot_holds',
  {
    id: idColumn(),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    startAt: instant('start_at').notNull(),
    endAt: instant('end_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [index('slot_holds_doctor_idx').on(t.doctorId, t.startAt)],
);

/** The first answer to a POST sent with an Idempotency-Key, replayed to retries of it. */
export const idempotencyKeys = mysqlTable(
  'idempotency_keys',
  {
    id: idColumn(),
    actorId: varchar('actor_id', { length: 26 }).notNull(),
    key: varchar('idem_key', { length: 100 }).notNull(),
    route: varchar('route', { length: 100 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    statusCode: smallint('status_code').notNull(),
    responseBody: json('response_body').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [uniqueIndex('idempotency_actor_key_unique').on(t.actorId, t.key), index('idempotency_created_idx').on(t.createdAt)],
);

/**
 * Domain events written in the same transaction as the change they describe. Published after
 * commit; a relay republishes rows whose published_at is still NULL.
 */
export const outboxEvents = mysqlTable(
  'outbox_events',
  {
    id: idColumn(),
    type: varchar('type', { length: 60 }).notNull(),
    aggregateType: varchar('aggregate_type', { length: 30 }).notNull(),
    aggregateId: varchar('aggregate_id', { length: 26 }).notNull(),
    payload: json('payload').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    /** A node is publishing it (a lease: a claim older than 30 s is taken over by the relay). */
    claimedAt: instant('claimed_at'),
    /** Delivered: emitted to Socket.IO. */
    publishedAt: instant('published_at'),
    /** The worker has planned this event's notifications (a second, independent consumer). */
    notificationsPlannedAt: instant('notifications_planned_at'),
  },
  (t) => [
    index('outbox_unpublished_idx').on(t.publishedAt, t.id),
    index('outbox_aggregate_idx').on(t.aggregateId),
    index('outbox_unplanned_idx').on(t.notificationsPlannedAt, t.id),
  ],
);
