// Shapes of the documents API (docs/DOCUMENTS.md). The upload is multipart, so its text fields are
// checked against UploadFields by the upload reader (upload.ts) rather than by Fastify's body schema.
import { type Static, Type } from 'typebox';
import { CalendarDate, Id, Instant, Written } from '../../http/schemas.js';

export const DOCUMENT_TYPES = [
  'lab_report',
  'xray',
  'mri',
  'ct',
  'ultrasound',
  'ecg',
  'prescription',
  'discharge_summary',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DocumentTypeName = Type.Union(
  [
    Type.Literal('lab_report'),
    Type.Literal('xray'),
    Type.Literal('mri'),
    Type.Literal('ct'),
    Type.Literal('ultrasound'),
    Type.Literal('ecg'),
    Type.Literal('prescription'),
    Type.Literal('discharge_summary'),
    Type.Literal('other'),
  ],
  { description: DOCUMENT_TYPES.join(', ') },
);

export const TITLE_MAX = 200;
export const TAGS_MAX = 10;
export const TAG_MAX = 40;
export const Tag = Type.String({ minLength: 1, maxLength: TAG_MAX, pattern: '^[^,\\u0000-\\u001f]*\\S[^,\\u0000-\\u001f]*$' });

/** The multipart text fields, as text (they arrive as strings), before the `file` part. */
export const UploadFields = Type.Object(
  {
    type: DocumentTypeName,
    title: Written(TITLE_MAX),
    recordDate: Type.Optional(CalendarDate),
    tags: Type.Optional(
      Type.String({
        maxLength: TAGS_MAX * (TAG_MAX + 1),
        description: `Comma separated, at most ${TAGS_MAX}, each 1 to ${TAG_MAX} characters`,
      }),
    ),
    shareWithPatient: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    appointmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type UploadFields = Static<typeof UploadFields>;
export const UPLOAD_FIELD_NAMES = Object.keys(UploadFields.properties);

export const DocumentView = Type.Object({
  id: Id,
  patientId: Id,
  appointmentId: Type.Union([Id, Type.Null()]),
  type: DocumentTypeName,
  title: Type.String(),
  recordDate: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  mimeType: Type.String({
    description: 'The type read from the bytes: application/pdf, image/png, image/jpeg, application/dicom or text/plain',
  }),
  size: Type.Integer({ description: 'Bytes' }),
  sha256: Type.String({ description: 'Hex SHA-256 of the bytes, computed while they were stored' }),
  sharedWithPatient: Type.Boolean(),
  archived: Type.Boolean(),
  hasThumbnail: Type.Boolean(),
  uploadedBy: Type.Object({ id: Id, name: Type.String() }),
  createdAt: Instant,
});
export type DocumentView = Static<typeof DocumentView>;

export const DocumentsQuery = Type.Object(
  {
    type: Type.Optional(DocumentTypeName),
    tag: Type.Optional(Tag),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Words of the title (case-insensitive substring)' })),
    archived: Type.Optional(Type.Boolean({ description: 'true: the archived documents only; false (default): the current ones' })),
  },
  { additionalProperties: false },
);
export type DocumentsQuery = Static<typeof DocumentsQuery>;

export const ContentQuery = Type.Object(
  {
    inline: Type.Optional(
      Type.Union([Type.Literal('1'), Type.Literal('0')], { description: '1: shown in the browser (PDF and images only)' }),
    ),
  },
  { additionalProperties: false },
);

export const DocumentUpdateBody = Type.Object(
  {
    title: Type.Optional(Written(TITLE_MAX)),
    type: Type.Optional(DocumentTypeName),
    tags: Type.Optional(Type.Array(Tag, { maxItems: TAGS_MAX })),
    recordDate: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
    shareWithPatient: Type.Optional(Type.Boolean()),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DocumentUpdateBody = Static<typeof DocumentUpdateBody>;

/**
 * What the audit log keeps the values of: none of it is clinical. The title (it may name a
 * diagnosis), tags, the file name and the bytes are recorded by name only.
 */
export const DOCUMENT_AUDIT_FIELDS = ['id', 'patientId', 'type', 'mimeType', 'size', 'sha256', 'sharedWithPatient', 'archived'] as const;
