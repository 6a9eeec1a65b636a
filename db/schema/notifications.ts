// Patient notifications (confirmations, reminders, moved and cancelled notices of a visit; issued
// prescriptions and refill decisions) and the daily per-location metrics the worker rolls up.
import {
  bigint,
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
import { patients } from './people.js';
import { appointments } from './scheduling.js';
import { users } from './users.js';

/** Messages about a visit: planned and voided by the visit's state (planner.ts, reconciler.ts). */
export const VISIT_NOTIFICATION_KINDS = ['confirmation', 'reminder', 'moved', 'cancelled'] as const;
/**
 * Messages about a prescription, a refill request or a completed fill ("ready for pickup", about the
 * dispense that completed it): one each, whatever becomes of the visit.
 */
export const PRESCRIPTION_NOTIFICATION_KINDS = ['prescription_issued', 'refill_approved', 'refill_denied', 'prescription_ready'] as const;
/** Messages about money: a payment received (with its receipt link) or an online payment that failed. */
export const PAYMENT_NOTIFICATION_KINDS = ['payment_received', 'payment_failed'] as const;
/**
 * Asking for feedback about a completed visit: one per visit, FEEDBACK_DELAY after its completion,
 * with a signed one-time link to the form (server/modules/feedback/link.ts).
 */
export const FEEDBACK_NOTIFICATION_KINDS = ['feedback_request'] as const;
export const NOTIFICATION_KINDS = [
  ...VISIT_NOTIFICATION_KINDS,
  ...PRESCRIPTION_NOTIFICATION_KINDS,
  ...PAYMENT_NOTIFICATION_KINDS,
  ...FEEDBACK_NOTIFICATION_KINDS,
] as const;
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'in_app'] as const;
/** `sending` is a claim: a worker is talking to the provider right now (see the claim lease). */
export const NOTIFICATION_STATUSES = ['scheduled', 'sending', 'sent', 'skipped', 'failed'] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type VisitNotificationKind = (typeof VISIT_NOTIFICATION_KINDS)[number];
export type PrescriptionNotificationKind = (typeof PRESCRIPTION_NOTIFICATION_KINDS)[number];
export type PaymentNotificationKind = (typeof PAYMENT_NOTIFICATION_KINDS)[number];
export type FeedbackNotificationKind = (typeof FEEDBACK_NOTIFICATION_KINDS)[number];
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * One row per message that should go (or was deliberately not sent) to a patient on one
 * channel. The unique dedupe key (appointment, kind, offset, start, channel; for a prescription
 * notice: subject, kind, channel) is what makes a second send impossible, however often BullMQ
 * runs the job.
 */
export const notificationLog = mysqlTable(
  'notification_log',
  {
    id: idColumn(),
    dedupeKey: varchar('dedupe_key', { length: 191 }).notNull(),
    appointmentId: idRef('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: mysqlEnum('kind', NOTIFICATION_KINDS).notNull(),
    /**
     * What a prescription notice is about: the prescription (issued), the refill request
     * (approved, denied) or the dispense that completed a fill (ready); null for visit messages.
     * The appointment is the prescription's visit.
     */
    subjectId: idRef('subject_id'),
    /** The ISO 8601 offset before the start (reminders only). */
    offset: varchar('offset', { length: 32 }),
    /** The visit's start this message is about: a moved visit gets new rows (a prescription notice: its visit's start). */
    startAt: instant('start_at').notNull(),
    channel: mysqlEnum('channel', NOTIFICATION_CHANNELS).notNull(),
    /** When it goes out: start - offset, moved out of quiet hours. */
    dueAt: instant('due_at').notNull(),
    status: mysqlEnum('status', NOTIFICATION_STATUSES).notNull(),
    /** Why it was skipped, or the last error (never message content). */
    reason: varchar('reason', { length: 200 }),
    attempts: smallint('attempts').notNull().default(0),
    claimedAt: instant('claimed_at'),
    sentAt: instant('sent_at'),
    /** The provider's id for the message (SMTP Message-ID, SMS id). */
    providerId: varchar('provider_id', { length: 200 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('notification_log_dedupe_unique').on(t.dedupeKey),
    index('notification_log_appointment_idx').on(t.appointmentId),
    index('notification_log_status_due_idx').on(t.status, t.dueAt),
    index('notification_log_subject_idx').on(t.subjectId, t.kind),
  ],
);

/** One row per location and local day, rebuilt by the worker's rollup (idempotent upsert). */
export const locationDailyMetrics = mysqlTable(
  'location_daily_metrics',
  {
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    day: date('day', { mode: 'string' }).notNull(),
    appointments: int('appointments').notNull(),
    completed: int('completed').notNull(),
    cancelled: int('cancelled').notNull(),
    noShows: int('no_shows').notNull(),
    newPatients: int('new_patients').notNull(),
    /** Check-in to call, over the day's called visits; null when none. */
    avgWaitSeconds: int('avg_wait_seconds'),
    /** Start to completion, over the day's completed visits; null when none. */
    avgConsultationSeconds: int('avg_consultation_seconds'),
    /** Money of the day in the location's currency (minor units): received less refunded, by method, and what stays owed. */
    currency: varchar('currency', { length: 3 }),
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull().default(0),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    outstandingMinor: bigint('outstanding_minor', { mode: 'number' }).notNull().default(0),
    paymentsByMethod: json('payments_by_method').$type<Record<string, number>>(),
    /** Visits of the day whose feedback request went out on at least one channel. */
    feedbackRequested: int('feedback_requested').notNull().default(0),
    /** Feedback given about the day's visits (pending or approved; rejected left out). */
    feedbackReceived: int('feedback_received').notNull().default(0),
    /** Mean rating per dimension over that feedback (overall, waitTime, …); null when none. */
    feedbackRatings: json('feedback_ratings').$type<Record<string, number>>(),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.day] })],
);

/**
 * The message kinds an admin can word (API.md "Notification templates"): each is one or more of
 * NOTIFICATION_KINDS (server/modules/notifications/templates/ maps them).
 */
export const TEMPLATE_KINDS = [
  'appointment_confirmation',
  'appointment_reminder',
  'appointment_moved',
  'appointment_cancelled',
  'prescription_issued',
  'prescription_ready',
  'refill_approved',
  'refill_denied',
  'payment_received',
  'payment_failed',
  'feedback_request',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/**
 * An admin's wording of one kind of message on one channel in one language. No row: the built-in
 * wording (the default), which "reset to default" returns to by deleting the row.
 */
export const notificationTemplates = mysqlTable(
  'notification_templates',
  {
    id: idColumn(),
    kind: mysqlEnum('kind', TEMPLATE_KINDS).notNull(),
    channel: mysqlEnum('channel', NOTIFICATION_CHANNELS).notNull(),
    /** A BCP 47 language tag as the location's `language` (e.g. en, de, pt-BR). */
    language: varchar('language', { length: 35 }).notNull(),
    /** Email subject or in-app title; null for SMS. */
    subject: varchar('subject', { length: 200 }),
    body: text('body').notNull(),
    updatedBy: idRef('updated_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('notification_templates_kind_channel_language_unique').on(t.kind, t.channel, t.language)],
);
