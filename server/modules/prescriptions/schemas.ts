// Shapes of prescriptions and refill requests on the wire. Doses and frequencies are text as a
// prescriber writes them ("1 capsule", "three times daily"); durations and quantities are whole numbers.
import { Type } from 'typebox';
import { CalendarDate, Id, Instant, Text, Written } from '../../http/schemas.js';

export const PrescriptionStatus = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('active'),
    Type.Literal('partially_dispensed'),
    Type.Literal('dispensed'),
    Type.Literal('cancelled'),
    Type.Literal('expired'),
  ],
  { description: 'draft (editable) → active (signed) → partially_dispensed → dispensed; or cancelled, or expired after validUntil' },
);

const ItemBody = Type.Object(
  {
    medicationId: Id,
    dose: Written(100),
    frequency: Written(100),
    durationDays: Type.Integer({ minimum: 1, maximum: 365 }),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    instructions: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

const TestOrder = Type.Object(
  {
    name: Written(200),
    priority: Type.Union([Type.Literal('routine'), Type.Literal('urgent'), Type.Literal('stat')]),
  },
  { additionalProperties: false },
);

/** A PNG as a data URL, at most ~1 MB of image. */
const Drawing = Type.String({
  pattern: '^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$',
  // A request body is at most 1 MiB (plugins), so the sketch's own limit stays below it.
  maxLength: 960_000,
  description:
    'The prescriber’s sketch as a PNG data URL (data:image/png;base64,…), up to about 700 KB of image. On PUT, leaving it out keeps the sketch and null removes it',
});

export const PrescriptionBody = Type.Object(
  {
    items: Type.Array(ItemBody, { minItems: 1, maxItems: 30 }),
    refills: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 11, description: 'Fills after the first; controlled medicines allow none' }),
    ),
    validDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 365, description: 'Days the script can be dispensed after signing (default 30)' }),
    ),
    allergyOverrideReason: Type.Optional(Text(500)),
    diagnosis: Type.Optional(Text(500)),
    advice: Type.Optional(Text(2_000)),
    testsOrdered: Type.Optional(Type.Array(TestOrder, { maxItems: 20 })),
    drawing: Type.Optional(Type.Union([Drawing, Type.Null()])),
  },
  { additionalProperties: false },
);

export const PrescriptionUpdateBody = Type.Object(
  {
    ...PrescriptionBody.properties,
    baseVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The draft version the edit started from; a newer save meanwhile gives 409 CONFLICT' }),
    ),
  },
  { additionalProperties: false },
);

export const Item = Type.Object({
  id: Id,
  medicationId: Id,
  name: Type.String(),
  genericName: Type.String(),
  form: Type.String(),
  strength: Type.String(),
  controlled: Type.Boolean(),
  dose: Type.String(),
  frequency: Type.String(),
  durationDays: Type.Integer(),
  quantity: Type.Integer(),
  instructions: Type.Union([Type.String(), Type.Null()]),
  dispensedQuantity: Type.Integer(),
});

const Warning = Type.Object({
  code: Type.Literal('DUPLICATE_THERAPY'),
  message: Type.String(),
  genericName: Type.String(),
  prescriptionId: Id,
  number: Type.String(),
});

export const Prescription = Type.Object({
  id: Id,
  number: Type.String({ description: 'RX-YYYY-NNNNNN, per year, gapless' }),
  status: PrescriptionStatus,
  patientId: Id,
  doctorId: Id,
  appointmentId: Id,
  locationId: Id,
  version: Type.Integer(),
  items: Type.Array(Item),
  refills: Type.Integer(),
  fillsRemaining: Type.Integer({
    description: 'Fills a pharmacy may still hand out (1 + refills at signing, +1 per approved refill request)',
  }),
  validDays: Type.Integer(),
  validUntil: Type.Union([Instant, Type.Null()]),
  diagnosis: Type.Union([Type.String(), Type.Null()]),
  advice: Type.Union([Type.String(), Type.Null()]),
  testsOrdered: Type.Array(TestOrder),
  allergyOverrideReason: Type.Union([Type.String(), Type.Null()]),
  hasDrawing: Type.Boolean(),
  patient: Type.Object({ name: Type.String(), dateOfBirth: CalendarDate }),
  doctor: Type.Object({ name: Type.String(), licenseNumber: Type.String() }),
  signedAt: Type.Union([Instant, Type.Null()]),
  verifyUrl: Type.Union([Type.String(), Type.Null()]),
  signatureFingerprint: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: Type.Union([Instant, Type.Null()]),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  replacesId: Type.Union([Id, Type.Null()]),
  replacedById: Type.Union([Id, Type.Null()]),
  createdAt: Instant,
  updatedAt: Instant,
  warnings: Type.Optional(
    Type.Array(Warning, { description: 'DUPLICATE_THERAPY: the patient has another active prescription of the same generic medicine' }),
  ),
});

export const PrescriptionsQuery = Type.Object(
  {
    patientId: Type.Optional(Id),
    appointmentId: Type.Optional(Id),
    status: Type.Optional(PrescriptionStatus),
    locationId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);

export const SignBody = Type.Object(
  {
    baseVersion: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'The draft version the prescriber reviewed; another version (an edit meanwhile) gives 409 CONFLICT',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object({ reason: Written(500) }, { additionalProperties: false });

export const PdfQuery = Type.Object(
  { paper: Type.Optional(Type.Union([Type.Literal('A4'), Type.Literal('LETTER')], { default: 'A4' })) },
  { additionalProperties: false },
);

export const VerifyParams = Type.Object({ number: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
export const VerifyQuery = Type.Object({ sig: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export const Verification = Type.Object({
  valid: Type.Boolean(),
  number: Type.Optional(Type.String()),
  status: Type.Optional(PrescriptionStatus),
  issuedAt: Type.Optional(Instant),
  validUntil: Type.Optional(Instant),
  doctor: Type.Optional(Type.Object({ name: Type.String(), licenseNumber: Type.String() })),
  patient: Type.Optional(Type.Object({ initials: Type.String(), birthYear: Type.Integer() })),
  items: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        genericName: Type.String(),
        form: Type.String(),
        strength: Type.String(),
        dose: Type.String(),
        frequency: Type.String(),
        durationDays: Type.Integer(),
        quantity: Type.Integer(),
        instructions: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  ),
  fillsRemaining: Type.Optional(Type.Integer()),
});

export const RefillRequestBody = Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false });
export const RefillDecisionBody = Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false });

export const RefillRequest = Type.Object({
  id: Id,
  prescriptionId: Id,
  prescriptionNumber: Type.String(),
  patientId: Id,
  doctorId: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied')]),
  note: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
});

export const RefillRequestsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied')])),
    prescriptionId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** Fields whose old and new values the audit log keeps: states and links, never drugs, doses or reasons. */
export const PRESCRIPTION_AUDIT_FIELDS = [
  'id',
  'number',
  'status',
  'patientId',
  'doctorId',
  'appointmentId',
  'version',
  'signedAt',
  'replacesId',
  'replacedById',
] as const;
export const REFILL_AUDIT_FIELDS = ['id', 'prescriptionId', 'status', 'decidedAt'] as const;
