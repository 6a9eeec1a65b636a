// The SOAP note: subjective; objective with vitals; assessment with ICD-10 diagnoses; plan with follow-up;
// and the fuller note's parts (chief complaint, history of present illness, review of systems,
// physical exam, differential diagnosis, referrals), all optional so that notes written before them
// still read. Privacy (who besides the author reads the note) is the note's, not a version's.
import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

const Text = (max: number) => Type.String({ maxLength: max });
const Num = (minimum: number, maximum: number) => Type.Optional(Type.Number({ minimum, maximum }));
const Label = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Icd10 = Type.String({ pattern: '^[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?$', description: 'ICD-10 code, e.g. J20.9' });
const closed = { additionalProperties: false } as const;

export const PRIVACY_LEVELS = ['standard', 'sensitive', 'highly_sensitive'] as const;
export type Privacy = (typeof PRIVACY_LEVELS)[number];
const Finding = Type.Union([Type.Literal('normal'), Type.Literal('abnormal'), Type.Literal('not_reviewed')]);
const Likelihood = Type.Union([Type.Literal('likely'), Type.Literal('possible'), Type.Literal('unlikely')]);
const Urgency = Type.Union([Type.Literal('routine'), Type.Literal('urgent'), Type.Literal('emergency')]);
const PrivacyLevel = (description: string) =>
  Type.Union([Type.Literal('standard'), Type.Literal('sensitive'), Type.Literal('highly_sensitive')], { description });

/** The parts of the fuller note (seed 004); each optional, kept in every version with the SOAP. */
const FullerNote = {
  chiefComplaint: Type.Optional(Text(500)),
  historyOfPresentIllness: Type.Optional(Text(10_000)),
  reviewOfSystems: Type.Optional(
    Type.Object(
      {
        text: Type.Optional(Text(10_000)),
        systems: Type.Optional(
          Type.Array(
            Type.Object(
              {
                system: Label(80),
                finding: Finding,
                note: Type.Optional(Text(1_000)),
              },
              closed,
            ),
            { maxItems: 20 },
          ),
        ),
      },
      closed,
    ),
  ),
  physicalExam: Type.Optional(
    Type.Object(
      {
        text: Type.Optional(Text(10_000)),
        findings: Type.Optional(
          Type.Array(Type.Object({ area: Label(80), finding: Label(500), note: Type.Optional(Text(1_000)) }, closed), {
            maxItems: 30,
          }),
        ),
      },
      closed,
    ),
  ),
  differentialDiagnosis: Type.Optional(
    Type.Array(Type.Object({ code: Type.Optional(Icd10), description: Label(300), likelihood: Type.Optional(Likelihood) }, closed), {
      maxItems: 20,
    }),
  ),
  referrals: Type.Optional(
    Type.Array(
      Type.Object(
        {
          specialty: Label(100),
          reason: Type.Optional(Text(1_000)),
          urgency: Urgency,
          toDoctorId: Type.Optional(Id),
        },
        closed,
      ),
      { maxItems: 10 },
    ),
  ),
};

export const Soap = Type.Object(
  {
    subjective: Text(10_000),
    objective: Type.Object(
      {
        text: Type.Optional(Text(10_000)),
        vitals: Type.Optional(
          Type.Object(
            {
              temperatureC: Num(25, 45),
              heartRate: Num(10, 300),
              systolic: Num(40, 300),
              diastolic: Num(20, 200),
              respiratoryRate: Num(2, 80),
              spo2: Num(30, 100),
              weightKg: Num(0.2, 500),
              heightCm: Num(20, 260),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    assessment: Type.Object(
      {
        text: Type.Optional(Text(10_000)),
        diagnoses: Type.Array(
          Type.Object(
            {
              code: Icd10,
              description: Type.String({ minLength: 1, maxLength: 300 }),
            },
            { additionalProperties: false },
          ),
          { maxItems: 20 },
        ),
      },
      { additionalProperties: false },
    ),
    plan: Type.Object(
      {
        text: Type.Optional(Text(10_000)),
        followUp: Type.Optional(
          Type.Object(
            { inDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })), notes: Type.Optional(Text(2_000)) },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    ...FullerNote,
  },
  { additionalProperties: false },
);

const PRIVACY_TEXT =
  'standard: the care team (doctors, nurses of the location) and staff with a reason; sensitive: the doctors of the care team; ' +
  'highly_sensitive: the author and the care-team members named in sharedWithUserIds. The author always reads; the patient reads ' +
  'the shared final version whatever the level';
const SHARED_TEXT = 'Doctors and nurses (user ids) the author names for a highly sensitive note; they must be on the care team too';

export const NoteBody = Type.Object(
  {
    ...Soap.properties,
    final: Type.Optional(Type.Boolean({ description: 'Marks this version final (a final note can still get new versions)' })),
    shareWithPatient: Type.Optional(Type.Boolean({ description: 'The patient may read the latest final version' })),
    privacy: Type.Optional(
      PrivacyLevel(`${PRIVACY_TEXT}. Default standard on a new note; a new version without it keeps the note's level`),
    ),
    sharedWithUserIds: Type.Optional(
      Type.Array(Id, {
        maxItems: 20,
        description: `${SHARED_TEXT}. Only with privacy highly_sensitive; a new version without it keeps the list (or empties it when the level drops)`,
      }),
    ),
  },
  { additionalProperties: false, required: ['subjective', 'objective', 'assessment', 'plan'] },
);

/**
 * PUT /api/notes/:id: the note as the editor has it, and the version it was edited from.
 * baseVersion makes the save conditional (If-Match, as FHIR servers do it): an editor sends it and
 * learns of another tab's newer version instead of burying it. A client written before it (the
 * contract's earlier body) still saves on top of the latest version (docs/decisions/0007-note-base-version.md).
 */
export const NoteUpdateBody = Type.Object(
  {
    ...NoteBody.properties,
    baseVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'The version this edit started from (the `version` last read). When a newer version exists the save is refused with 409 ' +
          'VERSION_CONFLICT and `latest` (that newer note); save again with its version as baseVersion to overwrite it deliberately. ' +
          'Without it the save goes on top of the latest version',
      }),
    ),
  },
  { additionalProperties: false, required: ['subjective', 'objective', 'assessment', 'plan'] },
);

export const Note = Type.Object({
  id: Id,
  appointmentId: Id,
  patientId: Id,
  doctorId: Id,
  version: Type.Integer(),
  final: Type.Boolean(),
  sharedWithPatient: Type.Boolean(),
  privacy: PrivacyLevel(PRIVACY_TEXT),
  sharedWithUserIds: Type.Array(Id, { description: SHARED_TEXT }),
  soap: Soap,
  updatedAt: Type.String(),
});

export const NoteVersion = Type.Object({ version: Type.Integer(), final: Type.Boolean(), soap: Soap, by: Id, at: Type.String() });

export const NotesQuery = Type.Object(
  {
    patientId: Type.Optional(Id),
    appointmentId: Type.Optional(Id),
    query: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 100,
        pattern: '\\S',
        description: 'Words to find (as typed, any case) in the chief complaint, the assessment text and the diagnosis descriptions',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

/**
 * Fields of a note the audit log keeps: which note, which version, final, shared and its privacy
 * level and named readers (who may read is not clinical); never its text or vitals.
 */
export const NOTE_AUDIT_FIELDS = [
  'id',
  'appointmentId',
  'patientId',
  'doctorId',
  'version',
  'final',
  'sharedWithPatient',
  'privacy',
  'sharedWithUserIds',
  'updatedAt',
] as const;
