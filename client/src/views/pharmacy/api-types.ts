// The dispensing API's shapes as the issue-15 contract states them (notes/pharmacy-contract.md,
// API.md "Pharmacy and stock"), written here because the dispensing routes are not on main yet
// (stock shapes already come from the server, lib/contract.ts). TODO(merge): switch each to
// `Static<typeof …>` of server/modules/pharmacy/schemas.ts in lib/contract.ts, the queue to the
// `pharmacy:*` events of server/modules/live/events.ts, and delete this file.
import type { Location } from '../../lib/contract';

/**
 * What the pharmacy needs of a location: its name, zone (for "today" and dates) and currency
 * (ISO 4217, which arrives with billing). Zone and currency may be unknown (see use-locations.ts).
 */
export type PharmacyLocation = Pick<Location, 'id' | 'name'> & { timezone?: string; currency?: string | null };

export interface QueueItem {
  itemId: string;
  medicationId: string;
  name: string;
  genericName: string;
  form: string;
  strength: string;
  quantity: number;
  dispensedQuantity: number;
  remaining: number;
  instructions: string | null;
  dose: string;
  frequency: string;
  /** On hand at the queue's location. */
  onHand: number;
}

export interface QueuePrescription {
  prescriptionId: string;
  number: string;
  /** 'active' or 'partially_dispensed'. */
  status: string;
  signedAt: string | null;
  validUntil: string | null;
  holdReason: string | null;
  fillsRemaining: number;
  patient: { name: string; dateOfBirth: string };
  doctor: { name: string; licenseNumber: string };
  items: QueueItem[];
}

/** GET /api/pharmacy/queue, the ack of `pharmacy:subscribe` and every `pharmacy:update`. */
export interface PharmacyQueue {
  locationId: string;
  /** Grows by one per change of this location's queue. */
  seq: number;
  prescriptions: QueuePrescription[];
}

export interface DispenseLineInput {
  itemId: string;
  quantity: number;
  lotId?: string;
  substituteMedicationId?: string;
  substitutionReason?: string;
}

/** POST /api/prescriptions/:id/dispense → 201 */
export interface Dispense {
  id: string;
  prescriptionId: string;
  /** 'dispensed', 'partially_dispensed', or 'active' when a fill completed and more remain. */
  prescriptionStatus: string;
  fillsRemaining: number;
  lines: {
    itemId: string;
    lotId: string;
    medicationId: string;
    quantity: number;
    unitPriceMinor: number | null;
    substitutionReason: string | null;
  }[];
}

/**
 * `notification` types the pharmacy shows as alerts: the worker sends stock_low and stock_expiring
 * (docs/EVENTS.md); low_stock and expiring_stock are the names the brief used.
 */
export const STOCK_ALERTS = new Set(['stock_low', 'stock_expiring', 'low_stock', 'expiring_stock']);
/** Alerts about a medicine below its minimum (the others are about expiring lots). */
export const LOW_STOCK_ALERTS = new Set(['stock_low', 'low_stock']);
