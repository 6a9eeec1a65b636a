// The pharmacy's API shapes (API.md "Pharmacy and stock"): the dispensing queue of a location,
// a dispense with its lines, and the hold, release and close actions.
import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why (shown to the pharmacy team and the prescriber)' });

export const QueueQuery = Type.Object({ locationId: Id }, { additionalProperties: false });

export const QueueItem = Type.Object({
  itemId: Id,
  medicationId: Id,
  name: Type.String(),
  genericName: Type.String(),
  form: Type.String(),
  strength: Type.String(),
  quantity: Type.Integer(),
  dispensedQuantity: Type.Integer({ description: 'Handed out in the current fill' }),
  remaining: Type.Integer(),
  instructions: Type.Union([Type.String(), Type.Null()]),
  dose: Type.String(),
  frequency: Type.String(),
  onHand: Type.Integer({ description: 'Unexpired stock of the medicine at this location' }),
});

export const QueueEntry = Type.Object({
  prescriptionId: Id,
  number: Type.String(),
  status: Type.String(),
  signedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  holdReason: Type.Union([Type.String(), Type.Null()], { description: 'Set while on hold: not dispensable until released' }),
  fillsRemaining: Type.Integer(),
  patient: Type.Object({ name: Type.String(), dateOfBirth: Type.String() }),
  doctor: Type.Object({ name: Type.String(), licenseNumber: Type.String() }),
  items: Type.Array(QueueItem),
});

export const PharmacyQueue = Type.Object({
  locationId: Id,
  total: Type.Integer({ description: 'Prescriptions waiting at the location' }),
  truncated: Type.Boolean({ description: 'More are waiting than this view carries (the oldest 500 are listed)' }),
  prescriptions: Type.Array(QueueEntry),
});

export const DispenseBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          itemId: Id,
          quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
          lotId: Type.Optional(Id),
          substituteMedicationId: Type.Optional(Id),
          substitutionReason: Type.Optional(Reason),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const DispenseLine = Type.Object({
  itemId: Id,
  lotId: Id,
  medicationId: Id,
  quantity: Type.Integer(),
  unitPriceMinor: Type.Union([Type.Integer(), Type.Null()], { description: 'The lot’s price per unit, in minor units' }),
  substitutionReason: Type.Union([Type.String(), Type.Null()]),
});

export const Dispense = Type.Object({
  id: Id,
  prescriptionId: Id,
  prescriptionStatus: Type.String(),
  fillsRemaining: Type.Integer(),
  lines: Type.Array(DispenseLine),
});

export const EmptyBody = Type.Object({}, { additionalProperties: false });
export const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

/** A prescription as the pharmacy's actions leave it. */
export const PharmacyState = Type.Object({
  id: Id,
  number: Type.String(),
  status: Type.String(),
  holdReason: Type.Union([Type.String(), Type.Null()]),
  fillsRemaining: Type.Integer(),
});

/** Audit: states and ids only; reasons are named, never kept. */
export const DISPENSE_AUDIT_FIELDS = ['id', 'prescriptionId', 'prescriptionStatus', 'fillsRemaining'] as const;
export const PHARMACY_STATE_AUDIT_FIELDS = ['id', 'number', 'status', 'fillsRemaining'] as const;

export const DispenseHistory = Type.Object({
  dispenses: Type.Array(
    Type.Object({
      id: Id,
      at: Type.String(),
      lines: Type.Array(
        Type.Object({
          itemId: Id,
          lotId: Id,
          medicationId: Id,
          name: Type.String(),
          quantity: Type.Integer(),
          substituted: Type.Boolean({
            description: 'Another medicine than the prescribed one was handed out (substitutionReason says why)',
          }),
          substitutionReason: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
  ),
});
