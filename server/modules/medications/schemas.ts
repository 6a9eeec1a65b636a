// The medication catalogue on the wire. With a location, each entry carries that location's stock
// (from the pharmacy's lots) so a prescriber sees shortages while typing, not after saving.
import { Type } from 'typebox';
import { CalendarDate, Id, Written } from '../../http/schemas.js';

export const Medication = Type.Object({
  id: Id,
  name: Type.String(),
  genericName: Type.String(),
  form: Type.String(),
  strength: Type.String(),
  classes: Type.Array(Type.String()),
  requiresPrescription: Type.Boolean(),
  controlled: Type.Boolean(),
  onHand: Type.Optional(Type.Integer({ description: 'Units in stock at locationId (only when the pharmacy keeps stock there)' })),
  nearestExpiry: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
});

export const MedicationsQuery = Type.Object(
  {
    query: Type.Optional(Type.String({ maxLength: 100, description: 'Words the name or generic name starts with, e.g. "amox 500"' })),
    locationId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export const MedicationBody = Type.Object(
  {
    name: Written(120),
    genericName: Written(160),
    form: Type.String({ pattern: '^[a-z][a-z_]{1,29}$', description: 'tablet, capsule, oral_liquid, injection, inhaler, cream, …' }),
    strength: Written(60),
    classes: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9 -]{1,59}$' }), { maxItems: 10 })),
    requiresPrescription: Type.Optional(Type.Boolean()),
    controlled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MEDICATION_AUDIT_FIELDS = ['id', 'name', 'genericName', 'form', 'strength', 'requiresPrescription', 'controlled'] as const;
