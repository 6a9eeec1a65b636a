// The structured medical record of a patient (MySQL): allergies, conditions (problem list),
// medications taken elsewhere, surgical/family/social history, and vitals as a time series.
// Notes and documents live in MongoDB (modules notes, documents); this is what prescribing and the
// chart read in one indexed query per part. Rows are never deleted: an entry recorded in error is
// marked `entered_in_error` (as FHIR's verificationStatus does), so the chart's history stays true.
import { sql } from 'drizzle-orm';
import { check, date, decimal, index, mysqlEnum, mysqlTable, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { patients } from './people.js';
import { medications } from './prescriptions.js';
import { appointments } from './scheduling.js';
import { users } from './users.js';

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'unknown'] as const;
/** `inactive`: no longer relevant; `entered_in_error`: never true (hidden from the chart and from checks). */
export const ENTRY_STATUSES = ['active', 'inactive', 'entered_in_error'] as const;
export const CONDITION_STATUSES = ['active', 'resolved', 'entered_in_error'] as const;
export const HISTORY_KINDS = ['surgical', 'family', 'social'] as const;
export const VITALS_SOURCES = ['triage', 'note', 'direct'] as const;

const recordedBy = () => idRef('recorded_by').references(() => users.id);
const patientRef = () =>
  idRef('patient_id')
    .notNull()
    .references(() => patients.id);

export const patientAllergies = mysqlTable(
  'patient_allergies',
  {
    id: idColumn(),
    patientId: patientRef(),
    substance: varchar('substance', { length: 200 }).notNull(),
    reaction: varchar('reaction', { length: 500 }),
    severity: mysqlEnum('severity', ALLERGY_SEVERITIES).notNull(),
    status: mysqlEnum('status', ENTRY_STATUSES).notNull().default('active'),
    /** Null for entries carried over from the old list of strings (who wrote them was not kept). */
    recordedBy: recordedBy(),
    recordedAt: instant('recorded_at').notNull(),
    ...timestamps,
  },
  (t) => [index('patient_allergies_patient_idx').on(t.patientId, t.status)],
);

export const patientConditions = mysqlTable(
  'patient_conditions',
  {
    id: idColumn(),
    patientId: patientRef(),
    /** ICD-10 code, when known. */
    code: varchar('code', { length: 10 }),
    description: varchar('description', { length: 300 }).notNull(),
    status: mysqlEnum('status', CONDITION_STATUSES).notNull(),
    onset: date('onset', { mode: 'string' }),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    recordedBy: recordedBy(),
    recordedAt: instant('recorded_at').notNull(),
    ...timestamps,
  },
  (t) => [index('patient_conditions_patient_idx').on(t.patientId, t.status)],
);

/** Medicines the patient takes that this clinic did not prescribe (signed prescriptions are read from prescriptions). */
export const patientMedications = mysqlTable(
  'patient_medications',
  {
    id: idColumn(),
    patientId: patientRef(),
    /** The catalogue entry when the medicine is in it (so allergy and interaction checks can use it). */
    medicationId: idRef('medication_id').references(() => medications.id),
    name: varchar('name', { length: 200 }).notNull(),
    dose: varchar('dose', { length: 100 }),
    frequency: varchar('frequency', { length: 100 }),
    startedOn: date('started_on', { mode: 'string' }),
    stoppedOn: date('stopped_on', { mode: 'string' }),
    status: mysqlEnum('status', ENTRY_STATUSES).notNull().default('active'),
    recordedBy: recordedBy(),
    recordedAt: instant('recorded_at').notNull(),
    ...timestamps,
  },
  (t) => [index('patient_medications_patient_idx').on(t.patientId, t.status)],
);

export const patientHistory = mysqlTable(
  'patient_history',
  {
    id: idColumn(),
    patientId: patientRef(),
    kind: mysqlEnum('kind', HISTORY_KINDS).notNull(),
    description: varchar('description', { length: 1000 }).notNull(),
    /** Family history: who ("mother", "brother"). */
    relation: varchar('relation', { length: 50 }),
    /** Surgical history: when (a date, as precise as known: the first of the month or year when only those are). */
    occurredOn: date('occurred_on', { mode: 'string' }),
    status: mysqlEnum('status', ENTRY_STATUSES).notNull().default('active'),
    recordedBy: recordedBy(),
    recordedAt: instant('recorded_at').notNull(),
    ...timestamps,
  },
  (t) => [index('patient_history_patient_idx').on(t.patientId, t.kind)],
);

/**
 * One set of measurements taken at one moment. Units are fixed (°C, beats/min, mmHg, %, kg, cm,
 * breaths/min); every measure is optional but a row holds at least one (CHECK).
 */
export const vitalSigns = mysqlTable(
  'vital_signs',
  {
    id: idColumn(),
    patientId: patientRef(),
    /** The visit they were taken at (triage at check-in, the note), when there was one. */
    appointmentId: idRef('appointment_id').references(() => appointments.id),
    source: mysqlEnum('source', VITALS_SOURCES).notNull(),
    /** Set for vitals carried from a note: one row per note, updated as the note's vitals change. */
    noteId: varchar('note_id', { length: 26 }),
    takenAt: instant('taken_at').notNull(),
    temperatureC: decimal('temperature_c', { precision: 4, scale: 1 }),
    heartRate: smallint('heart_rate'),
    systolic: smallint('systolic'),
    diastolic: smallint('diastolic'),
    respiratoryRate: smallint('respiratory_rate'),
    spo2: smallint('spo2'),
    weightKg: decimal('weight_kg', { precision: 6, scale: 2 }),
    heightCm: decimal('height_cm', { precision: 5, scale: 1 }),
    recordedBy: recordedBy(),
    createdAt: instant('created_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    index('vital_signs_patient_time_idx').on(t.patientId, t.takenAt),
    index('vital_signs_appointment_idx').on(t.appointmentId),
    uniqueIndex('vital_signs_note_unique').on(t.noteId),
    check(
      'vital_signs_some_measure',
      sql`coalesce(${t.temperatureC}, ${t.heartRate}, ${t.systolic}, ${t.diastolic}, ${t.respiratoryRate}, ${t.spo2}, ${t.weightKg}, ${t.heightCm}) is not null`,
    ),
  ],
);
