// Pharmacy stock on the wire: deliveries, minimum levels, adjustments, counts, the ledger, the
// reorder list and the stock report. Quantities are whole units, money integer minor units.
import { Type } from 'typebox';
import { CalendarDate, Id, Instant, Written } from '../../http/schemas.js';

const Units = (description: string, minimum = 0) => Type.Integer({ minimum, maximum: 1_000_000, description });
const Minor = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Integer minor units (cents)' });

export const ReceiveBody = Type.Object(
  {
    locationId: Id,
    medicationId: Id,
    batchNumber: Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9][A-Za-z0-9 ./_-]*$' }),
    expiresOn: CalendarDate,
    quantity: Units('Units delivered', 1),
    unitCostMinor: Type.Optional(Minor),
    unitPriceMinor: Type.Optional(Minor),
    supplier: Type.Optional(Written(120)),
  },
  { additionalProperties: false },
);

export const Lot = Type.Object({
  id: Id,
  locationId: Id,
  medicationId: Id,
  batchNumber: Type.String(),
  expiresOn: CalendarDate,
  onHand: Type.Integer(),
  unitCostMinor: Type.Union([Type.Integer(), Type.Null()]),
  unitPriceMinor: Type.Union([Type.Integer(), Type.Null()]),
  supplier: Type.Union([Type.String(), Type.Null()]),
});

export const InventoryQuery = Type.Object(
  {
    locationId: Id,
    lowStock: Type.Optional(Type.Boolean({ description: 'Only medicines below their minimum' })),
    expiringWithinDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3_650, description: 'Only lots expiring within this many days (expired ones too)' }),
    ),
  },
  { additionalProperties: false },
);

export const InventoryItem = Type.Object({
  medicationId: Id,
  name: Type.String(),
  genericName: Type.String(),
  form: Type.String(),
  strength: Type.String(),
  onHand: Type.Integer({ description: 'Units in unexpired lots (what can be dispensed)' }),
  minimum: Type.Union([Type.Integer(), Type.Null()]),
  lots: Type.Array(
    Type.Object({
      id: Id,
      batchNumber: Type.String(),
      expiresOn: CalendarDate,
      quantity: Type.Integer(),
      unitCostMinor: Type.Union([Type.Integer(), Type.Null()]),
      unitPriceMinor: Type.Union([Type.Integer(), Type.Null()]),
      supplier: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const LevelBody = Type.Object(
  { locationId: Id, medicationId: Id, minimum: Units('Below this many units on hand is low stock') },
  { additionalProperties: false },
);
export const Level = Type.Object({ locationId: Id, medicationId: Id, minimum: Type.Integer() });

export const AdjustmentBody = Type.Object(
  {
    lotId: Id,
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Units added (+) or removed (-); never 0' }),
    reason: Written(500),
    kind: Type.Optional(Type.Union([Type.Literal('adjusted'), Type.Literal('returned')], { default: 'adjusted' })),
  },
  { additionalProperties: false },
);

export const CountBody = Type.Object(
  { lotId: Id, counted: Units('Units found on the shelf'), reason: Type.Optional(Written(500)) },
  { additionalProperties: false },
);

export const StockChange = Type.Object({ lotId: Id, delta: Type.Integer(), onHand: Type.Integer() });

export const LocationQuery = Type.Object({ locationId: Id }, { additionalProperties: false });

export const PeriodQuery = Type.Object(
  {
    locationId: Id,
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

export const MovementsQuery = Type.Object({ ...PeriodQuery.properties, medicationId: Type.Optional(Id) }, { additionalProperties: false });

export const MovementKind = Type.Union([
  Type.Literal('received'),
  Type.Literal('dispensed'),
  Type.Literal('adjusted'),
  Type.Literal('expired'),
  Type.Literal('returned'),
]);

export const StockMovement = Type.Object({
  id: Id,
  lotId: Id,
  medicationId: Id,
  delta: Type.Integer(),
  kind: MovementKind,
  reason: Type.Union([Type.String(), Type.Null()]),
  by: Type.Union([Id, Type.Null()], { description: 'The user who moved it; null for the worker (expiry)' }),
  at: Instant,
});

export const ReorderItem = Type.Object({
  medicationId: Id,
  name: Type.String(),
  onHand: Type.Integer(),
  minimum: Type.Integer(),
  suggested: Type.Integer({ description: 'Units to order to bring stock up to twice the minimum' }),
});

export const StockReport = Type.Object({
  stockValueMinor: Type.Integer({ description: 'Unexpired stock on hand at unit cost (lots without a cost count 0)' }),
  movements: Type.Object(
    { received: Type.Integer(), dispensed: Type.Integer(), adjusted: Type.Integer(), expired: Type.Integer(), returned: Type.Integer() },
    { description: 'Net units per kind in the period, signed as the ledger has them (dispensed and expired are negative)' },
  ),
  dispensed: Type.Array(Type.Object({ medicationId: Id, name: Type.String(), quantity: Type.Integer() })),
});

/** Fields of stock changes the audit log keeps: ids, quantities, batch, expiry and money; never a reason. */
export const LOT_AUDIT_FIELDS = [
  'id',
  'locationId',
  'medicationId',
  'batchNumber',
  'expiresOn',
  'onHand',
  'unitCostMinor',
  'unitPriceMinor',
  'supplier',
] as const;
export const LEVEL_AUDIT_FIELDS = ['locationId', 'medicationId', 'minimum'] as const;
export const CHANGE_AUDIT_FIELDS = ['lotId', 'delta', 'onHand'] as const;
