// The medication catalogue, prescriptions with their items, and patients' refill requests. In
// MySQL because dispensing (stock) and billing (money) must change atomically with them.
import { sql } from 'drizzle-orm';
import { boolean, index, int, json, mediumtext, mysqlEnum, mysqlTable, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { doctors, patients } from './people.js';
import { appointments } from './scheduling.js';
import { users } from './users.js';

/** One medicine as a clinic stocks it: a generic at one form and strength. */
export const medications = mysqlTable(
  'medications',
  {
    id: idColumn(),
    name: varchar('name', { length: 120 }).notNull(),
    /** The INN(s), lower case; combinations joined with " + ". */
    genericName: varchar('generic_name', { length: 160 }).notNull(),
    form: varchar('form', { length: 30 }).notNull(),
    strength: varchar('strength', { length: 60 }).notNull(),
    /** Pharmacological classes (lower case, plural), which an allergy may name instead of the drug. */
    classes: json('classes').$type<string[]>().notNull(),
    requiresPrescription: boolean('requires_prescription').notNull().default(true),
    controlled: boolean('controlled').notNull().default(false),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('medications_identity_unique').on(t.genericName, t.form, t.strength, t.name),
    index('medications_name_idx').on(t.name),
  ],
);

export const PRESCRIPTION_STATUSES = ['draft', 'active', 'partially_dispensed', 'dispensed', 'cancelled', 'expired'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];
export const TEST_PRIORITIES = ['routine', 'urgent', 'stat'] as const;

/** What the script says about the people on it, frozen when it is signed. */
export interface PrescriptionSnapshots {
  patient: { name: string; dateOfBirth: string };
  doctor: { name: string; licenseNumber: string; specialization: string | null };
  clinic: { name: string; address: string; phone: string; timeZone: string };
}

export const prescriptions = mysqlTable(
  'prescriptions',
  {
    id: idColumn(),
    /** RX-YYYY-NNNNNN, taken from prescription_counters in the creating transaction: gapless per year. */
    number: varchar('number', { length: 20 }).notNull(),
    appointmentId: idRef('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    status: mysqlEnum('status', PRESCRIPTION_STATUSES).notNull(),
    diagnosis: varchar('diagnosis', { length: 500 }),
    advice: varchar('advice', { length: 2000 }),
    /** Fills authorised after the first one when written; controlled substances get none. */
    refills: smallint('refills').notNull().default(0),
    /** Fills still allowed: 1 + refills at signing, +1 per approved refill request, -1 per completed fill. */
    fillsRemaining: smallint('fills_remaining').notNull().default(0),
    validDays: smallint('valid_days').notNull(),
    testsOrdered: json('tests_ordered').$type<{ name: string; priority: (typeof TEST_PRIORITIES)[number] }[]>().notNull(),
    allergyOverrideReason: varchar('allergy_override_reason', { length: 500 }),
    /** The prescriber's optional sketch, a PNG as base64 (kept small by the body limit). */
    drawingPng: mediumtext('drawing_png'),
    snapshots: json('snapshots').$type<PrescriptionSnapshots>(),
    signedAt: instant('signed_at'),
    validUntil: instant('valid_until'),
    /** Ed25519 over the canonical content (base64url) and the key that made it. */
    signature: varchar('signature', { length: 100 }),
    signingKeyId: varchar('signing_key_id', { length: 16 }),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: idRef('cancelled_by').references(() => users.id),
    cancelReason: varchar('cancel_reason', { length: 500 }),
    /** Cancel-and-reissue: the new prescription names the one it corrects, and the old one its successor. */
    replacesId: idRef('replaces_id'),
    replacedById: idRef('replaced_by_id'),
    /** Set while the pharmacy holds the prescription back (a question to the prescriber, stock awaited). */
    holdReason: varchar('hold_reason', { length: 500 }),
    /** Optimistic guard for drafts edited from two tabs. */
    version: int('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('prescriptions_number_unique').on(t.number),
    index('prescriptions_patient_idx').on(t.patientId, t.createdAt),
    index('prescriptions_doctor_idx').on(t.doctorId, t.createdAt),
    index('prescriptions_appointment_idx').on(t.appointmentId),
    index('prescriptions_location_status_idx').on(t.locationId, t.status),
    index('prescriptions_status_valid_idx').on(t.status, t.validUntil),
  ],
);

/** Per year, the last prescription number handed out; its row lock makes numbers gapless. */
export const prescriptionCounters = mysqlTable('prescription_counters', {
  year: smallint('year').primaryKey(),
  lastNumber: int('last_number').notNull(),
});

export const prescriptionItems = mysqlTable(
  'prescription_items',
  {
    id: idColumn(),
    prescriptionId: idRef('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    position: smallint('position').notNull(),
    medicationId: idRef('medication_id')
      .notNull()
      .references(() => medications.id),
    /** The catalogue entry as it was when written, so a later catalogue edit never changes a script. */
    name: varchar('name', { length: 120 }).notNull(),
    genericName: varchar('generic_name', { length: 160 }).notNull(),
    form: varchar('form', { length: 30 }).notNull(),
    strength: varchar('strength', { length: 60 }).notNull(),
    controlled: boolean('controlled').notNull(),
    dose: varchar('dose', { length: 100 }).notNull(),
    frequency: varchar('frequency', { length: 100 }).notNull(),
    durationDays: smallint('duration_days').notNull(),
    quantity: int('quantity').notNull(),
    instructions: varchar('instructions', { length: 500 }),
    /** Units handed out so far (pharmacy). */
    dispensedQuantity: int('dispensed_quantity').notNull().default(0),
  },
  (t) => [uniqueIndex('prescription_items_position_unique').on(t.prescriptionId, t.position)],
);

export const REFILL_REQUEST_STATUSES = ['pending', 'approved', 'denied'] as const;

export const refillRequests = mysqlTable(
  'refill_requests',
  {
    id: idColumn(),
    prescriptionId: idRef('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    patientId: idRef('patient_id')
      .notNull()
      .references(() => patients.id),
    doctorId: idRef('doctor_id')
      .notNull()
      .references(() => doctors.id),
    status: mysqlEnum('status', REFILL_REQUEST_STATUSES).notNull(),
    /** The patient's words to the prescriber ("running out on Friday"). */
    note: varchar('note', { length: 500 }),
    /** The prescription while a request is pending, NULL after: at most one pending request each. */
    pendingKey: varchar('pending_key', { length: 26 }).generatedAlwaysAs(sql`(case when status = 'pending' then prescription_id end)`, {
      mode: 'stored',
    }),
    decidedBy: idRef('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    reason: varchar('reason', { length: 500 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('refill_requests_pending_unique').on(t.pendingKey),
    index('refill_requests_doctor_status_idx').on(t.doctorId, t.status),
    index('refill_requests_prescription_idx').on(t.prescriptionId),
  ],
);
