// The SOAP note: subjective; objective with vitals; assessment with ICD-10 diagnoses; plan with follow-up.
import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

const Text = (max: number) => Type.String({ maxLength: max });
const Num = (minimum: number, maximum: number) => Type.Optional(Type.Number({ minimum, maximum }));

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
              code: Type.String({ pattern: '^[A-TV-Z][0-9][0-9AB](\\.[0-9A-TV-Z]{1,4})?$', description: 'ICD-10 code, e.g. J20.9' }),
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
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object(
  {
    ...Soap.properties,
    final: Type.Optional(Type.Boolean({ description: 'Marks this version final (a final note can still get new versions)' })),
    shareWithPatient: Type.Optional(Type.Boolean({ description: 'The patient may read the latest final version' })),
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
  soap: Soap,
  updatedAt: Type.String(),
});

export const NoteVersion = Type.Object({ version: Type.Integer(), final: Type.Boolean(), soap: Soap, by: Id, at: Type.String() });

export const NotesQuery = Type.Object(
  { patientId: Type.Optional(Id), appointmentId: Type.Optional(Id) },
  { additionalProperties: false, minProperties: 1 },
);

/** Fields of a note the audit log keeps: which note, which version, final and shared; never its text or vitals. */
export const NOTE_AUDIT_FIELDS = [
  'id',
  'appointmentId',
  'patientId',
  'doctorId',
  'version',
  'final',
  'sharedWithPatient',
  'updatedAt',
] as const;
