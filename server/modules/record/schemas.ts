// The structured medical record over HTTP (docs/MEDICAL-RECORD.md): the whole record in one read,
// and each part (allergies, conditions, outside medications, history) added and corrected. Entries
// are never deleted: a mistake is marked `entered_in_error` and leaves the chart (and the checks).
// Vitals have their own file (vitals-schemas.ts).
import { Type } from 'typebox';
import { ALLERGY_SEVERITIES, CONDITION_STATUSES, ENTRY_STATUSES, HISTORY_KINDS } from '../../../db/schema/record.js';
import { Id, Instant, Written } from '../../http/schemas.js';
import { VitalsOut } from './vitals-schemas.js';

const literals = <T extends string>(values: readonly T[]) => Type.Enum(values);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A calendar date of the record: years 1900-2099 (MySQL refuses year 0000; nothing clinical is older). */
export const RecordDate = Type.String({ format: 'date', pattern: '^(19|20)[0-9]{2}-', description: 'YYYY-MM-DD (1900-2099)' });
/** ICD-10, as the note's diagnoses: a letter (not U), two digits or a digit and A/B, then an optional subcode. */
export const Icd10 = Type.String({ pattern: '^[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?$', description: 'ICD-10 code, e.g. J45.909' });

const RecordedBy = Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()], {
  description: 'Who recorded it; null for allergies carried over from the old list of names',
});

export const Allergy = Type.Object({
  id: Id,
  patientId: Id,
  substance: Type.String(),
  reaction: Type.Union([Type.String(), Type.Null()]),
  severity: literals(ALLERGY_SEVERITIES),
  status: literals(ENTRY_STATUSES),
  recordedBy: RecordedBy,
  recordedAt: Instant,
});

export const Condition = Type.Object({
  id: Id,
  patientId: Id,
  code: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  status: literals(CONDITION_STATUSES),
  onset: Type.Union([Type.String(), Type.Null()]),
  resolvedOn: Type.Union([Type.String(), Type.Null()]),
  recordedBy: RecordedBy,
  recordedAt: Instant,
});

export const Medication = Type.Object({
  /** The patient_medications row, or for a prescribed one the prescription item. */
  id: Id,
  patientId: Id,
  source: literals(['prescription', 'elsewhere'] as const),
  name: Type.String(),
  dose: Type.Union([Type.String(), Type.Null()]),
  frequency: Type.Union([Type.String(), Type.Null()]),
  startedOn: Type.Union([Type.String(), Type.Null()]),
  stoppedOn: Type.Union([Type.String(), Type.Null()]),
  status: literals(ENTRY_STATUSES),
  prescriptionId: Type.Union([Id, Type.Null()]),
  medicationId: Type.Union([Id, Type.Null()]),
});

export const HistoryEntry = Type.Object({
  id: Id,
  patientId: Id,
  kind: literals(HISTORY_KINDS),
  description: Type.String(),
  relation: Type.Union([Type.String(), Type.Null()]),
  occurredOn: Type.Union([Type.String(), Type.Null()]),
  status: literals(ENTRY_STATUSES),
  recordedBy: RecordedBy,
  recordedAt: Instant,
});

export const MedicalRecord = Type.Object({
  patientId: Id,
  allergies: Type.Array(Allergy),
  conditions: Type.Array(Condition),
  medications: Type.Array(Medication),
  history: Type.Object({ surgical: Type.Array(HistoryEntry), family: Type.Array(HistoryEntry), social: Type.Array(HistoryEntry) }),
  vitals: Type.Array(VitalsOut, { description: 'The latest 20 sets, newest first' }),
});

// ── Bodies ────────────────────────────────────────────────────────────────────────────────────

const body = <T extends Parameters<typeof Type.Object>[0]>(props: T, patch = false) =>
  Type.Object(props, { additionalProperties: false, ...(patch ? { minProperties: 1 } : {}) });

export const AllergyBody = body({
  substance: Written(200),
  reaction: Type.Optional(Written(500)),
  severity: literals(ALLERGY_SEVERITIES),
});
export const AllergyPatch = body(
  {
    reaction: Type.Optional(Nullable(Written(500))),
    severity: Type.Optional(literals(ALLERGY_SEVERITIES)),
    status: Type.Optional(literals(ENTRY_STATUSES)),
  },
  true,
);

export const ConditionBody = body({
  code: Type.Optional(Icd10),
  description: Written(300),
  status: literals(['active', 'resolved'] as const),
  onset: Type.Optional(RecordDate),
  resolvedOn: Type.Optional(RecordDate),
});
export const ConditionPatch = body(
  {
    status: Type.Optional(literals(CONDITION_STATUSES)),
    resolvedOn: Type.Optional(Nullable(RecordDate)),
    description: Type.Optional(Written(300)),
    code: Type.Optional(Nullable(Icd10)),
  },
  true,
);

export const MedicationBody = body({
  name: Written(200),
  medicationId: Type.Optional(Id),
  dose: Type.Optional(Written(100)),
  frequency: Type.Optional(Written(100)),
  startedOn: Type.Optional(RecordDate),
});
export const MedicationPatch = body(
  { stoppedOn: Type.Optional(Nullable(RecordDate)), status: Type.Optional(literals(ENTRY_STATUSES)) },
  true,
);

export const HistoryBody = body({
  kind: literals(HISTORY_KINDS),
  description: Written(1000),
  relation: Type.Optional(Written(50)),
  occurredOn: Type.Optional(RecordDate),
});
export const HistoryPatch = body({ status: literals(ENTRY_STATUSES) });

/**
 * Fields of record entries the audit log may keep: ids, states, dates and who recorded them. The
 * substance, reaction, description, name, dose, frequency and relation are clinical: named only.
 */
export const RECORD_AUDIT_FIELDS = [
  'id',
  'patientId',
  'severity',
  'status',
  'kind',
  'source',
  'recordedBy',
  'recordedAt',
  'onset',
  'resolvedOn',
  'startedOn',
  'stoppedOn',
  'occurredOn',
  'prescriptionId',
  'medicationId',
] as const;
