// Pharmacy stock: lots per location and medicine, the append-only ledger of every movement, the
// minimum levels, and dispenses with their lines. On-hand lives on the lot row (locked and checked
// in the same transaction as its ledger entry; a CHECK keeps it from ever going below zero) and is
// always the sum of the lot's ledger entries (a test recomputes it).
import { sql } from 'drizzle-orm';
import { check, date, index, int, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { idColumn, idRef, instant, timestamps } from './columns.js';
import { locations } from './locations.js';
import { medications, prescriptionItems, prescriptions } from './prescriptions.js';
import { users } from './users.js';

/** The locations a staff login works at (its memberships); none means none. */
export const userLocations = mysqlTable(
  'user_locations',
  {
    userId: idRef('user_id')
      .notNull()
      .references(() => users.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    /** When the login started working here (kept while the membership lasts; GET /api/locations/:id/staff). */
    joinedAt: instant('joined_at')
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [primaryKey({ columns: [t.userId, t.locationId] }), index('user_locations_location_idx').on(t.locationId)],
);

export const inventoryLots = mysqlTable(
  'inventory_lots',
  {
    id: idColumn(),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    medicationId: idRef('medication_id')
      .notNull()
      .references(() => medications.id),
    batchNumber: varchar('batch_number', { length: 60 }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    onHand: int('on_hand').notNull(),
    unitCostMinor: int('unit_cost_minor'),
    unitPriceMinor: int('unit_price_minor'),
    supplier: varchar('supplier', { length: 120 }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('inventory_lots_batch_unique').on(t.locationId, t.medicationId, t.batchNumber, t.expiresOn),
    index('inventory_lots_pick_idx').on(t.locationId, t.medicationId, t.expiresOn),
    check('inventory_lots_on_hand_not_negative', sql`${t.onHand} >= 0`),
  ],
);

export const STOCK_MOVEMENT_KINDS = ['received', 'dispensed', 'adjusted', 'expired', 'returned'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** Append-only: a correction is a new movement, never an edit. */
export const stockMovements = mysqlTable(
  'stock_movements',
  {
    id: idColumn(),
    lotId: idRef('lot_id')
      .notNull()
      .references(() => inventoryLots.id),
    locationId: idRef('location_id').notNull(),
    medicationId: idRef('medication_id').notNull(),
    delta: int('delta').notNull(),
    kind: mysqlEnum('kind', STOCK_MOVEMENT_KINDS).notNull(),
    reason: varchar('reason', { length: 500 }),
    dispenseId: idRef('dispense_id'),
    /** Who moved it; NULL for the worker (lots expiring). */
    by: idRef('by_user_id').references(() => users.id),
    at: instant('at').notNull(),
  },
  (t) => [
    index('stock_movements_lot_idx').on(t.lotId),
    index('stock_movements_location_medication_idx').on(t.locationId, t.medicationId, t.at),
  ],
);

/** Per location and medicine: below `minimum` on hand is low stock (alerts, reorder list). */
export const stockLevels = mysqlTable(
  'stock_levels',
  {
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    medicationId: idRef('medication_id')
      .notNull()
      .references(() => medications.id),
    minimum: int('minimum').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.locationId, t.medicationId] })],
);

/** One handing-out of (part of) a prescription at a pharmacy. */
export const dispenses = mysqlTable(
  'dispenses',
  {
    id: idColumn(),
    prescriptionId: idRef('prescription_id')
      .notNull()
      .references(() => prescriptions.id),
    locationId: idRef('location_id')
      .notNull()
      .references(() => locations.id),
    by: idRef('by_user_id')
      .notNull()
      .references(() => users.id),
    at: instant('at').notNull(),
  },
  (t) => [index('dispenses_prescription_idx').on(t.prescriptionId), index('dispenses_location_at_idx').on(t.locationId, t.at)],
);

export const dispenseLines = mysqlTable(
  'dispense_lines',
  {
    id: idColumn(),
    dispenseId: idRef('dispense_id')
      .notNull()
      .references(() => dispenses.id),
    itemId: idRef('item_id')
      .notNull()
      .references(() => prescriptionItems.id),
    lotId: idRef('lot_id')
      .notNull()
      .references(() => inventoryLots.id),
    /** The medicine handed out: the item's, or a substitute (with its reason). */
    medicationId: idRef('medication_id')
      .notNull()
      .references(() => medications.id),
    quantity: int('quantity').notNull(),
    unitPriceMinor: int('unit_price_minor'),
    substitutionReason: varchar('substitution_reason', { length: 500 }),
  },
  (t) => [index('dispense_lines_dispense_idx').on(t.dispenseId), index('dispense_lines_item_idx').on(t.itemId)],
);
